// sla.* methods: deadlines and opening hours for the panel's SLA clock.
#include "parley/api.h"
#include "parley/sla.h"

namespace parley::sla {
namespace {
// sla.hours {business_hours, team, now, business_hours_offsets?} → whether the team is open and when it opens next.
Json hours(const Json& request) {
  const Json& pack = require(request, "business_hours", Json::value_t::object);
  std::string team = require_string(request, "team");
  Millis now = require_instant(request, "now");
  auto teams = parse_business_hours(pack, "/business_hours", optional(request, "business_hours_offsets", Json::value_t::object));
  auto found = teams.find(team);
  if (found == teams.end()) throw Error("unknown_team", "business hours have no team \"" + team + "\"", "/team");
  const BusinessHours& bh = found->second;
  bool open = bh.is_open(now);
  return Json{{"team", team},
              {"timezone", bh.timezone},
              {"utc_offset_minutes", bh.utc_offset_minutes},
              {"open", open},
              {"next_open", open ? Json(nullptr) : Json(format_instant(bh.next_open(now)))}};
}

PARLEY_METHOD("sla.status", status, "First- and next-response deadlines, time since the customer's last message, breach warning");
PARLEY_METHOD("sla.hours", hours, "Whether a team is open at `now` by its business hours, and when it opens next");
}  // namespace
}  // namespace parley::sla
