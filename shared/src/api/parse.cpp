// Parsing requests with errors that say where: a SAX pass tracks the JSON pointer so a syntax
// error or invalid UTF-8 names the field it is in, not just a byte offset.
#include "parley/api.h"
#include "parley/text.h"

#include <optional>
#include <set>
#include <vector>

namespace parley::api {
namespace {
std::string escape_pointer_token(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// Follows the parser to know where it is; only used after a failed parse or to look for a
// duplicate key, so speed is secondary. With `find_duplicates` it stops at the first repeated key.
struct PathTracker : nlohmann::json_sax<Json> {
  struct Level { bool object; std::string key; std::size_t index; std::set<std::string> keys; };
  std::vector<Level> stack;
  std::string error;
  std::size_t error_at = 0;
  bool find_duplicates = false;
  std::optional<std::string> duplicate;  // its JSON pointer

  void value_done() { if (!stack.empty() && !stack.back().object) ++stack.back().index; }
  bool null() override { value_done(); return true; }
  bool boolean(bool) override { value_done(); return true; }
  bool number_integer(number_integer_t) override { value_done(); return true; }
  bool number_unsigned(number_unsigned_t) override { value_done(); return true; }
  bool number_float(number_float_t, const string_t&) override { value_done(); return true; }
  bool string(string_t&) override { value_done(); return true; }
  bool binary(binary_t&) override { value_done(); return true; }
  bool start_object(std::size_t) override { stack.push_back({true, "", 0, {}}); return true; }
  bool key(string_t& k) override {
    stack.back().key = k;
    if (find_duplicates && !stack.back().keys.insert(k).second) {
      duplicate = pointer();
      return false;  // one is enough
    }
    return true;
  }
  bool end_object() override { stack.pop_back(); value_done(); return true; }
  bool start_array(std::size_t) override { stack.push_back({false, "", 0, {}}); return true; }
  bool end_array() override { stack.pop_back(); value_done(); return true; }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    error = ex.what();
    error_at = position;
    return false;
  }
  std::string pointer() const {
    std::string p;
    for (const auto& l : stack) {
      p += '/';
      p += l.object ? escape_pointer_token(l.key) : std::to_string(l.index);
    }
    return p;
  }
};
}  // namespace

Json parse(std::string_view text, std::string_view what) {
  Json value = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!value.is_discarded()) return value;

  PathTracker tracker;
  Json::sax_parse(text.begin(), text.end(), &tracker, nlohmann::detail::input_format_t::json, /*strict=*/true);
  if (auto bad = text::invalid_utf8_offset(text)) {
    throw Error("invalid_utf8", std::string(what) + " is not valid UTF-8: bad byte at offset " + std::to_string(*bad),
                tracker.pointer());
  }
  if (text.empty()) throw Error("invalid_json", std::string(what) + " is empty", "");
  throw Error("invalid_json", std::string(what) + " is not valid JSON: " + tracker.error, tracker.pointer());
}

std::optional<std::string> duplicate_key(std::string_view text) {
  PathTracker tracker;
  tracker.find_duplicates = true;
  Json::sax_parse(text.begin(), text.end(), &tracker, nlohmann::detail::input_format_t::json, /*strict=*/true);
  return tracker.duplicate;
}
}  // namespace parley::api
