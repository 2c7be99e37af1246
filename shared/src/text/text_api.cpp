// text.* methods available in every core (no ICU).
#include "parley/api.h"
#include "parley/text.h"

namespace parley::text {
// nlohmann already rejects invalid UTF-8 while parsing JSON text, but a Json built in C++ may not be.
std::string required_text(const Json& request, const std::string& key) {
  std::string s = require_string(request, key);
  if (auto bad = invalid_utf8_offset(s))
    throw Error("invalid_utf8", "/" + key + " is not valid UTF-8: bad byte at offset " + std::to_string(*bad), "/" + key);
  return s;
}

namespace {
Json validate(const Json& request) {
  std::string s = required_text(request);
  return Json{{"valid", true}, {"utf8_bytes", s.size()}, {"utf16_units", utf16_length(s)}, {"code_points", code_point_count(s)}};
}
PARLEY_METHOD("text.validate", validate, "Check that text is valid UTF-8 and measure it in bytes, UTF-16 units and code points");

std::string code_point_label(char32_t cp) {
  static const char* hex = "0123456789ABCDEF";
  std::string digits;
  for (char32_t v = cp; v; v >>= 4) digits.insert(digits.begin(), hex[v & 0xF]);
  while (digits.size() < 4) digits.insert(digits.begin(), '0');
  return "U+" + digits;
}

Json sanitize_method(const Json& request) {
  std::string s = required_text(request);
  Sanitized r = sanitize(s);
  Json findings = Json::array();
  for (const auto& f : r.findings)
    findings.push_back({{"type", f.type}, {"code_point", code_point_label(f.code_point)}, {"start", f.start},
                        {"length", f.length}, {"action", f.removed ? "removed" : "kept"}});
  return Json{{"original", s}, {"display", r.display}, {"changed", r.changed}, {"findings", findings}};
}
PARLEY_METHOD("text.sanitize", sanitize_method,
              "Find bidi overrides/isolates and invisible characters; return a safe display form, keep the original");
}  // namespace
}  // namespace parley::text
