// Review gates from the pack: conditions (routing's condition language) and keyword lists per
// language decide whether a draft needs a person's approval; approvals in the request satisfy them.
#include "context.h"
#include "parley/routing.h"

#include <algorithm>
#include <map>

namespace parley::governance {
namespace {
Json first_of(const Json& a, const Json& b) { return a.is_null() ? b : a; }

Json draft_field(const Json& draft, const char* key) { return draft.value(key, Json(nullptr)); }

// The draft's own intent/channel/language come first: the gate is about what will be sent.
routing::FactLookup gate_facts(const Context& c, const routing::FactLookup& base) {
  return [&c, base](const std::string& name, const std::string& path) -> Json {
    if (name == "intent") return first_of(draft_field(c.draft, "intent"), base(name, path));
    if (name == "language") return first_of(draft_field(c.draft, "language"), base(name, path));
    if (name == "confidence") return first_of(draft_field(c.draft, "confidence"), base(name, path));
    if (name == "channel") return c.channel;
    if (name == "text") return c.text;
    if (name == "kind") return c.kind;
    if (name == "business_initiated") return c.business_initiated;
    return base(name, path);
  };
}

// First keyword of the lists for the draft's language (BCP-47 prefix) and "*" found in the text;
// every list when the language is unknown.
Json keyword_hit(const Context& c, const Json& keywords, const Json& language, const std::string& path) {
  for (const auto& [lang, list] : keywords.items()) {
    const std::string at = path + "/" + lang;
    if (!list.is_array()) throw Error("invalid_type", at + " must be an array of keywords", at);
    bool applies = lang == "*" || !language.is_string() || routing::language_matches(lang, language.get<std::string>());
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (!list[i].is_string()) throw Error("invalid_type", at + "/" + std::to_string(i) + " must be a string", at + "/" + std::to_string(i));
      if (applies && routing::contains_keyword(c.text, list[i].get<std::string>()))
        return Json{{"language", lang}, {"keyword", list[i]}};
    }
  }
  return nullptr;
}

// An approval counts when it names this gate (or "*"), was given by `now`, by an allowed role,
// and — when the policy binds approvals to text — for exactly this draft text.
Json find_approval(const Context& c, const std::string& gate_id, const Json& roles, bool bind_text) {
  const Json* approvals = optional(c.request, "approvals", Json::value_t::array);
  if (!approvals) return nullptr;
  for (std::size_t i = 0; i < approvals->size(); ++i) {
    const std::string at = "/approvals/" + std::to_string(i);
    const Json& a = (*approvals)[i];
    std::string gate = require_string(a, "gate", at);
    std::string by = require_string(a, "by", at);
    sla::Millis when = sla::require_instant(a, "at", at);
    std::string role = optional_string(a, "role", "", at);
    std::string sha = optional_string(a, "text_sha256", "", at);
    if (gate != gate_id && gate != "*") continue;
    if (when > c.now) continue;
    if (roles.is_array() && !roles.empty() && std::find(roles.begin(), roles.end(), Json(role)) == roles.end()) continue;
    if ((bind_text || !sha.empty()) && sha != c.draft_sha256) continue;
    return Json{{"by", by}, {"role", role}, {"at", sla::format_instant(when)}};
  }
  return nullptr;
}
}  // namespace

void review_gates(const Context& c, Json& gates) {
  const Json* list = optional(c.policy, "gates", Json::value_t::array, "/policy");
  if (!list) return;
  routing::RoutingTime time;
  time.now = c.now;
  std::map<std::string, sla::BusinessHours> teams;
  if (const Json* hours = optional(c.request, "business_hours", Json::value_t::object)) {
    teams = sla::parse_business_hours(*hours, "/business_hours", optional(c.request, "business_hours_offsets", Json::value_t::object));
    time.teams = &teams;
  }
  routing::FactLookup base = routing::request_facts(c.request, time);
  const Json* scales = optional(c.policy, "scales", Json::value_t::object, "/policy");
  routing::ConditionContext context{gate_facts(c, base), routing::read_scales(scales, "/policy/scales")};
  const Json* binds = optional(c.policy, "approval_binds_text", Json::value_t::boolean, "/policy");
  bool bind_text = binds && binds->get<bool>();
  Json language = context.fact("language", "/draft/language");

  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string at = "/policy/gates/" + std::to_string(i);
    const Json& spec = (*list)[i];
    std::string id = require_string(spec, "id", at);
    const Json* when = optional(spec, "when", Json::value_t::object, at);
    const Json* keywords = optional(spec, "keywords", Json::value_t::object, at);
    if (!when && !keywords) throw Error("invalid_value", at + " needs \"when\" conditions or \"keywords\"", at);
    std::string required = optional_string(spec, "required", "approval", at);
    if (required != "approval") throw Error("invalid_value", at + "/required: pack gates are satisfied by \"approval\"", at + "/required");
    const Json* roles = optional(spec, "approver_roles", Json::value_t::array, at);

    routing::Evaluation e;
    if (when) e = routing::evaluate(*when, context, at + "/when");
    Json hit = keywords ? keyword_hit(c, *keywords, language, at + "/keywords") : Json(nullptr);
    if (!e.matched && hit.is_null()) continue;

    Json params{{"gate", id}};
    if (!hit.is_null()) params["keyword"] = hit["keyword"];
    std::string english = "This reply needs approval before it is sent ({gate})";
    std::string code = "review." + id;
    if (const Json* reason = optional(spec, "reason", Json::value_t::object, at)) {
      code = require_string(*reason, "code", at + "/reason");
      english = require_string(*reason, "en", at + "/reason");
    }
    Json approval = find_approval(c, id, roles ? *roles : Json(), bind_text);
    Json g = gate(id, "review", "approval", !approval.is_null(), routing::make_reason(code, params, english));
    Json matched = Json::array();
    for (const routing::Check& check : e.passed) matched.push_back(check.to_json());
    g["matched_conditions"] = matched;
    g["matched_keyword"] = hit;
    g["approver_roles"] = roles ? *roles : Json::array();
    g["approved_by"] = approval;
    gates.push_back(g);
  }
}
}  // namespace parley::governance
