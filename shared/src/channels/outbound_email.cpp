// An agent's e-mail reply as a complete RFC 5322 message for the relay's SMTP client: threaded
// (In-Reply-To, References, "Re: " once), multipart/alternative text + HTML (the text escaped, never
// raw HTML from the agent), UTF-8 quoted-printable, RFC 2047 headers; every line CRLF and short.
// The Message-ID comes from the idempotency key, so a resend is the same message to the receiver.
#include "mail.h"
#include "outbound.h"

#include "parley/digest.h"
#include "parley/model.h"

#include <array>

namespace parley::channels::outbound {
namespace {
std::string two(int n) { return std::string{static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)}; }

// Unix ms → "Thu, 03 Dec 2026 17:32:29 +0000" (UTC: the core has no time zone to give).
std::string rfc5322_date(std::int64_t ms) {
  std::int64_t secs = ms / 1000 - (ms % 1000 < 0 ? 1 : 0);
  std::int64_t days = secs / 86400 - (secs % 86400 < 0 ? 1 : 0);
  const std::int64_t tod = secs - days * 86400;
  static const std::array<const char*, 7> wd = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static const std::array<const char*, 12> mon = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::string weekday = wd[static_cast<std::size_t>(((days % 7) + 7) % 7)];
  std::int64_t y = 0;
  unsigned m = 1, d = 1;
  model::civil_from_days(days, y, m, d);
  return weekday + ", " + two(static_cast<int>(d)) + " " + mon[m - 1] + " " + std::to_string(y) + " " + two(static_cast<int>(tod / 3600)) + ":" +
         two(static_cast<int>(tod / 60 % 60)) + ":" + two(static_cast<int>(tod % 60)) + " +0000";
}

std::string bracketed(const std::string& id) {
  std::string t = mail::trim(id);
  if (t.empty()) return t;
  if (t.front() != '<') t = "<" + t;
  if (t.back() != '>') t += ">";
  return t;
}

// "Re: " once: a subject that already says it (Re:, RE:, Aw:, Sv:, Antw:, 回复:) keeps its own.
std::string reply_subject(const std::string& subject) {
  const std::string l = mail::lower(subject);
  for (const char* prefix : {"re:", "aw:", "sv:", "antw:", "回复:", "答复:"})
    if (l.rfind(prefix, 0) == 0) return subject;
  return "Re: " + subject;
}

std::string address(const std::string& name, const std::string& addr) {
  if (name.empty()) return addr;
  bool plain = true;
  for (char c : name) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '-' || c == '.');
  const std::string n = plain ? name : [&] {
    const std::string enc = mail::encode_header_words(name);
    if (enc != name) return enc;
    std::string q = "\"";
    for (char c : name) q += c == '"' || c == '\\' ? std::string{'\\', c} : std::string(1, c);
    return q + "\"";
  }();
  return n + " <" + addr + ">";
}

bool valid_address(const std::string& a) {
  const std::size_t at = a.find('@');
  return at != std::string::npos && at > 0 && at + 1 < a.size() && a.find_first_of(" \t\r\n<>,;\"") == std::string::npos;
}
}  // namespace

Json email(const Send& s) {
  const std::string from = account_string(s, "from");
  if (!valid_address(from)) throw Error("invalid_value", "/account/from must be an e-mail address", "/account/from");
  if (!valid_address(s.to)) throw Error("invalid_value", "/to/id must be an e-mail address", "/to/id");
  const Json smtp = s.account.contains("smtp") && s.account["smtp"].is_object() ? s.account["smtp"] : Json::object();
  const std::string host = optional_string(smtp, "host", "", "/account/smtp");
  if (host.empty()) throw Error("missing_field", "/account/smtp/host is required to send e-mail", "/account/smtp/host");
  const Json port = smtp.contains("port") ? smtp["port"] : Json(25);
  if (!port.is_number_integer() || port.get<std::int64_t>() < 1 || port.get<std::int64_t>() > 65535)
    throw Error("invalid_value", "/account/smtp/port must be a TCP port (1-65535)", "/account/smtp/port");

  const Json thread = s.thread.is_object() ? s.thread : Json::object();
  const std::string in_reply_to = bracketed(optional_string(thread, "in_reply_to", "", "/thread"));
  std::vector<std::string> refs;
  if (const Json* rs = optional(thread, "references", Json::value_t::array, "/thread"))
    for (std::size_t i = 0; i < rs->size(); ++i) {
      if (!(*rs)[i].is_string()) throw Error("invalid_type", "/thread/references/" + std::to_string(i) + " must be a string", "/thread/references/" + std::to_string(i));
      if (auto b = bracketed((*rs)[i]); !b.empty()) refs.push_back(b);
    }
  if (!in_reply_to.empty() && (refs.empty() || refs.back() != in_reply_to)) refs.push_back(in_reply_to);
  std::string subject = mail::trim(optional_string(thread, "subject", "", "/thread"));
  if (subject.empty() && in_reply_to.empty()) throw Error("missing_field", "/thread/subject is required for an e-mail that starts a thread", "/thread/subject");
  if (!in_reply_to.empty()) subject = reply_subject(subject.empty() ? "(no subject)" : subject);

  const std::string domain = from.substr(from.find('@') + 1);
  const std::string hash = digest::hex(digest::sha256(s.idempotency_key));
  const std::string message_id = "<" + hash.substr(0, 32) + "@" + domain + ">";
  const std::string boundary = "=_parley_" + hash.substr(32, 24);  // "=_" never appears in quoted-printable
  const std::string name = s.account.contains("from_name") && s.account["from_name"].is_string() ? s.account["from_name"].get<std::string>() : "";

  std::string d;
  auto header = [&](const std::string& field, const std::string& value) { d += field + ": " + value + "\r\n"; };
  header("Message-ID", message_id);
  header("Date", rfc5322_date(s.now));
  header("From", address(name, from));
  header("To", s.to);
  header("Subject", mail::encode_header_words(subject));
  if (!in_reply_to.empty()) header("In-Reply-To", in_reply_to);
  if (!refs.empty()) {  // one id per line: References of a long thread stay under the line limit
    std::string v;
    for (std::size_t i = 0; i < refs.size(); ++i) v += (i ? "\r\n " : "") + refs[i];
    header("References", v);
  }
  header("MIME-Version", "1.0");
  header("Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
  d += "\r\n";
  auto part = [&](const char* type, const std::string& content) {
    d += "--" + boundary + "\r\nContent-Type: " + type + "; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
    d += mail::encode_quoted_printable(content) + "\r\n";
  };
  part("text/plain", s.plain);
  part("text/html", "<!DOCTYPE html>\n<html><body>\n" + s.html + "</body></html>\n");
  d += "--" + boundary + "--\r\n";
  return Json::array({{{"transport", "smtp"}, {"host", host}, {"port", port}, {"from", from}, {"to", Json::array({s.to})},
                       {"data", d}, {"message_id", message_id},
                       // The same Message-ID on a resend, but SMTP has no idempotency: a receiver may see it twice.
                       {"resend_after_timeout", "unsafe"}}});
}
}  // namespace parley::channels::outbound
