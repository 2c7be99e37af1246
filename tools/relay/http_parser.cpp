// Strict HTTP/1.1 request reading (see http_parser.h).
#include "relay/http_parser.h"

#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

namespace parley::relay::http1 {
namespace beast_http = boost::beast::http;

struct RequestReader::Impl {
  beast_http::request_parser<beast_http::string_body> parser;
};

RequestReader::RequestReader(const Limits& limits) : impl_(std::make_unique<Impl>()), limits_(limits) {
  impl_->parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
  impl_->parser.body_limit(limits.max_body);
  body_limit_ = limits.max_body;
  impl_->parser.eager(false);  // stop after the header: framing is checked before any body byte
}
RequestReader::~RequestReader() = default;

namespace {
HttpError bad(const std::string& code, const std::string& message) { return HttpError(400, code, message); }

HttpError from_beast(const boost::system::error_code& ec, std::string_view bytes, const Limits& limits, std::uint64_t body_limit) {
  using E = beast_http::error;
  if (ec == E::header_limit) {
    const auto eol = bytes.find('\n');
    if (eol == std::string_view::npos || eol > limits.max_request_line)
      return HttpError(414, "uri_too_long", "the request line is longer than " + std::to_string(limits.max_request_line) + " bytes");
    return HttpError(431, "headers_too_large", "the request header is larger than " + std::to_string(limits.max_header_bytes) + " bytes");
  }
  if (ec == E::body_limit)
    return HttpError(413, "body_too_large", "request body is larger than the relay accepts here (at most " + std::to_string(body_limit) + " bytes)");
  if (ec == E::bad_content_length || ec == E::multiple_content_length)
    return bad("bad_content_length", "Content-Length must be one decimal number, given once");
  if (ec == E::bad_transfer_encoding) return bad("bad_transfer_encoding", "Transfer-Encoding must be chunked, alone, without Content-Length");
  if (ec == E::bad_chunk || ec == E::bad_chunk_extension) return bad("bad_chunk", "malformed chunked body");
  return bad("bad_request", "malformed request: " + ec.message());
}

bool digits(std::string_view s) {
  if (s.empty() || s.size() > 18) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::size_t RequestReader::feed(std::string_view bytes) {
  std::size_t used = 0;
  auto& p = impl_->parser;
  while (!done_ && !error_) {
    boost::system::error_code ec;
    const std::size_t n = p.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    used += n;
    if (!p.is_header_done()) header_used_ += n;  // Beast consumes the start line once it is complete
    if (ec == beast_http::error::need_more) {
      // Beast only notices an oversized header once it exceeds its limit; say which part is too long.
      if (!p.is_header_done() && header_used_ == 0 && bytes.size() - used > limits_.max_request_line &&
          bytes.substr(used, limits_.max_request_line + 1).find('\n') == std::string_view::npos)
        error_ = HttpError(414, "uri_too_long", "the request line is longer than " + std::to_string(limits_.max_request_line) + " bytes");
      break;
    }
    if (ec) {
      error_ = from_beast(ec, header_used_ ? std::string_view("\n") : bytes.substr(used), limits_, body_limit_);
      break;
    }
    if (p.is_header_done() && !header_checked_) {
      header_checked_ = true;
      try {
        check_header();
      } catch (const HttpError& e) {
        error_ = e;
        break;
      }
      p.eager(true);
    }
    if (p.is_done()) {
      done_ = true;
      break;
    }
    if (n == 0 && used >= bytes.size()) break;
  }
  return used;
}

// What Beast lets through that RFC 9112 (or the relay) does not.
void RequestReader::check_header() {
  const auto& h = impl_->parser.get();
  std::size_t count = 0, lengths = 0, encodings = 0, hosts = 0;
  for (const auto& f : h) {
    ++count;
    const auto name = f.name_string();
    const auto value = f.value();
    if (iequals(name, "Content-Length")) {
      ++lengths;
      if (!digits(std::string_view(value.data(), value.size())))
        throw bad("bad_content_length", "Content-Length must be one decimal number, given once");
    } else if (iequals(name, "Transfer-Encoding")) {
      ++encodings;
      if (!iequals(std::string_view(value.data(), value.size()), "chunked"))
        throw bad("bad_transfer_encoding", "the relay accepts only Transfer-Encoding: chunked");
    } else if (iequals(name, "Host")) {
      ++hosts;
    }
    for (char c : value)
      if (c == '\0' || c == '\r' || c == '\n') throw bad("bad_header", "a header value contains a control character");
  }
  if (count > limits_.max_headers)
    throw HttpError(431, "too_many_headers", "more than " + std::to_string(limits_.max_headers) + " header fields");
  if (lengths > 1) throw bad("bad_content_length", "Content-Length must be one decimal number, given once");
  if (encodings > 1) throw bad("bad_transfer_encoding", "Transfer-Encoding must be given once");
  if (lengths && encodings) throw bad("bad_transfer_encoding", "Transfer-Encoding and Content-Length together");
  if (h.version() == 11 && hosts != 1) throw bad("bad_host", "an HTTP/1.1 request needs exactly one Host header");
  if (h.version() != 11 && h.version() != 10) throw HttpError(505, "http_version_not_supported", "only HTTP/1.0 and HTTP/1.1");
  const auto target = h.target();
  const std::size_t line = h.method_string().size() + target.size() + 10;  // "GET " + target + " HTTP/1.1"
  if (line > limits_.max_request_line)
    throw HttpError(414, "uri_too_long", "the request line is longer than " + std::to_string(limits_.max_request_line) + " bytes");
  Request probe;
  parse_target(std::string_view(target.data(), target.size()), probe);
  for (const auto& [prefix, limit] : limits_.body_limits) {
    if (probe.path.rfind(prefix, 0) != 0) continue;
    impl_->parser.body_limit(limit);  // Beast applies it to chunks from here on
    body_limit_ = limit;
    // Beast compared Content-Length with the limit it had when the header ended: compare again.
    if (const auto length = impl_->parser.content_length(); length && *length > limit)
      throw HttpError(413, "body_too_large", "request body is larger than the relay accepts here (at most " + std::to_string(limit) + " bytes)");
    break;
  }
}

bool RequestReader::expects_continue() const {
  const auto& h = impl_->parser.get();
  const auto it = h.find(beast_http::field::expect);
  return it != h.end() && iequals(std::string_view(it->value().data(), it->value().size()), "100-continue");
}

bool RequestReader::keep_alive() const { return impl_->parser.get().keep_alive(); }

Request RequestReader::take() {
  auto msg = impl_->parser.release();
  Request req;
  req.method = std::string(msg.method_string());
  req.target = std::string(msg.target());
  for (const auto& f : msg) req.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
  req.body = std::move(msg.body());
  parse_target(req.target, req);
  return req;
}

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return std::nullopt;
    out += c;
  }
  return out;
}

void parse_target(std::string_view target, Request& req) {
  if (target.empty() || target.front() != '/') throw bad("bad_target", "the request target must be a path starting with /");
  const auto q = target.find('?');
  const auto raw_path = target.substr(0, q);
  auto path = percent_decode(raw_path, false);
  if (!path) throw bad("bad_path", "the path has a bad percent-encoding or a NUL byte");
  for (unsigned char c : *path)
    if (c < 0x20 || c == 0x7f) throw bad("bad_path", "the path contains a control character");
  // No ".." segment, however encoded: nothing may climb out of a mount.
  for (std::size_t at = 0; (at = path->find("..", at)) != std::string::npos; at += 2) {
    const bool starts = at == 0 || (*path)[at - 1] == '/' || (*path)[at - 1] == '\\';
    const bool ends = at + 2 == path->size() || (*path)[at + 2] == '/' || (*path)[at + 2] == '\\';
    if (starts && ends) throw bad("bad_path", "the path contains a .. segment");
  }
  req.path = std::move(*path);
  req.params.clear();
  if (q == std::string_view::npos) return;
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (part.empty()) continue;
    const auto eq = part.find('=');
    auto key = percent_decode(part.substr(0, eq), true);
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1), true);
    if (!key || !value) throw bad("bad_query", "the query has a bad percent-encoding or a NUL byte");
    req.params.emplace_back(std::move(*key), std::move(*value));
  }
}

const char* reason(int status) {
  switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 426: return "Upgrade Required";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Status";
  }
}

Response error_response(int status, const std::string& code, const std::string& message) {
  Response res;
  res.status = status;
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Cache-Control", "no-store");
  res.set_content(Json{{"error", {{"code", code}, {"message", message}, {"path", ""}}}}.dump(), "application/json");
  return res;
}

std::string serialize_head(const Response& res, bool keep_alive, bool chunked) {
  std::string out = "HTTP/1.1 " + std::to_string(res.status) + " " + reason(res.status) + "\r\n";
  for (const auto& [k, v] : res.headers) {
    if (iequals(k, "Content-Length") || iequals(k, "Transfer-Encoding") || iequals(k, "Connection")) continue;
    out += k;
    out += ": ";
    out += v;
    out += "\r\n";
  }
  if (chunked) out += "Transfer-Encoding: chunked\r\n";
  else if (res.status != 204 && res.status != 304 && !(res.status >= 100 && res.status < 200))
    out += "Content-Length: " + std::to_string(res.body.size()) + "\r\n";
  if (res.status == 101) out += "Connection: Upgrade\r\n";
  else if (!keep_alive) out += "Connection: close\r\n";
  out += "\r\n";
  return out;
}
}  // namespace parley::relay::http1
