// Messaging windows: how long after the customer's last message a business may write freely, and
// what it may send after that. Facts and sources: ../shared/CHANNELS.md §1–§11.
//
// Overlap: the channels module owns channel profiles; these rules are the governance view of the
// same facts (what a draft needs), kept as data a pack can override ("windows" in review.json).
#include "context.h"
#include "parley/governance.h"
#include "parley/routing.h"

#include <algorithm>

namespace parley::governance {
namespace {
const char* hours_text(double hours) { return hours >= 48 && static_cast<long long>(hours) % 24 == 0 ? "days" : "hours"; }

Json approved_templates(const Context& c, const std::string& language) {
  Json out = Json::array();
  const Json* list = optional(c.policy, "approved_templates", Json::value_t::array, "/policy");
  if (!list) return out;
  for (const Json& t : *list) {
    if (!t.is_object() || !t.contains("channel") || t["channel"] != c.channel) continue;
    if (!language.empty() && t.contains("language") && t["language"].is_string() &&
        !routing::language_matches(t["language"].get<std::string>(), language) &&
        !routing::language_matches(language, t["language"].get<std::string>()))
      continue;
    out.push_back(t);
  }
  return out;
}

// A template draft is acceptable when it says it is approved and, if the pack lists approved
// templates for the channel, it is one of them.
bool template_ok(const Context& c) {
  const Json* t = optional(c.draft, "template", Json::value_t::object, "/draft");
  if (!t) return false;
  std::string name = require_string(*t, "name", "/draft/template");
  if (optional_string(*t, "status", "", "/draft/template") != "approved") return false;
  const Json* listed = optional(c.policy, "approved_templates", Json::value_t::array, "/policy");
  if (!listed) return true;
  return std::any_of(listed->begin(), listed->end(),
                     [&](const Json& l) { return l.is_object() && l.contains("channel") && l["channel"] == c.channel && l.contains("name") && l["name"] == name; });
}
}  // namespace

Json default_windows() {
  return Json::parse(R"({
    "whatsapp":      {"hours": 24, "after": {"required": "template"}},
    "messenger":     {"hours": 24, "entry_point_hours": {"click_to_messenger_ad": 168},
                      "after": {"required": "tag", "tag": "HUMAN_AGENT", "hours": 168, "human_only": true}},
    "instagram":     {"hours": 24, "after": {"required": "tag", "tag": "HUMAN_AGENT", "hours": 168, "human_only": true}},
    "wechat":        {"hours": 48, "max_messages": 5, "after": {"required": "wait_for_customer"}},
    "wecom":         {"hours": 48, "max_messages": 5, "after": {"required": "wait_for_customer"}},
    "kakao_alimtalk":{"hours": 0, "after": {"required": "template"}},
    "kakao_chat":    {"customer_initiated": true},
    "apple_messages":{"customer_initiated": true}
  })");
}

namespace {
// The default windows with the pack's overrides; null when the channel has no window rule.
Json window_rule(const Context& c) {
  Json windows = default_windows();
  if (const Json* pack = optional(c.policy, "windows", Json::value_t::object, "/policy"))
    for (const auto& [channel, rule] : pack->items()) windows[channel] = rule;
  if (!windows.contains(c.channel) || windows[c.channel].is_null()) return nullptr;
  require_object(windows[c.channel], "/policy/windows/" + c.channel);
  return windows[c.channel];
}

sla::Millis window_length(const Context& c, const Json& rule, const std::string& path) {
  sla::Millis window = sla::optional_duration(rule, "hours", 24, sla::kHour, path);
  if (const Json* entry = optional(rule, "entry_point_hours", Json::value_t::object, path)) {
    std::string point = optional_string(c.conversation, "entry_point", "", "/conversation");
    if (!point.empty() && entry->contains(point)) window = sla::optional_duration(*entry, point, 0, sla::kHour, path + "/entry_point_hours");
  }
  return window;
}
}  // namespace

std::optional<sla::Millis> reply_window(const Context& c) {
  Json rule = window_rule(c);
  if (rule.is_null() || !rule.contains("hours")) return std::nullopt;
  return window_length(c, rule, "/policy/windows/" + c.channel);
}

void window_gates(const Context& c, Json& gates) {
  const Json rule = window_rule(c);
  if (rule.is_null()) return;
  const std::string path = "/policy/windows/" + c.channel;
  const Json* after = optional(rule, "after", Json::value_t::object, path);
  std::string language = optional_string(c.draft, "language", "", "/draft");
  Json templates = approved_templates(c, language);

  // Apple Messages for Business and similar: the customer starts, and a closed conversation stays closed.
  const Json* customer_initiated = optional(rule, "customer_initiated", Json::value_t::boolean, path);
  const Json* closed = optional(c.conversation, "closed_by_customer", Json::value_t::boolean, "/conversation");
  if (customer_initiated && customer_initiated->get<bool>() && (!c.last_inbound || (closed && closed->get<bool>()))) {
    gates.push_back(gate("messaging_window", "platform", "wait_for_customer", false,
                         routing::make_reason("window.customer_initiated", {{"channel", c.channel}},
                                              "On {channel} only the customer can start or reopen the conversation")));
    return;
  }
  if (!rule.contains("hours")) return;
  sla::Millis window = window_length(c, rule, path);
  double hours = static_cast<double>(window) / sla::kHour;
  std::optional<sla::Millis> elapsed;
  if (c.last_inbound) elapsed = c.now - *c.last_inbound;
  int sent_since = 0;
  for (const Message& m : c.history)
    if (!m.inbound && c.last_inbound && m.at >= *c.last_inbound && m.at <= c.now) ++sent_since;
  double max_field = optional_number(rule, "max_messages", 0, path);
  if (!(max_field >= 0 && max_field <= 1e6)) throw Error("invalid_value", path + "/max_messages must be between 1 and 1000000", path + "/max_messages");
  int max_messages = static_cast<int>(max_field);

  Json details{{"hours", hours},
               {"elapsed_ms", elapsed ? Json(*elapsed) : Json(nullptr)},
               {"closes_at", c.last_inbound ? Json(sla::format_instant(*c.last_inbound + window)) : Json(nullptr)}};
  if (max_messages > 0) details["messages_left"] = std::max(0, max_messages - sent_since);
  Json params{{"channel", c.channel}, {"hours", hours}, {"unit", hours_text(hours)}};

  bool inside = elapsed && *elapsed <= window && hours > 0;
  if (inside && (max_messages <= 0 || sent_since < max_messages)) {
    Json g = gate("messaging_window", "platform", "window_open", true,
                  routing::make_reason("window.open", params, "Inside the {channel} customer-service window"));
    g["window"] = details;
    gates.push_back(g);
    return;
  }
  if (inside) {  // the window is open but its message allowance is used up
    Json g = gate("messaging_window", "platform", "wait_for_customer", false,
                  routing::make_reason("window.quota_used", {{"channel", c.channel}, {"max", max_messages}},
                                       "{channel} allows {max} messages per customer message; wait for the customer to write again"));
    g["window"] = details;
    gates.push_back(g);
    return;
  }

  std::string required = after ? optional_string(*after, "required", "wait_for_customer", path + "/after") : "wait_for_customer";
  Json g;
  if (required == "template") {
    bool ok = template_ok(c);
    g = gate("messaging_window", "platform", "template", ok,
             routing::make_reason(ok ? "window.template_used" : "window.template_required", params,
                                  ok ? "Outside the {channel} window: sending an approved template"
                                     : "Outside the {channel} window: only an approved template can be sent"));
    g["templates"] = templates;
  } else if (required == "tag") {
    std::string tag = require_string(*after, "tag", path + "/after");
    sla::Millis tag_window = sla::optional_duration(*after, "hours", 168, sla::kHour, path + "/after");
    double tag_hours = static_cast<double>(tag_window) / sla::kHour;
    bool within_tag = elapsed && *elapsed <= tag_window;
    params["tag"] = tag;
    params["tag_hours"] = tag_hours;
    if (!within_tag) {
      g = gate("messaging_window", "platform", "wait_for_customer", false,
               routing::make_reason("window.closed", params, "More than {tag_hours} hours since the customer wrote on {channel}: wait for them to write again"));
    } else {
      const Json* human_only = optional(*after, "human_only", Json::value_t::boolean, path + "/after");
      bool human = optional_string(c.draft, "author", "agent", "/draft") != "bot" || !(human_only && human_only->get<bool>());
      bool ok = optional_string(c.draft, "tag", "", "/draft") == tag && human && c.kind != "marketing";
      g = gate("messaging_window", "platform", "tag", ok,
               routing::make_reason(ok ? "window.tag_used" : "window.tag_required", params,
                                    ok ? "Outside the 24-hour window: sent by a person with the {tag} tag"
                                       : "Outside the {channel} window: a person may reply with the {tag} tag (no promotion) until {tag_hours} hours after the customer's message"));
      g["tag"] = tag;
    }
  } else {
    g = gate("messaging_window", "platform", "wait_for_customer", false,
             routing::make_reason("window.closed", params, "Outside the {channel} window: wait for the customer to write again"));
  }
  g["window"] = details;
  gates.push_back(g);
}
}  // namespace parley::governance
