// Telegram Update (telegram-bot-api-spec api.json): message / edited_message / business_message
// become Messages, callback_query a Message with the button's data; dedupe by update_id.
#include "inbound.h"

namespace parley::channels::inbound {
Batch telegram(const Json& body) {
  Json update_id = field(body, "update_id");
  if (!update_id.is_number_integer()) throw Error("invalid_payload", "/body/update_id must be an integer", "/body/update_id");
  const std::string key = "telegram:" + std::to_string(update_id.get<std::int64_t>());
  Batch b;
  for (const char* kind : {"message", "edited_message", "business_message"}) {
    Json m = field(body, kind);
    if (!m.is_object()) continue;
    std::string p = std::string("/body/") + kind;
    Json date = field(m, "date");
    if (!date.is_number_integer()) throw Error("invalid_payload", p + "/date must be Unix seconds", p + "/date");
    std::string chat = str(field(m, "chat"), "id");
    std::string from = str(field(m, "from"), "id");
    std::string text = str(m, "text");
    if (text.empty()) text = str(m, "caption");
    // Telegram users have a first name and maybe a last name (no "full name" field).
    std::string name = str(field(m, "from"), "first_name");
    if (const std::string last = str(field(m, "from"), "last_name"); !last.empty()) name += (name.empty() ? "" : " ") + last;
    Json msg{{"id", chat + ":" + str(m, "message_id")},
             {"conversation_id", "telegram:" + chat},
             {"channel", "telegram"},
             {"direction", "inbound"},
             {"sender", {{"type", "customer"}, {"id", from}, {"name", name}}},
             {"text", text},
             {"at", date.get<std::int64_t>() * 1000}};
    Json atts = Json::array();
    if (field(m, "photo").is_array()) atts.push_back({{"type", "image"}});
    if (field(m, "document").is_object()) atts.push_back({{"type", "file"}, {"mime", str(field(m, "document"), "mime_type")}});
    if (field(m, "voice").is_object() || field(m, "audio").is_object()) atts.push_back({{"type", "audio"}});
    if (field(m, "video").is_object()) atts.push_back({{"type", "video"}});
    if (field(m, "sticker").is_object()) atts.push_back({{"type", "sticker"}});
    if (field(m, "location").is_object()) atts.push_back({{"type", "location"}});
    if (!atts.empty()) msg["attachments"] = atts;
    if (text.empty() && atts.empty()) msg["text"] = "[unsupported]";
    std::string reply = str(field(m, "reply_to_message"), "message_id");
    if (!reply.empty()) msg["reply_to"] = chat + ":" + reply;
    b.messages.push_back({msg, m, key, {{"edited", std::string(kind) == "edited_message"}}});
  }
  if (Json q = field(body, "callback_query"); q.is_object()) {
    std::string chat = str(field(field(q, "message"), "chat"), "id");
    Json date = field(field(q, "message"), "date");
    Json msg{{"id", "callback:" + str(q, "id")},
             {"conversation_id", "telegram:" + chat},
             {"channel", "telegram"},
             {"direction", "inbound"},
             {"sender", {{"type", "customer"}, {"id", str(field(q, "from"), "id")}}},
             {"text", str(q, "data").empty() ? "[callback]" : str(q, "data")},
             {"at", date.is_number_integer() ? date.get<std::int64_t>() * 1000 : 0}};
    b.messages.push_back({msg, q, key, {{"callback_query_id", str(q, "id")}}});
  }
  if (b.messages.empty()) b.events.push_back({{"type", "update"}, {"dedupe_key", key}, {"raw", body}});
  return b;
}
}  // namespace parley::channels::inbound
