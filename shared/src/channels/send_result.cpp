// channels.send_result: a provider's answer to a send → sent or not, the provider's message id,
// and whether to try again. 5xx and 429 are worth a backoff; other 4xx never succeed unchanged
// and carry the provider's own words; LINE's 409 with x-line-accepted-request-id means an earlier
// try with the same retry key got through; WeChat reports failures in errcode with HTTP 200.
#include "parley/api.h"
#include "parley/channels.h"

namespace parley::channels {
namespace {
std::string text_of(const Json& o, const char* key) {
  if (!o.is_object() || !o.contains(key)) return "";
  const Json& v = o[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  return "";
}

const Json* header(const Json& headers, const std::string& name) {
  if (!headers.is_object()) return nullptr;
  for (auto it = headers.begin(); it != headers.end(); ++it) {
    std::string k = it.key();
    for (auto& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (k == name && it->is_string()) return &*it;
  }
  return nullptr;
}

Json ok(const std::string& id, const char* status) {
  Json out{{"ok", true}, {"status", status}, {"retry", "none"}};
  if (!id.empty()) out["provider_message_id"] = id;
  return out;
}

Json failed(const char* retry, const std::string& code, const std::string& message, const std::string& provider_code = "") {
  Json e{{"code", code}, {"message", message}};
  if (!provider_code.empty()) e["provider_code"] = provider_code;
  return {{"ok", false}, {"retry", retry}, {"error", e}};
}

// The provider's own error text and code, wherever its API puts them.
std::pair<std::string, std::string> provider_error(const std::string& channel, const Json& b, const std::string& raw) {
  if (channel == "whatsapp" || channel == "messenger" || channel == "instagram") {
    const Json e = b.is_object() && b.contains("error") ? b["error"] : Json::object();
    std::string m = text_of(e, "message");
    if (const Json* d = e.is_object() && e.contains("error_data") ? &e["error_data"] : nullptr; d && !text_of(*d, "details").empty())
      m += " (" + text_of(*d, "details") + ")";
    return {m, text_of(e, "code")};
  }
  if (channel == "line") {
    std::string m = text_of(b, "message");
    if (b.is_object() && b.contains("details") && b["details"].is_array())
      for (const auto& d : b["details"]) m += "; " + text_of(d, "property") + ": " + text_of(d, "message");
    return {m, ""};
  }
  if (channel == "telegram") return {text_of(b, "description"), text_of(b, "error_code")};
  if (channel == "sms") return {text_of(b, "message"), text_of(b, "code")};
  if (channel == "wechat" || channel == "wecom") return {text_of(b, "errmsg"), text_of(b, "errcode")};
  return {raw.substr(0, 300), ""};
}

// WeChat answers 200 and says in errcode whether it worked (mp.weixin.qq.com 全局返回码).
Json wechat_result(const std::string& channel, const Json& b) {
  const Json code = b.is_object() && b.contains("errcode") ? b["errcode"] : Json(0);
  const std::int64_t errcode = code.is_number_integer() ? code.get<std::int64_t>() : 0;
  const std::string msg = text_of(b, "errmsg"), c = std::to_string(errcode);
  if (errcode == 0) return ok(text_of(b, "msgid"), "sent");
  if (errcode == -1) return failed("backoff", "provider_busy", "WeChat is busy (errcode -1): " + msg, c);
  if (errcode == 45015)
    return failed("never", "outside_window", "the customer has not written in the last 48 hours (errcode 45015): " + msg, c);
  if (errcode == 45047)
    return failed("never", "message_limit", "5 messages were already sent since the customer last wrote (errcode 45047): " + msg, c);
  // WeCom's token comes from gettoken and is cached by the relay: a fresh one heals these.
  if (channel == "wecom" && (errcode == 42001 || errcode == 40014))
    return failed("refresh_token", "token_expired", "the access token is invalid or expired (errcode " + c + "): fetch a new one: " + msg, c);
  if (errcode == 40001 || errcode == 42001 || errcode == 40014)
    return failed("never", "unauthorized", "the access token is invalid or expired (errcode " + c + "): " + msg, c);
  if (errcode == 45009) return failed("backoff", "rate_limited", "the API's daily limit is reached (errcode 45009): " + msg, c);
  return failed("never", "provider_rejected", "WeChat errcode " + c + ": " + msg, c);
}

Json send_result_method(const Json& r) {
  const Json p = profile_for_request(r);
  const std::string channel = p["id"];
  const Json& st = require(r, "status", Json::value_t::number_integer);
  const std::int64_t status = st.get<std::int64_t>();
  if (status < 100 || status > 599) throw Error("invalid_value", "/status must be an HTTP status (100-599)", "/status");
  const Json headers = r.contains("headers") ? require(r, "headers", Json::value_t::object) : Json::object();
  const std::string raw = optional_string(r, "body", "");
  const Json b = Json::parse(raw, nullptr, false);  // a provider's error page need not be JSON
  const std::string s = std::to_string(status);

  if (status / 100 == 2) {
    if (channel == "wechat" || channel == "wecom") return wechat_result(channel, b);
    // Kakao's callback answers {taskId, status, message, timestamp} (UNVERIFIED beyond "SUCCESS").
    if (channel == "kakao_chat" && b.is_object() && b.contains("status") && b["status"] != "SUCCESS")
      return failed("never", "provider_rejected", "Kakao callback: " + text_of(b, "status") + " " + text_of(b, "message"), text_of(b, "status"));
    if (channel == "telegram" && b.is_object() && b.value("ok", true) == false) {
      auto [m, code] = provider_error(channel, b, raw);
      return failed("never", "provider_rejected", "Telegram: " + m, code);
    }
    std::string id;
    if (channel == "whatsapp" && b.is_object() && b.contains("messages") && b["messages"].is_array() && !b["messages"].empty())
      id = text_of(b["messages"][0], "id");
    else if (channel == "messenger" || channel == "instagram") id = text_of(b, "message_id");
    else if (channel == "line" && b.is_object() && b.contains("sentMessages") && b["sentMessages"].is_array() && !b["sentMessages"].empty())
      id = text_of(b["sentMessages"][0], "id");
    else if (channel == "telegram" && b.is_object() && b.contains("result")) id = text_of(b["result"], "message_id");
    else if (channel == "sms") id = text_of(b, "sid");
    // WhatsApp and Twilio queue the message and report its delivery later; the others have sent it.
    return ok(id, channel == "whatsapp" || channel == "sms" ? "accepted" : "sent");
  }
  if (channel == "line" && status == 409) {
    if (const Json* accepted = header(headers, "x-line-accepted-request-id")) {
      Json out = ok("", "accepted");
      out["accepted_request_id"] = *accepted;
      return out;
    }
  }
  auto [message, code] = provider_error(channel, b, raw);
  if (message.empty()) message = "HTTP " + s;
  Json out;
  if (status == 429 || status / 100 == 5) {
    out = failed("backoff", status == 429 ? "rate_limited" : "provider_unavailable", message, code);
    if (const Json* after = header(headers, "retry-after")) out["error"]["retry_after"] = *after;
  } else if (status / 100 == 4) {
    // Meta reports some transient conditions (throttling, a temporary outage) as 400 with a code.
    const bool meta_transient = (channel == "whatsapp" || channel == "messenger" || channel == "instagram") &&
                                (code == "4" || code == "2" || code == "80007" || code == "130429" || code == "131016" || code == "131000");
    out = meta_transient ? failed("backoff", "rate_limited", message, code)
                         : failed("never", status == 401 || status == 403 ? "unauthorized" : "provider_rejected", message, code);
  } else {
    out = failed("never", "unexpected_status", "HTTP " + s + " is not an answer a send expects: " + message, code);
  }
  out["error"]["status"] = status;
  return out;
}
PARLEY_METHOD("channels.send_result", send_result_method,
              "Classify a provider's answer to a send {channel, status, headers, body} → {ok, provider_message_id?, status, retry, error?}");
}  // namespace
}  // namespace parley::channels
