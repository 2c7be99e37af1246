// Internal to metrics/: the workspace's business hours in its time zone (ICU; full core only).
#pragma once
#include "parley/api.h"

#include <unicode/timezone.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace parley::metrics {
class BusinessClock {
 public:
  // `hours`: [{day: 0 (Sunday)…6, open: "09:00", close: "17:30"}]; errors point under `path`.
  BusinessClock(const std::string& zone, const Json& hours, const std::string& path);
  ~BusinessClock();
  std::int64_t business_ms(std::int64_t from, std::int64_t to) const;  // open time in [from, to)
  std::string local_day(std::int64_t at) const;                        // "2026-03-29"

 private:
  std::int64_t offset_ms(std::int64_t instant) const;
  std::int64_t instant(std::int64_t local_ms) const;
  std::unique_ptr<icu::TimeZone> zone_;
  std::array<std::vector<std::pair<int, int>>, 7> week_;  // minutes after local midnight
  bool always_open_ = false;  // 00:00–24:00 every day (the default): business time is calendar time
};
}  // namespace parley::metrics
