// Request routing (see router.h) and the small accessors of Request/Response.
#include "relay/router.h"

#include <cctype>

namespace parley::relay {
bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

namespace {
const std::string* find(const Fields& fields, std::string_view name, bool case_insensitive) {
  for (const auto& [k, v] : fields)
    if (case_insensitive ? iequals(k, name) : k == name) return &v;
  return nullptr;
}

std::vector<std::string> split(std::string_view path) {
  std::vector<std::string> out;
  std::size_t at = 1;  // paths start with '/'
  while (at <= path.size()) {
    const auto slash = path.find('/', at);
    const auto end = slash == std::string_view::npos ? path.size() : slash;
    out.emplace_back(path.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

bool id_segment(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (unsigned char c : s)
    if (!std::isalnum(c) && c != '_' && c != '-') return false;
  return true;
}
}  // namespace

bool Request::has_header(std::string_view name) const { return find(headers, name, true) != nullptr; }
std::string Request::get_header_value(std::string_view name) const {
  const auto* v = find(headers, name, true);
  return v ? *v : std::string();
}
bool Request::has_param(std::string_view name) const { return find(params, name, false) != nullptr; }
std::string Request::get_param_value(std::string_view name) const {
  const auto* v = find(params, name, false);
  return v ? *v : std::string();
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [k, v] : headers)
    if (iequals(k, name)) {
      v = std::move(value);
      return;
    }
  headers.emplace_back(std::move(name), std::move(value));
}
std::string Response::get_header_value(std::string_view name) const {
  const auto* v = find(headers, name, true);
  return v ? *v : std::string();
}
void Response::set_content(std::string content, std::string content_type) {
  body = std::move(content);
  set_header("Content-Type", std::move(content_type));
}

void Router::add(const std::string& method, const std::string& pattern, Handler h) {
  routes_.push_back({method, split(pattern), std::move(h)});
}

bool Router::dispatch(Request& req, Response& res) const {
  const std::string method = req.method == "HEAD" ? "GET" : req.method;
  if (method == "GET" && static_ && static_(req, res)) return true;
  const auto segments = split(req.path);
  for (const auto& r : routes_) {
    if (r.method != method || r.segments.size() != segments.size()) continue;
    std::vector<std::string> matches{req.path};
    bool ok = true;
    for (std::size_t i = 0; ok && i < segments.size(); ++i) {
      if (r.segments[i] == "{id}") {
        ok = id_segment(segments[i]);
        matches.push_back(segments[i]);
      } else {
        ok = r.segments[i] == segments[i];
      }
    }
    if (!ok) continue;
    req.matches = std::move(matches);
    r.handler(req, res);
    return true;
  }
  return false;
}
}  // namespace parley::relay
