// Properties that hold for any text: findings lie inside the text, never overlap, and the masked
// text is the original with exactly those spans replaced (and still valid UTF-8).
#include "parley/pii.h"
#include "parley/text.h"

#include <catch2/catch.hpp>

#include <cstdint>

using namespace parley;

namespace {
// Deterministic pieces that look like what the detectors search for, glued at random.
std::string random_text(std::uint32_t& state) {
  static const char* const pieces[] = {"4111", " ", "-", "1111", "+", "(", ")", "0", "9", "12", ".", "/", "@", "a", "mail",
                                       ".com", "DE89", "3704", "password", "is", ":", "パスワード", "は", "密码", "x", "Z",
                                       "X", "é", "注文", "\u202E", "\u200B", "👍", "#", "order", "\n", "CPF", "senha", "pin"};
  std::string out;
  auto next = [&] { return state = state * 1664525u + 1013904223u; };
  const std::uint32_t n = next() % 40;
  for (std::uint32_t k = 0; k < n; ++k) out += pieces[(next() >> 8) % (sizeof pieces / sizeof *pieces)];
  return out;
}
}  // namespace

TEST_CASE("pii.scan findings are in bounds, ordered, disjoint, and exactly what was masked", "[pii]") {
  std::uint32_t state = 12345;
  for (int round = 0; round < 3000; ++round) {
    std::string text = random_text(state);
    pii::Scan s = pii::scan(text, round % 2 ? "pt-BR" : "");
    INFO(text);
    std::string rebuilt;
    std::size_t at = 0;
    for (const auto& f : s.findings) {
      REQUIRE(f.start >= at);
      REQUIRE(f.start + f.length <= text.size());
      REQUIRE(f.length > 0);
      rebuilt.append(text, at, f.start - at);
      rebuilt += f.replacement;
      at = f.start + f.length;
    }
    rebuilt.append(text, at, std::string::npos);
    CHECK(rebuilt == s.masked);
    CHECK_FALSE(text::invalid_utf8_offset(s.masked).has_value());
  }
}

TEST_CASE("sanitize keeps every character it does not report, in order", "[text]") {
  std::uint32_t state = 777;
  for (int round = 0; round < 3000; ++round) {
    std::string t = random_text(state);
    text::Sanitized r = text::sanitize(t);
    INFO(t);
    CHECK_FALSE(text::invalid_utf8_offset(r.display).has_value());
    std::string expected;
    std::size_t at = 0;
    for (const auto& f : r.findings) {
      expected.append(t, at, f.start - at);
      if (!f.removed) expected.append(t, f.start, f.length);
      else if (f.type == "line_separator" || f.code_point == 0x85) expected += '\n';
      at = f.start + f.length;
    }
    expected.append(t, at, std::string::npos);
    CHECK(expected == r.display);
  }
}
