// A small SMTP client for e-mail replies (RFC 5321): EHLO, MAIL FROM, RCPT TO, DATA with
// dot-stuffing, QUIT, every step under a deadline. Plain TCP: it hands the message to the
// workspace's own relay (a local MTA), which does the delivery, TLS and retries onward.
#pragma once
#include <chrono>
#include <string>
#include <vector>

namespace parley::relay::client {
struct SmtpAnswer {
  bool ok = false;         // the server accepted the message (250 after the data)
  bool ambiguous = false;  // the connection failed after the final dot, before the answer: it may have it
  int code = 0;            // the last reply code (0: no reply)
  std::string stage;       // connect | greeting | ehlo | mail | rcpt | data | message | quit
  std::string reply;       // the server's text, or what failed
};

SmtpAnswer smtp_send(const std::string& host, int port, const std::string& helo, const std::string& from,
                     const std::vector<std::string>& to, const std::string& data, std::chrono::milliseconds timeout);

// "a\r\n.b\r\n" → "a\r\n..b\r\n" and a CRLF at the end (RFC 5321 §4.5.2).
std::string dot_stuff(const std::string& data);
}  // namespace parley::relay::client
