// Parley — self-service: what the bot does with a customer's message before (or instead of) a
// person. Pure: message + conversation state + the pack's automation policy and flows + connector
// results in, one decision out. The shell (relay, CLI) performs the connector calls it asks for and
// asks again with their results, so the same input always gives the same decision.
//
// Index
//   [SECTION] Pack        policy, flows, validators, connectors, strings (automation.json)
//   [SECTION] Choices     quick replies degraded to each channel's form and limits
//   [SECTION] Validators  order numbers by mask, e-mail, extracted from free text
//   [SECTION] Strings     localised bot text with {placeholders}
//   [SECTION] Decide      automation.decide, automation.settle
#pragma once
#include "parley/api.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace parley::automation {

//-----------------------------------------------------------------------------
// [SECTION] Pack
//-----------------------------------------------------------------------------
// automation.json (schemas/pack-automation.schema.json), checked once per request with errors
// that name the field: a pack typo must fail loudly, not silently never automate.
struct IntentPolicy {
  std::string flow;                    // a flow to start ("" = none)
  bool answer = false;                 // answer from the knowledge base
  bool answer_questions = false;       // with a flow: a question ("what is your return policy?") gets the article first
  std::vector<std::string> prequalify; // fields a person needs before they see the case
  std::string queue;                   // where the hand-off goes
};
struct HandoffRule {
  std::string id, queue;
  Json when;  // a routing condition over the triage facts (anger, sentiment_score, urgency, …)
};
struct Policy {
  double answer_at = 0.85;      // triage confidence to answer or run a flow
  double prequalify_at = 0.55;  // below: a person at once
  double kb_min = 0.5;          // knowledge-base hit confidence an answer needs
  int max_failures = 2;         // failed answers/inputs before a person
  double reopen_hours = 72;     // a return about the same intent within this takes a resolution back
  double inactivity_minutes = 30;  // an unconfirmed answer counts as resolved after this silence
  std::string default_queue = "general";
  std::map<std::string, IntentPolicy> intents;  // intents absent here are never automated
  std::vector<HandoffRule> handoff;             // checked before anything else, in order
};
struct Step {
  std::string id, kind;  // ask | call | branch | say | handoff | end
  Json spec;             // the step's object as written
};
struct Flow {
  std::string id;
  std::vector<Step> steps;
  std::map<std::string, std::vector<std::string>> triggers;  // language → keywords that start it whatever the intent
  std::size_t index_of(const std::string& step) const;        // steps.size() when absent
};
struct Pack {
  Policy policy;
  std::map<std::string, Flow> flows;
  Json validators, connectors, strings;
  std::map<std::string, std::vector<std::string>> handoff_phrases, yes_words, no_words, question_words;  // language → words
};
Pack read_pack(const Json& automation, const std::string& path);

//-----------------------------------------------------------------------------
// [SECTION] Choices
//-----------------------------------------------------------------------------
struct Choice {
  std::string id, label;
};
// How `choices` reach a customer on `channel`, from the channel profile's limits: WhatsApp reply
// buttons (≤ 3) else a list (≤ 10 rows), LINE/Messenger/Instagram quick replies (≤ 13), Telegram
// a reply keyboard, web chat quick replies, SMS and e-mail numbered options in the text.
// {kind, max, choices:[{id,label}], button? (a WhatsApp list's menu button), numbered_text?}
// A WhatsApp list needs `list_button` (≤ 20 code points, cut to fit); without one it is numbered.
Json channel_form(const std::string& channel, const std::vector<Choice>& choices, const std::string& numbered_intro,
                  const std::string& list_button = "");
// Which offered choice the customer's reply picks: a label, an id or its number ("2", "２").
std::optional<std::string> pick(const std::string& text, const std::vector<Choice>& offered);

//-----------------------------------------------------------------------------
// [SECTION] Validators
//-----------------------------------------------------------------------------
// A validator from the pack ({"kind": "order_number", "mask": "PD-######"} or {"kind": "email"})
// applied to what the customer wrote: the value found in the text, normalised, or nothing.
std::optional<std::string> validate(const Json& validator, const std::string& text, const std::string& path);

//-----------------------------------------------------------------------------
// [SECTION] Strings
//-----------------------------------------------------------------------------
// strings[lang][key] with the language's base ("pt" for "pt-BR") then "en" as fallbacks;
// {name} and {data.field} placeholders filled from `values`. Throws for a key no language has.
std::string text_for(const Pack& pack, const std::string& lang, const std::string& key, const Json& values);
// Which strings language answers `lang` ("pt-BR", "pt", then "en").
std::string strings_language(const Pack& pack, const std::string& lang);

//-----------------------------------------------------------------------------
// [SECTION] Decide
//-----------------------------------------------------------------------------
// automation.decide and automation.settle: see docs/automation.md for the request and answer.
Json decide(const Json& request);
Json settle(const Json& request);

}  // namespace parley::automation
