// Parley — sla: the service clock. Instants as inputs ("now"), business hours per team, and
// first-/next-response deadlines per channel × priority with breach warnings.
//
// The clock lives here because deadlines are its main user; routing (open/closed teams) and
// governance (quiet hours) read the same instants and local-time helpers. No ICU, no tz database:
// a team's business hours carry a fixed UTC offset (the host may pass today's offset for an IANA
// zone, see docs/assist-core.md).
//
// Index
//   [SECTION] Instants         ISO-8601 / Unix-ms parsing and formatting (UTC)
//   [SECTION] Local time       civil dates, weekdays, "HH:MM" clock times
//   [SECTION] Business hours   weekly opening hours + holidays per team; open?, add business time
//   [SECTION] Status           first/next response deadlines, time since the customer, warning
#pragma once
#include "parley/api.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace parley::sla {

//-----------------------------------------------------------------------------
// [SECTION] Instants
//-----------------------------------------------------------------------------
using Millis = std::int64_t;  // Unix epoch milliseconds, UTC
constexpr Millis kMinute = 60'000;
constexpr Millis kHour = 60 * kMinute;
constexpr Millis kDay = 24 * kHour;

// Accepts an integer (Unix ms) or an ISO-8601 string: "2026-11-22T08:33:02Z",
// "2026-11-22T08:33:02.125+09:00", "2026-11-22 08:33Z". A time zone designator is required
// (a bare local time is ambiguous). Errors name `path` with code "invalid_time".
Millis parse_instant(const Json& value, const std::string& path);
// Reads request[key]: required / optional.
Millis require_instant(const Json& object, std::string_view key, const std::string& path = "");
std::optional<Millis> optional_instant(const Json& object, std::string_view key, const std::string& path = "");
// A non-negative duration field counted in `unit` (kMinute, kHour), at most 100 years, so every
// later sum or cast stays in range (a float-to-int overflow traps in wasm). Errors name the field.
Millis optional_duration(const Json& object, std::string_view key, double fallback, Millis unit, const std::string& path);
constexpr Millis kLatest = 253402300799999;  // 9999-12-31T23:59:59.999Z; instants are within ±kLatest
// "2026-11-22T08:33:02Z", with ".125" only when there are milliseconds.
std::string format_instant(Millis t);

//-----------------------------------------------------------------------------
// [SECTION] Local time
//-----------------------------------------------------------------------------
struct CivilDate {
  int year, month, day;  // month 1–12, day 1–31
};
std::int64_t days_from_civil(CivilDate d);
CivilDate civil_from_days(std::int64_t days);
int weekday(std::int64_t days);  // 0 = Monday … 6 = Sunday (ISO order)
// Floor division for negative instants.
std::int64_t floor_div(std::int64_t a, std::int64_t b);
// "HH:MM" → minutes after midnight; "24:00" allowed as the end of a day.
int parse_clock(const Json& value, const std::string& path);
std::string format_date(CivilDate d);  // "2026-11-22"

//-----------------------------------------------------------------------------
// [SECTION] Business hours
//-----------------------------------------------------------------------------
struct Interval {
  int start_minute, end_minute;  // local minutes after midnight, start < end ≤ 1440
};
struct BusinessHours {
  std::string team;
  std::string timezone;                       // IANA name, informative (display and host-side offset)
  int utc_offset_minutes = 0;                 // local = UTC + offset
  std::array<std::vector<Interval>, 7> week;  // Monday first
  std::vector<std::string> holidays;          // "YYYY-MM-DD", local dates with no opening hours

  bool is_open(Millis t) const;
  // First instant ≥ t when the team is open (t itself when open). Throws when the team never opens.
  Millis next_open(Millis t) const;
  // The instant when `duration` of open time has elapsed after `start`.
  Millis add_open_time(Millis start, Millis duration) const;
  // Open time between a and b (0 when b ≤ a).
  Millis open_time_between(Millis a, Millis b) const;
};
// One team from business_hours.json: {"timezone", "utc_offset_minutes", "hours":{"mon":[["09:00","18:00"]],…}, "holidays":[…]}
BusinessHours parse_team_hours(const std::string& team, const Json& spec, const std::string& path);
// Every team of business_hours.json ({"teams":{name: spec}}), optional per-request offsets
// ({team: minutes}) overriding the pack's (the host knows today's DST offset of an IANA zone).
std::map<std::string, BusinessHours> parse_business_hours(const Json& pack, const std::string& path,
                                                          const Json* offsets = nullptr);

//-----------------------------------------------------------------------------
// [SECTION] Status
//-----------------------------------------------------------------------------
// sla.status: see docs/assist-core.md for the request and answer.
Json status(const Json& request);

}  // namespace parley::sla
