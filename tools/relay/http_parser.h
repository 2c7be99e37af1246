// Reading HTTP/1.1 requests from raw bytes, strictly (RFC 9112): Boost.Beast's parser for the
// grammar and chunked bodies, plus the relay's own checks on framing, target and limits. Pure
// (bytes in, request or error out), so the server and the fuzz target (tests/fuzz) share it.
#pragma once
#include "relay/http_error.h"
#include "relay/http_message.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::relay::http1 {
struct Limits {
  std::size_t max_request_line = 8 * 1024;  // 414 beyond
  std::size_t max_header_bytes = 16 * 1024; // request line + fields; 431 beyond
  std::size_t max_headers = 100;            // 431 beyond
  std::uint64_t max_body = 10 * 1024 * 1024 + 1;  // 413 beyond (attachments: 10 MiB, checked by the route)
  // Per path prefix, first match wins: provider webhooks get their own ceilings (a webhook is
  // small; an e-mail with attachments is not), refused from Content-Length before any body byte.
  std::vector<std::pair<std::string, std::uint64_t>> body_limits = {
      {"/webhooks/email", 25u * 1024 * 1024}, {"/webhooks/", 1024u * 1024}};
};

// One request at a time: feed() the bytes received so far (the caller keeps what was not used
// and presents it again with what arrives next).
class RequestReader {
 public:
  explicit RequestReader(const Limits& limits = {});
  ~RequestReader();
  RequestReader(const RequestReader&) = delete;
  RequestReader& operator=(const RequestReader&) = delete;

  std::size_t feed(std::string_view bytes);  // bytes used
  bool header_done() const { return header_checked_; }
  bool done() const { return done_; }
  const std::optional<HttpError>& error() const { return error_; }  // the connection must close after answering
  bool expects_continue() const;  // Expect: 100-continue
  bool keep_alive() const;
  Request take();  // after done()

 private:
  void check_header();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  Limits limits_;
  bool header_checked_ = false, done_ = false;
  std::size_t header_used_ = 0;
  std::uint64_t body_limit_ = 0;  // this request's (limits.max_body or its path's)
  std::optional<HttpError> error_;
};

// "/a%20b?x=1&y=%2F" -> path "/a b", params; throws HttpError 400 on a bad or NUL escape, a path
// not starting with '/', or a ".." segment.
void parse_target(std::string_view target, Request& req);
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);

const char* reason(int status);
// {"error":{"code","message","path":""}} as a complete response.
Response error_response(int status, const std::string& code, const std::string& message);
// Status line and headers (Content-Length or chunked; Connection: close when not kept alive).
std::string serialize_head(const Response& res, bool keep_alive, bool chunked);
}  // namespace parley::relay::http1
