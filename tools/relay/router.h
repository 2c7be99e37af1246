// Which handler answers a request: literal path segments and `{id}` segments (1–64 of
// [A-Za-z0-9_-], captured into Request::matches). Plain string comparisons, no regex, so no
// path can make matching slow or deep.
#pragma once
#include "relay/http_message.h"

#include <string>
#include <vector>

namespace parley::relay {
class Router {
 public:
  void get(const std::string& pattern, Handler h) { add("GET", pattern, std::move(h)); }
  void post(const std::string& pattern, Handler h) { add("POST", pattern, std::move(h)); }
  // Tried first for GET and HEAD; returns false when it has no such file.
  void set_static(std::function<bool(const Request&, Response&)> files) { static_ = std::move(files); }

  // False when nothing matches (the server answers 404). HEAD is routed as GET.
  bool dispatch(Request& req, Response& res) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{id}" captures
    Handler handler;
  };
  void add(const std::string& method, const std::string& pattern, Handler h);
  std::vector<Route> routes_;
  std::function<bool(const Request&, Response&)> static_;
};
}  // namespace parley::relay
