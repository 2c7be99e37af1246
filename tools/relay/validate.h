// Request validation beyond types: unknown fields, length limits, enums. Errors name the field
// with a JSON pointer so a client (or a person reading a log) knows exactly what to fix.
#pragma once
#include "parley/api.h"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace parley::relay::validate {
std::string child(const std::string& path, std::string_view key);

// Throws unknown_field for the first key of `object` not in `allowed` (object must be an object).
void only_fields(const Json& object, std::initializer_list<std::string_view> allowed, const std::string& path = "");

// A string field limited to `max_chars` code points (too_long otherwise); nullopt when absent/null.
std::optional<std::string> string_field(const Json& object, std::string_view key, std::size_t max_chars,
                                        const std::string& path = "", bool required = false);

// An integer field (invalid_type for 1.5 or "1"), within [min, max] (invalid_value otherwise).
std::optional<std::int64_t> integer_field(const Json& object, std::string_view key, std::int64_t min, std::int64_t max,
                                          const std::string& path = "", bool required = false);

// session_context as documented in docs/relay-api.yaml (SessionContext); returns it unchanged.
const Json& session_context(const Json& context, const std::string& path);
}  // namespace parley::relay::validate
