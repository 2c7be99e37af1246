// Instants and business hours: the clock every assist module shares.
#include "parley/sla.h"

#include <catch2/catch.hpp>

using namespace parley;
using namespace parley::sla;

TEST_CASE("ISO-8601 instants parse with offsets and fractions, and format back", "[sla]") {
  CHECK(parse_instant(Json("1970-01-01T00:00:00Z"), "/now") == 0);
  CHECK(parse_instant(Json("2026-11-22T08:33:02Z"), "/now") == 1795336382000);
  CHECK(parse_instant(Json("2026-11-22T17:33:02.125+09:00"), "/now") == 1795336382125);
  CHECK(parse_instant(Json("2026-11-22 08:33Z"), "/now") == 1795336380000);
  CHECK(parse_instant(Json(1795336382000), "/now") == 1795336382000);
  CHECK(format_instant(1795336382000) == "2026-11-22T08:33:02Z");
  CHECK(format_instant(1795336382125) == "2026-11-22T08:33:02.125Z");
  CHECK(format_instant(-1) == "1969-12-31T23:59:59.999Z");
  CHECK(parse_instant(Json("2024-02-29T12:00:00Z"), "") == parse_instant(Json("2024-02-29T13:00:00+01:00"), ""));
}

TEST_CASE("bad instants are errors naming the field", "[sla]") {
  for (const char* bad : {"2026-11-22T08:33:02", "2026-02-30T00:00Z", "yesterday", "2026-11-22T25:00Z", "2026-11-22T08:33+9"}) {
    INFO(bad);
    try {
      parse_instant(Json(bad), "/now");
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code == "invalid_time");
      CHECK(e.path == "/now");
    }
  }
  CHECK_THROWS_AS(parse_instant(Json(1.5), "/now"), Error);
}

TEST_CASE("weekdays and civil dates round-trip", "[sla]") {
  CHECK(weekday(days_from_civil({2026, 11, 23})) == 0);  // Monday
  CHECK(weekday(days_from_civil({2026, 11, 22})) == 6);  // Sunday
  for (std::int64_t d : {-800000, -1, 0, 59, 20000, 3000000}) {
    CivilDate c = civil_from_days(d);
    CHECK(days_from_civil(c) == d);
  }
}

TEST_CASE("business hours: open, lunch breaks, holidays, adding open time", "[sla]") {
  Json spec = Json::parse(R"({"timezone":"Asia/Tokyo","utc_offset_minutes":540,
    "hours":{"mon":[["09:00","12:00"],["13:00","18:00"]],"tue":[["09:00","18:00"]]},"holidays":["2026-11-24"]})");
  BusinessHours tokyo = parse_team_hours("tokyo", spec, "/t");
  Millis mon_1000 = parse_instant(Json("2026-11-23T10:00+09:00"), "");
  CHECK(tokyo.is_open(mon_1000));
  CHECK_FALSE(tokyo.is_open(parse_instant(Json("2026-11-23T12:30+09:00"), "")));
  CHECK_FALSE(tokyo.is_open(parse_instant(Json("2026-11-24T10:00+09:00"), "")));  // holiday Tuesday
  // Two open hours from Monday 11:00 skip lunch: 11–12 and 13–14.
  CHECK(format_instant(tokyo.add_open_time(parse_instant(Json("2026-11-23T11:00+09:00"), ""), 2 * kHour)) == "2026-11-23T05:00:00Z");
  // From Monday 17:00, three hours: 1 h Monday, then Tuesday is a holiday, so next Monday 11:00.
  CHECK(format_instant(tokyo.add_open_time(parse_instant(Json("2026-11-23T17:00+09:00"), ""), 3 * kHour)) == "2026-11-30T02:00:00Z");
  CHECK(tokyo.open_time_between(mon_1000, parse_instant(Json("2026-11-23T14:00+09:00"), "")) == 3 * kHour);
  CHECK(format_instant(tokyo.next_open(parse_instant(Json("2026-11-23T19:00+09:00"), ""))) == "2026-11-30T00:00:00Z");
}

TEST_CASE("business hours reject nonsense with a path", "[sla]") {
  auto code_at = [](const char* json) {
    try {
      parse_team_hours("t", Json::parse(json), "/teams/t");
    } catch (const Error& e) {
      return e.path;
    }
    return std::string("accepted");
  };
  CHECK(code_at(R"({"utc_offset_minutes":0,"hours":{"mon":[["18:00","09:00"]]}})") == "/teams/t/hours/mon/0");
  CHECK(code_at(R"({"utc_offset_minutes":0,"hours":{"funday":[["09:00","10:00"]]}})") == "/teams/t/hours/funday");
  CHECK(code_at(R"({"utc_offset_minutes":0,"hours":{}})") == "/teams/t/hours");
  CHECK(code_at(R"({"hours":{"mon":[["09:00","10:00"]]}})") == "/teams/t/utc_offset_minutes");
  CHECK(code_at(R"({"utc_offset_minutes":0,"hours":{"mon":[["09:00","10:00"]]},"holidays":["2026-13-01"]})") == "/teams/t/holidays/0");
}
