// review.check: review gates with approvals, messaging windows, consent/opt-out, quiet hours.
#include "../routing/demo_pack.h"
#include "parley/api.h"
#include "parley/digest.h"

#include <catch2/catch.hpp>

using namespace parley;
using testing::demo_pack;

namespace {
Json in(const std::string& at, const std::string& text = "") { return Json{{"direction", "inbound"}, {"at", at}, {"text", text}}; }
Json out(const std::string& at) { return Json{{"direction", "outbound"}, {"at", at}}; }

Json request(const std::string& channel, const std::string& text, Json history, const std::string& now, const std::string& intent = "order_status") {
  return Json{{"draft", {{"text", text}, {"intent", intent}, {"language", "en"}}},
              {"triage", {{"intent", intent}, {"confidence", 0.92}, {"tier", "high"}, {"language", "en"}}},
              {"conversation", {{"channel", channel}, {"country", "DE"}, {"timezone_offset_minutes", 60}, {"history", std::move(history)},
                                {"consent", {{"status", "opted_in"}}}}},
              {"policy", demo_pack("review.json")},
              {"now", now}};
}

const Json* find_gate(const Json& answer, const std::string& id) {
  for (const Json& g : answer["gates"])
    if (g["id"] == id) return &g;
  return nullptr;
}

std::string sha(const std::string& text) { return digest::hex(digest::sha256(text)); }
}  // namespace

TEST_CASE("WhatsApp inside 24 h: a free-form reply can be sent", "[governance]") {
  Json a = api::call("review.check", request("whatsapp", "Your order ships today.", Json::array({in("2026-11-23T10:00:00Z")}), "2026-11-23T20:00:00Z"));
  REQUIRE_FALSE(a.contains("error"));
  CHECK(a["can_send"] == true);
  const Json* w = find_gate(a, "messaging_window");
  REQUIRE(w);
  CHECK((*w)["satisfied"] == true);
  CHECK((*w)["window"]["closes_at"] == "2026-11-24T10:00:00Z");
  CHECK(a["required_instead"].is_null());
}

TEST_CASE("WhatsApp outside 24 h: free text is blocked, an approved template is required instead", "[governance]") {
  Json r = request("whatsapp", "Your order ships today.", Json::array({in("2026-11-22T09:00:00Z")}), "2026-11-23T10:00:00Z");
  r["draft"]["language"] = "ar";
  Json a = api::call("review.check", r);
  CHECK(a["can_send"] == false);
  CHECK(a["blocked_by"] == Json::array({"messaging_window"}));
  CHECK(a["required_instead"]["required"] == "template");
  CHECK(a["required_instead"]["reason"]["code"] == "window.template_required");
  // The approved templates for the channel in the draft's language are offered.
  REQUIRE(a["required_instead"]["templates"].size() == 2);
  CHECK(a["required_instead"]["templates"][0]["name"] == "order_update_v2");
  CHECK(a["required_instead"]["templates"][0]["language"] == "ar");

  r["draft"]["template"] = {{"name", "order_update_v2"}, {"status", "approved"}};
  Json t = api::call("review.check", r);
  CHECK(t["can_send"] == true);
  CHECK((*find_gate(t, "messaging_window"))["reason"]["code"] == "window.template_used");
  // A template the pack does not list, or one not approved, does not count.
  r["draft"]["template"] = {{"name", "flash_sale"}, {"status", "approved"}};
  CHECK(api::call("review.check", r)["can_send"] == false);
  r["draft"]["template"] = {{"name", "order_update_v2"}, {"status", "pending"}};
  CHECK(api::call("review.check", r)["can_send"] == false);
}

TEST_CASE("business-initiated WhatsApp needs the customer's opt-in even with a template", "[governance]") {
  Json r = request("whatsapp", "Order update", Json::array({in("2026-11-20T09:00:00Z")}), "2026-11-23T10:00:00Z");
  r["draft"]["template"] = {{"name", "order_update_v2"}, {"status", "approved"}};
  r["conversation"]["consent"] = {{"status", "unknown"}};
  Json a = api::call("review.check", r);
  CHECK(a["can_send"] == false);
  CHECK(a["blocked_by"] == Json::array({"consent"}));
  CHECK(a["required_instead"]["required"] == "opt_in");
}

TEST_CASE("a WhatsApp reply hours after the customer wrote answers them: no opt-in needed", "[governance]") {
  // The reply grace (60 min) is shorter than WhatsApp's 24-hour window: inside the window the
  // business is answering, not starting, the conversation.
  Json r = request("whatsapp", "Your order ships today.", Json::array({in("2026-11-23T10:00:00Z")}), "2026-11-23T13:00:00Z");
  r["conversation"]["consent"] = {{"status", "unknown"}};
  Json a = api::call("review.check", r);
  REQUIRE_FALSE(a.contains("error"));
  CHECK(a["can_send"] == true);
  CHECK(a["business_initiated"] == false);
  CHECK(find_gate(a, "consent") == nullptr);
  // On SMS, which has no window, three hours later the business is writing first.
  Json sms = request("sms", "Your order ships today.", Json::array({in("2026-11-23T10:00:00Z")}), "2026-11-23T13:00:00Z");
  sms["conversation"]["consent"] = {{"status", "unknown"}};
  Json b = api::call("review.check", sms);
  CHECK(b["business_initiated"] == true);
  CHECK(b["can_send"] == false);
}

TEST_CASE("a refund needs approval and passes once a lead approves this exact text", "[governance]") {
  std::string text = "We have issued a refund of €42.00 to your card.";
  Json r = request("email", text, Json::array({in("2026-11-23T09:00:00Z")}), "2026-11-23T10:00:00Z", "return_refund");
  Json a = api::call("review.check", r);
  CHECK(a["can_send"] == false);
  const Json* g = find_gate(a, "refund");
  REQUIRE(g);
  CHECK((*g)["kind"] == "review");
  CHECK((*g)["required"] == "approval");
  CHECK((*g)["satisfied"] == false);
  CHECK((*g)["matched_conditions"][0]["fact"] == "intent");
  CHECK((*g)["matched_keyword"]["keyword"] == "refund*");
  CHECK(a["required_instead"].is_null());  // approval is required, not something else instead
  CHECK(a["draft_sha256"] == sha(text));

  r["approvals"] = Json::array({{{"gate", "refund"}, {"by", "mia"}, {"role", "lead"}, {"at", "2026-11-23T09:58:00Z"}, {"text_sha256", sha(text)}}});
  Json ok = api::call("review.check", r);
  CHECK(ok["can_send"] == true);
  CHECK((*find_gate(ok, "refund"))["approved_by"]["by"] == "mia");

  // An agent cannot approve, an approval of other words does not carry over, nor one from the future.
  r["approvals"][0]["role"] = "agent";
  CHECK(api::call("review.check", r)["can_send"] == false);
  r["approvals"][0]["role"] = "billing";
  r["approvals"][0]["text_sha256"] = sha(text + " Sorry!");
  CHECK(api::call("review.check", r)["can_send"] == false);
  r["approvals"][0]["text_sha256"] = sha(text);
  r["approvals"][0]["at"] = "2026-11-23T10:05:00Z";
  CHECK(api::call("review.check", r)["can_send"] == false);
}

TEST_CASE("refund and compensation keywords trigger gates in other languages", "[governance]") {
  Json r = request("line", "ご注文の返金手続きを行いました。お詫びのクーポンもお送りします。", Json::array({in("2026-11-23T09:00:00Z")}), "2026-11-23T10:00:00Z");
  r["draft"]["language"] = "ja";
  Json a = api::call("review.check", r);
  CHECK(a["can_send"] == false);
  CHECK(find_gate(a, "refund"));
  CHECK((*find_gate(a, "compensation"))["reason"]["text"] == "The reply offers compensation (\"クーポン\"): a team lead approves");
  // An English word list does not fire on Japanese text and vice versa: a plain order update passes.
  r["draft"]["text"] = "ご注文の商品は明日お届けします。";
  CHECK(api::call("review.check", r)["can_send"] == true);
}

TEST_CASE("public replies and low-confidence answers need approval", "[governance]") {
  Json r = request("facebook_comment", "Sorry to hear that, we're on it.", Json::array({in("2026-11-23T09:00:00Z")}), "2026-11-23T10:00:00Z");
  CHECK(find_gate(api::call("review.check", r), "public_complaint"));
  r = request("email", "Here is how to reset the router.", Json::array({in("2026-11-23T09:00:00Z")}), "2026-11-23T10:00:00Z");
  r["triage"]["confidence"] = 0.41;
  r["triage"]["tier"] = "low";
  Json a = api::call("review.check", r);
  CHECK((*find_gate(a, "low_confidence"))["satisfied"] == false);
  r["approvals"] = Json::array({{{"gate", "low_confidence"}, {"by", "sam"}, {"at", "2026-11-23T09:59:00Z"}, {"text_sha256", a["draft_sha256"]}}});
  CHECK(api::call("review.check", r)["can_send"] == true);
}

TEST_CASE("an SMS STOP blocks everything but one confirmation; START restores", "[governance]") {
  Json r = request("sms", "Your parcel is on its way.", Json::array({in("2026-11-23T09:00:00Z", "Where is my parcel?"), in("2026-11-23T09:05:00Z", "stop")}),
                   "2026-11-23T09:10:00Z");
  Json a = api::call("review.check", r);
  CHECK(a["can_send"] == false);
  CHECK(a["required_instead"]["gate"] == "consent");
  CHECK(a["required_instead"]["reason"]["code"] == "consent.opted_out");

  r["draft"]["kind"] = "opt_out_confirmation";
  CHECK(api::call("review.check", r)["can_send"] == true);
  r["conversation"]["history"].push_back(out("2026-11-23T09:06:00Z"));
  CHECK(api::call("review.check", r)["can_send"] == false);  // only one confirmation

  r["draft"]["kind"] = "reply";
  r["conversation"]["history"].push_back(in("2026-11-23T09:08:00Z", "START"));
  CHECK(api::call("review.check", r)["can_send"] == true);

  // A stored opt-out counts as much as a keyword.
  Json s = request("email", "Hello", Json::array({in("2026-11-23T09:00:00Z")}), "2026-11-23T09:10:00Z");
  s["conversation"]["consent"] = {{"status", "opted_out"}, {"at", "2026-11-01T00:00:00Z"}};
  CHECK(api::call("review.check", s)["can_send"] == false);
}

TEST_CASE("quiet hours hold business-initiated messages until morning, local time", "[governance]") {
  // 23:30 in New York (UTC−5); the customer last wrote a day ago: this message starts a conversation.
  Json r = request("sms", "Your replacement has shipped.", Json::array({in("2026-11-22T15:00:00Z")}), "2026-11-24T04:30:00Z");
  r["conversation"]["country"] = "US";
  r["conversation"]["timezone_offset_minutes"] = -300;
  Json a = api::call("review.check", r);
  CHECK(a["can_send"] == false);
  CHECK(a["business_initiated"] == true);
  const Json* q = find_gate(a, "us_tcpa");
  REQUIRE(q);
  CHECK((*q)["required"] == "schedule");
  CHECK((*q)["send_after"] == "2026-11-24T13:00:00Z");  // 08:00 New York
  CHECK(a["required_instead"]["send_after"] == "2026-11-24T13:00:00Z");

  // Answering a customer who wrote ten minutes ago is not business-initiated: no quiet-hours hold.
  r["conversation"]["history"].push_back(in("2026-11-24T04:20:00Z", "hello?"));
  CHECK(api::call("review.check", r)["can_send"] == true);

  // Unknown local time cannot be assumed to be daytime.
  r["conversation"]["history"] = Json::array({in("2026-11-22T15:00:00Z")});
  r["conversation"].erase("timezone_offset_minutes");
  CHECK(api::call("review.check", r)["required_instead"]["required"] == "local_time");
}

TEST_CASE("Messenger outside 24 h: HUMAN_AGENT tag within 7 days, then nothing", "[governance]") {
  Json r = request("messenger", "Following up on your return.", Json::array({in("2026-11-20T10:00:00Z")}), "2026-11-23T10:00:00Z");
  Json a = api::call("review.check", r);
  CHECK(a["required_instead"]["required"] == "tag");
  CHECK(a["required_instead"]["tag"] == "HUMAN_AGENT");
  r["draft"]["tag"] = "HUMAN_AGENT";
  CHECK(api::call("review.check", r)["can_send"] == true);
  r["draft"]["author"] = "bot";  // the tag is for people only
  CHECK(api::call("review.check", r)["can_send"] == false);
  r["draft"]["author"] = "agent";
  r["now"] = "2026-11-28T10:00:00Z";  // 8 days
  CHECK(api::call("review.check", r)["required_instead"]["required"] == "wait_for_customer");
}

TEST_CASE("WeChat allows five messages per customer message within 48 h", "[governance]") {
  Json h = Json::array({in("2026-11-23T08:00:00Z")});
  for (int i = 1; i <= 4; ++i) h.push_back(out("2026-11-23T08:0" + std::to_string(i) + ":00Z"));
  Json r = request("wechat", "One more thing.", h, "2026-11-23T09:00:00Z");
  Json a = api::call("review.check", r);
  CHECK(a["can_send"] == true);
  CHECK((*find_gate(a, "messaging_window"))["window"]["messages_left"] == 1);
  r["conversation"]["history"].push_back(out("2026-11-23T08:05:00Z"));
  CHECK(api::call("review.check", r)["required_instead"]["reason"]["code"] == "window.quota_used");
}

TEST_CASE("marketing needs marketing consent; Apple Messages waits for the customer", "[governance]") {
  Json r = request("email", "20% off this weekend!", Json::array({in("2026-11-23T09:00:00Z")}), "2026-11-23T10:00:00Z");
  r["draft"]["kind"] = "marketing";
  r["draft"]["text"] = "New arrivals this weekend!";
  CHECK(api::call("review.check", r)["required_instead"]["reason"]["code"] == "consent.marketing_required");
  r["conversation"]["consent"]["marketing"] = true;
  CHECK(api::call("review.check", r)["can_send"] == true);

  Json apple = request("apple_messages", "Hello!", Json::array(), "2026-11-23T10:00:00Z");
  CHECK(api::call("review.check", apple)["required_instead"]["required"] == "wait_for_customer");
}

TEST_CASE("review.check names bad input", "[governance]") {
  Json r = request("email", "Hi", Json::array(), "2026-11-23T10:00:00Z");
  r["draft"].erase("text");
  CHECK(api::call("review.check", r)["error"]["path"] == "/draft/text");
  r = request("email", "Hi", Json::array({{{"direction", "in"}, {"at", "2026-11-23T10:00:00Z"}}}), "2026-11-23T10:00:00Z");
  CHECK(api::call("review.check", r)["error"]["path"] == "/conversation/history/0/direction");
  r = request("email", "Hi", Json::array(), "2026-11-23T10:00:00Z");
  r["policy"]["gates"][0]["when"] = {{"mood", "bad"}};
  CHECK(api::call("review.check", r)["error"]["path"] == "/policy/gates/0/when/mood");
  r = request("email", "We will refund it.", Json::array(), "2026-11-23T10:00:00Z");
  r["approvals"] = Json::array({{{"gate", "refund"}}});
  CHECK(api::call("review.check", r)["error"]["path"] == "/approvals/0/by");
}

TEST_CASE("a draft's own confidence drives the low-confidence gate; gates can read business hours", "[governance]") {
  Json r = request("email", "Try restarting the app.", Json::array({in("2026-11-23T09:00:00Z")}), "2026-11-23T10:00:00Z");
  r["draft"]["confidence"] = 0.3;  // triage was sure of the intent, the answer is a guess
  CHECK(find_gate(api::call("review.check", r), "low_confidence"));
  r["policy"]["gates"] = Json::parse(R"([{"id": "after_hours", "when": {"business_hours.emea": "closed"}}])");
  CHECK(api::call("review.check", r)["error"]["path"] == "/business_hours");
  r["business_hours"] = demo_pack("business_hours.json");
  CHECK_FALSE(find_gate(api::call("review.check", r), "after_hours"));  // Monday 11:00 Berlin
  r["now"] = "2026-11-23T20:00:00Z";
  CHECK(find_gate(api::call("review.check", r), "after_hours"));
}

TEST_CASE("an opted-out customer outside the window: consent is what is required, not a template", "[governance]") {
  Json r = request("whatsapp", "Order update", Json::array({in("2026-11-20T09:00:00Z"), in("2026-11-20T09:01:00Z", "PARAR")}), "2026-11-23T10:00:00Z");
  Json a = api::call("review.check", r);
  CHECK(a["blocked_by"] == Json::array({"messaging_window", "consent"}));
  CHECK(a["required_instead"]["gate"] == "consent");
  CHECK(a["required_instead"]["required"] == "opt_in");
}
