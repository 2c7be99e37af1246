#include "parley/text.h"

#include <catch2/catch.hpp>

using namespace parley::text;

TEST_CASE("UTF-8 validation finds the first bad byte", "[text]") {
  CHECK_FALSE(invalid_utf8_offset("héllo 世界 🍎").has_value());
  CHECK(invalid_utf8_offset("ab\xC3\x28") == 2u);         // bad continuation
  CHECK(invalid_utf8_offset("\xC0\xAF") == 0u);           // overlong '/'
  CHECK(invalid_utf8_offset("x\xED\xA0\x80") == 1u);      // UTF-16 surrogate
  CHECK(invalid_utf8_offset("\xF4\x90\x80\x80") == 0u);   // above U+10FFFF
  CHECK(invalid_utf8_offset("abc\xE3\x81") == 3u);        // truncated
}

TEST_CASE("lengths in the units channels count", "[text]") {
  CHECK(utf16_length("🍎") == 2);  // LINE counts this as 2
  CHECK(code_point_count("🍎") == 1);
  CHECK(utf16_length("ありがとう") == 5);
  std::string s;
  append_utf8(s, U'🍎');
  CHECK(s == "🍎");
  std::size_t i = 0;
  CHECK(next_code_point(s, i) == U'🍎');
  CHECK(i == 4);
}
