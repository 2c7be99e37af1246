// channels.wecom_*: what the relay needs around WeCom 微信客服 besides channels.inbound (the
// callback) and channels.outbound (kf/send_msg): the URL-verification handshake, the gettoken and
// kf/sync_msg requests and the reading of their answers, and sealing a callback (tests and the
// bench sign and encrypt the way WeCom does). Time and randomness are inputs.
#include "outbound.h"
#include "wecom.h"
#include "xml.h"

#include "parley/api.h"
#include "parley/digest.h"
#include "parley/model.h"

namespace parley::channels {
namespace {
using outbound::percent;

std::string non_empty(const Json& o, const char* key, const std::string& at) {
  const std::string v = require_string(o, key, at);
  if (v.empty()) throw Error("invalid_value", at + "/" + key + " must not be empty", at + "/" + key);
  return v;
}

// What to do about an errcode (developer.work.weixin.qq.com 全局错误码): -1 busy and the rate
// limits wait; 40014/42001 mean the access token is bad or expired (fetch a new one and retry);
// 95007 means the callback's sync token is no longer valid (pull without it); the rest never heal.
const char* retry_of(std::int64_t errcode) {
  if (errcode == -1 || errcode == 45009 || errcode == 45033) return "backoff";
  if (errcode == 40014 || errcode == 42001) return "refresh_token";
  if (errcode == 95007) return "drop_token";
  return "never";
}

// A WeCom API answer as JSON with its errcode: nullopt when errcode is 0.
std::optional<Json> api_error(const Json& b) {
  const Json code = b.contains("errcode") ? b["errcode"] : Json(0);
  if (!code.is_number_integer()) throw Error("invalid_payload", "/body/errcode must be a whole number", "/body/errcode");
  const std::int64_t n = code.get<std::int64_t>();
  if (n == 0) return std::nullopt;
  return Json{{"ok", false}, {"errcode", n}, {"errmsg", b.value("errmsg", "")}, {"retry", retry_of(n)}};
}

Json parse_answer(const Json& r) {
  const Json b = api::parse(require_string(r, "body"), "/body");
  if (!b.is_object()) throw Error("invalid_payload", "/body must be a JSON object", "/body");
  return b;
}

// GET ?msg_signature&timestamp&nonce&echostr: the signature covers echostr; the answer is its plaintext.
Json verify_url(const Json& r) {
  const Json& q = require(r, "query", Json::value_t::object);
  const std::string token = non_empty(r, "token", ""), receive_id = non_empty(r, "receive_id", "");
  const std::string key = wecom::aes_key(require_string(r, "encoding_aes_key"), "/encoding_aes_key");
  std::string given = require_string(q, "msg_signature", "/query");
  for (auto& c : given) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string ts = require_string(q, "timestamp", "/query"), nonce = require_string(q, "nonce", "/query");
  const std::string echostr = require_string(q, "echostr", "/query");
  if (!digest::constant_time_equal(given, wecom::signature(token, ts, nonce, echostr)))
    throw Error("invalid_signature", "/query/msg_signature does not match the token, timestamp, nonce and echostr", "/query/msg_signature");
  return {{"echo", wecom::open(key, echostr, receive_id, "/query/echostr")}};
}
PARLEY_METHOD("channels.wecom_verify_url", verify_url,
              "WeCom callback URL verification {query:{msg_signature, timestamp, nonce, echostr}, token, encoding_aes_key, receive_id} → {echo}");

// The requests the relay sends besides kf/send_msg: gettoken (GET), kf/sync_msg (POST) and
// media/get (GET; the answer is the file's bytes, or a JSON errcode).
Json request(const Json& r) {
  const std::string kind = require_string(r, "kind");
  const Json& account = require(r, "account", Json::value_t::object);
  std::string base = non_empty(account, "api_base", "/account");
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (kind == "gettoken") {
    // The secret travels in the query, as WeCom requires: the relay never logs request URLs.
    return {{"method", "GET"},
            {"url", base + "/cgi-bin/gettoken?corpid=" + percent(non_empty(account, "corp_id", "/account")) +
                        "&corpsecret=" + percent(non_empty(account, "secret", "/account"))},
            {"headers", Json::object()},
            {"body", ""}};
  }
  if (kind == "sync_msg") {
    Json body{{"cursor", optional_string(r, "cursor", "")}, {"limit", 1000}};
    if (const Json* l = optional(r, "limit", Json::value_t::number_unsigned)) {
      if (*l < 1 || *l > 1000) throw Error("invalid_value", "/limit must be from 1 to 1000", "/limit");
      body["limit"] = *l;
    }
    if (const std::string t = optional_string(r, "sync_token", ""); !t.empty()) body["token"] = t;
    body["open_kfid"] = non_empty(r, "open_kfid", "");
    return {{"method", "POST"},
            {"url", base + "/cgi-bin/kf/sync_msg?access_token=" + percent(non_empty(r, "access_token", ""))},
            {"headers", {{"Content-Type", "application/json"}}},
            {"body", body.dump()}};
  }
  if (kind == "media_get") {  // a customer's image, voice, video or file by its media_id (valid for 3 days)
    return {{"method", "GET"},
            {"url", base + "/cgi-bin/media/get?access_token=" + percent(non_empty(r, "access_token", "")) +
                        "&media_id=" + percent(non_empty(r, "media_id", ""))},
            {"headers", Json::object()},
            {"body", ""}};
  }
  throw Error("invalid_value", "/kind must be \"gettoken\", \"sync_msg\" or \"media_get\"", "/kind");
}
PARLEY_METHOD("channels.wecom_request", request,
              "A WeCom API request {kind: gettoken|sync_msg|media_get, account:{api_base, corp_id, secret}, access_token?, open_kfid?, cursor?, sync_token?, limit?, media_id?}");

// gettoken's answer → the token and when to stop using it (five minutes early, so a send never
// leaves with a token that expires on the way).
Json token(const Json& r) {
  const std::int64_t now = model::require_time(r, "now");
  const Json b = parse_answer(r);
  if (auto e = api_error(b)) return *e;
  const std::string t = b.value("access_token", "");
  if (t.empty()) throw Error("invalid_payload", "/body/access_token is required", "/body/access_token");
  const Json in = b.value("expires_in", Json(7200));
  if (!in.is_number_integer() || in.get<std::int64_t>() <= 0)
    throw Error("invalid_payload", "/body/expires_in must be a positive number of seconds", "/body/expires_in");
  const std::int64_t life = in.get<std::int64_t>() * 1000;
  return {{"ok", true}, {"access_token", t}, {"expires_at", now + std::max<std::int64_t>(life / 2, life - 300000)}};
}
PARLEY_METHOD("channels.wecom_token", token, "Read WeCom's gettoken answer {body, now} → {ok, access_token, expires_at} or {ok:false, errcode, retry}");

// kf/sync_msg's answer → normalised messages and events, the cursor to keep and whether to pull again.
Json sync(const Json& r) {
  const Json b = parse_answer(r);
  if (auto e = api_error(b)) return *e;
  const Json list = b.value("msg_list", Json::array());
  if (!list.is_array()) throw Error("invalid_payload", "/body/msg_list must be an array", "/body/msg_list");
  inbound::Batch batch = wecom::sync_items(list);
  const Json has_more = b.value("has_more", Json(0));
  if (!has_more.is_number_integer() && !has_more.is_boolean())
    throw Error("invalid_payload", "/body/has_more must be 0 or 1", "/body/has_more");
  const std::string next = b.value("next_cursor", "");
  const bool more = has_more.is_boolean() ? has_more.get<bool>() : has_more.get<std::int64_t>() != 0;
  if (more && next.empty()) throw Error("invalid_payload", "/body/next_cursor is required when has_more is 1", "/body/next_cursor");
  return {{"ok", true}, {"channel", "wecom"}, {"messages", inbound::normalised(batch)}, {"events", batch.events},
          {"next_cursor", next}, {"has_more", more}};
}
PARLEY_METHOD("channels.wecom_sync", sync,
              "Read a WeCom kf/sync_msg answer {body} → {ok, messages, events, next_cursor, has_more} or {ok:false, errcode, retry}");

// A callback as WeCom sends it: the message sealed, the envelope, the signed query.
Json seal(const Json& r) {
  const std::string token = non_empty(r, "token", ""), receive_id = non_empty(r, "receive_id", "");
  const std::string key = wecom::aes_key(require_string(r, "encoding_aes_key"), "/encoding_aes_key");
  const std::string random_hex = require_string(r, "random_hex");
  std::string random;
  for (std::size_t i = 0; i + 1 < random_hex.size(); i += 2) {
    const int hi = inbound::hex_value(random_hex[i]), lo = inbound::hex_value(random_hex[i + 1]);
    if (hi < 0 || lo < 0) break;
    random += static_cast<char>(hi * 16 + lo);
  }
  if (random.size() != 16 || random_hex.size() != 32) throw Error("invalid_value", "/random_hex must be 32 hex digits (16 bytes)", "/random_hex");
  const std::string ts = non_empty(r, "timestamp", ""), nonce = non_empty(r, "nonce", "");
  const std::string encrypt = wecom::seal(key, require_string(r, "message"), receive_id, random);
  const std::string sig = wecom::signature(token, ts, nonce, encrypt);
  return {{"encrypt", encrypt},
          {"msg_signature", sig},
          {"body", "<xml><ToUserName><![CDATA[" + receive_id + "]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>"},
          {"query", "msg_signature=" + sig + "&timestamp=" + percent(ts) + "&nonce=" + percent(nonce)}};
}
PARLEY_METHOD("channels.wecom_seal", seal,
              "Seal a WeCom callback {token, encoding_aes_key, receive_id, message, timestamp, nonce, random_hex} → {encrypt, msg_signature, body, query}");
}  // namespace
}  // namespace parley::channels
