// Business hours: when a team is open, and how much open time lies between two instants.
#include "parley/sla.h"

#include <algorithm>

namespace parley::sla {
namespace {
const char* const kDayKeys[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr int kSearchDays = 3700;  // ten years: a pack whose team never opens is an error, not a hang

// Calls visit(open_start, open_end) for each open period (UTC ms) that ends after `from`, in order,
// until visit returns true. Periods are per local day; back-to-back periods are not merged.
template <class Visit>
bool for_each_open_period(const BusinessHours& bh, Millis from, Visit visit) {
  const Millis offset = bh.utc_offset_minutes * kMinute;
  std::int64_t day = floor_div(from + offset, kDay);
  for (int n = 0; n < kSearchDays; ++n, ++day) {
    if (std::binary_search(bh.holidays.begin(), bh.holidays.end(), format_date(civil_from_days(day)))) continue;
    for (const Interval& iv : bh.week[weekday(day)]) {
      Millis start = day * kDay + iv.start_minute * kMinute - offset;
      Millis end = day * kDay + iv.end_minute * kMinute - offset;
      if (end <= from) continue;
      if (visit(start, end)) return true;
    }
  }
  return false;
}

[[noreturn]] void never_opens(const BusinessHours& bh) {
  throw Error("invalid_business_hours", "team \"" + bh.team + "\" has no opening hours in the next ten years", "");
}
}  // namespace

bool BusinessHours::is_open(Millis t) const {
  bool open = false;
  for_each_open_period(*this, t, [&](Millis start, Millis) {
    open = start <= t;
    return true;
  });
  return open;
}

Millis BusinessHours::next_open(Millis t) const {
  Millis at = 0;
  if (!for_each_open_period(*this, t, [&](Millis start, Millis) {
        at = std::max(start, t);
        return true;
      }))
    never_opens(*this);
  return at;
}

Millis BusinessHours::add_open_time(Millis start, Millis duration) const {
  Millis left = std::max<Millis>(duration, 0), due = 0;
  if (!for_each_open_period(*this, start, [&](Millis s, Millis e) {
        s = std::max(s, start);
        if (left <= e - s) {
          due = s + left;
          return true;
        }
        left -= e - s;
        return false;
      }))
    never_opens(*this);
  return due;
}

Millis BusinessHours::open_time_between(Millis a, Millis b) const {
  Millis total = 0;
  if (b <= a) return 0;
  for_each_open_period(*this, a, [&](Millis s, Millis e) {
    if (s >= b) return true;
    total += std::min(e, b) - std::max(s, a);
    return false;
  });
  return total;
}

BusinessHours parse_team_hours(const std::string& team, const Json& spec, const std::string& path) {
  require_object(spec, path);
  BusinessHours bh;
  bh.team = team;
  bh.timezone = optional_string(spec, "timezone", "UTC", path);
  const Json& offset = require(spec, "utc_offset_minutes", Json::value_t::number_integer, path);
  if (!offset.is_number_integer() || offset.get<std::int64_t>() < -14 * 60 || offset.get<std::int64_t>() > 14 * 60)
    throw Error("invalid_value", path + "/utc_offset_minutes must be whole minutes between -840 and 840",
                path + "/utc_offset_minutes");
  bh.utc_offset_minutes = offset.get<int>();
  const Json& hours = require(spec, "hours", Json::value_t::object, path);
  bool any = false;
  for (const auto& [key, ranges] : hours.items()) {
    const std::string at = path + "/hours/" + key;
    auto found = std::find(std::begin(kDayKeys), std::end(kDayKeys), key);
    if (found == std::end(kDayKeys)) throw Error("invalid_value", at + " is not a weekday (mon … sun)", at);
    if (!ranges.is_array()) throw Error("invalid_type", at + " must be an array of [\"HH:MM\",\"HH:MM\"] pairs", at);
    auto& day = bh.week[found - std::begin(kDayKeys)];
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      const std::string r = at + "/" + std::to_string(i);
      if (!ranges[i].is_array() || ranges[i].size() != 2)
        throw Error("invalid_type", r + " must be a pair [\"HH:MM\",\"HH:MM\"]", r);
      Interval iv{parse_clock(ranges[i][0], r + "/0"), parse_clock(ranges[i][1], r + "/1")};
      if (iv.start_minute >= iv.end_minute)
        throw Error("invalid_value", r + " must end after it starts (split overnight hours at 24:00)", r);
      day.push_back(iv);
      any = true;
    }
    std::sort(day.begin(), day.end(), [](const Interval& a, const Interval& b) { return a.start_minute < b.start_minute; });
    for (std::size_t i = 1; i < day.size(); ++i)
      if (day[i].start_minute < day[i - 1].end_minute)
        throw Error("invalid_value", at + " has overlapping ranges", at);
  }
  if (!any) throw Error("invalid_value", path + "/hours opens on no day", path + "/hours");
  if (const Json* holidays = optional(spec, "holidays", Json::value_t::array, path)) {
    for (std::size_t i = 0; i < holidays->size(); ++i) {
      const std::string at = path + "/holidays/" + std::to_string(i);
      // Validate as a date by parsing it as midnight UTC.
      if (!(*holidays)[i].is_string()) throw Error("invalid_type", at + " must be a date \"YYYY-MM-DD\"", at);
      std::string date = (*holidays)[i].get<std::string>();
      if (date.size() != 10) throw Error("invalid_time", at + " must be a date \"YYYY-MM-DD\"", at);
      parse_instant(Json(date + "T00:00Z"), at);
      bh.holidays.push_back(date);
    }
    std::sort(bh.holidays.begin(), bh.holidays.end());
  }
  return bh;
}

std::map<std::string, BusinessHours> parse_business_hours(const Json& pack, const std::string& path, const Json* offsets) {
  const Json& teams = require(pack, "teams", Json::value_t::object, path);
  std::map<std::string, BusinessHours> out;
  for (const auto& [name, spec] : teams.items()) {
    Json adjusted = spec;
    if (offsets && offsets->contains(name) && spec.is_object()) adjusted["utc_offset_minutes"] = (*offsets)[name];
    out.emplace(name, parse_team_hours(name, adjusted, path + "/teams/" + name));
  }
  return out;
}
}  // namespace parley::sla
