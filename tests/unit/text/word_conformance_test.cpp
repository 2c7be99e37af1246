// WordBreakTest.txt on text::segment: every word it reports starts and ends on a UAX #29 word
// boundary (it reports word-like segments only, and joins Han/Kana and Lao/Khmer/Myanmar pieces
// into runs, whose ends are boundaries too). ICU follows CLDR's root tailoring, which takes the
// colons U+003A, U+FE55, U+FF1A out of MidLetter (ICU's word.txt; Swedish puts them back): lines
// where a colon joins letters are left out.
#include "../ucd_files.h"
#include "parley/text.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace parley;

TEST_CASE("every line of WordBreakTest.txt: words start and end on its boundaries", "[text][unicode]") {
  if (!ucd_files::present()) { WARN(ucd_files::missing()); return; }
  auto cases = ucd_files::break_test("auxiliary/WordBreakTest.txt");
  REQUIRE(cases.size() == 1823);  // Unicode 15.0
  std::size_t words = 0, colon_lines = 0;
  for (const auto& c : cases) {
    bool colon_mid_letter = false;  // no break before a colon: only WB6 (MidLetter) gives that
    for (std::size_t k = 1; k < c.cps.size(); ++k)
      if ((c.cps[k] == 0x3A || c.cps[k] == 0xFE55 || c.cps[k] == 0xFF1A) && !c.breaks[k]) colon_mid_letter = true;
    if (colon_mid_letter) {
      ++colon_lines;
      continue;
    }
    std::string s;
    std::vector<std::size_t> boundaries;
    for (std::size_t k = 0; k < c.cps.size(); ++k) {
      if (c.breaks[k]) boundaries.push_back(s.size());
      text::append_utf8(s, c.cps[k]);
    }
    boundaries.push_back(s.size());
    INFO(c.line);
    for (const auto& w : text::segment(s).words) {
      ++words;
      CHECK(std::binary_search(boundaries.begin(), boundaries.end(), w.start));
      CHECK(std::binary_search(boundaries.begin(), boundaries.end(), w.start + w.length));
    }
  }
  CHECK(words > 1000);
  CHECK(colon_lines == 15);  // Unicode 15.0's file
}
