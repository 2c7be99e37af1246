// Instants: Unix milliseconds inside the core; ISO-8601 or numbers at the edge. No clock, no tz
// database: offsets come with the data.
#include "parley/model.h"

#include <cmath>
#include <cstdio>

namespace parley::model {
// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

unsigned days_in_month(std::int64_t y, unsigned m) {
  static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

namespace {
bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}


std::optional<std::int64_t> parse_iso(std::string_view s) {
  int y, mo, d, h, mi, sec = 0, ms = 0;
  if (!digits(s, 0, 4, y) || s.size() < 16 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, h) ||
      s[13] != ':' || !digits(s, 14, 2, mi))
    return std::nullopt;
  std::size_t i = 16;
  if (i < s.size() && s[i] == ':') {
    if (!digits(s, i + 1, 2, sec)) return std::nullopt;
    i += 3;
    if (i < s.size() && s[i] == '.') {
      ++i;
      int scale = 100;
      std::size_t start = i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        ms += (s[i] - '0') * scale;  // digits beyond milliseconds are truncated
        scale /= 10;
        ++i;
      }
      if (i == start) return std::nullopt;
    }
  }
  if (mo < 1 || mo > 12 || d < 1 || static_cast<unsigned>(d) > days_in_month(y, static_cast<unsigned>(mo)) || h > 23 ||
      mi > 59 || sec > 60)
    return std::nullopt;
  auto offset = parse_utc_offset(s.substr(i));
  if (!offset) return std::nullopt;
  std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  std::int64_t seconds = days * 86400 + h * 3600 + mi * 60 + sec - static_cast<std::int64_t>(*offset) * 60;
  return seconds * 1000 + ms;
}
}  // namespace

std::optional<int> parse_utc_offset(std::string_view t) {
  if (t == "Z" || t == "z") return 0;
  if (t.size() < 3 || (t[0] != '+' && t[0] != '-')) return std::nullopt;
  int hh, mm = 0;
  if (!digits(t, 1, 2, hh)) return std::nullopt;
  if (t.size() == 6 && t[3] == ':') {
    if (!digits(t, 4, 2, mm)) return std::nullopt;
  } else if (t.size() == 5) {
    if (!digits(t, 3, 2, mm)) return std::nullopt;
  } else if (t.size() != 3) {
    return std::nullopt;
  }
  if (hh > 14 || mm > 59) return std::nullopt;
  int minutes = hh * 60 + mm;
  return t[0] == '-' ? -minutes : minutes;
}

std::int64_t parse_time(const Json& value, const std::string& path) {
  if (value.is_number()) {
    double v = value.get<double>();
    // Unix ms between 1970 and 9999: anything else is a unit mistake (seconds, microseconds).
    if (!std::isfinite(v) || v < 0 || v > 253402300799999.0 || std::floor(v) != v)
      throw Error("invalid_time", path + " must be Unix milliseconds (an integer between 1970 and 9999)", path);
    return static_cast<std::int64_t>(v);
  }
  if (value.is_string()) {
    if (auto t = parse_iso(value.get<std::string>())) return *t;
    throw Error("invalid_time", path + " must be ISO-8601 with an offset, like 2026-01-02T03:04:05Z", path);
  }
  throw Error("invalid_type", path + " must be a time (ISO-8601 string or Unix milliseconds)", path);
}

std::optional<std::int64_t> optional_time(const Json& object, std::string_view key, const std::string& path) {
  require_object(object, path);
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  return parse_time(*it, path + "/" + std::string(key));
}

std::int64_t require_time(const Json& object, std::string_view key, const std::string& path) {
  auto t = optional_time(object, key, path);
  if (!t) throw Error("missing_field", path + "/" + std::string(key) + " is required", path + "/" + std::string(key));
  return *t;
}

std::string format_time(std::int64_t unix_ms) {
  std::int64_t ms = ((unix_ms % 1000) + 1000) % 1000;
  std::int64_t seconds = (unix_ms - ms) / 1000;
  std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  std::int64_t rem = seconds - days * 86400;
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<long long>(y), m, d,
                static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60), static_cast<int>(rem % 60),
                static_cast<int>(ms));
  return buf;
}
}  // namespace parley::model
