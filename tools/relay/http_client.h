// A small HTTP/1.1 client for the outbox: one request per connection, http for loopback
// simulators and https (Boost.Asio SSL over OpenSSL, certificate and host name verified against
// the system's trust store) for real providers. Blocking for the caller, with a deadline; it
// runs on the outbox's own thread, never on the server's workers or event loops.
#pragma once
#include "relay/http_message.h"

#include <chrono>
#include <string>

namespace parley::relay::client {
struct HttpAnswer {
  // ok: a complete response was read. Otherwise `sent` says whether any request byte left
  // (false: the provider cannot have acted on it, so a resend is safe; true: ambiguous).
  bool ok = false;
  bool sent = false;
  bool timed_out = false;
  std::string error;  // what went wrong, for the agent and the log (never a header value)
  int status = 0;
  Fields headers;
  std::string body;
};

HttpAnswer request(const std::string& method, const std::string& url, const Fields& headers, const std::string& body,
                   std::chrono::milliseconds timeout);
}  // namespace parley::relay::client
