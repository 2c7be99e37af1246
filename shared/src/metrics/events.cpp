// Reading one exported event (docs/metrics.md): unknown types and fields are errors, so a typo
// in an export never silently drops a figure.
#include "parley/metrics.h"
#include "parley/model.h"

#include <set>

namespace parley::metrics {
namespace {
const std::set<std::string> kTypes = {"message", "status", "assignment", "transfer", "handoff", "csat_request", "csat", "link", "fields"};
const std::set<std::string> kFields = {"conversation", "at", "type", "contact", "channel", "intent", "queue", "sender", "public",
                                       "agent", "text", "handle_seconds", "status", "kind", "score", "same_as", "values"};

std::string choice(const Json& j, const char* key, const std::set<std::string>& allowed, const std::string& path) {
  const std::string v = require_string(j, key, path);
  if (!allowed.count(v)) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    throw Error("invalid_value", path + "/" + key + " must be one of " + list, path + "/" + key);
  }
  return v;
}
}  // namespace

Event parse_event(const Json& j, const std::string& path) {
  require_object(j, path);
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!kFields.count(it.key())) throw Error("unknown_field", path + "/" + it.key() + " is not an event field", path + "/" + it.key());
  Event e;
  e.conversation = require_string(j, "conversation", path);
  if (e.conversation.empty()) throw Error("invalid_value", path + "/conversation is empty", path + "/conversation");
  e.at = model::require_time(j, "at", path);
  e.type = choice(j, "type", kTypes, path);
  e.contact = optional_string(j, "contact", "", path);
  e.channel = optional_string(j, "channel", "", path);
  e.intent = optional_string(j, "intent", "", path);
  e.queue = optional_string(j, "queue", "", path);
  e.agent = optional_string(j, "agent", "", path);
  if (e.type == "message") {
    const std::string s = choice(j, "sender", {"customer", "human", "bot", "system"}, path);
    e.sender = s == "customer" ? Sender::customer : s == "human" ? Sender::human : s == "bot" ? Sender::bot : Sender::system;
    if (const Json* p = optional(j, "public", Json::value_t::boolean, path)) e.is_public = p->get<bool>();
    e.text = optional_string(j, "text", "", path);
    const double h = optional_number(j, "handle_seconds", -1, path);
    if (j.contains("handle_seconds") && h < 0) throw Error("invalid_value", path + "/handle_seconds must not be negative", path + "/handle_seconds");
    e.handle_ms = h < 0 ? -1 : static_cast<std::int64_t>(h * 1000 + 0.5);
  } else if (e.type == "status") {
    e.status = choice(j, "status", {"open", "resolved", "closed", "reopened"}, path);
  } else if (e.type == "transfer") {
    e.transfer = choice(j, "kind", {"agent", "queue", "channel", "escalation"}, path);
  } else if (e.type == "csat") {
    const double s = optional_number(j, "score", 0, path);
    if (s < 1 || s > 5 || s != static_cast<int>(s)) throw Error("invalid_value", path + "/score must be a whole number from 1 to 5", path + "/score");
    e.score = static_cast<int>(s);
  } else if (e.type == "link") {
    if (e.contact.empty()) throw Error("missing_field", path + "/contact is required for a link", path + "/contact");
    e.same_as = require_string(j, "same_as", path);
  } else if (e.type == "fields") {
    const Json& v = require(j, "values", Json::value_t::object, path);
    for (auto it = v.begin(); it != v.end(); ++it)
      if (it->is_string()) e.values.push_back(it->get<std::string>());
  }
  if (e.type == "assignment" && e.agent.empty()) throw Error("missing_field", path + "/agent is required for an assignment", path + "/agent");
  return e;
}
}  // namespace parley::metrics
