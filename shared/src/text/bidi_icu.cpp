// UAX #9 through ICU's ubidi. ICU works in UTF-16 code units; the answer is per code point, the
// unit the rest of the core (and BidiCharacterTest.txt) uses.
#include "parley/text.h"

#include <unicode/ubidi.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <memory>
#include <stdexcept>

namespace parley::text {
namespace {
struct BidiCloser {
  void operator()(UBiDi* b) const { ubidi_close(b); }
};

// X9 removes embeddings, overrides, PDF and boundary neutrals from the algorithm (isolates stay).
bool removed_by_x9(char32_t cp) {
  switch (u_charDirection(static_cast<UChar32>(cp))) {
    case U_LEFT_TO_RIGHT_EMBEDDING:
    case U_RIGHT_TO_LEFT_EMBEDDING:
    case U_LEFT_TO_RIGHT_OVERRIDE:
    case U_RIGHT_TO_LEFT_OVERRIDE:
    case U_POP_DIRECTIONAL_FORMAT:
    case U_BOUNDARY_NEUTRAL:
      return true;
    default:
      return false;
  }
}
}  // namespace

Bidi bidi(std::string_view s, Direction direction) {
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  Bidi out;
  // UTF-16 index -> code-point index, and the code points themselves.
  std::vector<std::size_t> cp_of(static_cast<std::size_t>(u.length()) + 1, 0);
  std::vector<char32_t> cps;
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
    cp_of[static_cast<std::size_t>(i)] = cps.size();
    if (U16_IS_LEAD(u.charAt(i)) && i + 1 < u.length()) cp_of[static_cast<std::size_t>(i + 1)] = cps.size();
    cps.push_back(static_cast<char32_t>(u.char32At(i)));
  }
  if (u.isEmpty()) {
    out.paragraph_level = direction == Direction::rtl ? 1 : 0;
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UBiDi, BidiCloser> b(ubidi_openSized(u.length(), 0, &status));
  const UBiDiLevel para = direction == Direction::ltr ? 0 : direction == Direction::rtl ? 1 : UBIDI_DEFAULT_LTR;
  ubidi_setPara(b.get(), u.getBuffer(), u.length(), para, nullptr, &status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ubidi_setPara: ") + u_errorName(status));
  UBiDiLevel first_level = 0;
  ubidi_getParagraphByIndex(b.get(), 0, nullptr, nullptr, &first_level, &status);
  out.paragraph_level = first_level;

  const UBiDiLevel* levels = ubidi_getLevels(b.get(), &status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ubidi_getLevels: ") + u_errorName(status));
  out.levels.resize(cps.size());
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
    const std::size_t k = cp_of[static_cast<std::size_t>(i)];
    out.levels[k] = removed_by_x9(cps[k]) ? -1 : levels[i];
  }
  // Visual map: for each visual UTF-16 position its logical one; a surrogate pair appears twice.
  std::vector<int32_t> map(static_cast<std::size_t>(u.length()));
  ubidi_getVisualMap(b.get(), map.data(), &status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ubidi_getVisualMap: ") + u_errorName(status));
  std::vector<bool> seen(cps.size(), false);
  for (int32_t logical : map) {
    const std::size_t k = cp_of[static_cast<std::size_t>(logical)];
    if (seen[k] || out.levels[k] < 0) continue;
    seen[k] = true;
    out.visual.push_back(k);
  }
  icu::UnicodeString shown;
  const int32_t cap = u.length() + 8;
  status = U_ZERO_ERROR;
  const int32_t n = ubidi_writeReordered(b.get(), shown.getBuffer(cap), cap, UBIDI_DO_MIRRORING | UBIDI_REMOVE_BIDI_CONTROLS, &status);
  shown.releaseBuffer(U_SUCCESS(status) ? n : 0);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ubidi_writeReordered: ") + u_errorName(status));
  shown.toUTF8String(out.display);
  return out;
}
}  // namespace parley::text
