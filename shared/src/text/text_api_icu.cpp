// text.* methods that need ICU (full core only).
#include "parley/api.h"
#include "parley/text.h"

namespace parley::text {
namespace {
Json analyze_method(const Json& request) {
  std::string s = require_string(request, "text");
  if (auto bad = invalid_utf8_offset(s))
    throw Error("invalid_utf8", "/text is not valid UTF-8: bad byte at offset " + std::to_string(*bad), "/text");
  Analysis a = analyze(s);
  Json scripts = Json::array();
  for (const auto& r : a.scripts) scripts.push_back({{"script", r.script}, {"start", r.start}, {"length", r.length}});
  return Json{{"normalized", a.normalized}, {"utf8_bytes", a.utf8_bytes},  {"utf16_units", a.utf16_units},
              {"code_points", a.code_points}, {"graphemes", a.graphemes}, {"scripts", scripts}};
}
PARLEY_METHOD("text.analyze", analyze_method,
              "NFKC_Casefold normalisation, script runs, grapheme/code point/UTF-16/UTF-8 counts");
}  // namespace
}  // namespace parley::text
