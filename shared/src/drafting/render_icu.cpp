// Template rendering with ICU MessageFormat: plural and select rules, numbers, dates and
// currencies as each locale writes them. Full core only.
#include "parley/drafting.h"

#include <unicode/calendar.h>
#include <unicode/curramt.h>
#include <unicode/datefmt.h>
#include <unicode/fmtable.h>
#include <unicode/gregocal.h>
#include <unicode/messagepattern.h>
#include <unicode/msgfmt.h>
#include <unicode/timezone.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <memory>
#include <map>
#include <set>

namespace parley::drafting {
namespace {
icu::UnicodeString u(const std::string& s) { return icu::UnicodeString::fromUTF8(s); }
std::string utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// ISO-8601 "YYYY-MM-DD" (taken at noon in `tz`) or "YYYY-MM-DDTHH:MM[:SS][.fff]Z" to ICU's UDate.
UDate parse_date(const std::string& s, const icu::TimeZone& tz, const std::string& path) {
  auto digits = [&](std::size_t at, std::size_t n) {
    if (at + n > s.size()) throw Error("invalid_date", path + " must be an ISO-8601 date like 2026-11-25 or 2026-11-25T09:30:00Z", path);
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') throw Error("invalid_date", path + " must be an ISO-8601 date like 2026-11-25 or 2026-11-25T09:30:00Z", path);
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  int y = digits(0, 4), mo = digits(5, 2), d = digits(8, 2), h = 12, mi = 0, sec = 0;
  if (s[4] != '-' || s[7] != '-' || mo < 1 || mo > 12 || d < 1 || d > 31)
    throw Error("invalid_date", path + " must be an ISO-8601 date like 2026-11-25", path);
  if (s.size() > 10) {
    if (s[10] != 'T' || s.back() != 'Z') throw Error("invalid_date", path + " date-times must be UTC: 2026-11-25T09:30:00Z", path);
    h = digits(11, 2);
    mi = digits(14, 2);
    if (s.size() > 17 && s[16] == ':') sec = digits(17, 2);
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::GregorianCalendar cal(*icu::TimeZone::getGMT(), status);
  cal.clear();
  cal.set(y, mo - 1, d, h, mi, sec);
  UDate when = cal.getTime(status);
  if (U_FAILURE(status)) throw Error("invalid_date", path + " is not a valid date", path);
  if (s.size() == 10) {
    // A calendar date, not an instant: noon in the customer's zone shows the same day there.
    int32_t raw = 0, dst = 0;
    tz.getOffset(when, false, raw, dst, status);
    if (U_SUCCESS(status)) when -= raw + dst;
  }
  return when;
}

// Inserted text is wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE (UAX #9) when what
// surrounds it could reorder it: in a right-to-left template, any value that is not only
// right-to-left letters (a phone number "+1 (555) 010-2030", "C++" or an order number inside
// Arabic shows its pieces swapped otherwise); in a left-to-right template, a value with
// right-to-left letters (an Arabic name turns the number after it into an Arabic number). Nothing
// else is wrapped, so an English SMS does not turn UCS-2 for it.
constexpr const char* kFsi = "\xE2\x81\xA8";  // U+2068
constexpr const char* kPdi = "\xE2\x81\xA9";  // U+2069

bool needs_isolate(const icu::UnicodeString& s, bool rtl_template) {
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) {
    const auto d = u_charDirection(s.char32At(i));
    const bool rtl_letter = d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC;
    if (rtl_template ? !rtl_letter && d != U_WHITE_SPACE_NEUTRAL : rtl_letter) return true;
  }
  return false;
}

icu::UnicodeString isolated(const icu::UnicodeString& value, bool rtl_template) {
  if (!needs_isolate(value, rtl_template)) return value;
  return icu::UnicodeString::fromUTF8(kFsi) + value + icu::UnicodeString::fromUTF8(kPdi);
}

// A slot the template does not declare takes its type from how the message uses it: an ISO
// string in a {x, date} or {x, time} argument is a date, not text ICU would refuse.
icu::Formattable value_of(const Json& v, const SlotSpec* spec, const std::string& used_as, const icu::TimeZone& tz,
                          bool rtl_template, const std::string& path) {
  std::string type = spec ? spec->type
                     : (used_as == "date" || used_as == "time") && v.is_string() ? "datetime"
                     : v.is_number() ? "number" : v.is_object() ? "money" : "text";
  if (type == "date" || type == "datetime") {
    if (!v.is_string()) throw Error("invalid_type", path + " must be an ISO-8601 date string", path);
    return icu::Formattable(parse_date(v.get<std::string>(), tz, path), icu::Formattable::kIsDate);
  }
  if (type == "number") {
    if (!v.is_number()) throw Error("invalid_type", path + " must be a number", path);
    if (v.is_number_integer()) return icu::Formattable(static_cast<int64_t>(v.get<long long>()));
    return icu::Formattable(v.get<double>());
  }
  if (type == "money") {
    if (!v.is_object() || !v.contains("value") || !v["value"].is_number() || !v.contains("currency") || !v["currency"].is_string())
      throw Error("invalid_type", path + " must be {\"value\": number, \"currency\": \"JPY\"}", path);
    std::string code = v["currency"].get<std::string>();
    if (code.size() != 3) throw Error("invalid_value", path + "/currency must be an ISO 4217 code", path + "/currency");
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString cu = u(code);
    auto amount = std::make_unique<icu::CurrencyAmount>(v["value"].get<double>(), cu.getTerminatedBuffer(), status);
    if (U_FAILURE(status)) throw Error("invalid_value", path + "/currency is not a currency ICU knows", path + "/currency");
    return icu::Formattable(amount.release());
  }
  // A select key is matched, not shown: it must reach ICU as written.
  if (v.is_string()) return icu::Formattable(used_as == "select" ? u(v.get<std::string>()) : isolated(u(v.get<std::string>()), rtl_template));
  if (v.is_number()) return icu::Formattable(v.get<double>());
  throw Error("invalid_type", path + " must be a string", path);
}
}  // namespace

std::string format_message(const std::string& pattern, const std::string& locale, const std::string& time_zone,
                           const Json& args, const std::vector<SlotSpec>& slots, std::vector<std::string>& missing,
                           const std::string& path) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError perr;
  icu::UnicodeString upattern = u(pattern);
  icu::MessagePattern mp(upattern, &perr, status);
  if (U_FAILURE(status))
    throw Error("invalid_template", path + " is not valid ICU MessageFormat (offset " + std::to_string(perr.offset) + ")", path);
  // Arguments without a value are cut out of the pattern (a typed argument such as a date cannot
  // take text): a required one leaves a visible ⟦name⟧ marker, an optional one nothing.
  // Outermost first so nesting stays valid.
  std::set<std::string> names;
  std::map<std::string, std::string> used_as;  // argument name -> its simple type (number, date, time …)
  std::vector<std::pair<int32_t, int32_t>> cuts;
  std::vector<std::string> cut_names;
  for (int i = 0; i < mp.countParts(); ++i) {
    const auto& part = mp.getPart(i);
    if (part.getType() != UMSGPAT_PART_TYPE_ARG_START) continue;
    std::string name = utf8(mp.getSubstring(mp.getPart(i + 1)));
    names.insert(name);
    if (part.getArgType() == UMSGPAT_ARG_TYPE_SIMPLE && i + 2 < mp.countParts() && mp.getPart(i + 2).getType() == UMSGPAT_PART_TYPE_ARG_TYPE)
      used_as.emplace(name, utf8(mp.getSubstring(mp.getPart(i + 2))));
    else if (part.getArgType() == UMSGPAT_ARG_TYPE_SELECT)
      used_as.emplace(name, "select");
    auto it = args.find(name);
    if (it != args.end() && !it->is_null()) continue;
    int32_t from = part.getIndex(), to = mp.getPart(mp.getLimitPartIndex(i)).getLimit();
    if (!cuts.empty() && from < cuts.back().second) continue;  // inside an argument already cut
    bool required = false;
    for (const auto& sp : slots) required = required || (sp.name == name && sp.required);
    cuts.emplace_back(from, to);
    cut_names.push_back(required ? std::string(kSlotOpen) + name + std::string(kSlotClose) : std::string());
  }
  for (const auto& name : names) {
    auto it = args.find(name);
    if (it != args.end() && !it->is_null()) continue;
    for (const auto& s : slots) if (s.name == name && s.required) missing.push_back(name);
  }
  for (std::size_t c = cuts.size(); c-- > 0;)
    upattern.replace(cuts[c].first, cuts[c].second - cuts[c].first, u(cut_names[c]));

  icu::Locale loc = icu::Locale::forLanguageTag(locale, status);
  if (U_FAILURE(status)) throw Error("invalid_value", "/locale \"" + locale + "\" is not a BCP-47 tag", "/locale");
  icu::MessageFormat mf(upattern, loc, perr, status);
  if (U_FAILURE(status))
    throw Error("invalid_template", path + " is not valid ICU MessageFormat (offset " + std::to_string(perr.offset) + ")", path);
  // Dates in the customer's time zone.
  std::unique_ptr<icu::TimeZone> tz(icu::TimeZone::createTimeZone(u(time_zone.empty() ? "UTC" : time_zone)));
  if (*tz == icu::TimeZone::getUnknown())
    throw Error("invalid_value", "/time_zone \"" + time_zone + "\" is not an IANA time zone", "/time_zone");
  int count = 0;
  const icu::Format** formats = mf.getFormats(count);
  for (int i = 0; i < count; ++i)
    if (auto* df = dynamic_cast<const icu::DateFormat*>(formats[i])) {
      std::unique_ptr<icu::DateFormat> copy(df->clone());
      copy->setTimeZone(*tz);
      mf.setFormat(i, *copy);
    }
  // `formats` belongs to the MessageFormat: not ours to free.

  std::vector<icu::UnicodeString> keys;
  std::vector<icu::Formattable> values;
  for (const auto& name : names) {
    auto it = args.find(name);
    if (it == args.end() || it->is_null()) continue;
    const SlotSpec* spec = nullptr;
    for (const auto& s : slots) if (s.name == name) spec = &s;
    keys.push_back(u(name));
    auto use = used_as.find(name);
    values.push_back(value_of(*it, spec, use == used_as.end() ? std::string() : use->second, *tz, loc.isRightToLeft(), "/slots/" + name));
  }
  icu::UnicodeString out;
  status = U_ZERO_ERROR;
  mf.format(keys.data(), values.data(), static_cast<int32_t>(keys.size()), out, status);
  if (U_FAILURE(status)) throw Error("format_failed", path + " could not be formatted: " + u_errorName(status), path);
  return utf8(out);
}
}  // namespace parley::drafting
