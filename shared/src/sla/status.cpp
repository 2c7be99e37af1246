// sla.status: where a conversation stands against its first- and next-response targets.
#include "parley/sla.h"

#include <algorithm>
#include <cmath>

namespace parley::sla {
namespace {
struct Message {
  bool inbound;
  Millis at;
};

struct Target {
  Json spec;  // the matched entry, echoed in the answer
  Millis first_response, next_response;
  const BusinessHours* hours = nullptr;  // null: wall-clock targets
};

Millis minutes_field(const Json& entry, const char* key, const std::string& path) {
  require(entry, key, Json::value_t::number_float, path);
  Millis m = optional_duration(entry, key, 0, kMinute, path);
  if (m <= 0) throw Error("invalid_value", path + "/" + key + " must be a positive number of minutes", path + "/" + key);
  return m;
}

// An entry for exactly this channel and priority wins; otherwise the strictest of the entries
// that name the channel or the priority (so "urgent" tightens a channel's default and a channel's
// target tightens a loose priority default); "*"/"*" only when nothing else matches. Ties go to
// the earlier entry so a pack reads top-down.
Target pick_target(const Json& targets, const std::string& channel, const std::string& priority,
                   const std::map<std::string, BusinessHours>& teams, bool have_teams) {
  const Json& list = require(targets, "targets", Json::value_t::array, "/targets");
  int best = -1;
  std::size_t best_at = 0;
  double best_first = 0, best_next = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = "/targets/targets/" + std::to_string(i);
    std::string c = require_string(list[i], "channel", at), p = require_string(list[i], "priority", at);
    double first = static_cast<double>(minutes_field(list[i], "first_response_minutes", at));
    double next = static_cast<double>(minutes_field(list[i], "next_response_minutes", at));
    if ((c != "*" && c != channel) || (p != "*" && p != priority)) continue;
    int tier = (c != "*" && p != "*") ? 2 : (c != "*" || p != "*") ? 1 : 0;
    if (tier > best || (tier == best && (first < best_first || (first == best_first && next < best_next))))
      best = tier, best_at = i, best_first = first, best_next = next;
  }
  if (best < 0)
    throw Error("no_sla_target", "no SLA target matches channel \"" + channel + "\" and priority \"" + priority + "\" (add a \"*\" entry)", "/targets/targets");
  const std::string at = "/targets/targets/" + std::to_string(best_at);
  const Json& entry = list[best_at];
  Target t{entry, minutes_field(entry, "first_response_minutes", at), minutes_field(entry, "next_response_minutes", at)};
  std::string team = optional_string(entry, "business_hours", "", at);
  if (!team.empty()) {
    if (!have_teams) throw Error("missing_field", "/business_hours is required: target " + at + " counts business hours of \"" + team + "\"", "/business_hours");
    auto found = teams.find(team);
    if (found == teams.end()) throw Error("unknown_team", "business hours have no team \"" + team + "\"", at + "/business_hours");
    t.hours = &found->second;
  }
  return t;
}

std::vector<Message> read_history(const Json& conversation) {
  std::vector<Message> out;
  const Json* history = optional(conversation, "history", Json::value_t::array, "/conversation");
  if (!history) return out;
  for (std::size_t i = 0; i < history->size(); ++i) {
    const std::string at = "/conversation/history/" + std::to_string(i);
    std::string dir = require_string((*history)[i], "direction", at);
    if (dir != "inbound" && dir != "outbound")
      throw Error("invalid_value", at + "/direction must be \"inbound\" or \"outbound\"", at + "/direction");
    out.push_back({dir == "inbound", require_instant((*history)[i], "at", at)});
  }
  std::stable_sort(out.begin(), out.end(), [](const Message& a, const Message& b) { return a.at < b.at; });
  return out;
}

Millis due(const Target& t, Millis start, Millis target) {
  return t.hours ? t.hours->add_open_time(start, target) : start + target;
}

// One clock: started, due, met or still running at `now`.
Json clock(const Target& t, Millis start, Millis target, std::optional<Millis> met, Millis now, double due_soon_fraction,
           std::string& warning) {
  Millis due_at = due(t, start, target);
  Json c{{"started_at", format_instant(start)}, {"due_at", format_instant(due_at)}, {"target_ms", target}};
  if (met) {
    c["met_at"] = format_instant(*met);
    c["remaining_ms"] = nullptr;
    c["breached"] = *met > due_at;
    c["state"] = *met > due_at ? "met_late" : "met";
    return c;
  }
  Millis remaining = due_at - now;
  c["met_at"] = nullptr;
  c["remaining_ms"] = remaining;
  c["breached"] = remaining < 0;
  c["state"] = remaining < 0 ? "breached" : "pending";
  // Business-hours targets warn on open time left, so a Friday-evening case is not "due soon" all weekend.
  Millis left = t.hours ? t.hours->open_time_between(now, due_at) : remaining;
  if (t.hours) c["remaining_open_ms"] = remaining < 0 ? -t.hours->open_time_between(due_at, now) : left;
  std::string w = remaining < 0 ? "breached" : (left <= static_cast<Millis>(std::llround(target * due_soon_fraction)) ? "due_soon" : "ok");
  if (w == "breached" || (w == "due_soon" && warning == "ok")) warning = w;
  return c;
}
}  // namespace

Json status(const Json& request) {
  const Json& conversation = require(request, "conversation", Json::value_t::object);
  const Json& targets = require(request, "targets", Json::value_t::object);
  Millis now = require_instant(request, "now");
  std::string channel = require_string(conversation, "channel", "/conversation");
  std::string priority = optional_string(conversation, "priority", "normal", "/conversation");

  std::map<std::string, BusinessHours> teams;
  const Json* hours = optional(request, "business_hours", Json::value_t::object);
  if (hours) teams = parse_business_hours(*hours, "/business_hours", optional(request, "business_hours_offsets", Json::value_t::object));
  Target target = pick_target(targets, channel, priority, teams, hours != nullptr);

  double percent = optional_number(targets, "due_soon_percent", 25, "/targets");
  if (!(percent >= 0 && percent <= 100)) throw Error("invalid_value", "/targets/due_soon_percent must be between 0 and 100", "/targets/due_soon_percent");

  std::vector<Message> history = read_history(conversation);
  auto first_inbound = std::find_if(history.begin(), history.end(), [](const Message& m) { return m.inbound; });
  std::optional<Millis> created = optional_instant(conversation, "created_at", "/conversation");

  std::string warning = "ok";
  Json answer{{"channel", channel}, {"priority", priority}, {"target", target.spec}, {"now", format_instant(now)}};

  // First response: from the customer's first message (or the conversation's creation) to the first
  // outbound message after it.
  std::optional<Millis> first_start = first_inbound != history.end() ? std::optional<Millis>(first_inbound->at) : created;
  std::optional<Millis> first_reply;
  if (first_start)
    for (const Message& m : history)
      if (!m.inbound && m.at >= *first_start) {
        first_reply = m.at;
        break;
      }
  if (first_start)
    answer["first_response"] = clock(target, *first_start, target.first_response, first_reply, now, percent / 100, warning);
  else
    answer["first_response"] = Json{{"state", "not_started"}, {"due_at", nullptr}, {"remaining_ms", nullptr}, {"breached", false}};

  // Next response: once answered, the customer's oldest unanswered message starts a new clock.
  std::optional<Millis> waiting_since;
  if (first_reply) {
    for (const Message& m : history) {
      if (m.at <= *first_reply) continue;
      if (m.inbound && !waiting_since) waiting_since = m.at;
      if (!m.inbound) waiting_since.reset();
    }
  }
  if (waiting_since)
    answer["next_response"] = clock(target, *waiting_since, target.next_response, std::nullopt, now, percent / 100, warning);
  else
    answer["next_response"] = Json{{"state", first_reply ? "waiting_on_customer" : "not_started"}, {"due_at", nullptr},
                                   {"remaining_ms", nullptr}, {"breached", false}};

  Millis last_inbound = -1;
  bool any_inbound = false;
  for (const Message& m : history)
    if (m.inbound) last_inbound = m.at, any_inbound = true;
  answer["since_customer_ms"] = any_inbound ? Json(now - last_inbound) : Json(nullptr);
  answer["business_hours"] = target.hours ? Json{{"team", target.hours->team}, {"open_now", target.hours->is_open(now)}} : Json(nullptr);
  answer["warning"] = warning;
  return answer;
}
}  // namespace parley::sla
