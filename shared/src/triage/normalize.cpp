// Light, ICU-free normalisation for the classifier: the same bytes natively and in the widget core.
#include "parley/text.h"
#include "parley/triage.h"

namespace parley::triage {
namespace {
// Latin-1 Supplement U+00C0..U+00FF without diacritics, lower case ("" = keep as lower-cased).
constexpr const char* kLatin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // C0
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "ss",  // D0 (D7 ×)
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // E0
    "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "y"};  // F0 (F7 ÷)

// Latin Extended-A U+0100..U+017F: base letters (pairs upper/lower share the base).
constexpr const char* kLatinA =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

char32_t lower(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;  // Greek
  if (c >= 0x410 && c <= 0x42F) return c + 32;                // Cyrillic basic
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  if ((c >= 0x1E00 && c <= 0x1E95) || (c >= 0x1EA0 && c <= 0x1EFF)) return c | 1;  // Vietnamese…
  return c;
}
}  // namespace

std::string normalize(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = true;  // drop leading space and collapse runs
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t c = text::next_code_point(s, i);
    if (c >= 0xFF01 && c <= 0xFF5E) c = c - 0xFF01 + 0x21;  // full-width ASCII
    if (c == 0x3000 || c == 0xA0 || c == '\t' || c == '\n' || c == '\r' || c == 0x200B || c == 0x2028) c = ' ';
    if (c == ' ') {
      if (!space) out.push_back(' ');
      space = true;
      continue;
    }
    space = false;
    c = lower(c);
    if (c >= 0xC0 && c <= 0xFF) {
      const char* f = kLatin1[c - 0xC0];
      if (*f) { out += f; continue; }
    } else if (c >= 0x100 && c <= 0x17F) {
      out.push_back(kLatinA[c - 0x100]);
      continue;
    } else if (c >= 0x300 && c <= 0x36F) {
      continue;  // combining diacritics of decomposed Latin text
    } else if (c == 0x2019 || c == 0x2018) {
      c = '\'';
    }
    text::append_utf8(out, c);
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}
}  // namespace parley::triage
