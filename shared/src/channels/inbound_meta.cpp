// Meta webhooks: WhatsApp Cloud API (object "whatsapp_business_account") and Messenger /
// Instagram (object "page" / "instagram"). Field names from meta-whatsapp-openapi WebhookPayload
// and Meta's Messenger webhook reference (CHANNELS.md §1–3).
#include "inbound.h"

namespace parley::channels::inbound {
namespace {
std::int64_t seconds_string(const Json& v) {
  std::string s = v.is_string() ? v.get<std::string>() : v.is_number() ? std::to_string(v.get<std::int64_t>()) : "";
  std::int64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return s.empty() ? -1 : n;
}

const Json& array_at(const Json& o, const char* key) {
  static const Json empty = Json::array();
  if (!o.is_object()) return empty;
  auto it = o.find(key);
  return it != o.end() && it->is_array() ? *it : empty;
}

}  // namespace

// One shape for every delivery status, whichever provider reported it (contract, "Core methods").
Json status_event(const std::string& key, const std::string& provider_id, const std::string& status, const Json& at, const Json& raw) {
  // A provider's other states (Twilio queued/sending, WhatsApp deleted…) are progress, not a status.
  const bool delivery = status == "sent" || status == "delivered" || status == "read" || status == "failed";
  return {{"type", delivery ? "status" : "status_progress"}, {"dedupe_key", key}, {"provider_message_id", provider_id}, {"status", status}, {"at", at}, {"raw", raw}};
}

namespace {
// The customer-visible text of a WhatsApp message, whatever its type.
std::string whatsapp_text(const Json& m) {
  std::string type = str(m, "type");
  if (type == "text") return str(field(m, "text"), "body");
  if (type == "interactive") {
    Json i = field(m, "interactive");
    Json reply = field(i, "button_reply");
    if (reply.is_null()) reply = field(i, "list_reply");
    return str(reply, "title");
  }
  if (type == "button") return str(field(m, "button"), "text");
  if (type == "reaction") return str(field(m, "reaction"), "emoji");
  for (const char* media : {"image", "video", "document"})
    if (type == media) return str(field(m, media), "caption");
  return "";
}
}  // namespace

Batch whatsapp(const Json& body) {
  if (str(body, "object") != "whatsapp_business_account")
    throw Error("invalid_payload", "/body/object must be \"whatsapp_business_account\"", "/body/object");
  Batch b;
  const Json& entries = array_at(body, "entry");
  for (std::size_t e = 0; e < entries.size(); ++e) {
    const Json& changes = array_at(entries[e], "changes");
    for (std::size_t c = 0; c < changes.size(); ++c) {
      Json value = field(changes[c], "value");
      std::string phone_id = str(field(value, "metadata"), "phone_number_id");
      const Json& messages = array_at(value, "messages");
      for (std::size_t i = 0; i < messages.size(); ++i) {
        const Json& m = messages[i];
        std::string p = "/body/entry/" + std::to_string(e) + "/changes/" + std::to_string(c) + "/value/messages/" + std::to_string(i);
        std::string id = str(m, "id"), from = str(m, "from");
        if (id.empty()) throw Error("invalid_payload", p + "/id is required", p + "/id");
        if (from.empty()) throw Error("invalid_payload", p + "/from is required", p + "/from");
        std::int64_t ts = seconds_string(field(m, "timestamp"));
        if (ts < 0) throw Error("invalid_payload", p + "/timestamp must be Unix seconds", p + "/timestamp");
        std::string name;
        for (const auto& contact : array_at(value, "contacts"))
          if (str(contact, "wa_id") == from) name = str(field(contact, "profile"), "name");
        Json msg{{"id", id},
                 {"conversation_id", "whatsapp:" + phone_id + ":" + from},
                 {"channel", "whatsapp"},
                 {"direction", "inbound"},
                 {"sender", {{"type", "customer"}, {"id", from}, {"name", name}}},
                 {"text", whatsapp_text(m)},
                 {"at", ts * 1000}};
        std::string type = str(m, "type");
        for (const char* media : {"image", "video", "audio", "document", "sticker"}) {
          if (type != media) continue;
          Json a{{"type", std::string(media) == "document" ? "file" : media}, {"mime", str(field(m, media), "mime_type")}};
          msg["attachments"] = Json::array({a});
        }
        if (type == "location") msg["attachments"] = Json::array({{{"type", "location"}}});
        std::string reply_to = str(field(m, "context"), "id");
        if (!reply_to.empty()) msg["reply_to"] = reply_to;
        if (msg["text"] == "" && !msg.contains("attachments")) msg["text"] = "[" + type + "]";  // unsupported types stay visible
        b.messages.push_back({msg, m, "whatsapp:" + id, Json::object()});
      }
      for (const auto& s : array_at(value, "statuses")) {
        const std::string id = str(s, "id"), st = str(s, "status");
        const std::int64_t ts = seconds_string(field(s, "timestamp"));
        Json ev = status_event("whatsapp:status:" + id + ":" + st, id, st, ts < 0 ? nullptr : Json(ts * 1000), s);
        ev["recipient"] = str(s, "recipient_id");
        const Json& errors = array_at(s, "errors");
        if (!errors.empty()) {
          std::string message = str(errors[0], "message");
          if (message.empty()) message = str(errors[0], "title");
          ev["error"] = {{"code", str(errors[0], "code")}, {"message", message}};
        }
        b.events.push_back(ev);
      }
    }
  }
  return b;
}

Batch meta_messaging(const Json& body, const std::string& channel) {
  const std::string expected = channel == "instagram" ? "instagram" : "page";
  if (str(body, "object") != expected)
    throw Error("invalid_payload", "/body/object must be \"" + expected + "\"", "/body/object");
  Batch b;
  const Json& entries = array_at(body, "entry");
  for (std::size_t e = 0; e < entries.size(); ++e) {
    const Json& events = array_at(entries[e], "messaging");
    for (std::size_t i = 0; i < events.size(); ++i) {
      const Json& ev = events[i];
      std::string p = "/body/entry/" + std::to_string(e) + "/messaging/" + std::to_string(i);
      std::string sender = str(field(ev, "sender"), "id"), recipient = str(field(ev, "recipient"), "id");
      Json ts = field(ev, "timestamp");
      if (!ts.is_number_integer() || ts.get<std::int64_t>() < 0)
        throw Error("invalid_payload", p + "/timestamp must be Unix milliseconds", p + "/timestamp");
      Json message = field(ev, "message"), postback = field(ev, "postback");
      if (message.is_object() && !field(message, "is_echo").is_boolean()) {
        std::string mid = str(message, "mid");
        if (mid.empty()) throw Error("invalid_payload", p + "/message/mid is required", p + "/message/mid");
        Json msg{{"id", mid},
                 {"conversation_id", channel + ":" + recipient + ":" + sender},
                 {"channel", channel},
                 {"direction", "inbound"},
                 {"sender", {{"type", "customer"}, {"id", sender}}},
                 {"text", str(message, "text")},
                 {"at", ts}};
        Json atts = Json::array();
        for (const auto& a : array_at(message, "attachments")) {
          std::string t = str(a, "type");
          if (t != "image" && t != "video" && t != "audio" && t != "file" && t != "sticker" && t != "location") t = "file";
          std::string url = str(field(a, "payload"), "url");
          Json att{{"type", t}};
          if (url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0) att["url"] = url;
          atts.push_back(att);
        }
        if (!atts.empty()) msg["attachments"] = atts;
        std::string reply_to = str(field(message, "reply_to"), "mid");
        if (!reply_to.empty()) msg["reply_to"] = reply_to;
        Json extra = Json::object();
        std::string qr = str(field(message, "quick_reply"), "payload");
        if (!qr.empty()) extra["quick_reply_payload"] = qr;
        if (msg["text"] == "" && atts.empty()) msg["text"] = "[unsupported]";
        b.messages.push_back({msg, ev, channel + ":" + mid, extra});
      } else if (postback.is_object()) {
        // A tapped button is the customer speaking: it becomes a message with the button's title.
        std::string mid = str(postback, "mid");
        std::string id = mid.empty() ? "postback:" + sender + ":" + std::to_string(ts.get<std::int64_t>()) : mid;
        Json msg{{"id", id},
                 {"conversation_id", channel + ":" + recipient + ":" + sender},
                 {"channel", channel},
                 {"direction", "inbound"},
                 {"sender", {{"type", "customer"}, {"id", sender}}},
                 {"text", str(postback, "title").empty() ? "[postback]" : str(postback, "title")},
                 {"at", ts}};
        b.messages.push_back({msg, ev, channel + ":" + id, {{"postback_payload", str(postback, "payload")}}});
      } else if (Json delivery = field(ev, "delivery"); delivery.is_object()) {
        // Delivered: each listed mid; without mids, everything up to the watermark (the reader's
        // side of the conversation is the event's sender).
        const Json& mids = array_at(delivery, "mids");
        for (const auto& mid : mids)
          if (mid.is_string())
            b.events.push_back(status_event(channel + ":delivery:" + mid.get<std::string>(), mid.get<std::string>(), "delivered", ts, ev));
        if (mids.empty() && field(delivery, "watermark").is_number_integer()) {
          Json e = status_event(channel + ":delivery:" + sender + ":" + str(delivery, "watermark"), "", "delivered", ts, ev);
          e.erase("provider_message_id");
          e["watermark"] = delivery["watermark"];
          e["recipient"] = sender;
          b.events.push_back(e);
        }
      } else if (Json read = field(ev, "read"); read.is_object()) {
        Json e = status_event(channel + ":read:" + sender + ":" + str(read, "watermark"), "", "read", ts, ev);
        e.erase("provider_message_id");
        e["watermark"] = field(read, "watermark").is_number_integer() ? read["watermark"] : ts;
        e["recipient"] = sender;
        b.events.push_back(e);
      } else {
        std::string type = message.is_object() ? "echo" : field(ev, "delivery").is_object() ? "delivery"
                         : field(ev, "read").is_object() ? "read" : field(ev, "reaction").is_object() ? "reaction" : "other";
        std::string key = channel + ":" + type + ":" + sender + ":" + std::to_string(ts.get<std::int64_t>());
        if (type == "echo") key = channel + ":" + str(message, "mid");
        b.events.push_back({{"type", type}, {"dedupe_key", key}, {"raw", ev}});
      }
    }
  }
  return b;
}
}  // namespace parley::channels::inbound
