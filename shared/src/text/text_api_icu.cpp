// text.* methods that need ICU (full core only).
#include "parley/api.h"
#include "parley/text.h"

namespace parley::text {
namespace {
Json analyze_method(const Json& request) {
  std::string s = required_text(request);
  Analysis a = analyze(s);
  Json scripts = Json::array();
  for (const auto& r : a.scripts) scripts.push_back({{"script", r.script}, {"start", r.start}, {"length", r.length}});
  return Json{{"normalized", a.normalized}, {"utf8_bytes", a.utf8_bytes},  {"utf16_units", a.utf16_units},
              {"code_points", a.code_points}, {"graphemes", a.graphemes}, {"scripts", scripts}};
}
PARLEY_METHOD("text.analyze", analyze_method,
              "NFKC_Casefold normalisation, script runs, grapheme/code point/UTF-16/UTF-8 counts");

Json normalize_method(const Json& request) { return Json{{"normalized", nfkc_casefold(required_text(request))}}; }
PARLEY_METHOD("text.normalize", normalize_method, "NFKC_Casefold: the form matching and models compare");

Json segment_method(const Json& request) {
  std::string s = required_text(request);
  Segmentation seg = segment(s);
  Json words = Json::array(), sentences = Json::array();
  for (const auto& w : seg.words)
    words.push_back({{"text", s.substr(w.start, w.length)}, {"kind", w.kind}, {"start", w.start}, {"length", w.length}});
  for (const auto& x : seg.sentences)
    sentences.push_back({{"text", s.substr(x.start, x.length)}, {"start", x.start}, {"length", x.length}});
  return Json{{"words", words}, {"sentences", sentences}, {"tokens", seg.tokens}};
}
PARLEY_METHOD("text.segment", segment_method,
              "Words and sentences (ICU break iterators; byte offsets) and match tokens (CJK runs as bigrams)");
Json bidi_method(const Json& request) {
  const std::string s = required_text(request);
  const std::string d = optional_string(request, "direction", "auto");
  if (d != "auto" && d != "ltr" && d != "rtl") throw Error("invalid_value", "/direction must be auto, ltr or rtl", "/direction");
  const Bidi b = bidi(s, d == "ltr" ? Direction::ltr : d == "rtl" ? Direction::rtl : Direction::automatic);
  Json levels = Json::array();
  for (int l : b.levels) levels.push_back(l < 0 ? Json(nullptr) : Json(l));
  return Json{{"paragraph_level", b.paragraph_level}, {"levels", levels}, {"visual", b.visual}, {"display", b.display}};
}
PARLEY_METHOD("text.bidi", bidi_method,
              "Unicode bidi algorithm on {text, direction?: auto|ltr|rtl}: paragraph level, levels and display order per code point");
}  // namespace
}  // namespace parley::text
