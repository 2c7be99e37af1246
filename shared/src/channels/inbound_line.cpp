// LINE webhooks (line-openapi webhook.yml CallbackRequest): message events become Messages with
// their reply token (single use, ~1 minute); other events are reported, deduped by webhookEventId.
#include "inbound.h"

namespace parley::channels::inbound {
Batch line(const Json& body) {
  Json events = field(body, "events");
  if (!events.is_array()) throw Error("invalid_payload", "/body/events must be an array", "/body/events");
  Batch b;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Json& ev = events[i];
    std::string p = "/body/events/" + std::to_string(i);
    std::string event_id = str(ev, "webhookEventId");
    if (event_id.empty()) throw Error("invalid_payload", p + "/webhookEventId is required", p + "/webhookEventId");
    Json ts = field(ev, "timestamp");
    if (!ts.is_number_integer()) throw Error("invalid_payload", p + "/timestamp must be Unix milliseconds", p + "/timestamp");
    Json source = field(ev, "source");
    std::string user = str(source, "userId");
    std::string thread = str(source, "groupId");
    if (thread.empty()) thread = str(source, "roomId");
    if (thread.empty()) thread = user;
    bool redelivery = field(field(ev, "deliveryContext"), "isRedelivery") == true;
    Json message = field(ev, "message");
    if (str(ev, "type") == "message" && message.is_object()) {
      std::string type = str(message, "type");
      Json msg{{"id", str(message, "id")},
               {"conversation_id", "line:" + thread},
               {"channel", "line"},
               {"direction", "inbound"},
               {"sender", {{"type", "customer"}, {"id", user}}},
               {"text", type == "text" ? str(message, "text") : ""},
               {"at", ts}};
      if (type == "image" || type == "video" || type == "audio" || type == "file" || type == "sticker" || type == "location")
        msg["attachments"] = Json::array({{{"type", type}}});
      else if (type != "text")
        msg["text"] = "[" + type + "]";
      std::string quoted = str(message, "quotedMessageId");
      if (!quoted.empty()) msg["reply_to"] = quoted;
      Json extra{{"redelivery", redelivery}};
      std::string token = str(ev, "replyToken");
      if (!token.empty()) extra["reply_token"] = token;
      b.messages.push_back({msg, ev, "line:" + event_id, extra});
    } else {
      b.events.push_back({{"type", str(ev, "type")}, {"dedupe_key", "line:" + event_id}, {"redelivery", redelivery}, {"raw", ev}});
    }
  }
  return b;
}
}  // namespace parley::channels::inbound
