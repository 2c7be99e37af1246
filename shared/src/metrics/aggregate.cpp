// Aggregates: integer arithmetic throughout (nearest-rank percentiles, means rounded half up,
// rates as counts beside their quotient), so the figures are exact and a SQL query over the same
// events gives the very same numbers (parley bench metrics checks it).
#include "parley/metrics.h"

#include <algorithm>
#include <cmath>

namespace parley::metrics {
namespace {
Json nearest_rank(const std::vector<std::int64_t>& sorted, std::int64_t num, std::int64_t den) {
  const auto n = static_cast<std::int64_t>(sorted.size());
  const std::int64_t rank = (num * n + den - 1) / den;  // ⌈p·n⌉
  return sorted[static_cast<std::size_t>(std::max<std::int64_t>(rank, 1) - 1)];
}

Json rate(std::int64_t numerator, std::int64_t denominator) {
  return Json{{"numerator", numerator},
              {"denominator", denominator},
              {"rate", denominator ? Json(std::round(10000.0 * static_cast<double>(numerator) / static_cast<double>(denominator)) / 10000) : Json()}};
}

Json with(Json j, const Json& extra) {
  j.update(extra);
  return j;
}

bool resolved(const Conversation& c) { return c.resolution_type != "unresolved"; }

Json figures(const std::vector<const Conversation*>& cs) {
  std::vector<std::int64_t> frt, frt_b, rt, first_res, full_res, human_res, effort;
  std::int64_t fcr_yes = 0, fcr_decided = 0, fcr_pending = 0, csat_pos = 0, csat_n = 0, csat_req = 0;
  std::int64_t automated = 0, returned = 0, human = 0, pending = 0, re_explained = 0, transfers = 0;
  std::int64_t cost = 0, resolutions = 0;
  Json ids = Json::array();
  for (const Conversation* c : cs) {
    ids.push_back(c->id);
    if (c->first_response_ms) frt.push_back(*c->first_response_ms), frt_b.push_back(*c->first_response_business_ms);
    rt.insert(rt.end(), c->response_ms.begin(), c->response_ms.end());
    if (c->first_resolution_ms) first_res.push_back(*c->first_resolution_ms);
    if (c->full_resolution_ms) full_res.push_back(*c->full_resolution_ms);
    if (c->human_resolution_ms) human_res.push_back(*c->human_resolution_ms);
    if (c->fcr_7d) ++fcr_decided, fcr_yes += *c->fcr_7d;
    else if (c->first_resolution_ms && c->human_replies > 0) ++fcr_pending;
    if (c->csat_requested) ++csat_req;
    if (c->csat) ++csat_n, csat_pos += *c->csat >= 4;
    if (c->resolution_type == "automated") ++automated;
    if (c->resolution_type == "automation_returned") ++returned;
    if (c->resolution_type == "human") ++human;
    if (c->resolution_type == "automation_pending") ++pending;
    re_explained += c->re_explanations;
    transfers += c->channel_transfers;
    if (resolved(*c) && c->resolution_type != "automation_pending") {
      effort.push_back(c->customer_messages);
      cost += c->cost_micros;
      ++resolutions;
    }
  }
  Json effort_stats = duration_stats(effort);
  return Json{{"conversations", ids.size()},
              {"first_response", duration_stats(frt)},
              {"first_response_business", duration_stats(frt_b)},
              {"response_time", duration_stats(rt)},
              {"resolution", {{"first", duration_stats(first_res)}, {"full", duration_stats(full_res)}, {"human", duration_stats(human_res)}}},
              {"fcr_7d", with(rate(fcr_yes, fcr_decided), {{"pending", fcr_pending}})},
              {"csat", {{"positive", csat_pos}, {"responses", csat_n}, {"rate", rate(csat_pos, csat_n)["rate"]},
                        {"requested", csat_req}, {"response_rate", rate(csat_n, csat_req)["rate"]}}},
              {"customer_effort", {{"messages_to_resolution", effort_stats}, {"re_explanations", re_explained}, {"channel_transfers", transfers}}},
              {"automation_rate", with(rate(automated, automated + returned + human), {{"pending", pending}, {"returned", returned}})},
              {"cost_per_resolution", {{"resolutions", resolutions}, {"total_micros", cost},
                                       {"micros", resolutions ? Json((2 * cost + resolutions) / (2 * resolutions)) : Json()}}},
              {"ids", ids}};
}

std::string dimension(const Conversation& c, const std::string& d) {
  if (d == "channel") return c.channel;
  if (d == "intent") return c.intent;
  if (d == "queue") return c.queue;
  if (d == "agent") return c.agent;
  if (d == "resolution_type") return c.resolution_type;
  if (d == "day") return c.day;
  throw Error("invalid_value", "/group_by: \"" + d + "\" is not a dimension (channel, intent, queue, agent, resolution_type, day)", "/group_by");
}
}  // namespace

Json duration_stats(std::vector<std::int64_t> v) {
  if (v.empty()) return Json{{"n", 0}, {"median", nullptr}, {"p90", nullptr}, {"mean", nullptr}};
  std::sort(v.begin(), v.end());
  std::int64_t sum = 0;
  for (auto x : v) sum += x;
  const auto n = static_cast<std::int64_t>(v.size());
  return Json{{"n", n}, {"median", nearest_rank(v, 1, 2)}, {"p90", nearest_rank(v, 9, 10)}, {"mean", (2 * sum + n) / (2 * n)}};
}

Json aggregate(const std::vector<Conversation>& cs, const std::vector<std::string>& group_by) {
  const Conversation probe;
  for (const auto& d : group_by) dimension(probe, d);  // an unknown dimension is an error, even with no conversations
  std::vector<const Conversation*> all;
  for (const auto& c : cs) all.push_back(&c);
  Json out{{"overall", figures(all)}, {"by", Json::object()}};
  for (const auto& d : group_by) {
    std::map<std::string, std::vector<const Conversation*>> groups;
    for (const auto& c : cs) groups[dimension(c, d)].push_back(&c);
    Json g = Json::object();
    for (const auto& [value, members] : groups) g[value] = figures(members);
    out["by"][d] = g;
  }
  return out;
}

Json to_json(const Conversation& c) {
  auto opt = [](const std::optional<std::int64_t>& v) { return v ? Json(*v) : Json(); };
  return Json{{"id", c.id}, {"contact", c.contact}, {"channel", c.channel}, {"intent", c.intent}, {"queue", c.queue},
              {"agent", c.agent}, {"day", c.day}, {"started_at", c.started_at},
              {"first_response_ms", opt(c.first_response_ms)}, {"first_response_business_ms", opt(c.first_response_business_ms)},
              {"response_ms", c.response_ms}, {"first_resolution_ms", opt(c.first_resolution_ms)},
              {"full_resolution_ms", opt(c.full_resolution_ms)}, {"human_resolution_ms", opt(c.human_resolution_ms)},
              {"resolution_type", c.resolution_type}, {"fcr_7d", c.fcr_7d ? Json(*c.fcr_7d) : Json()},
              {"csat", c.csat ? Json(*c.csat) : Json()}, {"csat_requested", c.csat_requested},
              {"customer_messages", c.customer_messages}, {"re_explanations", c.re_explanations},
              {"channel_transfers", c.channel_transfers}, {"human_replies", c.human_replies}, {"cost_micros", c.cost_micros}};
}
std::string to_csv(const std::vector<Conversation>& cs) {
  auto cell = [](const Json& v) -> std::string {
    if (v.is_null()) return "";
    std::string s;
    if (v.is_array())
      for (const auto& x : v) s += (s.empty() ? "" : " ") + x.dump();
    else
      s = v.is_string() ? v.get<std::string>() : v.dump();
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  std::string out;
  bool header = true;
  for (const auto& c : cs) {
    const Json row = to_json(c);
    if (header) {
      for (auto it = row.begin(); it != row.end(); ++it) out += (it == row.begin() ? "" : ",") + it.key();
      out += "\n";
      header = false;
    }
    for (auto it = row.begin(); it != row.end(); ++it) out += (it == row.begin() ? "" : ",") + cell(*it);
    out += "\n";
  }
  return out;
}
}  // namespace parley::metrics
