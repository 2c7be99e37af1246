// Internal: inbound webhook normalisers, one per provider family. Each returns the normalised
// items of one webhook call; the signature has already been checked by inbound_api.cpp.
#pragma once
#include "parley/api.h"

#include <string>
#include <vector>

namespace parley::channels::inbound {
struct Item {
  Json message;       // a Message in the model's shape (before model::parse_message validates it)
  Json raw;           // the provider's own object for this message, kept as received
  std::string dedupe_key;
  Json extra = Json::object();  // provider facts the window calculator needs (reply token, redelivery)
};

struct Batch {
  std::vector<Item> messages;
  Json events = Json::array();  // statuses, reads, deliveries, follows…: {type, dedupe_key, raw}
};

// `body` is the parsed JSON body (or form fields for Twilio, as an object of strings).
Batch whatsapp(const Json& body);
Batch meta_messaging(const Json& body, const std::string& channel);  // messenger, instagram
Batch line(const Json& body);
Batch telegram(const Json& body);
Batch twilio(const Json& form, const std::string& channel, std::int64_t received_at);

// application/x-www-form-urlencoded → ordered (name, value) pairs; nullopt-free: bad escapes stay literal.
std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body);

// The batch's messages validated as the model's Messages: [{message, dedupe_key, …extra}]; a
// message the model refuses is invalid_payload naming its index.
Json normalised(Batch& batch);

// Helpers shared by the normalisers.
int hex_value(char c);  // 0–15 for a hex digit, else -1
std::int64_t unix_seconds(const std::string& s);  // a CreateTime of digits, else -1
// {"type":"status","dedupe_key","provider_message_id","status","at","raw"}: every delivery status.
Json status_event(const std::string& key, const std::string& provider_id, const std::string& status, const Json& at, const Json& raw);
std::string str(const Json& object, const char* key);  // "" unless a string (numbers are printed)
Json field(const Json& object, const char* key);       // null unless present
}  // namespace parley::channels::inbound

namespace parley::channels::inbound {
// WeChat Official Account / WeCom plaintext XML (one message or event per call). `channel` is
// "wechat" or "wecom": the same <xml> shape, MsgId as the dedupe key, events by sender + time.
Batch wechat(const std::string& xml, const std::string& channel);
// A raw RFC 5322 message (the relay's e-mail hop); `received_at` stands in for a missing Date.
Batch email(const std::string& raw, std::int64_t received_at);
// A Kakao i Open Builder skill request (`raw` its bytes, hashed for the dedupe key); Kakao gives
// no time, so the message is at `received_at`.
Batch kakao(const Json& body, const std::string& raw, std::int64_t received_at);
}  // namespace parley::channels::inbound
