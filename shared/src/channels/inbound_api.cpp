// channels.inbound: a provider's webhook call (headers + raw body) → verified, normalised Messages
// with dedupe keys. The signature is checked over the raw bytes before anything is parsed; a bad or
// missing signature is an error, never a silently accepted message.
#include "inbound.h"
#include "wecom.h"

#include "parley/api.h"
#include "parley/channels.h"
#include "parley/digest.h"
#include "parley/model.h"

#include <algorithm>

namespace parley::channels {
namespace {
std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// Header names are case-insensitive (HTTP); returns nullptr when absent.
const Json* header(const Json& headers, const std::string& name) {
  for (auto it = headers.begin(); it != headers.end(); ++it)
    if (lower(it.key()) == name) return &*it;
  return nullptr;
}

std::string header_value(const Json& headers, const std::string& name) {
  const Json* v = header(headers, name);
  if (!v) throw Error("missing_signature", "/headers/" + name + " is required to verify the sender", "/headers/" + name);
  if (!v->is_string()) throw Error("invalid_type", "/headers/" + name + " must be a string", "/headers/" + name);
  return v->get<std::string>();
}

void verify(const Json& sig, const Json& r, const std::string& body, const std::string& secret, const Json& form_pairs) {
  const std::string scheme = sig["scheme"];
  const std::string name = lower(sig.value("header", ""));
  const Json& headers = require(r, "headers", Json::value_t::object);
  bool ok = false;
  if (scheme == "hmac_sha256_hex") {
    std::string got = lower(header_value(headers, name));
    std::string want = sig.value("prefix", "") + digest::hex(digest::hmac_sha256(secret, body));
    ok = digest::constant_time_equal(got, want);
  } else if (scheme == "hmac_sha256_base64") {
    ok = digest::constant_time_equal(header_value(headers, name), digest::base64(digest::hmac_sha256(secret, body)));
  } else if (scheme == "secret_token") {
    ok = digest::constant_time_equal(header_value(headers, name), secret);
  } else if (scheme == "twilio_hmac_sha1") {
    // URL (as Twilio called it, query included) + every POST field sorted by name, name+value.
    std::string url = require_string(r, "url");
    std::vector<std::pair<std::string, std::string>> pairs = form_pairs.get<std::vector<std::pair<std::string, std::string>>>();
    std::stable_sort(pairs.begin(), pairs.end());
    std::string data = url;
    for (const auto& [k, v] : pairs) data += k + v;
    ok = digest::constant_time_equal(header_value(headers, name), digest::base64(digest::hmac_sha1(secret, data)));
  } else if (scheme == "wechat_sha1" || scheme == "wechat_sha1_aes") {
    // WeChat signs the query, not the body: hex SHA-1 of the sorted token, timestamp and nonce.
    // (WeCom's encrypted callbacks are checked by wecom::callback, over <Encrypt> as well.)
    const Json& q = require(r, "query", Json::value_t::object);
    auto param = [&](const char* key) {
      auto it = q.find(key);
      if (it == q.end() || !it->is_string())
        throw Error("missing_signature", std::string("/query/") + key + " is required to verify the sender", std::string("/query/") + key);
      return it->get<std::string>();
    };
    const std::string given = lower(q.contains("msg_signature") ? param("msg_signature") : param("signature"));
    std::vector<std::string> parts{secret, param("timestamp"), param("nonce")};
    std::sort(parts.begin(), parts.end());
    ok = digest::constant_time_equal(given, digest::hex(digest::sha1(parts[0] + parts[1] + parts[2])));
    if (!ok) throw Error("invalid_signature", "/query/signature does not match the token, timestamp and nonce", "/query/signature");
  } else {
    throw Error("unsupported_channel", "/channel: no inbound signature check for scheme \"" + scheme + "\"", "/channel");
  }
  if (!ok) throw Error("invalid_signature", "/headers/" + name + " does not match the body signed with the secret", "/headers/" + name);
}

Json inbound_method(const Json& r) {
  Json p = profile_for_request(r);
  const std::string channel = p["id"];
  const std::string body = require_string(r, "body");
  const std::string secret = require_string(r, "secret");
  if (secret.empty()) throw Error("invalid_value", "/secret must not be empty", "/secret");
  const bool form = channel == "sms";
  Json pairs = Json::array();
  if (form) pairs = inbound::parse_form(body);
  const bool xml = channel == "wechat" || channel == "wecom";
  if (channel != "whatsapp" && channel != "messenger" && channel != "instagram" && channel != "line" && channel != "telegram" && !form &&
      !xml && channel != "email" && channel != "kakao_chat")
    throw Error("unsupported_channel", "/channel: no inbound normaliser for \"" + channel + "\" yet", "/channel");

  // The e-mail profile describes the mail system (DKIM is the mail server's business); the hop
  // from the mail server to the relay is signed by Parley's own scheme over the raw message.
  // Kakao documents no request signature (CHANNELS.md §5): the skill is configured in Kakao's admin
  // centre with a header carrying a secret of the workspace's, compared in constant time.
  const Json signature = channel == "email"        ? Json{{"scheme", "hmac_sha256_hex"}, {"header", "x-parley-signature"}, {"prefix", "sha256="}}
                         : channel == "kakao_chat" ? Json{{"scheme", "secret_token"}, {"header", "x-parley-kakao-secret"}}
                                                   : p["signature"];
  inbound::Batch batch;
  if (channel == "wecom") {  // encrypted: the signature covers the body's <Encrypt>, checked before decrypting
    const std::string key = wecom::aes_key(require_string(r, "encoding_aes_key"), "/encoding_aes_key");
    batch = wecom::callback(body, require(r, "query", Json::value_t::object), secret, key, require_string(r, "receive_id"));
  } else if (verify(signature, r, body, secret, pairs); form) {
    Json fields = Json::object();
    for (const auto& pr : pairs) fields[pr[0].get<std::string>()] = pr[1];
    batch = inbound::twilio(fields, channel, model::require_time(r, "now"));
  } else if (xml) {
    batch = inbound::wechat(body, channel);
  } else if (channel == "email") {
    batch = inbound::email(body, model::require_time(r, "now"));
  } else {
    Json json = api::parse(body, "/body");
    if (!json.is_object()) throw Error("invalid_payload", "/body must be a JSON object", "/body");
    if (channel == "whatsapp") batch = inbound::whatsapp(json);
    else if (channel == "kakao_chat") batch = inbound::kakao(json, body, model::require_time(r, "now"));
    else if (channel == "line") batch = inbound::line(json);
    else if (channel == "telegram") batch = inbound::telegram(json);
    else batch = inbound::meta_messaging(json, channel);
  }

  const Json messages = inbound::normalised(batch);
  return Json{{"channel", channel},
              {"signature", {{"scheme", signature["scheme"]}, {"valid", true}}},
              {"messages", messages},
              {"events", batch.events}};
}
PARLEY_METHOD("channels.inbound", inbound_method,
              "Verify and normalise a webhook {channel, headers, body, secret, url?, now?; wecom: query, encoding_aes_key, receive_id} "
              "into Messages with dedupe keys");

// Meta's subscription handshake: GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…
Json verify_subscription(const Json& r) {
  const Json& q = require(r, "query", Json::value_t::object);
  std::string token = require_string(r, "verify_token");
  std::string mode = optional_string(q, "hub.mode", "", "/query");
  std::string given = optional_string(q, "hub.verify_token", "", "/query");
  std::string challenge = require_string(q, "hub.challenge", "/query");
  if (mode != "subscribe") throw Error("invalid_value", "/query/hub.mode must be \"subscribe\"", "/query/hub.mode");
  if (token.empty() || !digest::constant_time_equal(given, token))
    throw Error("invalid_signature", "/query/hub.verify_token does not match", "/query/hub.verify_token");
  return Json{{"challenge", challenge}};
}
PARLEY_METHOD("channels.verify_subscription", verify_subscription,
              "Meta webhook handshake {query:{hub.mode, hub.verify_token, hub.challenge}, verify_token} → {challenge}");
}  // namespace

namespace inbound {
Json normalised(Batch& batch) {
  Json messages = Json::array();
  for (std::size_t i = 0; i < batch.messages.size(); ++i) {
    auto& item = batch.messages[i];
    model::Message m;
    try {
      m = model::parse_message(item.message, "/message");
    } catch (const Error& e) {
      throw Error("invalid_payload", "/body: message " + std::to_string(i) + " does not make a valid Message: " + e.what(), "/body");
    }
    m.raw = item.raw;  // the provider's object, exactly as received
    Json out{{"message", model::to_json(m)}, {"dedupe_key", item.dedupe_key}};
    for (auto it = item.extra.begin(); it != item.extra.end(); ++it) out[it.key()] = *it;
    messages.push_back(out);
  }
  return messages;
}
}  // namespace inbound
}  // namespace parley::channels
