// Business time between two instants in the workspace's time zone (ICU, so any IANA zone and its
// DST changes): each local day's opening intervals are turned into instants with the offset in
// force at that wall-clock time, then intersected with [from, to).
#include "business_hours.h"

#include "parley/api.h"

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>

namespace parley::metrics {
namespace {
constexpr std::int64_t kDay = 86400000;

int minutes(const std::string& hhmm, const std::string& path) {
  if (hhmm.size() != 5 || hhmm[2] != ':' || !isdigit(static_cast<unsigned char>(hhmm[0])) || !isdigit(static_cast<unsigned char>(hhmm[1])) ||
      !isdigit(static_cast<unsigned char>(hhmm[3])) || !isdigit(static_cast<unsigned char>(hhmm[4])))
    throw Error("invalid_value", path + " must be HH:MM", path);
  const int m = std::stoi(hhmm.substr(0, 2)) * 60 + std::stoi(hhmm.substr(3, 2));
  if (m > 24 * 60) throw Error("invalid_value", path + " is past 24:00", path);
  return m;
}
}  // namespace

BusinessClock::BusinessClock(const std::string& zone, const Json& hours, const std::string& path) {
  zone_.reset(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone)));
  if (*zone_ == icu::TimeZone::getUnknown()) throw Error("invalid_value", path + "/timezone \"" + zone + "\" is not an IANA time zone", path + "/timezone");
  if (!hours.is_array()) throw Error("invalid_type", path + "/business_hours must be an array", path + "/business_hours");
  for (std::size_t i = 0; i < hours.size(); ++i) {
    const std::string p = path + "/business_hours/" + std::to_string(i);
    require_object(hours[i], p);
    const double day = optional_number(hours[i], "day", -1, p);
    if (day < 0 || day > 6 || day != static_cast<int>(day)) throw Error("invalid_value", p + "/day must be 0 (Sunday) to 6", p + "/day");
    const int open = minutes(require_string(hours[i], "open", p), p + "/open"), close = minutes(require_string(hours[i], "close", p), p + "/close");
    if (close <= open) throw Error("invalid_value", p + "/close must be after open", p + "/close");
    week_[static_cast<int>(day)].push_back({open, close});
  }
  // Whole local days tile time without gaps or overlaps, DST days included: no need to walk them.
  always_open_ = std::all_of(week_.begin(), week_.end(), [](const auto& day) {
    return std::any_of(day.begin(), day.end(), [](const auto& iv) { return iv.first == 0 && iv.second == 24 * 60; });
  });
}

BusinessClock::~BusinessClock() = default;

std::int64_t BusinessClock::offset_ms(std::int64_t instant) const {
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  zone_->getOffset(static_cast<UDate>(instant), false, raw, dst, status);
  return U_SUCCESS(status) ? raw + dst : 0;
}

// The instant a local wall-clock time names (the offset in force then; a time skipped by a DST
// change resolves to the later offset, as ICU does).
std::int64_t BusinessClock::instant(std::int64_t local_ms) const {
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  zone_->getOffset(static_cast<UDate>(local_ms), true, raw, dst, status);
  return local_ms - (U_SUCCESS(status) ? raw + dst : 0);
}

std::string BusinessClock::local_day(std::int64_t at) const {
  const std::int64_t local = at + offset_ms(at);
  std::int64_t days = local >= 0 ? local / kDay : (local - kDay + 1) / kDay;
  // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9, y = yoe + era * 400 + (m <= 2);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", static_cast<long long>(y), static_cast<long long>(m), static_cast<long long>(d));
  return buf;
}

std::int64_t BusinessClock::business_ms(std::int64_t from, std::int64_t to) const {
  if (to <= from) return 0;
  if (always_open_) return to - from;
  std::int64_t total = 0;
  // Local midnights from the day before `from` to the day after `to` cover every interval.
  const std::int64_t first = (from + offset_ms(from)) / kDay - 1, last = (to + offset_ms(to)) / kDay + 1;
  for (std::int64_t day = first; day <= last; ++day) {
    const int weekday = static_cast<int>(((day % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday
    for (const auto& [open, close] : week_[weekday]) {
      const std::int64_t a = std::max(from, instant(day * kDay + open * 60000LL));
      const std::int64_t b = std::min(to, instant(day * kDay + close * 60000LL));
      if (b > a) total += b - a;
    }
  }
  return total;
}
}  // namespace parley::metrics
