// Field readers shared by the model's parsers: every error carries the JSON pointer of the field.
#pragma once
#include "parley/api.h"

#include <initializer_list>
#include <string>
#include <string_view>

namespace parley::model::read {
inline std::string at(const std::string& path, std::string_view key) {
  std::string out = path + "/";
  for (char c : key) out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
  return out;
}
inline std::string at(const std::string& path, std::size_t index) { return path + "/" + std::to_string(index); }

// Optional string that, when present, must be one of `allowed` (empty list: anything non-empty).
std::string one_of(const Json& object, std::string_view key, const std::string& path,
                   std::initializer_list<std::string_view> allowed, std::string fallback);
std::string nonempty(const Json& object, std::string_view key, const std::string& path);  // required, not ""
std::string text(const Json& object, std::string_view key, const std::string& path);      // optional, "" default
// http(s) URL (the only schemes a page or attachment may have); optional, "" when absent.
std::string url(const Json& object, std::string_view key, const std::string& path);
// Rejects unknown keys so typos ("texxt") are caught, not silently ignored.
void only_keys(const Json& object, const std::string& path, std::initializer_list<std::string_view> keys);
}  // namespace parley::model::read
