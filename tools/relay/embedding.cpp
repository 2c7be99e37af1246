// Which sites may embed the chat app: the workspace's `widget.embed_origins` plus every
// `--allow-origin`. The list becomes the chat app's `frame-ancestors` (the browser refuses to show
// the frame anywhere else) and is published in GET /api/v1/workspace so the chat app talks by
// postMessage only to a parent on one of these origins.
#include "relay/embedding.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace parley::relay {
namespace {
bool host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
}
}  // namespace

std::optional<std::string> normalize_origin(std::string_view text) {
  std::string s(text);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!s.empty() && s.back() == '/') s.pop_back();  // "https://shop.example/" is how people paste it
  std::string scheme;
  if (s.rfind("https://", 0) == 0) scheme = "https://";
  else if (s.rfind("http://", 0) == 0) scheme = "http://";
  else return std::nullopt;
  const std::string rest = s.substr(scheme.size());
  std::string host = rest, port;
  bool has_port = false;
  if (!rest.empty() && rest[0] == '[') {  // IPv6 literal: [::1]:8080
    const auto close = rest.find(']');
    if (close == std::string::npos) return std::nullopt;
    host = rest.substr(0, close + 1);
    const std::string after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return std::nullopt;
      port = after.substr(1);
      has_port = true;
    }
    if (!std::all_of(host.begin() + 1, host.end() - 1, [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == ':'; }))
      return std::nullopt;
  } else {
    const auto colon = rest.find(':');
    if (colon != std::string::npos) {
      host = rest.substr(0, colon);
      port = rest.substr(colon + 1);
      has_port = true;
    }
    if (host.empty() || !std::all_of(host.begin(), host.end(), host_char) || host.front() == '.' || host.back() == '.')
      return std::nullopt;
  }
  if (host.size() > 253) return std::nullopt;
  if (has_port) {
    if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::nullopt;
    const int n = std::stoi(port);
    if (n < 1 || n > 65535) return std::nullopt;
    // The default port is not part of the origin the browser reports.
    if ((scheme == "http://" && n == 80) || (scheme == "https://" && n == 443)) port.clear();
    else port = std::to_string(n);
  }
  return scheme + host + (port.empty() ? "" : ":" + port);
}

std::vector<std::string> origin_list(Json& workspace, const std::string& section, const std::string& key,
                                     const std::vector<std::string>& allowed, const std::string& flag) {
  std::vector<std::string> out;
  auto add = [&out](const std::string& origin) {
    if (std::find(out.begin(), out.end(), origin) == out.end()) out.push_back(origin);
  };
  if (!workspace.is_object()) throw std::runtime_error("workspace: must be a JSON object");
  const std::string at = "workspace /" + section;
  Json& part = workspace[section];
  if (part.is_null()) part = Json::object();
  if (!part.is_object()) throw std::runtime_error(at + ": must be an object");
  if (part.contains(key)) {
    const Json& list = part[key];
    if (!list.is_array()) throw std::runtime_error(at + "/" + key + ": must be an array of origins");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const auto origin = list[i].is_string() ? normalize_origin(list[i].get<std::string>()) : std::nullopt;
      if (!origin)
        throw std::runtime_error(at + "/" + key + "/" + std::to_string(i) + ": " + list[i].dump() +
                                 " is not an origin (http(s)://host[:port], no path)");
      add(*origin);
    }
  }
  for (const auto& text : allowed) {
    const auto origin = normalize_origin(text);
    if (!origin) throw std::runtime_error(flag + " " + text + ": not an origin (http(s)://host[:port], no path)");
    add(*origin);
  }
  part[key] = out;
  return out;
}

std::vector<std::string> embed_origins(Json& workspace, const std::vector<std::string>& allowed) {
  return origin_list(workspace, "widget", "embed_origins", allowed, "--allow-origin");
}

std::vector<std::string> assist_host_origins(Json& workspace, const std::vector<std::string>& allowed) {
  return origin_list(workspace, "assist", "host_origins", allowed, "--assist-host");
}

std::vector<std::string> connect_origins(const Json& workspace) {
  std::vector<std::string> out;
  const auto widget = workspace.is_object() ? workspace.find("widget") : workspace.end();
  if (widget == workspace.end() || !widget->is_object() || !widget->contains("connect_origins")) return out;
  const Json& list = widget->at("connect_origins");
  const std::string at = "workspace /widget/connect_origins";
  if (!list.is_array()) throw std::runtime_error(at + ": must be an array of origins");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto origin = list[i].is_string() ? normalize_origin(list[i].get<std::string>()) : std::nullopt;
    if (!origin)
      throw std::runtime_error(at + "/" + std::to_string(i) + ": " + list[i].dump() +
                               " is not an origin (http(s)://host[:port], no path)");
    if (std::find(out.begin(), out.end(), *origin) == out.end()) out.push_back(*origin);
  }
  return out;
}

std::string content_security_policy(const std::vector<std::string>& frame_ancestors,
                                    const std::vector<std::string>& connect) {
  std::string ancestors = "'self'", reach = "'self'";
  for (const auto& o : frame_ancestors) ancestors += " " + o;
  for (const auto& o : connect) {
    const bool tls = o.rfind("https://", 0) == 0;
    reach += " " + o + (tls ? " wss://" + o.substr(8) : " ws://" + o.substr(7));
  }
  return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; "
         "connect-src " + reach + "; worker-src 'self'; frame-src 'self'; frame-ancestors " +
         ancestors + "; base-uri 'none'; object-src 'none'; form-action 'self'";
}
}  // namespace parley::relay
