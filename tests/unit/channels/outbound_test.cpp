// channels.outbound: every provider's request (URL, headers, body fields exactly), splitting,
// Telegram escaping, LINE retry keys, e-mail composition and its round trip through the inbound
// parser, and every missing field named.
#include "parley/api.h"
#include "parley/digest.h"

#include <catch2/catch.hpp>

#include <regex>

using namespace parley;

namespace {
const Json kAccounts = {
    {"whatsapp", {{"access_token", "wa-access"}, {"phone_number_id", "106540352242922"}, {"api_base", "https://graph.example/"}, {"api_version", "v23.0"}}},
    {"messenger", {{"page_access_token", "fb-page-token"}, {"page_id", "1122334455"}, {"api_base", "https://graph.example"}, {"api_version", "v23.0"}}},
    {"instagram", {{"page_access_token", "ig-page-token"}, {"ig_user_id", "17841400000000"}, {"api_base", "https://graph.example"}, {"api_version", "v23.0"}}},
    {"line", {{"channel_access_token", "line-access"}, {"api_base", "https://line.example"}}},
    {"telegram", {{"bot_token", "123456:ABC-test"}, {"api_base", "https://tg.example"}}},
    {"sms", {{"auth_token", "twilio-auth-token"}, {"account_sid", "AC0001"}, {"from", "+15005550006"}, {"api_base", "https://twilio.example"}}},
    {"wechat", {{"access_token", "wx access/token"}, {"api_base", "https://wx.example"}}},
    {"email", {{"from", "support@shop.example"}, {"from_name", "Shop Support"}, {"smtp", {{"host", "127.0.0.1"}, {"port", 2525}}}}}};

Json send(const std::string& channel, Json extra) {
  Json r{{"channel", channel}, {"account", kAccounts[channel]}, {"to", {{"id", "customer-1"}}}, {"idempotency_key", "key-1"},
         {"now", 1796313600000}};
  for (auto it = extra.begin(); it != extra.end(); ++it) r[it.key()] = *it;
  return api::call("channels.outbound", r);
}

Json only(const Json& r) {
  INFO(r.dump());
  REQUIRE(r.contains("requests"));
  REQUIRE(r["requests"].size() == 1);
  return r["requests"][0];
}

Json body(const Json& req) { return Json::parse(req["body"].get<std::string>()); }

std::string error_path(const Json& r) {
  INFO(r.dump());
  REQUIRE(r.contains("error"));
  return r["error"]["path"];
}
}  // namespace

TEST_CASE("outbound whatsapp: text and template", "[channels][outbound]") {
  Json t = only(send("whatsapp", {{"to", {{"id", "5511987654321"}}}, {"text", "Your order shipped."}}));
  CHECK(t["transport"] == "http");
  CHECK(t["method"] == "POST");
  CHECK(t["url"] == "https://graph.example/v23.0/106540352242922/messages");
  CHECK(t["headers"] == Json{{"Authorization", "Bearer wa-access"}, {"Content-Type", "application/json"}});
  CHECK(body(t) == Json{{"messaging_product", "whatsapp"}, {"recipient_type", "individual"}, {"to", "5511987654321"}, {"type", "text"},
                        {"text", {{"body", "Your order shipped."}}}});
  CHECK(t["idempotency"].is_null());
  CHECK(t["resend_after_timeout"] == "unsafe");

  Json tpl = only(send("whatsapp", {{"template", {{"name", "follow_up"}, {"language", "en"}, {"parameters", {"A-1"}}}}}));
  CHECK(body(tpl)["type"] == "template");
  CHECK(body(tpl)["template"] == Json{{"name", "follow_up"}, {"language", {{"code", "en"}}},
                                      {"components", {{{"type", "body"}, {"parameters", {{{"type", "text"}, {"text", "A-1"}}}}}}}});
  CHECK(error_path(send("whatsapp", {{"template", {{"name", "follow_up"}}}})) == "/template/language");
  CHECK(error_path(send("whatsapp", {{"template", {{"name", "x"}, {"language", "en"}, {"parameters", {1}}}}})) == "/template/parameters/0");
}

TEST_CASE("outbound whatsapp: markup in the WhatsApp dialect, long text split", "[channels][outbound]") {
  Json d = only(send("whatsapp", {{"draft", {{"blocks", {{{"type", "paragraph"}, {"text", {{{"text", "Hello"}, {"bold", true}}, " there"}}}}}}}}));
  CHECK(body(d)["text"]["body"] == "*Hello* there");
  std::string words;
  for (int i = 0; i < 1200; ++i) words += "word" + std::to_string(i % 10) + " ";
  Json r = send("whatsapp", {{"text", words}});
  REQUIRE(r["requests"].size() == 2);
  std::string joined;
  for (const auto& q : r["requests"]) {
    const std::string part = body(q)["text"]["body"];
    CHECK(part.size() <= 4096);
    joined += (joined.empty() ? "" : " ") + part;
  }
  CHECK(joined + " " == words);  // nothing lost or repeated at the cut
}

TEST_CASE("outbound messenger/instagram: RESPONSE, or MESSAGE_TAG HUMAN_AGENT", "[channels][outbound]") {
  Json m = only(send("messenger", {{"text", "Hi"}}));
  CHECK(m["url"] == "https://graph.example/v23.0/1122334455/messages");
  CHECK(m["headers"]["Authorization"] == "Bearer fb-page-token");
  CHECK(body(m) == Json{{"recipient", {{"id", "customer-1"}}}, {"messaging_type", "RESPONSE"}, {"message", {{"text", "Hi"}}}});
  Json tagged = only(send("instagram", {{"text", "Hi"}, {"tag", "HUMAN_AGENT"}}));
  CHECK(tagged["url"] == "https://graph.example/v23.0/17841400000000/messages");
  CHECK(body(tagged)["messaging_type"] == "MESSAGE_TAG");
  CHECK(body(tagged)["tag"] == "HUMAN_AGENT");
  CHECK(error_path(send("messenger", {{"text", "Hi"}, {"tag", "CONFIRMED_EVENT_UPDATE"}})) == "/tag");
  CHECK(error_path(send("sms", {{"text", "Hi"}, {"tag", "HUMAN_AGENT"}})) == "/tag");
}

TEST_CASE("outbound line: reply with the token, else push with a UUID retry key", "[channels][outbound]") {
  Json reply = only(send("line", {{"to", {{"id", "U1"}, {"reply_token", "rt-1"}}}, {"delivery", "reply"}, {"text", "Hi"}}));
  CHECK(reply["url"] == "https://line.example/v2/bot/message/reply");
  CHECK(body(reply) == Json{{"replyToken", "rt-1"}, {"messages", {{{"type", "text"}, {"text", "Hi"}}}}});
  CHECK(reply["idempotency"].is_null());
  CHECK(reply["resend_after_timeout"] == "unsafe");
  CHECK(error_path(send("line", {{"delivery", "reply"}, {"text", "Hi"}})) == "/to/reply_token");

  Json push = only(send("line", {{"to", {{"id", "U1"}}}, {"delivery", "push"}, {"text", "Hi"}}));
  CHECK(push["url"] == "https://line.example/v2/bot/message/push");
  CHECK(body(push) == Json{{"to", "U1"}, {"messages", {{{"type", "text"}, {"text", "Hi"}}}}});
  const std::string key = push["headers"]["X-Line-Retry-Key"];
  CHECK(std::regex_match(key, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  CHECK(push["idempotency"] == Json{{"header", "X-Line-Retry-Key"}, {"key", key}});
  CHECK(push["resend_after_timeout"] == "safe");
  CHECK(only(send("line", {{"text", "Hi"}}))["headers"]["X-Line-Retry-Key"] == key);  // the same key for the same send
  const std::string uuid = "123e4567-e89b-42d3-a456-426614174000";
  CHECK(only(send("line", {{"text", "Hi"}, {"idempotency_key", uuid}}))["headers"]["X-Line-Retry-Key"] == uuid);
}

TEST_CASE("outbound line: a long push is five messages per request, each request its own key", "[channels][outbound]") {
  std::string text;
  for (int i = 0; i < 2600; ++i) text += "abcdefghij ";  // 28 600 characters, 5000 per message: 6 parts
  Json r = send("line", {{"text", text}});
  REQUIRE(r["requests"].size() == 2);
  CHECK(body(r["requests"][0])["messages"].size() == 5);
  CHECK(body(r["requests"][1])["messages"].size() == 1);
  CHECK(r["requests"][0]["headers"]["X-Line-Retry-Key"] != r["requests"][1]["headers"]["X-Line-Retry-Key"]);
  CHECK(error_path(send("line", {{"to", {{"id", "U1"}, {"reply_token", "rt"}}}, {"delivery", "reply"}, {"text", text}})) == "/text");
}

TEST_CASE("outbound telegram: sendMessage in MarkdownV2, escaped by the formatter", "[channels][outbound]") {
  Json t = only(send("telegram", {{"to", {{"id", "777000001"}}}, {"text", "Total: 5.00 (approx)! See item_2 #1"}}));
  CHECK(t["url"] == "https://tg.example/bot123456:ABC-test/sendMessage");
  CHECK(body(t) == Json{{"chat_id", 777000001}, {"text", "Total: 5\\.00 \\(approx\\)\\! See item\\_2 \\#1"}, {"parse_mode", "MarkdownV2"}});
  CHECK(body(only(send("telegram", {{"to", {{"id", "-1001234"}}}, {"text", "x"}})))["chat_id"] == -1001234);
  CHECK(body(only(send("telegram", {{"to", {{"id", "@shopchannel"}}}, {"text", "x"}})))["chat_id"] == "@shopchannel");
}

TEST_CASE("outbound sms: Twilio form with Basic auth and the status callback", "[channels][outbound]") {
  Json s = only(send("sms", {{"to", {{"id", "+14155550100"}}}, {"text", "Hi & bye = 100%"}, {"status_callback", "http://127.0.0.1:8080/webhooks/sms"}}));
  CHECK(s["url"] == "https://twilio.example/2010-04-01/Accounts/AC0001/Messages.json");
  CHECK(s["headers"]["Authorization"] == "Basic " + digest::base64("AC0001:twilio-auth-token"));
  CHECK(s["headers"]["Content-Type"] == "application/x-www-form-urlencoded");
  CHECK(s["body"] == "To=%2B14155550100&From=%2B15005550006&Body=Hi%20%26%20bye%20%3D%20100%25&StatusCallback=http%3A%2F%2F127.0.0.1%3A8080%2Fwebhooks%2Fsms");
  CHECK(only(send("sms", {{"text", "Hi"}}))["body"] == "To=customer-1&From=%2B15005550006&Body=Hi");
}

TEST_CASE("outbound wechat: custom/send with the access token in the query", "[channels][outbound]") {
  Json w = only(send("wechat", {{"to", {{"id", "oXyZ_openid_1"}}}, {"text", "您好"}}));
  CHECK(w["url"] == "https://wx.example/cgi-bin/message/custom/send?access_token=wx%20access%2Ftoken");
  CHECK(body(w) == Json{{"touser", "oXyZ_openid_1"}, {"msgtype", "text"}, {"text", {{"content", "您好"}}}});
}

TEST_CASE("outbound: every missing field is named", "[channels][outbound]") {
  Json no_token = kAccounts["whatsapp"];
  no_token.erase("access_token");
  CHECK(error_path(send("whatsapp", {{"account", no_token}, {"text", "x"}})) == "/account/access_token");
  CHECK(error_path(send("whatsapp", {{"to", {{"id", ""}}}, {"text", "x"}})) == "/to/id");
  CHECK(error_path(send("whatsapp", {{"idempotency_key", ""}, {"text", "x"}})) == "/idempotency_key");
  CHECK(error_path(send("whatsapp", Json::object())) == "/text");
  CHECK(error_path(send("whatsapp", {{"text", "x"}, {"delivery", "later"}})) == "/delivery");
  CHECK(error_path(send("telegram", {{"text", "x"}, {"template", {{"name", "t"}, {"language", "en"}}}})) == "/template");
  CHECK(error_path(send("email", {{"text", "x"}, {"to", {{"id", "ana@example.org"}}}})) == "/thread/subject");
  CHECK(error_path(send("email", {{"text", "x"}, {"to", {{"id", "nobody"}}}, {"thread", {{"subject", "s"}}}})) == "/to/id");
  CHECK(api::call("channels.outbound", {{"channel", "kakao_alimtalk"}, {"account", Json::object()}, {"to", {{"id", "x"}}}, {"text", "x"},
                                        {"idempotency_key", "k"}, {"now", 1}})["error"]["code"] == "unsupported_channel");
  // Kakao's chatbot answers later only through the utterance's callbackUrl.
  CHECK(error_path(api::call("channels.outbound", {{"channel", "kakao_chat"}, {"account", Json::object()}, {"to", {{"id", "x"}}}, {"text", "x"},
                                                   {"idempotency_key", "k"}, {"now", 1}})) == "/to/reply_token");
}

TEST_CASE("channels.kakao_response and the callback: SkillResponse 2.0 within Kakao's limits", "[channels][outbound]") {
  const Json a = api::call("channels.kakao_response", {{"text", "안녕하세요"}, {"quick_replies", {"배송", "환불"}}});
  CHECK(a["version"] == "2.0");
  CHECK(a["template"]["outputs"] == Json::parse(R"([{"simpleText":{"text":"안녕하세요"}}])"));
  CHECK(a["template"]["quickReplies"][1] == Json{{"label", "환불"}, {"action", "message"}, {"messageText", "환불"}});
  CHECK(api::call("channels.kakao_response", {{"text", "잠시만요"}, {"use_callback", true}}) ==
        Json{{"version", "2.0"}, {"useCallback", true}, {"data", {{"text", "잠시만요"}}}});
  std::string words;
  for (int i = 0; i < 700; ++i) words += "단어 ";  // 2,100 characters: three outputs of at most 1000
  const Json three = api::call("channels.kakao_response", {{"text", words}});
  REQUIRE(three["template"]["outputs"].size() == 3);
  for (const auto& o : three["template"]["outputs"]) CHECK(o["simpleText"]["text"].get<std::string>().size() <= 3000);
  CHECK(api::call("channels.kakao_response", {{"text", words + words}})["error"]["code"] == "text_too_long");
  CHECK(api::call("channels.kakao_response", {{"text", "x"}, {"quick_replies", Json(std::vector<std::string>(11, "a"))}})["error"]["path"] == "/quick_replies");
  const Json sent = api::call("channels.outbound", {{"channel", "kakao_chat"}, {"account", Json::object()},
                                                    {"to", {{"id", "u1"}, {"reply_token", "https://bot-api.example/cb/1"}}}, {"text", "내일 도착합니다"},
                                                    {"idempotency_key", "k"}, {"now", 1}});
  REQUIRE(sent["requests"].size() == 1);
  CHECK(sent["requests"][0]["url"] == "https://bot-api.example/cb/1");
  CHECK(sent["requests"][0]["resend_after_timeout"] == "unsafe");
  CHECK(Json::parse(sent["requests"][0]["body"].get<std::string>()) ==
        Json::parse(R"({"version":"2.0","template":{"outputs":[{"simpleText":{"text":"내일 도착합니다"}}]}})"));
}

TEST_CASE("channels.outbound: the bot's options in each channel's native form, or refused", "[channels][outbound]") {
  const Json two{{"kind", "buttons"}, {"choices", {{{"id", "yes"}, {"label", "Yes, thanks"}}, {{"id", "no"}, {"label", "No, talk to a person"}}}}};
  const Json wa = body(only(send("whatsapp", {{"text", "Order PD-1 shipped."}, {"choices", two}})));
  CHECK(wa["type"] == "interactive");
  CHECK(wa["interactive"]["type"] == "button");
  CHECK(wa["interactive"]["body"]["text"] == "Order PD-1 shipped.");
  CHECK(wa["interactive"]["action"]["buttons"][1]["reply"] == Json{{"id", "no"}, {"title", "No, talk to a person"}});

  Json qr = two;
  qr["kind"] = "quick_replies";
  const Json line = body(only(send("line", {{"text", "Order PD-1 shipped."}, {"choices", qr}})));
  CHECK(line["messages"].back()["quickReply"]["items"][0]["action"] == Json{{"type", "message"}, {"label", "Yes, thanks"}, {"text", "Yes, thanks"}});
  const Json fb = body(only(send("messenger", {{"text", "Order PD-1 shipped."}, {"choices", qr}})));
  CHECK(fb["message"]["quick_replies"][0] == Json{{"content_type", "text"}, {"title", "Yes, thanks"}, {"payload", "yes"}});

  // A form the channel has no native widget for (SMS; a WhatsApp list on LINE; four buttons) is an error, not a silent drop.
  CHECK(error_path(send("sms", {{"text", "Hi"}, {"choices", qr}})) == "/choices/kind");
  Json four = two;
  for (int i = 0; i < 2; ++i) four["choices"].push_back({{"id", "x" + std::to_string(i)}, {"label", "X"}});
  CHECK(error_path(send("whatsapp", {{"text", "Hi"}, {"choices", four}})) == "/choices/kind");

  // Four to ten options: a WhatsApp list, one section of rows behind a menu button.
  Json list = four;
  list["kind"] = "list";
  list["button"] = "Choose";
  const Json wl = body(only(send("whatsapp", {{"text", "What's the reason?"}, {"choices", list}})));
  CHECK(wl["interactive"]["type"] == "list");
  CHECK(wl["interactive"]["body"]["text"] == "What's the reason?");
  CHECK(wl["interactive"]["action"]["button"] == "Choose");
  REQUIRE(wl["interactive"]["action"]["sections"].size() == 1);
  CHECK(wl["interactive"]["action"]["sections"][0]["rows"].size() == 4);
  CHECK(wl["interactive"]["action"]["sections"][0]["rows"][1] == Json{{"id", "no"}, {"title", "No, talk to a person"}});
  CHECK(error_path(send("line", {{"text", "Hi"}, {"choices", list}})) == "/choices/kind");
  Json no_button = list;
  no_button.erase("button");
  CHECK(error_path(send("whatsapp", {{"text", "Hi"}, {"choices", no_button}})) == "/choices/button");
  Json long_button = list;
  long_button["button"] = "Choose one of these options";  // 27 characters: over the 20 allowed
  CHECK(error_path(send("whatsapp", {{"text", "Hi"}, {"choices", long_button}})) == "/choices/button");
  Json long_row = list;
  long_row["choices"][2]["label"] = "A reason far longer than a row holds";
  CHECK(error_path(send("whatsapp", {{"text", "Hi"}, {"choices", long_row}})) == "/choices/choices/2/label");
  Json eleven = list;
  while (eleven["choices"].size() < 11) eleven["choices"].push_back({{"id", "y" + std::to_string(eleven["choices"].size())}, {"label", "Y"}});
  CHECK(error_path(send("whatsapp", {{"text", "Hi"}, {"choices", eleven}})) == "/choices/kind");
  Json unnamed = two;
  unnamed["choices"][0].erase("label");
  CHECK(error_path(send("whatsapp", {{"text", "Hi"}, {"choices", unnamed}})) == "/choices/choices/0/label");
}
