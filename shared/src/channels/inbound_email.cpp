// An e-mail as the relay receives it (raw RFC 5322, signed by the inbound hop): the sender, the
// thread (Message-ID, In-Reply-To, References), the new text without quoted history, attachments
// listed (not kept) and whether a machine answered (out-of-office, autoresponders, bulk).
#include "inbound.h"
#include "mail.h"

#include "parley/digest.h"
#include "parley/triage.h"

namespace parley::channels::inbound {
namespace {
// A machine wrote it: the auto-reply headers and out-of-office wording triage knows (one list for
// both), plus Precedence bulk/junk/list (RFC 3834 §2: never answer those automatically) and
// Lotus Notes' "AUTO:" subject.
bool auto_reply(const mail::Headers& h, const std::string& subject) {
  std::map<std::string, std::string> named;
  for (const auto& one : h) named.emplace(one.name, one.value);
  if (triage::auto_reply_headers(named)) return true;
  if (auto p = mail::find(h, "Precedence")) {
    const std::string v = mail::lower(*p);
    if (v == "bulk" || v == "junk" || v == "list") return true;
  }
  const std::string s = triage::normalize(subject);
  return s.rfind("auto:", 0) == 0 || triage::out_of_office_wording(s);
}

std::string attachment_type(const std::string& mime) {
  for (const char* t : {"image", "video", "audio"})
    if (mime.rfind(std::string(t) + "/", 0) == 0) return t;
  return "file";
}
}  // namespace

Batch email(const std::string& raw, std::int64_t received_at) {
  if (raw.empty()) throw Error("invalid_payload", "/body is empty (an RFC 5322 message is expected)", "/body");
  std::string text;  // line ends as LF from here on: CRLF, bare CR and LF all arrive
  text.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r') {
      text += '\n';
      if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
    } else text += raw[i];
  }
  auto [headers, body] = mail::split_message(text, "/body/headers");
  const std::string from_raw = mail::find(headers, "From").value_or("");
  if (from_raw.empty()) throw Error("invalid_payload", "/body/headers/from is required (who wrote the message)", "/body/headers/from");
  auto from = mail::parse_address(from_raw, "/body/headers/from");
  if (!from) throw Error("invalid_payload", "/body/headers/from has no e-mail address: " + from_raw.substr(0, from_raw.size() < 200 ? from_raw.size() : 200 - ((static_cast<unsigned char>(from_raw[200]) & 0xC0) == 0x80 ? 1 : 0)), "/body/headers/from");

  const std::string subject = mail::decode_words(mail::find(headers, "Subject").value_or(""), "/body/headers/subject");
  const auto own = mail::message_ids(mail::find(headers, "Message-ID").value_or(""));
  const auto irt = mail::message_ids(mail::find(headers, "In-Reply-To").value_or(""));
  const auto refs = mail::message_ids(mail::find(headers, "References").value_or(""));
  const std::string message_id = own.empty() ? "" : own.front();
  const std::string dedupe = message_id.empty() ? "email:sha256:" + digest::hex(digest::sha256(raw)) : "email:" + message_id;
  // The thread: its root when the message names one. A message that starts fresh continues the
  // customer's open conversation, as on every other channel (the relay's threading test wants it):
  // the thread key is then the sender's address, not the message's own id.
  const std::string root = !refs.empty() ? refs.front() : !irt.empty() ? irt.front() : "";
  std::int64_t at = received_at;
  if (auto d = mail::find(headers, "Date"))
    if (auto ms = mail::parse_date(*d)) at = *ms;

  const mail::Body b = mail::read_body(headers, body, "/body");
  const triage::EmailParts reply = triage::strip_email(b.text);

  Json atts = Json::array(), listed = Json::array();
  for (const auto& a : b.attachments) {
    Json one{{"type", attachment_type(a.content_type)}, {"bytes", a.size}};
    if (!a.content_type.empty()) one["mime"] = a.content_type;
    atts.push_back(one);
    listed.push_back({{"filename", a.filename}, {"content_type", a.content_type}, {"size", a.size}});
  }
  Json msg{{"id", message_id.empty() ? dedupe : message_id},
           {"conversation_id", root.empty() ? from->address : root},
           {"channel", "email"},
           {"direction", "inbound"},
           {"sender", {{"type", "customer"}, {"id", from->address}, {"name", from->name}}},
           {"text", reply.body},
           {"at", at}};
  if (!atts.empty()) msg["attachments"] = atts;
  if (reply.body.empty() && atts.empty()) msg["text"] = subject.empty() ? "[empty e-mail]" : subject;
  if (!irt.empty()) msg["reply_to"] = irt.front();

  Json email{{"message_id", message_id},
             {"in_reply_to", irt.empty() ? "" : irt.front()},
             {"references", refs},
             {"subject", subject},
             {"from", {{"address", from->address}, {"name", from->name}}},
             {"auto_reply", auto_reply(headers, subject)},
             {"quoted", reply.quoted}};
  if (!listed.empty()) email["attachments"] = listed;
  if (b.from_html) email["from_html"] = true;
  Json raw_headers = Json::object();  // the evidence kept: headers as received, not the bytes
  for (const auto& h : headers) raw_headers[mail::lower(h.name)] = mail::trim(h.value);
  Batch out;
  out.messages.push_back({msg, raw_headers, dedupe, {{"email", email}}});
  return out;
}
}  // namespace parley::channels::inbound
