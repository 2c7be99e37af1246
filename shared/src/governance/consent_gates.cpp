// Consent and opt-out: an opted-out customer gets nothing but (once) the confirmation; marketing
// needs marketing consent; business-initiated messages on opt-in channels need an opt-in.
// Opt-out keywords follow Twilio/CTIA and TCPA practice (../shared/CHANNELS.md §10): a customer
// message that is exactly a keyword ("STOP") revokes consent, "START" restores it.
#include "context.h"
#include "parley/routing.h"

#include <algorithm>

namespace parley::governance {
namespace {
std::string folded_trimmed(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\n' || s[b] == '\r' || s[b] == '.' || s[b] == '!')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n' || s[e - 1] == '\r' || s[e - 1] == '.' || s[e - 1] == '!')) --e;
  std::string out = s.substr(b, e - b);
  for (char& ch : out)
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  return out;
}

bool listed(const Json& lists, const std::string& channel, const std::string& word) {
  for (const char* key : {channel.c_str(), "*"}) {
    if (!lists.contains(key) || !lists[key].is_array()) continue;
    for (const Json& k : lists[key])
      if (k.is_string() && folded_trimmed(k.get<std::string>()) == word) return true;
  }
  return false;
}

Json default_consent_policy() {
  return Json::parse(R"({
    "opt_out_keywords": {"sms": ["STOP", "STOPALL", "UNSUBSCRIBE", "END", "QUIT", "REVOKE", "OPTOUT", "CANCEL", "OPT OUT"]},
    "opt_in_keywords": {"sms": ["START", "UNSTOP", "YES"]},
    "opt_in_required": ["sms"]
  })");
}
}  // namespace

void consent_gates(const Context& c, Json& gates) {
  Json policy = default_consent_policy();
  if (const Json* pack = optional(c.policy, "consent", Json::value_t::object, "/policy"))
    for (const auto& [k, v] : pack->items()) policy[k] = v;

  const Json* consent = optional(c.conversation, "consent", Json::value_t::object, "/conversation");
  std::string status = "unknown";
  bool marketing = false;
  if (consent) {
    status = optional_string(*consent, "status", "unknown", "/conversation/consent");
    const Json* m = optional(*consent, "marketing", Json::value_t::boolean, "/conversation/consent");
    marketing = m && m->get<bool>();
    if (const Json* per = optional(*consent, "channels", Json::value_t::object, "/conversation/consent"))
      if (per->contains(c.channel) && (*per)[c.channel].is_object())
        status = optional_string((*per)[c.channel], "status", status, "/conversation/consent/channels/" + c.channel);
  }
  if (status != "opted_in" && status != "opted_out" && status != "unknown")
    throw Error("invalid_value", "/conversation/consent/status must be opted_in, opted_out or unknown", "/conversation/consent/status");

  // The customer's own words override stored consent from the moment they are written.
  sla::Millis opted_out_at = 0;  // meaningful only while status is "opted_out"
  if (status == "opted_out") opted_out_at = sla::optional_instant(*consent, "at", "/conversation/consent").value_or(0);
  for (const Message& m : c.history) {
    if (!m.inbound || m.at > c.now) continue;
    std::string word = folded_trimmed(m.text);
    if (listed(policy["opt_out_keywords"], c.channel, word)) status = "opted_out", opted_out_at = m.at, marketing = false;
    else if (listed(policy["opt_in_keywords"], c.channel, word)) status = "opted_in";
  }

  Json params{{"channel", c.channel}};
  if (status == "opted_out") {
    bool confirmed = std::any_of(c.history.begin(), c.history.end(),
                                 [&](const Message& m) { return !m.inbound && m.at >= opted_out_at && m.at <= c.now; });
    bool ok = c.kind == "opt_out_confirmation" && !confirmed;
    gates.push_back(gate("consent", "consent", "opt_in", ok,
                         routing::make_reason(ok ? "consent.opt_out_confirmation" : "consent.opted_out", params,
                                              ok ? "The customer opted out: one confirmation of the opt-out may be sent"
                                                 : "The customer opted out on {channel}: nothing may be sent until they opt in again")));
    return;
  }
  if (c.kind == "marketing" && !marketing) {
    gates.push_back(gate("consent", "consent", "opt_in", false,
                         routing::make_reason("consent.marketing_required", params, "Promotional messages need the customer's marketing consent")));
    return;
  }
  const Json& need = policy["opt_in_required"];
  bool channel_needs = need.is_array() && std::find(need.begin(), need.end(), Json(c.channel)) != need.end();
  if (channel_needs && c.business_initiated) {
    bool ok = status == "opted_in";
    gates.push_back(gate("consent", "consent", "opt_in", ok,
                         routing::make_reason(ok ? "consent.opted_in" : "consent.opt_in_required", params,
                                              ok ? "The customer opted in to messages on {channel}"
                                                 : "Messages the business starts on {channel} need the customer's opt-in")));
  }
}
}  // namespace parley::governance
