// text.* methods available in every core (no ICU).
#include "parley/api.h"
#include "parley/text.h"

namespace parley::text {
namespace {
// Shared by every text method: the request's "text" must exist, be a string and be valid UTF-8.
// nlohmann already rejects invalid UTF-8 while parsing JSON text, but a Json built in C++ may not be.
std::string required_text(const Json& request) {
  std::string s = require_string(request, "text");
  if (auto bad = invalid_utf8_offset(s))
    throw Error("invalid_utf8", "/text is not valid UTF-8: bad byte at offset " + std::to_string(*bad), "/text");
  return s;
}

Json validate(const Json& request) {
  std::string s = required_text(request);
  return Json{{"valid", true}, {"utf8_bytes", s.size()}, {"utf16_units", utf16_length(s)}, {"code_points", code_point_count(s)}};
}
PARLEY_METHOD("text.validate", validate, "Check that text is valid UTF-8 and measure it in bytes, UTF-16 units and code points");
}  // namespace
}  // namespace parley::text
