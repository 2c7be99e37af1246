// UCS-2 SMS never takes more segments than the fewest that keep every grapheme whole: ICU's
// graphemes (the reference) packed greedily, which is optimal for an ordered split. Emoji
// components, regional-indicator pairs and ZWJ sequences placed across the 67-unit segment edges.
#include "parley/channels.h"
#include "parley/text.h"

#include <catch2/catch.hpp>
#include <unicode/brkiter.h>

#include <algorithm>
#include <memory>
#include <string>

using namespace parley;

namespace {
std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

std::size_t units(std::string_view s) { return text::utf16_length(s); }

std::vector<std::size_t> icu_graphemes(const std::string& s) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
  UText* ut = utext_openUTF8(nullptr, s.data(), static_cast<int64_t>(s.size()), &status);
  it->setText(ut, status);
  std::vector<std::size_t> out;
  for (int32_t b = it->first(); b != icu::BreakIterator::DONE; b = it->next()) out.push_back(static_cast<std::size_t>(b));
  utext_close(ut);
  return out;
}

// The fewest 67-unit segments that keep every ICU grapheme whole (each grapheme fits one).
std::size_t fewest(const std::string& s, const std::vector<std::size_t>& g) {
  std::size_t segments = 1, used = 0;
  for (std::size_t k = 0; k + 1 < g.size(); ++k) {
    std::size_t n = units(std::string_view(s).substr(g[k], g[k + 1] - g[k]));
    REQUIRE(n <= 67);
    if (used + n > 67) { ++segments; used = 0; }
    used += n;
  }
  return segments;
}

void check_whole(const std::string& s) {
  INFO(s);
  auto g = icu_graphemes(s);
  auto r = channels::sms_segments(s);
  REQUIRE(r.encoding == "UCS-2");
  REQUIRE(units(s) > 70);
  CHECK(r.segments.size() == fewest(s, g));
  std::size_t at = 0;
  for (const auto& seg : r.segments) {
    CHECK(std::find(g.begin(), g.end(), at) != g.end());  // every segment starts on a grapheme
    CHECK(seg.units <= 67);
    at += seg.text.size();
  }
  CHECK(at == s.size());
}
}  // namespace

TEST_CASE("SMS: loose emoji components stay with what they follow, no extra segment", "[channels][unicode]") {
  const std::string zwj = "\u200D", vs16 = "\uFE0F", tone = "\U0001F3FD", smile = "\U0001F600";
  check_whole(repeat(smile + zwj + zwj, 30));               // ZWJ ZWJ ends GB11: a new emoji starts a grapheme
  check_whole(repeat(smile + zwj + zwj + smile, 12));
  check_whole(repeat("a" + tone, 40));                      // a modifier after a letter is Extend
  check_whole(repeat(vs16 + smile, 40));                    // a leading VS16 is a grapheme of its own
  for (int lead = 0; lead < 3; ++lead) check_whole(repeat("a", lead) + repeat("\u0915\u094D\u0937 ", 20));  // क्ष: one (ICU 72's GB9c)
  check_whole(repeat("\u0061\u0898", 40));                  // issue 21: Arabic Extended-A mark joins
  check_whole(repeat("\u0890\u0628", 40));                  // Prepend joins the letter after it
  check_whole(repeat("\u1018\u102C", 40));                  // Myanmar U+102C is not a spacing mark
}

TEST_CASE("SMS: regional-indicator pairs across segment edges", "[channels][unicode]") {
  const std::string ri = "\U0001F1EF";  // 2 units each; a pair (flag) is 4
  for (int lead = 0; lead < 4; ++lead) {
    check_whole(repeat("x", lead) + repeat("\U0001F1EF\U0001F1F5", 20));  // 🇯🇵 × 20
    check_whole(repeat("é", lead) + repeat(ri, 41));                      // odd run: the last stays alone
  }
}

TEST_CASE("SMS: ZWJ sequences across segment edges", "[channels][unicode]") {
  const std::string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467";  // 8 units
  const std::string rainbow = "\U0001F3F3\uFE0F\u200D\U0001F308";            // 6 units
  const std::string scotland = "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F";  // 14 units
  for (int lead = 0; lead < 8; ++lead) {
    check_whole(repeat("ç", lead) + repeat(family, 12));
    check_whole(repeat("ç", lead) + repeat(rainbow + " ", 15));
    check_whole(repeat("ç", lead) + repeat(scotland, 8));
  }
}

TEST_CASE("SMS: CR LF is one grapheme in GSM-7 too, never cut into two messages", "[channels][unicode]") {
  // 152 septets, then CR LF (2 septets) where a segment holds 153: the pair moves on whole.
  const std::string text = std::string(152, 'a') + "\r\n" + std::string(20, 'b');
  const auto r = parley::channels::sms_segments(text);
  REQUIRE(r.encoding == "GSM-7");
  REQUIRE(r.segments.size() == 2);
  CHECK(r.segments[0].text == std::string(152, 'a'));
  CHECK(r.segments[1].text.rfind("\r\n", 0) == 0);
}
