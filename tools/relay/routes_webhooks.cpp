// Provider webhooks (docs/relay.md, "Provider channels"):
//   GET  /webhooks/{whatsapp|messenger|instagram}  Meta's hub.challenge handshake
//   GET  /webhooks/wechat                          WeChat's echostr handshake
//   POST /webhooks/{channel}                       a provider's event delivery
//   POST /webhooks/kakao                           a KakaoTalk chatbot skill request (channel kakao_chat),
//                                                  answered with the skill's response
// The signature is checked by the core's channels.inbound over the raw body before anything
// else; a bad or missing one is a 401 and nothing is stored. Everything the webhook carries is
// claimed by its dedupe key and stored in one durable write (group commit) before the answer, so
// a 200 means it survives a crash and a redelivery is acknowledged without a second row. Nothing
// else (triage, drafts) runs on the way to the answer.
#include "parley/digest.h"
#include "relay/channel_accounts.h"
#include "relay/http.h"
#include "relay/router.h"
#include "relay/self_service.h"

#include <algorithm>
#include <iostream>

namespace parley::relay {
namespace {
using namespace http;

std::string media_type(const Request& req) {
  std::string type = req.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type;
}

// The media types each provider sends (anything else is not theirs).
bool expected_type(const std::string& channel, const std::string& type) {
  if (channel == "sms") return type == "application/x-www-form-urlencoded";
  if (channel == "email") return type == "message/rfc822";
  if (channel == "wechat" || channel == "wecom") return type == "text/xml" || type == "application/xml";
  return type == "application/json";
}

const char* expected_type_name(const std::string& channel) {
  if (channel == "sms") return "application/x-www-form-urlencoded";
  if (channel == "email") return "message/rfc822";
  if (channel == "wechat" || channel == "wecom") return "text/xml";
  return "application/json";
}

std::string configured_channel(App& app, const Request& req) {
  // Kakao's skill URL says "kakao"; its messages are on the core's kakao_chat (AlimTalk is apart).
  const std::string channel = req.matches[1] == "kakao" ? std::string("kakao_chat") : std::string(req.matches[1]);
  if (!is_webhook_channel(channel))
    throw HttpError(404, "unknown_channel", "no webhook for channel \"" + channel + "\"", "/webhooks/" + channel);
  if (!app.channels.configured(channel))
    throw HttpError(404, "channel_not_configured", "channel " + channel + " has no account in the workspace", "/webhooks/" + channel);
  return channel;
}

Json headers_json(const Request& req) {
  Json h = Json::object();
  for (const auto& [k, v] : req.headers) {
    std::string name = k;
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!h.contains(name)) h[name] = v;  // the first of repeated headers, as everywhere in the relay
  }
  return h;
}

Json query_json(const Request& req) {
  Json q = Json::object();
  for (const auto& [k, v] : req.params)
    if (!q.contains(k)) q[k] = v;
  return q;
}

void plain(Response& res, int status, const std::string& text) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(text, "text/plain; charset=utf-8");
}

// Meta: GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=… → the challenge.
void meta_handshake(App& app, const std::string& channel, const Request& req, Response& res) {
  const Json answer = api::call("channels.verify_subscription",
                                {{"query", query_json(req)}, {"verify_token", app.channels.account(channel)["verify_token"]}});
  if (answer.contains("error")) {
    const Error e(answer["error"].value("code", "invalid_value"), answer["error"].value("message", ""), answer["error"].value("path", ""));
    throw HttpError(e.code == "invalid_signature" ? 403 : 400, e.code == "invalid_signature" ? "invalid_verify_token" : e.code,
                    e.what(), e.path);
  }
  plain(res, 200, answer["challenge"].get<std::string>());
}

// WeChat: GET ?signature=S&timestamp=T&nonce=N&echostr=E, S = hex SHA-1 of the sorted
// concatenation of token, T and N → E.
void wechat_handshake(App& app, const Request& req, Response& res) {
  for (const char* p : {"signature", "timestamp", "nonce", "echostr"})
    if (!req.has_param(p)) throw HttpError(400, "missing_field", std::string("query parameter ") + p + " is required", std::string("?") + p);
  std::vector<std::string> parts{app.channels.account("wechat")["token"].get<std::string>(), req.get_param_value("timestamp"),
                                 req.get_param_value("nonce")};
  std::sort(parts.begin(), parts.end());
  const std::string want = digest::hex(digest::sha1(parts[0] + parts[1] + parts[2]));
  std::string got = req.get_param_value("signature");
  for (auto& c : got) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!digest::constant_time_equal(got, want))
    throw HttpError(401, "invalid_signature", "?signature does not match the token, timestamp and nonce", "?signature");
  plain(res, 200, req.get_param_value("echostr"));
}

// WeCom: GET ?msg_signature&timestamp&nonce&echostr, the signature over echostr too → its plaintext.
void wecom_handshake(App& app, const Request& req, Response& res) {
  const Json& a = app.channels.account("wecom");
  const Json answer = api::call("channels.wecom_verify_url", {{"query", query_json(req)}, {"token", a["token"]},
                                                              {"encoding_aes_key", a["encoding_aes_key"]}, {"receive_id", a["corp_id"]}});
  if (answer.contains("error")) {
    const Json& e = answer["error"];
    const std::string code = e.value("code", "invalid_value");
    throw HttpError(code == "invalid_signature" || code == "missing_signature" ? 401 : 400, code, e.value("message", ""), e.value("path", ""));
  }
  plain(res, 200, answer["echo"].get<std::string>());
}

void handshake(App& app, const Request& req, Response& res) {
  const std::string channel = configured_channel(app, req);
  if (channel == "whatsapp" || channel == "messenger" || channel == "instagram") return meta_handshake(app, channel, req, res);
  if (channel == "wechat") return wechat_handshake(app, req, res);
  if (channel == "wecom") return wecom_handshake(app, req, res);
  throw HttpError(405, "method_not_allowed", "webhook " + channel + " takes POST only");
}

// Kakao's own words when the workspace gives none, by the utterance's userRequest.lang.
std::string waiting_text(App& app, const std::string& lang) {
  const std::string given = app.channels.account("kakao_chat").value("waiting_text", "");
  if (!given.empty()) return given;
  const std::string l = lang.substr(0, 2);
  if (l == "en") return "Thank you for your message. A person will reply here shortly.";
  if (l == "ja") return "メッセージありがとうございます。担当者がまもなくこちらでお返事します。";
  return "문의해 주셔서 감사합니다. 곧 상담원이 이곳에서 답변드리겠습니다.";  // Kakao's users: Korean first
}

// The skill's answer, within Kakao's 5 s: the bot's answer when self-service has one now, else
// "a person will reply" — with useCallback when the utterance carried a callbackUrl, which keeps
// it open (one minute, once) for the agent's reply. A redelivered request is answered the same
// way but decides nothing again.
void kakao_answer(App& app, const Json& inbound, const Ingested& got, Response& res) {
  const Json& item = inbound["messages"][0];
  const bool callback = item.contains("reply_token");
  std::optional<std::string> bot;
  if (app.self_service && !got.conversations.empty()) bot = app.self_service->answer_now(got.conversations.front());
  Json answer;
  if (bot) {
    answer = api::call("channels.kakao_response", {{"text", *bot}});
    if (answer.contains("error"))  // too long for three outputs: the agent answers instead
      bot.reset();
    else if (callback && !got.conversations.empty())  // answered now: Kakao expects no callback
      app.store.spend_reply_token(got.conversations.front(), item["reply_token"], now_ms());
  }
  if (!bot) answer = api::call("channels.kakao_response", {{"text", waiting_text(app, item.value("lang", ""))}, {"use_callback", callback}});
  if (answer.contains("error")) throw std::runtime_error("channels.kakao_response: " + answer["error"].value("message", ""));
  reply(res, 200, answer);
}

void receive(App& app, const Request& req, Response& res) {
  const std::string channel = configured_channel(app, req);
  const std::int64_t now = now_ms();
  Json call{{"channel", channel}, {"headers", headers_json(req)}, {"body", req.body},
            {"secret", app.channels.webhook_secret(channel)}, {"query", query_json(req)}, {"now", now}};
  // Twilio signs the URL it called; the relay knows its public address from the workspace.
  if (!app.channels.public_url.empty()) call["url"] = app.channels.public_url + req.target;
  if (channel == "wecom") {
    call["encoding_aes_key"] = app.channels.account(channel)["encoding_aes_key"];
    call["receive_id"] = app.channels.account(channel)["corp_id"];
  }
  Json inbound = api::call("channels.inbound", call);

  std::optional<Error> bad_payload;
  if (inbound.contains("error")) {
    const Json& e = inbound["error"];
    const std::string code = e.value("code", "invalid_payload");
    if (code == "missing_signature" || code == "invalid_signature") throw HttpError(401, code, e.value("message", ""), e.value("path", ""));
    if (code == "unsupported_channel")
      throw HttpError(501, "channel_not_supported", "this build's core cannot read " + channel + " webhooks yet", "/webhooks/" + channel);
    bad_payload = Error(code, e.value("message", ""), e.value("path", ""));
  }
  // The signature held: now what the request claims to be.
  const std::string type = media_type(req);
  if (!expected_type(channel, type))
    throw HttpError(415, "unsupported_media_type",
                    "a " + channel + " webhook is " + expected_type_name(channel) + ", not " + (type.empty() ? "(none)" : type), "Content-Type");
  if (bad_payload) throw HttpError(400, bad_payload->code, bad_payload->what(), bad_payload->path);

  // SMS opt-out/opt-in keywords (STOP, START …) change what may be sent to the contact.
  if (channel == "sms") {
    for (auto& item : inbound["messages"]) {
      const Json c = api::call("channels.consent", {{"channel", "sms"}, {"now", now}, {"text", item["message"].value("text", "")}});
      if (c.contains("keyword") && c["keyword"].is_object()) item["consent_keyword"] = c["keyword"].value("kind", "");
    }
  }
  if (channel == "kakao_chat" && inbound["messages"].empty())
    throw HttpError(400, "invalid_payload", "a Kakao skill request carries one utterance", "/body");
  const Ingested got = app.store.ingest(channel, inbound, now);
  if (channel == "kakao_chat") return kakao_answer(app, inbound, got, res);  // the bot decides in the answer, not later
  for (const auto& id : got.conversations) app.wake_self_service(id);  // after the durable write, off this thread
  if (channel == "wechat") return plain(res, 200, "success");  // WeChat wants exactly this, within 5 s
  if (channel == "wecom") {
    // The callback only says "pull". The request to pull is written durably first (a relay killed
    // before the pull redoes it at start); the pull runs in the background so the answer is not
    // held up by gettoken and sync_msg.
    for (const auto& ev : inbound["events"])
      if (ev.value("type", "") == "kf_msg_or_event") {
        app.store.request_pull("wecom", ev["open_kfid"], ev.value("sync_token", ""), now);
        app.wecom.schedule(app, ev["open_kfid"], ev.value("sync_token", ""));
      }
    return plain(res, 200, "");  // WeCom: an empty answer within 5 s, and no retry
  }
  reply(res, 200, {{"received", got.received}, {"duplicates", got.duplicates}});
}
}  // namespace

void mount_webhook_routes(Router& s, App& app) {
  s.get("/webhooks/{id}", route([&app](const Request& req, Response& res) { handshake(app, req, res); }));
  s.post("/webhooks/{id}", route([&app](const Request& req, Response& res) { receive(app, req, res); }));
}
}  // namespace parley::relay
