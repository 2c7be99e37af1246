// Instants and civil time: the only clock the core knows is the one the caller passes in.
#include "parley/model.h"
#include "parley/sla.h"

#include <cmath>
#include <cstdio>

namespace parley::sla {
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

[[noreturn]] void bad_time(const std::string& path, const std::string& why) {
  throw Error("invalid_time", (path.empty() ? std::string("time") : path) + " " + why, path);
}
}  // namespace

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// The calendar arithmetic is the model module's (one implementation in the core).
std::int64_t days_from_civil(CivilDate d) {
  return model::days_from_civil(d.year, static_cast<unsigned>(d.month), static_cast<unsigned>(d.day));
}

CivilDate civil_from_days(std::int64_t z) {
  std::int64_t y;
  unsigned m, d;
  model::civil_from_days(z, y, m, d);
  return {static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

int weekday(std::int64_t days) {
  // 1970-01-01 was a Thursday (3 in Monday-first order).
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

std::string format_date(CivilDate d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

int parse_clock(const Json& value, const std::string& path) {
  if (!value.is_string()) throw Error("invalid_type", path + " must be a clock time \"HH:MM\"", path);
  std::string s = value.get<std::string>();
  int h = 0, m = 0;
  if (s.size() != 5 || s[2] != ':' || !digits(s, 0, 2, h) || !digits(s, 3, 2, m) || m > 59 || h > 24 || (h == 24 && m != 0))
    throw Error("invalid_time", path + " must be a clock time \"HH:MM\" (00:00–24:00), not \"" + s + "\"", path);
  return h * 60 + m;
}

Millis parse_instant(const Json& value, const std::string& path) {
  if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(kLatest)) bad_time(path, "is after the year 9999");
  if (value.is_number_integer()) {
    Millis t = value.get<std::int64_t>();
    if (t > kLatest || t < -kLatest) bad_time(path, "is outside the years 0000–9999");
    return t;
  }
  if (value.is_number_float()) bad_time(path, "must be whole Unix milliseconds or an ISO-8601 string");
  if (!value.is_string()) throw Error("invalid_type", (path.empty() ? std::string("time") : path) + " must be an ISO-8601 string or Unix milliseconds", path);
  std::string s = value.get<std::string>();
  const std::string quoted = "\"" + s + "\"";
  int y, mo, d, h, mi, sec = 0, ms = 0;
  if (!digits(s, 0, 4, y) || s.size() < 16 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' || !digits(s, 8, 2, d) ||
      (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi))
    bad_time(path, "must look like 2026-11-22T08:30:00Z, not " + quoted);
  std::size_t i = 16;
  if (i < s.size() && s[i] == ':') {
    if (!digits(s, i + 1, 2, sec)) bad_time(path, "has bad seconds in " + quoted);
    i += 3;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      int scale = 100, n = 0;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        ms += (s[i] - '0') * scale;  // digits past milliseconds are truncated
        scale /= 10;
        ++i, ++n;
      }
      if (n == 0) bad_time(path, "has an empty fraction in " + quoted);
    }
  }
  if (mo < 1 || mo > 12 || d < 1 || static_cast<unsigned>(d) > model::days_in_month(y, static_cast<unsigned>(mo)) || h > 23 || mi > 59 || sec > 60)
    bad_time(path, "is not a real date and time: " + quoted);
  if (sec == 60) sec = 59;  // a leap second maps onto the last ordinary second
  int offset = 0;
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z') && i + 1 == s.size()) {
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh = 0, om = 0;
    std::size_t j = i + 1;
    if (!digits(s, j, 2, oh)) bad_time(path, "has a bad UTC offset in " + quoted);
    j += 2;
    if (j < s.size() && s[j] == ':') ++j;
    if (!digits(s, j, 2, om) || j + 2 != s.size() || oh > 18 || om > 59) bad_time(path, "has a bad UTC offset in " + quoted);
    offset = (oh * 60 + om) * (s[i] == '-' ? -1 : 1);
  } else {
    bad_time(path, "needs a time zone (Z or ±HH:MM): " + quoted);
  }
  std::int64_t days = days_from_civil({y, mo, d});
  return ((days * 24 + h) * 60 + mi - offset) * kMinute + sec * 1000 + ms;
}

Millis optional_duration(const Json& object, std::string_view key, double fallback, Millis unit, const std::string& path) {
  double v = optional_number(object, key, fallback, path);
  const double limit = 100.0 * 366 * kDay / static_cast<double>(unit);
  if (!(v >= 0 && v <= limit))
    throw Error("invalid_value", path + "/" + std::string(key) + " must be a duration between 0 and 100 years", path + "/" + std::string(key));
  return static_cast<Millis>(std::llround(v * static_cast<double>(unit)));
}

Millis require_instant(const Json& object, std::string_view key, const std::string& path) {
  require_object(object, path);
  std::string child = path + "/" + std::string(key);
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) throw Error("missing_field", child + " is required", child);
  return parse_instant(*it, child);
}

std::optional<Millis> optional_instant(const Json& object, std::string_view key, const std::string& path) {
  require_object(object, path);
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::nullopt;
  return parse_instant(*it, path + "/" + std::string(key));
}

std::string format_instant(Millis t) {
  std::int64_t days = floor_div(t, kDay);
  Millis in_day = t - days * kDay;
  CivilDate d = civil_from_days(days);
  int h = static_cast<int>(in_day / kHour), mi = static_cast<int>(in_day % kHour / kMinute);
  int sec = static_cast<int>(in_day % kMinute / 1000), ms = static_cast<int>(in_day % 1000);
  char buf[40];
  if (ms)
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d.%03dZ", format_date(d).c_str(), h, mi, sec, ms);
  else
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", format_date(d).c_str(), h, mi, sec);
  return buf;
}
}  // namespace parley::sla
