// Text analysis with ICU: NFKC_Casefold, grapheme clusters and script runs.
#include "parley/text.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>

#include <memory>
#include <stdexcept>

namespace parley::text {
std::string nfkc_casefold(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU normaliser unavailable: ") + u_errorName(status));
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString out = n->normalize(in, status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU normalisation failed: ") + u_errorName(status));
  std::string result;
  out.toUTF8String(result);
  return result;
}

namespace {
std::size_t grapheme_count(std::string_view s) {
  if (s.empty()) return 0;
  UErrorCode status = U_ZERO_ERROR;
  UText* ut = utext_openUTF8(nullptr, s.data(), static_cast<int64_t>(s.size()), &status);
  std::unique_ptr<UText, decltype(&utext_close)> guard(ut, &utext_close);
  std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU grapheme iterator unavailable: ") + u_errorName(status));
  it->setText(ut, status);
  std::size_t n = 0;
  for (int32_t p = it->next(); p != icu::BreakIterator::DONE; p = it->next()) ++n;
  return n;
}

// Common (digits, punctuation, emoji) and Inherited (combining marks) characters join the run
// they sit in, so "Hello, 世界!" is Latn then Hani, not five runs.
std::vector<ScriptRun> script_runs(std::string_view s) {
  std::vector<ScriptRun> runs;
  std::size_t pending_start = 0;  // start of leading Common/Inherited text with no run yet
  for (std::size_t i = 0; i < s.size();) {
    std::size_t start = i;
    char32_t cp = next_code_point(s, i);
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(static_cast<UChar32>(cp), &status);
    if (sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED) {
      if (!runs.empty()) runs.back().length = i - runs.back().start;
      continue;
    }
    std::string code = uscript_getShortName(sc);
    if (!runs.empty() && runs.back().script == code) {
      runs.back().length = i - runs.back().start;
    } else {
      std::size_t from = runs.empty() ? pending_start : start;
      runs.push_back({code, from, i - from});
    }
  }
  if (runs.empty() && !s.empty()) runs.push_back({"Zyyy", 0, s.size()});
  return runs;
}
}  // namespace

Analysis analyze(std::string_view s) {
  Analysis a;
  a.normalized = nfkc_casefold(s);
  a.utf8_bytes = s.size();
  a.utf16_units = utf16_length(s);
  a.code_points = code_point_count(s);
  a.graphemes = grapheme_count(s);
  a.scripts = script_runs(s);
  return a;
}
}  // namespace parley::text
