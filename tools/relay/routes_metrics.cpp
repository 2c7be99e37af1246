// Metrics for supervisors (docs/metrics.md), agents only:
//   GET /api/v1/metrics/export               the event export, JSON Lines (parley metrics reads it)
//   GET /api/v1/metrics?group_by=channel,day the figures (metrics.compute), with the workspace's
//       [&from=…&to=…&channel=…]             (of the conversations started in [from, to) on a channel)
//                                            time zone and business hours; &format=csv: one row
//                                            per conversation
// The export is read from the durable event log on a connection of its own (Store::each_event:
// it never waits for a writer), and mapped to the metrics events: visitors are customers, agents are people.
#include "parley/api.h"
#include "parley/model.h"
#include "relay/http.h"
#include "relay/router.h"

#include <filesystem>
#include <map>
#include <sstream>

namespace parley::relay {
namespace {
using namespace http;

Json metrics_event(const std::string& conversation, std::int64_t at, const std::string& type, const Json& d) {
  Json e{{"conversation", conversation}, {"at", at}};
  if (type == "conversation") {
    e["type"] = "fields";
    e["values"] = Json::object();
    e["contact"] = d.value("visitor_id", "");
    e["channel"] = d.value("channel", "webchat");
  } else if (type == "message") {
    const Json author = d.value("author", Json::object());
    const std::string who = author.value("type", "");
    e["type"] = "message";
    e["sender"] = who == "visitor" ? "customer" : who == "agent" ? "human" : "system";
    if (who == "agent") e["agent"] = author.value("id", "");
    e["text"] = d.value("text", "");
  } else if (type == "status") {
    const std::string s = d.value("status", "");
    e["type"] = "status";
    e["status"] = s == "resolved" || s == "closed" ? s : "open";  // waiting_on_* are open
  } else if (type == "csat") {
    e["type"] = "csat";
    e["score"] = d.value("score", 0);
  } else {
    return nullptr;  // read receipts, context updates: not part of any figure
  }
  return e;
}

std::vector<Json> export_events(App& app) {
  std::vector<Json> out;
  app.store.each_event([&](const std::string& conversation, std::int64_t at, const std::string& type, const std::string& data) {
    Json e = metrics_event(conversation, at, type, Json::parse(data, nullptr, false));
    if (!e.is_null()) out.push_back(std::move(e));
  });
  return out;
}

void export_route(App& app, const Request& req, Response& res) {
  require_agent(authenticate(app, req));
  std::string body;
  for (const auto& e : export_events(app)) body += e.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
  res.status = 200;
  res.set_content(std::move(body), "application/x-ndjson; charset=utf-8");
}

// ?from= / ?to= (ISO-8601 or Unix ms: conversations started in [from, to)) and ?channel=: the
// conversations the figures are about. Every event of a chosen conversation is kept (a return
// after `to` still counts against its FCR).
std::vector<Json> chosen(std::vector<Json> events, const Request& req) {
  auto time_param = [&](const char* name, std::int64_t fallback) {
    if (!req.has_param(name)) return fallback;
    Json probe{{"at", req.get_param_value(name)}};
    const std::string v = req.get_param_value(name);
    if (!v.empty() && v.find_first_not_of("0123456789") == std::string::npos) return static_cast<std::int64_t>(std::stoll(v));
    try {
      return model::require_time(probe, "at");
    } catch (const Error&) {
      throw Error("invalid_value", std::string("query parameter ") + name + " must be ISO-8601 with an offset or Unix ms", std::string("?") + name);
    }
  };
  const std::int64_t from = time_param("from", INT64_MIN), to = time_param("to", INT64_MAX);
  const std::string channel = req.get_param_value("channel");
  if (from == INT64_MIN && to == INT64_MAX && channel.empty()) return events;
  std::map<std::string, bool> keep;
  for (const auto& e : events) {
    const std::string c = e["conversation"];
    if (keep.count(c)) continue;  // the first event is the conversation's start (the log is in order)
    const std::int64_t at = e["at"];
    keep[c] = at >= from && at < to && (channel.empty() || e.value("channel", "webchat") == channel);
  }
  std::vector<Json> out;
  for (auto& e : events)
    if (keep[e["conversation"].get<std::string>()]) out.push_back(std::move(e));
  return out;
}

void metrics_route(App& app, const Request& req, Response& res) {
  require_agent(authenticate(app, req));
  Json request{{"events", chosen(export_events(app), req)}, {"now", now_ms()}, {"group_by", Json::array()}};
  request["workspace"] = {{"timezone", app.workspace.value("timezone", "UTC")},
                          {"business_hours", app.workspace.value("business_hours", Json::array())}};
  if (app.workspace.contains("metrics")) request["workspace"].update(app.workspace["metrics"]);  // costs, windows
  std::stringstream dims(req.get_param_value("group_by"));
  for (std::string d; std::getline(dims, d, ',');)
    if (!d.empty()) request["group_by"].push_back(d);
  const std::string format = req.has_param("format") ? req.get_param_value("format") : "json";
  if (format != "json" && format != "csv") throw Error("invalid_value", "query parameter format must be json or csv", "?format");
  request["csv"] = format == "csv";
  Json answer = api::call("metrics.compute", request);
  if (answer.contains("error")) {
    const std::string path = answer["error"].value("path", "");
    throw Error(answer["error"].value("code", "invalid_value"), answer["error"].value("message", ""), path == "/group_by" ? "?group_by" : path);
  }
  if (format == "json") return reply(res, 200, answer);
  std::string out = answer["csv"];
  res.status = 200;
  res.set_content(std::move(out), "text/csv; charset=utf-8");
  res.set_header("Content-Disposition", "attachment; filename=\"parley-metrics.csv\"");
}
}  // namespace

void mount_metrics_routes(Router& s, App& app) {
  s.get("/api/v1/metrics", route([&app](const Request& req, Response& res) { metrics_route(app, req, res); }));
  s.get("/api/v1/metrics/export", route([&app](const Request& req, Response& res) { export_route(app, req, res); }));
}
}  // namespace parley::relay
