// metrics.compute: events + workspace settings + now → per-conversation figures and aggregates.
#include "business_hours.h"

#include "parley/metrics.h"
#include "parley/model.h"

#include <cmath>

namespace parley::metrics {
namespace {
const char* const kMetrics[] = {"first_response", "response_time", "resolution", "fcr_7d", "csat",
                                "customer_effort", "automation_rate", "cost_per_resolution"};

std::int64_t micros(double v) { return static_cast<std::int64_t>(std::llround(v * 1e6)); }

std::int64_t window(const Json& w, const char* key, double fallback, double unit_ms, const std::string& path) {
  const double v = optional_number(w, key, fallback, path);
  if (v < 0) throw Error("invalid_value", path + "/" + key + " must not be negative", path + "/" + key);
  return static_cast<std::int64_t>(std::llround(v * unit_ms));
}

Json compute(const Json& r) {
  const Json& events_json = require(r, "events", Json::value_t::array);
  const std::int64_t now = model::require_time(r, "now");
  std::vector<Event> events;
  events.reserve(events_json.size());
  for (std::size_t i = 0; i < events_json.size(); ++i) events.push_back(parse_event(events_json[i], "/events/" + std::to_string(i)));

  Json ws = Json::object();
  if (const Json* w = optional(r, "workspace", Json::value_t::object)) ws = *w;
  Json hours = Json::array();
  for (int d = 0; d < 7; ++d) hours.push_back({{"day", d}, {"open", "00:00"}, {"close", "24:00"}});
  const BusinessClock clock(optional_string(ws, "timezone", "UTC", "/workspace"), ws.value("business_hours", hours), "/workspace");
  Settings s;
  s.business_ms = [&clock](std::int64_t a, std::int64_t b) { return clock.business_ms(a, b); };
  s.local_day = [&clock](std::int64_t at) { return clock.local_day(at); };
  if (const Json* w = optional(ws, "windows", Json::value_t::object, "/workspace")) {
    s.fcr_window_ms = window(*w, "fcr_days", 7, 86400000.0, "/workspace/windows");
    s.automation_confirm_ms = window(*w, "automation_confirm_hours", 24, 3600000.0, "/workspace/windows");
    s.automation_return_ms = window(*w, "automation_return_days", 7, 86400000.0, "/workspace/windows");
    s.default_handle_ms = window(*w, "default_handle_seconds", 120, 1000.0, "/workspace/windows");
  }
  if (const Json* c = optional(ws, "costs", Json::value_t::object, "/workspace")) {
    s.agent_hour_micros = micros(optional_number(*c, "agent_hour", 0, "/workspace/costs"));
    if (const Json* m = optional(*c, "per_message", Json::value_t::object, "/workspace/costs"))
      for (auto it = m->begin(); it != m->end(); ++it) {
        if (!it->is_number()) throw Error("invalid_type", "/workspace/costs/per_message/" + it.key() + " must be a number", "/workspace/costs/per_message/" + it.key());
        s.message_micros[it.key()] = micros(it->get<double>());
      }
  }
  if (const Json* d = optional(r, "definitions", Json::value_t::object)) {
    const std::string rt = optional_string(*d, "response_time", "each_message", "/definitions");
    if (rt != "each_message" && rt != "first_of_burst")
      throw Error("invalid_value", "/definitions/response_time must be each_message or first_of_burst", "/definitions/response_time");
    s.response_each_message = rt == "each_message";
  }
  std::vector<std::string> group_by;
  if (const Json* g = optional(r, "group_by", Json::value_t::array))
    for (std::size_t i = 0; i < g->size(); ++i) {
      if (!(*g)[i].is_string()) throw Error("invalid_type", "/group_by/" + std::to_string(i) + " must be a string", "/group_by/" + std::to_string(i));
      group_by.push_back((*g)[i]);
    }

  const auto cs = conversations(events, s, now);
  Json out = aggregate(cs, group_by);
  out["metrics"] = kMetrics;
  out["now"] = model::format_time(now);
  if (const Json* csv = optional(r, "csv", Json::value_t::boolean); csv && csv->get<bool>()) out["csv"] = to_csv(cs);
  if (const Json* with = optional(r, "conversations", Json::value_t::boolean); with && with->get<bool>()) {
    Json rows = Json::array();
    for (const auto& c : cs) rows.push_back(to_json(c));
    out["conversations"] = rows;
  }
  return out;
}
}  // namespace
PARLEY_METHOD("metrics.compute", compute,
              "Support metrics {events, now, workspace?, definitions?, group_by?, conversations?, csv?} -> overall and per-group figures");
}  // namespace parley::metrics
