// Typed field access whose errors name the field, so a caller knows exactly what to fix.
#include "parley/api.h"

namespace parley {
namespace {
const char* type_name(Json::value_t t) {
  switch (t) {
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "a number";
    case Json::value_t::null: return "null";
    default: return "a value";
  }
}
bool has_type(const Json& v, Json::value_t t) {
  if (t == Json::value_t::number_float || t == Json::value_t::number_integer || t == Json::value_t::number_unsigned)
    return v.is_number();
  return v.type() == t;
}
std::string child(const std::string& path, std::string_view key) {
  std::string token;
  for (char c : key) token += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
  return path + "/" + token;
}
}  // namespace

void require_object(const Json& value, const std::string& path) {
  if (!value.is_object()) throw Error("invalid_type", (path.empty() ? std::string("request") : path) + " must be an object", path);
}

const Json* optional(const Json& object, std::string_view key, Json::value_t type, const std::string& path) {
  require_object(object, path);
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  if (!has_type(*it, type))
    throw Error("invalid_type", child(path, key) + " must be " + type_name(type) + ", not " + type_name(it->type()),
                child(path, key));
  return &*it;
}

const Json& require(const Json& object, std::string_view key, Json::value_t type, const std::string& path) {
  const Json* v = optional(object, key, type, path);
  if (!v) throw Error("missing_field", child(path, key) + " is required", child(path, key));
  return *v;
}

std::string require_string(const Json& object, std::string_view key, const std::string& path) {
  return require(object, key, Json::value_t::string, path).get<std::string>();
}

std::string optional_string(const Json& object, std::string_view key, std::string fallback, const std::string& path) {
  const Json* v = optional(object, key, Json::value_t::string, path);
  return v ? v->get<std::string>() : std::move(fallback);
}

double optional_number(const Json& object, std::string_view key, double fallback, const std::string& path) {
  const Json* v = optional(object, key, Json::value_t::number_float, path);
  return v ? v->get<double>() : fallback;
}
}  // namespace parley
