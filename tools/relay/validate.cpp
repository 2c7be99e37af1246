// Validators for the relay's request bodies (see validate.h).
#include "relay/validate.h"

#include "parley/text.h"

namespace parley::relay::validate {

std::string child(const std::string& path, std::string_view key) {
  std::string token;
  for (char c : key) token += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
  return path + "/" + token;
}

void only_fields(const Json& object, std::initializer_list<std::string_view> allowed, const std::string& path) {
  require_object(object, path);
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (auto a : allowed) known = known || a == key;
    if (!known) throw Error("unknown_field", child(path, key) + " is not a known field", child(path, key));
  }
}

std::optional<std::string> string_field(const Json& object, std::string_view key, std::size_t max_chars,
                                        const std::string& path, bool required) {
  const Json* v = required ? &require(object, key, Json::value_t::string, path)
                           : optional(object, key, Json::value_t::string, path);
  if (!v) return std::nullopt;
  const auto& s = v->get_ref<const std::string&>();
  // api::parse already rejected invalid UTF-8, so counting code points is safe.
  if (text::code_point_count(s) > max_chars)
    throw Error("too_long", child(path, key) + " is longer than " + std::to_string(max_chars) + " characters",
                child(path, key));
  return s;
}

std::optional<std::int64_t> integer_field(const Json& object, std::string_view key, std::int64_t min, std::int64_t max,
                                          const std::string& path, bool required) {
  const Json* v = required ? &require(object, key, Json::value_t::number_integer, path)
                           : optional(object, key, Json::value_t::number_integer, path);
  if (!v) return std::nullopt;
  if (!v->is_number_integer() && !v->is_number_unsigned())
    throw Error("invalid_type", child(path, key) + " must be an integer", child(path, key));
  if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(max))
    throw Error("invalid_value", child(path, key) + " must be at most " + std::to_string(max), child(path, key));
  const auto n = v->get<std::int64_t>();
  if (n < min || n > max)
    throw Error("invalid_value",
                child(path, key) + " must be between " + std::to_string(min) + " and " + std::to_string(max),
                child(path, key));
  return n;
}

namespace {
// Free-form objects (cart items, custom attributes) hold scalars only: nothing nested to render.
void scalar_object(const Json& object, const std::string& path, std::size_t max_keys) {
  require_object(object, path);
  if (object.size() > max_keys)
    throw Error("too_many_fields", path + " has more than " + std::to_string(max_keys) + " fields", path);
  for (const auto& [key, value] : object.items()) {
    if (value.is_object() || value.is_array())
      throw Error("invalid_type", child(path, key) + " must be a string, number, boolean or null", child(path, key));
    if (key.size() > 128) throw Error("too_long", child(path, key) + ": field names are at most 128 bytes", child(path, key));
    if (value.is_string() && text::code_point_count(value.get_ref<const std::string&>()) > 2048)
      throw Error("too_long", child(path, key) + " is longer than 2048 characters", child(path, key));
  }
}

const Json& array_field(const Json& object, std::string_view key, std::size_t max_items, const std::string& path) {
  const Json& a = *optional(object, key, Json::value_t::array, path);
  if (a.size() > max_items)
    throw Error("too_many_items", child(path, key) + " has more than " + std::to_string(max_items) + " items",
                child(path, key));
  return a;
}
}  // namespace

const Json& session_context(const Json& c, const std::string& path) {
  only_fields(c, {"page_url", "page_title", "referrer", "utm", "locale", "timezone", "user_agent", "cart",
                  "pages_seen", "custom"},
              path);
  string_field(c, "page_url", 2048, path);
  string_field(c, "page_title", 512, path);
  string_field(c, "referrer", 2048, path);
  string_field(c, "locale", 35, path);
  string_field(c, "timezone", 64, path);
  string_field(c, "user_agent", 512, path);
  if (const Json* utm = optional(c, "utm", Json::value_t::object, path)) {
    const auto p = child(path, "utm");
    only_fields(*utm, {"source", "medium", "campaign", "term", "content"}, p);
    for (auto k : {"source", "medium", "campaign", "term", "content"}) string_field(*utm, k, 256, p);
  }
  if (optional(c, "cart", Json::value_t::array, path)) {
    const auto& cart = array_field(c, "cart", 100, path);
    for (std::size_t i = 0; i < cart.size(); ++i) scalar_object(cart[i], child(path, "cart") + "/" + std::to_string(i), 32);
  }
  if (optional(c, "pages_seen", Json::value_t::array, path)) {
    const auto& pages = array_field(c, "pages_seen", 100, path);
    for (std::size_t i = 0; i < pages.size(); ++i) {
      const auto p = child(path, "pages_seen") + "/" + std::to_string(i);
      if (pages[i].is_string()) {
        if (text::code_point_count(pages[i].get_ref<const std::string&>()) > 2048)
          throw Error("too_long", p + " is longer than 2048 characters", p);
      } else if (pages[i].is_object()) {
        scalar_object(pages[i], p, 8);
      } else {
        throw Error("invalid_type", p + " must be a URL string or an object {url, title, at}", p);
      }
    }
  }
  if (const Json* custom = optional(c, "custom", Json::value_t::object, path)) scalar_object(*custom, child(path, "custom"), 50);
  if (c.dump().size() > 32 * 1024) throw Error("too_large", path + " is larger than 32 KiB", path);
  return c;
}
}  // namespace parley::relay::validate
