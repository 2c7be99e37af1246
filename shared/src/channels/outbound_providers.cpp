// The HTTP send APIs (contract, "Provider send APIs"): WhatsApp Cloud API, Messenger/Instagram
// Send API, LINE reply/push, Telegram sendMessage, Twilio Messages, WeChat custom/send, WeCom
// kf/send_msg. Only a
// LINE push carries an idempotency key (X-Line-Retry-Key), so only it is safe to resend after a
// timeout that left the provider's answer unknown.
#include "outbound.h"

#include "parley/digest.h"
#include "parley/text.h"

#include <functional>

namespace parley::channels::outbound {
namespace {
std::string base(const Send& s) {
  std::string b = account_string(s, "api_base");
  while (!b.empty() && b.back() == '/') b.pop_back();
  return b;
}

Json bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}}; }

Json each_part(const Send& s, const std::function<Json(const std::string&)>& one) {
  Json out = Json::array();
  for (const auto& part : s.parts) out.push_back(one(part));
  return out;
}
}  // namespace

std::string percent(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else out += std::string{'%', hex[c >> 4], hex[c & 15]};
  }
  return out;
}

Json whatsapp(const Send& s) {
  const std::string url = base(s) + "/" + account_string(s, "api_version") + "/" + account_string(s, "phone_number_id") + "/messages";
  const Json headers = bearer(account_string(s, "access_token"));
  Json envelope{{"messaging_product", "whatsapp"}, {"recipient_type", "individual"}, {"to", s.to}};
  if (!s.template_.is_null()) {  // an approved template (outside the 24-hour window): the template is the message
    const std::string name = require_string(s.template_, "name", "/template");
    const std::string language = require_string(s.template_, "language", "/template");
    if (name.empty()) throw Error("invalid_value", "/template/name must not be empty", "/template/name");
    if (language.empty()) throw Error("invalid_value", "/template/language must not be empty", "/template/language");
    Json parameters = Json::array();
    if (const Json* ps = optional(s.template_, "parameters", Json::value_t::array, "/template"))
      for (std::size_t i = 0; i < ps->size(); ++i) {
        if (!(*ps)[i].is_string())
          throw Error("invalid_type", "/template/parameters/" + std::to_string(i) + " must be a string", "/template/parameters/" + std::to_string(i));
        parameters.push_back({{"type", "text"}, {"text", (*ps)[i]}});
      }
    Json t{{"name", name}, {"language", {{"code", language}}}};
    if (!parameters.empty()) t["components"] = Json::array({{{"type", "body"}, {"parameters", parameters}}});
    Json body = envelope;
    body["type"] = "template";
    body["template"] = t;
    return Json::array({http_post(url, headers, body.dump(), nullptr, false)});
  }
  Json out = each_part(s, [&](const std::string& part) {
    Json body = envelope;
    body["type"] = "text";
    body["text"] = {{"body", part}};
    return http_post(url, headers, body.dump(), nullptr, false);
  });
  // Reply buttons ride on the last part as an interactive message (its body holds 1024 characters;
  // a longer last part goes as text and the buttons follow with a short prompt of its end).
  // A list (4–10 options) opens from a menu button: one untitled section of rows.
  if (!s.choices.is_null() && !s.parts.empty()) {
    const bool as_list = s.choices.value("kind", "") == "list";
    Json options = Json::array();
    for (const auto& c : s.choices["choices"]) {
      if (as_list) options.push_back({{"id", c["id"]}, {"title", c["label"]}});
      else options.push_back({{"type", "reply"}, {"reply", {{"id", c["id"]}, {"title", c["label"]}}}});
    }
    const std::string& last = s.parts.back();
    Json body = envelope;
    body["type"] = "interactive";
    body["interactive"] = as_list ? Json{{"type", "list"}, {"body", {{"text", last}}},
                                         {"action", {{"button", s.choices["button"]}, {"sections", Json::array({{{"rows", options}}})}}}}
                                  : Json{{"type", "button"}, {"body", {{"text", last}}}, {"action", {{"buttons", options}}}};
    if (text::code_point_count(last) <= 1024) out.back() = http_post(url, headers, body.dump(), nullptr, false);
  }
  return out;
}

Json meta_messaging(const Send& s) {
  const char* page = s.channel == "instagram" ? "ig_user_id" : "page_id";
  const std::string url = base(s) + "/" + account_string(s, "api_version") + "/" + account_string(s, page) + "/messages";
  const Json headers = bearer(account_string(s, "page_access_token"));
  if (!s.tag.empty() && s.tag != "HUMAN_AGENT")
    throw Error("invalid_value", "/tag: only HUMAN_AGENT is sent (an agent answering within 7 days)", "/tag");
  return each_part(s, [&](const std::string& part) {
    Json body{{"recipient", {{"id", s.to}}}, {"messaging_type", s.tag.empty() ? "RESPONSE" : "MESSAGE_TAG"}, {"message", {{"text", part}}}};
    if (!s.tag.empty()) body["tag"] = s.tag;
    if (!s.choices.is_null() && &part == &s.parts.back()) {  // quick replies on the last part
      Json qr = Json::array();
      for (const auto& c : s.choices["choices"]) qr.push_back({{"content_type", "text"}, {"title", c["label"]}, {"payload", c["id"]}});
      body["message"]["quick_replies"] = qr;
    }
    return http_post(url, headers, body.dump(), nullptr, false);
  });
}

Json line(const Send& s) {
  const std::string b = base(s);
  const std::string token = account_string(s, "channel_access_token");
  const bool reply = s.delivery == "reply";
  if (reply && s.reply_token.empty())
    throw Error("missing_field", "/to/reply_token is required when /delivery is \"reply\"", "/to/reply_token");
  // One request carries up to five messages; a reply token is spent by its first request.
  constexpr std::size_t per_request = 5;
  if (reply && s.parts.size() > per_request)
    throw Error("text_too_long", "/text: a LINE reply carries at most 5 messages; this text needs " + std::to_string(s.parts.size()), "/text");
  Json out = Json::array();
  for (std::size_t first = 0, n = 0; first < s.parts.size(); first += per_request, ++n) {
    Json messages = Json::array();
    for (std::size_t i = first; i < s.parts.size() && i < first + per_request; ++i) messages.push_back({{"type", "text"}, {"text", s.parts[i]}});
    if (!s.choices.is_null() && first + per_request >= s.parts.size()) {  // quick replies on the last message
      Json items = Json::array();
      for (const auto& c : s.choices["choices"])
        items.push_back({{"type", "action"}, {"action", {{"type", "message"}, {"label", c["label"]}, {"text", c["label"]}}}});
      messages.back()["quickReply"] = {{"items", items}};
    }
    Json headers = bearer(token);
    if (reply) {
      out.push_back(http_post(b + "/v2/bot/message/reply", headers, Json{{"replyToken", s.reply_token}, {"messages", messages}}.dump(), nullptr, false));
      continue;
    }
    // X-Line-Retry-Key must be a UUID: the key itself when it is one (first request), else derived.
    const std::string key = n == 0 && s.idempotency_key.size() == 36 && s.idempotency_key[8] == '-' && s.idempotency_key[13] == '-' &&
                                    s.idempotency_key[18] == '-' && s.idempotency_key[23] == '-'
                                ? s.idempotency_key
                                : uuid_from(s.idempotency_key + "-" + std::to_string(n));
    headers["X-Line-Retry-Key"] = key;
    out.push_back(http_post(b + "/v2/bot/message/push", headers, Json{{"to", s.to}, {"messages", messages}}.dump(),
                            {{"header", "X-Line-Retry-Key"}, {"key", key}}, true));
  }
  return out;
}

Json telegram(const Send& s) {
  const std::string url = base(s) + "/bot" + account_string(s, "bot_token") + "/sendMessage";
  // chat_id is an integer for users and groups (negative for groups), a string for @channels.
  bool numeric = !s.to.empty() && s.to.size() < 19;
  for (std::size_t i = 0; i < s.to.size(); ++i) numeric = numeric && ((s.to[i] >= '0' && s.to[i] <= '9') || (i == 0 && s.to[i] == '-' && s.to.size() > 1));
  const Json chat = numeric ? Json(std::stoll(s.to)) : Json(s.to);
  return each_part(s, [&](const std::string& part) {
    return http_post(url, {{"Content-Type", "application/json"}}, Json{{"chat_id", chat}, {"text", part}, {"parse_mode", "MarkdownV2"}}.dump(), nullptr, false);
  });
}

Json sms(const Send& s) {
  const std::string sid = account_string(s, "account_sid");
  const std::string url = base(s) + "/2010-04-01/Accounts/" + sid + "/Messages.json";
  const Json headers{{"Authorization", "Basic " + digest::base64(sid + ":" + account_string(s, "auth_token"))},
                     {"Content-Type", "application/x-www-form-urlencoded"}};
  const std::string from = account_string(s, "from");
  std::string callback = s.status_callback;
  if (callback.empty() && s.account.contains("status_callback") && s.account["status_callback"].is_string()) callback = s.account["status_callback"];
  return each_part(s, [&](const std::string& part) {
    std::string body = "To=" + percent(s.to) + "&From=" + percent(from) + "&Body=" + percent(part);
    if (!callback.empty()) body += "&StatusCallback=" + percent(callback);
    return http_post(url, headers, body, nullptr, false);
  });
}

Json wechat(const Send& s) {
  const std::string url = base(s) + "/cgi-bin/message/custom/send?access_token=" + percent(account_string(s, "access_token"));
  return each_part(s, [&](const std::string& part) {
    return http_post(url, {{"Content-Type", "application/json"}},
                     Json{{"touser", s.to}, {"msgtype", "text"}, {"text", {{"content", part}}}}.dump(), nullptr, false);
  });
}

// WeCom 微信客服 (developer.work.weixin.qq.com/document/path/94677): the relay puts its cached
// access token into the account. Each part names a msgid derived from the reply's idempotency key
// (≤ 32 of [0-9a-zA-Z_-]), so WeCom's answer and any later event name the part we sent; whether
// WeCom refuses a msgid it has seen is not documented, so a resend after a timeout stays unsafe.
Json wecom(const Send& s) {
  const std::string url = base(s) + "/cgi-bin/kf/send_msg?access_token=" + percent(account_string(s, "access_token"));
  if (s.open_kfid.empty())
    throw Error("missing_field", "/to/open_kfid is required to send on wecom (the customer-service account)", "/to/open_kfid");
  Json out = Json::array();
  for (std::size_t i = 0; i < s.parts.size(); ++i) {
    const std::string msgid = digest::hex(digest::sha256(s.idempotency_key + "-" + std::to_string(i))).substr(0, 32);
    out.push_back(http_post(url, {{"Content-Type", "application/json"}},
                            Json{{"touser", s.to}, {"open_kfid", s.open_kfid}, {"msgid", msgid}, {"msgtype", "text"}, {"text", {{"content", s.parts[i]}}}}.dump(),
                            nullptr, false));
  }
  return out;
}
}  // namespace parley::channels::outbound
