// SMS segments match the expectations in ../shared/CHANNELS.md §10a (checked against Twilio's calculator).
#include "parley/channels.h"

#include <catch2/catch.hpp>

#include <string>

using namespace parley::channels;

static std::string repeat_text(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST_CASE("GSM-7 tables: basic, extension and the notable non-members", "[channels]") {
  CHECK(gsm7_septets(U'@') == 1);
  CHECK(gsm7_septets(U'Ç') == 1);
  CHECK(gsm7_septets(U'ç') == 0);  // only the capital is GSM
  CHECK(gsm7_septets(U'¤') == 1);
  CHECK(gsm7_septets(U'¢') == 0);
  CHECK(gsm7_septets(U'`') == 0);
  CHECK(gsm7_septets(U'€') == 2);
  CHECK(gsm7_septets(U'\f') == 2);
  CHECK(gsm7_septets(0x1B) == 0);  // ESC is not a character
}

TEST_CASE("segment counts from CHANNELS.md", "[channels]") {
  CHECK(sms_segments(repeat_text("a", 160)).segments.size() == 1);
  CHECK(sms_segments(repeat_text("a", 161)).segments.size() == 2);
  CHECK(sms_segments(repeat_text("€", 80)).segments.size() == 1);
  CHECK(sms_segments(repeat_text("€", 81)).segments.size() == 2);
  auto c = sms_segments(repeat_text("ç", 70));
  CHECK(c.encoding == "UCS-2");
  CHECK(c.segments.size() == 1);
  CHECK(sms_segments(repeat_text("😀", 35)).segments.size() == 1);
  CHECK(sms_segments(repeat_text("😀", 36)).segments.size() == 2);
  CHECK(sms_segments("👨‍👩‍👧").units == 8);
}

TEST_CASE("segments never split an escape pair or a surrogate pair", "[channels]") {
  auto r = sms_segments(repeat_text("a", 152) + "€" + repeat_text("a", 10));  // € would straddle 153
  REQUIRE(r.segments.size() == 2);
  CHECK(r.segments[0].units == 152);
  CHECK(r.segments[1].text.rfind("€", 0) == 0);
  auto u = sms_segments("a" + repeat_text("😀", 40));  // 81 units: the 34th emoji would straddle 67
  REQUIRE(u.segments.size() == 2);
  CHECK(u.segments[0].units == 67);  // 1 + 33 × 2
  auto v = sms_segments(repeat_text("😀", 40));
  CHECK(v.segments[0].units == 66);
  std::string joined;
  for (const auto& s : v.segments) joined += s.text;
  CHECK(joined == repeat_text("😀", 40));
}

TEST_CASE("one non-GSM character switches the whole message and is reported", "[channels]") {
  auto r = sms_segments(repeat_text("a", 100) + "ç");
  CHECK(r.encoding == "UCS-2");
  CHECK(r.units == 101);
  CHECK(r.segments.size() == 2);
  CHECK(r.non_gsm == std::vector<std::string>{"ç"});
}
