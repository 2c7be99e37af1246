// Parley — routing: where a conversation goes and why. Rules are data (routing.json in the pack);
// every decision names the rule that fired, the conditions it matched and a localisable reason.
//
// The condition language here is also what governance's review gates are written in, so a pack
// author learns one syntax (docs/assist-core.md, "Conditions").
//
// Index
//   [SECTION] Conditions   facts, operators, evaluation with an explanation of each check
//   [SECTION] Keywords     ICU-free keyword matching used by conditions and review gates
//   [SECTION] Reasons      a reason code + params + an English rendering
//   [SECTION] Decide       route.decide
#pragma once
#include "parley/api.h"
#include "parley/sla.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace parley::routing {

//-----------------------------------------------------------------------------
// [SECTION] Conditions
//-----------------------------------------------------------------------------
// A condition object {fact: test, …} holds when every test holds; "all"/"any" take arrays of
// condition objects and "not" one. A test is a scalar (equality), an array (one of) or an
// operator object {"gte": 0.6}, {"in": […]}, {"at_least": "high"}, {"contains_any": […]} … .
//
// Facts are looked up by name through a callback so a module decides which facts exist; an
// unknown name is an error naming the condition (typos in a pack must not silently never match).
using FactLookup = std::function<Json(const std::string& name, const std::string& path)>;

struct Check {
  std::string fact, op;
  Json expected, actual;
  Json to_json() const;
  std::string describe() const;  // "anger ≥ 0.6 (was 0.82)"
};

struct ConditionContext {
  FactLookup fact;
  std::map<std::string, std::vector<std::string>> scales;  // ordered levels for at_least / at_most
};

struct Evaluation {
  bool matched = false;
  std::vector<Check> passed;     // the checks that held (for an "any": those of the branch that held)
  std::optional<Check> failed;   // the first check that did not
};

Evaluation evaluate(const Json& when, const ConditionContext& context, const std::string& path);

// The facts of a triaged conversation: intent, confidence, tier, sentiment, sentiment_score,
// anger, urgency, churn_risk, language, channel, country, segment, lifetime_value, text, agents,
// business_hours.<team> ("open"/"closed" at `now`), or a dotted path into the request
// ("contact.tags"). `request` and `time` must outlive the lookup.
struct RoutingTime {
  const std::map<std::string, sla::BusinessHours>* teams = nullptr;
  std::optional<sla::Millis> now;
};
FactLookup request_facts(const Json& request, const RoutingTime& time);

// Built-in ordered scales, overridable by a pack's "scales".
std::map<std::string, std::vector<std::string>> default_scales();
std::map<std::string, std::vector<std::string>> read_scales(const Json* pack_scales, const std::string& path);

// BCP-47 prefix match, case-insensitive: "pt" matches "pt-BR", "pt-BR" does not match "pt-PT".
bool language_matches(const std::string& wanted, const std::string& actual);

//-----------------------------------------------------------------------------
// [SECTION] Keywords
//-----------------------------------------------------------------------------
// Case-insensitive (ASCII) search for `keyword` in `text`. Keywords that start or end with an
// ASCII letter or digit must sit on a word boundary there ("sue" does not match "issue"); a
// trailing '*' makes the end a prefix match ("refund*" matches "refunded"). Other scripts
// (Japanese, Korean, Arabic …) match as substrings.
bool contains_keyword(std::string_view text, std::string_view keyword);

//-----------------------------------------------------------------------------
// [SECTION] Reasons
//-----------------------------------------------------------------------------
// {"code": "route.angry_customer", "params": {...}, "text": "…"} — the panel localises by code and
// params; `text` is the English rendering of `english` with {param} placeholders filled.
Json make_reason(const std::string& code, const Json& params, const std::string& english);
std::string render(const std::string& english, const Json& params);

//-----------------------------------------------------------------------------
// [SECTION] Decide
//-----------------------------------------------------------------------------
// route.decide: see docs/assist-core.md for the request and answer.
Json decide(const Json& request);

}  // namespace parley::routing
