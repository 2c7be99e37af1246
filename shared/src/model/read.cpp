#include "read.h"

#include <algorithm>

namespace parley::model::read {
std::string one_of(const Json& object, std::string_view key, const std::string& path,
                   std::initializer_list<std::string_view> allowed, std::string fallback) {
  const Json* v = optional(object, key, Json::value_t::string, path);
  if (!v) return fallback;
  std::string s = v->get<std::string>();
  if (allowed.size() && std::find(allowed.begin(), allowed.end(), s) == allowed.end()) {
    std::string list;
    for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    throw Error("invalid_value", at(path, key) + " must be one of " + list + ", not \"" + s + "\"", at(path, key));
  }
  return s;
}

std::string nonempty(const Json& object, std::string_view key, const std::string& path) {
  std::string s = require_string(object, key, path);
  if (s.empty()) throw Error("invalid_value", at(path, key) + " must not be empty", at(path, key));
  return s;
}

std::string text(const Json& object, std::string_view key, const std::string& path) {
  return optional_string(object, key, "", path);
}

std::string url(const Json& object, std::string_view key, const std::string& path) {
  std::string s = optional_string(object, key, "", path);
  if (!s.empty() && s.rfind("https://", 0) != 0 && s.rfind("http://", 0) != 0)
    throw Error("invalid_value", at(path, key) + " must be an http(s) URL", at(path, key));
  return s;
}

void only_keys(const Json& object, const std::string& path, std::initializer_list<std::string_view> keys) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (std::find(keys.begin(), keys.end(), it.key()) == keys.end())
      throw Error("unknown_field", at(path, it.key()) + " is not a known field", at(path, it.key()));
  }
}
}  // namespace parley::model::read
