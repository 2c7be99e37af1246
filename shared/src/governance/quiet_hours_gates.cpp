// Quiet hours in the customer's local time (US TCPA 21:00–08:00, Korea §50 21:00–08:00 for ads,
// Kakao FriendTalk 20:00–08:00 …; ../shared/CHANNELS.md §5, §10). Rules are pack data; each says
// whether it covers every message, only business-initiated ones, or only marketing.
#include "context.h"
#include "parley/routing.h"

#include <algorithm>
#include <cstdio>

namespace parley::governance {
namespace {
bool in_list(const Json* list, const std::string& value) {
  if (!list) return true;
  return std::any_of(list->begin(), list->end(), [&](const Json& v) { return v.is_string() && v.get<std::string>() == value; });
}

std::string clock_text(int minutes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}
}  // namespace

void quiet_hours_gates(const Context& c, Json& gates) {
  const Json* rules = optional(c.policy, "quiet_hours", Json::value_t::array, "/policy");
  if (!rules) return;
  std::string country = optional_string(c.conversation, "country", "", "/conversation");
  if (country.empty())
    if (const Json* contact = optional(c.request, "contact", Json::value_t::object)) country = optional_string(*contact, "country", "", "/contact");
  const Json* offset = optional(c.conversation, "timezone_offset_minutes", Json::value_t::number_integer, "/conversation");
  if (offset && (!offset->is_number_integer() || offset->get<std::int64_t>() < -18 * 60 || offset->get<std::int64_t>() > 18 * 60))
    throw Error("invalid_value", "/conversation/timezone_offset_minutes must be whole minutes between -1080 and 1080", "/conversation/timezone_offset_minutes");

  for (std::size_t i = 0; i < rules->size(); ++i) {
    const std::string at = "/policy/quiet_hours/" + std::to_string(i);
    const Json& rule = (*rules)[i];
    std::string id = require_string(rule, "id", at);
    int start = sla::parse_clock(require(rule, "start", Json::value_t::string, at), at + "/start");
    int end = sla::parse_clock(require(rule, "end", Json::value_t::string, at), at + "/end");
    std::string applies = optional_string(rule, "applies_to", "all", at);
    if (applies != "all" && applies != "business_initiated" && applies != "marketing")
      throw Error("invalid_value", at + "/applies_to must be all, business_initiated or marketing", at + "/applies_to");
    const Json* countries = optional(rule, "countries", Json::value_t::array, at);
    const Json* channels = optional(rule, "channels", Json::value_t::array, at);
    if (countries && !in_list(countries, country)) continue;
    if (!in_list(channels, c.channel)) continue;
    if (applies == "business_initiated" && !c.business_initiated && c.kind != "marketing") continue;
    if (applies == "marketing" && c.kind != "marketing") continue;

    Json params{{"rule", id}, {"start", clock_text(start)}, {"end", clock_text(end)}, {"country", country}};
    if (!offset) {
      gates.push_back(gate(id, "quiet_hours", "local_time", false,
                           routing::make_reason("quiet_hours.local_time_unknown", params,
                                                "Quiet hours {start}–{end} apply and the customer's local time is unknown")));
      continue;
    }
    sla::Millis local = c.now + offset->get<int>() * sla::kMinute;
    std::int64_t day = sla::floor_div(local, sla::kDay);
    int minute = static_cast<int>((local - day * sla::kDay) / sla::kMinute);
    bool quiet = start < end ? (minute >= start && minute < end) : (minute >= start || minute < end);
    params["local_time"] = clock_text(minute);
    if (!quiet) {
      gates.push_back(gate(id, "quiet_hours", "schedule", true,
                           routing::make_reason("quiet_hours.outside", params, "Outside quiet hours ({start}–{end}); local time {local_time}")));
      continue;
    }
    // Quiet hours end at `end` today, or tomorrow when they have not begun wrapping past midnight yet.
    std::int64_t end_day = minute < end ? day : day + 1;
    sla::Millis send_after = end_day * sla::kDay + end * sla::kMinute - offset->get<int>() * sla::kMinute;
    params["send_after"] = sla::format_instant(send_after);
    Json g = gate(id, "quiet_hours", "schedule", false,
                  routing::make_reason("quiet_hours.active", params,
                                       "Quiet hours {start}–{end} in the customer's time (now {local_time}): schedule for after {end}"));
    g["send_after"] = sla::format_instant(send_after);
    gates.push_back(g);
  }
}
}  // namespace parley::governance
