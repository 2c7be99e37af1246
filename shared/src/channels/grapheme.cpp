// Extended grapheme clusters without ICU (the widget core has none): UAX #29's rules GB3–GB13 and
// GB999 over tables generated from the UCD (parley/text/ucd.h), plus the Indic conjunct rule as
// ICU 72 applies it, so that this code and the full core's ICU give the same answer everywhere.
// ICU 72 implements Unicode 15.0 with CLDR's GB9c (data/brkitr/rules/char.txt), ahead of Unicode
// 15.1's: LinkingConsonant ExtCccZwj* Virama ExtCccZwj* × LinkingConsonant, for Devanagari,
// Bengali, Gujarati, Oriya, Telugu and Malayalam; ExtCccZwj is ZWJ or Extend with ccc ≠ 0.
#include "parley/channels.h"
#include "parley/text.h"
#include "parley/text/ucd.h"

namespace parley::channels {
namespace {
using text::ucd::Gcb;
using text::ucd::is_extend;

bool control_like(Gcb g) { return g == Gcb::cr || g == Gcb::lf || g == Gcb::control; }
bool hangul_l_follower(Gcb g) { return g == Gcb::l || g == Gcb::v || g == Gcb::lv || g == Gcb::lvt; }

// How far the text so far matches GB9c's left side.
enum class Conjunct { none, consonant, virama };  // C ExtCccZwj* | C ExtCccZwj* Virama ExtCccZwj*

Conjunct next_conjunct(Conjunct state, Gcb cur) {
  if (cur == Gcb::linking_consonant) return Conjunct::consonant;
  if (state == Conjunct::none) return state;
  if (cur == Gcb::virama) return Conjunct::virama;
  if (cur == Gcb::extend_ccc || cur == Gcb::zwj) return state;
  return Conjunct::none;
}
}  // namespace

std::vector<std::size_t> grapheme_boundaries(std::string_view s) {
  std::vector<std::size_t> out{0};
  if (s.empty()) return out;
  std::size_t i = 0;
  Gcb prev = text::ucd::grapheme_break(text::next_code_point(s, i));
  // GB11 looks back over ExtPict Extend*: true while the text so far ends with that.
  bool pict_extend = prev == Gcb::extended_pictographic;
  bool zwj_after_pict = false;                           // prev is the ZWJ of ExtPict Extend* ZWJ
  std::size_t ri_run = prev == Gcb::regional_indicator;  // regional indicators in a row (GB12/13)
  Conjunct conjunct = next_conjunct(Conjunct::none, prev);
  while (i < s.size()) {
    std::size_t at = i;
    Gcb cur = text::ucd::grapheme_break(text::next_code_point(s, i));
    bool join;
    if (prev == Gcb::cr && cur == Gcb::lf) join = true;                                        // GB3
    else if (control_like(prev) || control_like(cur)) join = false;                            // GB4, GB5
    else if (prev == Gcb::l && hangul_l_follower(cur)) join = true;                            // GB6
    else if ((prev == Gcb::lv || prev == Gcb::v) && (cur == Gcb::v || cur == Gcb::t)) join = true;  // GB7
    else if ((prev == Gcb::lvt || prev == Gcb::t) && cur == Gcb::t) join = true;               // GB8
    else if (zwj_after_pict && cur == Gcb::extended_pictographic) join = true;                 // GB11
    else if (conjunct == Conjunct::virama && cur == Gcb::linking_consonant) join = true;       // GB9c (ICU 72)
    else if (is_extend(cur) || cur == Gcb::zwj || cur == Gcb::spacing_mark) join = true;       // GB9, GB9a
    else if (prev == Gcb::prepend) join = true;                                                // GB9b
    else if (prev == Gcb::regional_indicator && cur == Gcb::regional_indicator) join = ri_run % 2 == 1;  // GB12, GB13
    else join = false;                                                                         // GB999
    if (!join) out.push_back(at);

    zwj_after_pict = cur == Gcb::zwj && pict_extend;
    pict_extend = cur == Gcb::extended_pictographic || (is_extend(cur) && pict_extend);
    ri_run = cur == Gcb::regional_indicator ? ri_run + 1 : 0;
    conjunct = next_conjunct(conjunct, cur);
    prev = cur;
  }
  out.push_back(s.size());
  return out;
}
}  // namespace parley::channels
