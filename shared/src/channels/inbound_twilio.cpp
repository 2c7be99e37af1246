// Twilio messaging webhook (form post, twilio.com/docs/messaging/guides/webhook-request). It has
// no timestamp, so the time the request was received is an input. Dedupe by MessageSid.
#include "inbound.h"

namespace parley::channels::inbound {
Batch twilio(const Json& form, const std::string& channel, std::int64_t received_at) {
  std::string sid = str(form, "MessageSid");
  if (sid.empty()) sid = str(form, "SmsSid");
  if (sid.empty()) throw Error("invalid_payload", "/body: MessageSid is required", "/body");
  // A status callback of a message we sent (the relay sets StatusCallback to this webhook).
  if (const std::string st = str(form, "MessageStatus"); !st.empty() && st != "received") {
    Batch b;
    const std::string status = st == "undelivered" ? "failed" : st;  // queued/accepted/sending: progress, not a delivery status
    Json ev = status_event("twilio:status:" + sid + ":" + st, sid, status, received_at, form);
    ev["recipient"] = str(form, "To");
    if (!str(form, "ErrorCode").empty())
      ev["error"] = {{"code", str(form, "ErrorCode")}, {"message", str(form, "ErrorMessage").empty() ? "Twilio error " + str(form, "ErrorCode") : str(form, "ErrorMessage")}};
    b.events.push_back(ev);
    return b;
  }
  std::string from = str(form, "From"), to = str(form, "To");
  if (from.empty()) throw Error("invalid_payload", "/body: From is required", "/body");
  Json msg{{"id", sid},
           {"conversation_id", channel + ":" + to + ":" + from},
           {"channel", channel},
           {"direction", "inbound"},
           {"sender", {{"type", "customer"}, {"id", from}}},
           {"text", str(form, "Body")},
           {"at", received_at}};
  int media = 0;
  for (char c : str(form, "NumMedia"))
    if (c >= '0' && c <= '9') media = media * 10 + (c - '0');
  Json atts = Json::array();
  for (int i = 0; i < media && i < 10; ++i) {
    std::string url = str(form, ("MediaUrl" + std::to_string(i)).c_str());
    std::string mime = str(form, ("MediaContentType" + std::to_string(i)).c_str());
    std::string type = mime.rfind("image/", 0) == 0 ? "image" : mime.rfind("video/", 0) == 0 ? "video" : mime.rfind("audio/", 0) == 0 ? "audio" : "file";
    Json a{{"type", type}, {"mime", mime}};
    if (url.rfind("https://", 0) == 0) a["url"] = url;
    atts.push_back(a);
  }
  if (!atts.empty()) msg["attachments"] = atts;
  Batch b;
  b.messages.push_back({msg, form, "twilio:" + sid, {{"segments", str(form, "NumSegments")}}});
  return b;
}
}  // namespace parley::channels::inbound
