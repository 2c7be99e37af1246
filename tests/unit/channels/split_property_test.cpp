// Property checks over seeded random text (emoji sequences, flags, combining marks, Hangul jamo,
// CJK, spaces): splits lose nothing, respect the limit and never start inside a grapheme.
#include "parley/api.h"
#include "parley/channels.h"
#include "parley/text.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <string>

using namespace parley;

namespace {
struct Rng {  // xorshift: deterministic across platforms
  std::uint32_t s;
  std::uint32_t next() { s ^= s << 13; s ^= s >> 17; s ^= s << 5; return s; }
};

std::string random_text(Rng& rng, int pieces) {
  static const char* pool[] = {"a", "Z", " ", " ", "  ", "é", "e\u0301", "👍🏽", "👨‍👩‍👧", "🇯🇵", "🇰🇷", "❤️", "\u1100\u1161\u11A8",
                               "한", "字", "ที่", "€", "{", "😀", "\u0627\u064E", "word", "longerword", "\n"};
  std::string out;
  for (int i = 0; i < pieces; ++i) out += pool[rng.next() % (sizeof pool / sizeof *pool)];
  return out;
}

}  // namespace

TEST_CASE("format splits lose nothing, fit the limit and start on grapheme boundaries", "[channels]") {
  Rng rng{12345};
  for (int round = 0; round < 200; ++round) {
    std::string text = random_text(rng, 5 + static_cast<int>(rng.next() % 60));
    int max = 8 + static_cast<int>(rng.next() % 40);
    Json r{{"channel", "line"}, {"draft", {{"blocks", {{{"type", "paragraph"}, {"text", text}}}}}}, {"overrides", {{"text", {{"max", max}}}}}};
    Json a = api::call("channels.format", r);
    INFO("text: " << text << " max: " << max << " answer: " << a.dump());
    REQUIRE_FALSE(a.contains("error"));
    bool over = false;
    for (const auto& w : a["warnings"]) over |= w["code"] == "part_over_limit";
    auto bounds = channels::grapheme_boundaries(text);
    // Plain dialect: each part is the original text from a grapheme boundary on, in order, with
    // only the whitespace between parts dropped.
    std::size_t pos = 0;
    for (const auto& p : a["parts"]) {
      std::string t = p["text"];
      if (!over) CHECK(p["length"].get<int>() <= max);
      while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n')) ++pos;
      REQUIRE(text.compare(pos, t.size(), t) == 0);
      CHECK(std::find(bounds.begin(), bounds.end(), pos) != bounds.end());
      CHECK(std::find(bounds.begin(), bounds.end(), pos + t.size()) != bounds.end());
      pos += t.size();
    }
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n')) ++pos;
    CHECK(pos == text.size());
  }
}

TEST_CASE("SMS segments concatenate back to the message and respect capacities", "[channels]") {
  Rng rng{777};
  for (int round = 0; round < 200; ++round) {
    std::string text = random_text(rng, static_cast<int>(rng.next() % 120));
    auto r = channels::sms_segments(text);
    std::string joined;
    const bool gsm = r.encoding == "GSM-7";
    for (const auto& s : r.segments) {
      CHECK(s.units <= (r.segments.size() == 1 ? (gsm ? 160u : 70u) : (gsm ? 153u : 67u)));
      joined += s.text;
    }
    CHECK(joined == text);
    CHECK(text::utf16_length(text) >= (gsm ? 0 : r.units));
  }
}
