// The relay's own HTTP request and response, independent of the server library: routes see only
// these, so the server (server.cpp, Boost.Beast on Asio) can change without touching them.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parley::relay {
using Fields = std::vector<std::pair<std::string, std::string>>;

bool iequals(std::string_view a, std::string_view b);

struct Request {
  std::string method;  // GET, POST … (HEAD is routed as GET)
  std::string target;  // as sent: /path?query
  std::string path;    // percent-decoded, never contains NUL
  Fields headers;
  Fields params;       // query parameters, decoded ('+' is a space)
  std::string body;
  std::vector<std::string> matches;  // [0] the path, [1…] the route's {id} segments
  std::string remote_addr;

  bool has_header(std::string_view name) const;
  std::string get_header_value(std::string_view name) const;  // first value, "" when absent
  bool has_param(std::string_view name) const;
  std::string get_param_value(std::string_view name) const;
};

// A response body produced over time (Server-Sent Events). The server drives it: poll() on an
// I/O thread must not block; when it asks for a replay, replay() runs on a worker thread (it
// may read SQLite). `wake` (set by the server before the first poll) may be called from any
// thread when poll() may have something new.
class BodyStream {
 public:
  virtual ~BodyStream() = default;
  enum class Next { wait, replay, done };
  virtual Next poll(std::string& out) = 0;  // appends bytes to send; `wait`: nothing more for now
  virtual void replay(std::string& out) = 0;
  virtual void set_wake(std::function<void()> wake) = 0;
  // How the server frames what poll/replay append: HTTP chunks (SSE), or nothing because the bytes
  // are WebSocket frames already (after a 101 Switching Protocols).
  virtual bool websocket() const { return false; }
};

struct Response {
  int status = 200;
  Fields headers;
  std::string body;
  std::shared_ptr<BodyStream> stream;  // set: the body is streamed (chunked) until it is done

  void set_header(std::string name, std::string value);  // replaces a header of the same name
  std::string get_header_value(std::string_view name) const;
  void set_content(std::string content, std::string content_type);
};

using Handler = std::function<void(const Request&, Response&)>;
}  // namespace parley::relay
