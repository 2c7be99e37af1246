// review.check: run every family of gates over a draft and decide whether it can be sent.
#include "context.h"
#include "parley/digest.h"
#include "parley/governance.h"

#include <algorithm>

namespace parley::governance {
namespace {
const Json kEmpty = Json::object();

const Json& object_or_empty(const Json& request, const char* key) {
  const Json* v = optional(request, key, Json::value_t::object);
  return v ? *v : kEmpty;
}
}  // namespace

Json gate(const std::string& id, const std::string& kind, const std::string& required, bool satisfied, Json reason) {
  return Json{{"id", id}, {"kind", kind}, {"required", required}, {"satisfied", satisfied}, {"reason", std::move(reason)}};
}

Context read_context(const Json& request) {
  const Json& draft = require(request, "draft", Json::value_t::object);
  const Json& policy = require(request, "policy", Json::value_t::object);
  Context c{request, draft, object_or_empty(request, "conversation"), policy, sla::require_instant(request, "now"), {}, {}, {}, {}, {}, {}};
  optional(request, "triage", Json::value_t::object);
  c.text = require_string(draft, "text", "/draft");
  c.channel = optional_string(draft, "channel", optional_string(c.conversation, "channel", "", "/conversation"), "/draft");
  if (c.channel.empty()) throw Error("missing_field", "/conversation/channel is required (or /draft/channel)", "/conversation/channel");
  c.kind = optional_string(draft, "kind", "reply", "/draft");
  c.draft_sha256 = digest::hex(digest::sha256(c.text));

  if (const Json* history = optional(c.conversation, "history", Json::value_t::array, "/conversation")) {
    for (std::size_t i = 0; i < history->size(); ++i) {
      const std::string at = "/conversation/history/" + std::to_string(i);
      std::string dir = require_string((*history)[i], "direction", at);
      if (dir != "inbound" && dir != "outbound")
        throw Error("invalid_value", at + "/direction must be \"inbound\" or \"outbound\"", at + "/direction");
      c.history.push_back({dir == "inbound", sla::require_instant((*history)[i], "at", at), optional_string((*history)[i], "text", "", at)});
    }
  }
  std::stable_sort(c.history.begin(), c.history.end(), [](const Message& a, const Message& b) { return a.at < b.at; });
  for (const Message& m : c.history)
    if (m.inbound && m.at <= c.now) c.last_inbound = m.at;
  sla::Millis grace = sla::optional_duration(policy, "reply_grace_minutes", 60, sla::kMinute, "/policy");
  // A reply inside the channel's window answers the customer; only after it closes does the business
  // start the conversation (which is what opt-in and quiet-hour rules are about).
  if (auto window = reply_window(c)) grace = std::max(grace, *window);
  c.business_initiated = !c.last_inbound || c.now - *c.last_inbound > grace;
  return c;
}

Json check(const Json& request) {
  Context c = read_context(request);
  Json gates = Json::array();
  review_gates(c, gates);
  window_gates(c, gates);
  consent_gates(c, gates);
  quiet_hours_gates(c, gates);

  bool can_send = true;
  Json blocked_by = Json::array(), required_instead = nullptr;
  for (const Json& g : gates)
    if (!g["satisfied"].get<bool>()) can_send = false, blocked_by.push_back(g["id"]);
  // Approval gates are satisfied by approving this draft; consent, platform and quiet-hours gates
  // need a different message or a different time: that is what is "required instead". Consent
  // comes first (no template helps an opted-out customer), then the window, then the clock.
  for (const char* kind : {"consent", "platform", "quiet_hours"}) {
    for (const Json& g : gates) {
      if (g["satisfied"].get<bool>() || g["kind"] != kind) continue;
      required_instead = Json{{"gate", g["id"]}, {"required", g["required"]}, {"reason", g["reason"]}};
      for (const char* extra : {"templates", "tag", "send_after"})
        if (g.contains(extra)) required_instead[extra] = g[extra];
      break;
    }
    if (!required_instead.is_null()) break;
  }
  return Json{{"can_send", can_send},
              {"channel", c.channel},
              {"draft_sha256", c.draft_sha256},
              {"business_initiated", c.business_initiated},
              {"gates", gates},
              {"blocked_by", blocked_by},
              {"required_instead", required_instead}};
}

PARLEY_METHOD("review.check", check, "Review gates, messaging window, consent and quiet hours for a draft: can it be sent, and what is required instead");
}  // namespace parley::governance
