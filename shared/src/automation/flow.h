// The turn being decided: what came in, the state it changes and the answer it builds. Shared by
// decide.cpp (the policy: hand-off, answer, prequalify or flow) and flow.cpp (running steps).
#pragma once
#include "parley/automation.h"

#include <optional>
#include <string>
#include <vector>

namespace parley::automation {
struct Turn {
  explicit Turn(const Pack& p) : pack(p) {}
  const Pack& pack;
  std::string text, channel, lang;
  std::optional<std::string> picked;  // the offered choice the customer's reply picks
  Json triage;                         // triage.classify's answer for this message
  Json facts;                          // connector results the shell fetched, by call step id
  Json kb;                             // {index_id} or {articles}
  double now = 0;
  Json state;                          // the conversation's automation state, changed in place

  // The answer being built.
  std::string action, rule;
  Json reason;
  std::vector<std::string> said;  // reply paragraphs
  std::vector<Choice> choices;
  Json article = nullptr, call = nullptr, handoff = nullptr;
  Json events = Json::array();

  std::string say(const std::string& key);  // localised, placeholders from slots and connector data
  Json values() const;                      // what placeholders and branch conditions read
  void event(const std::string& type, Json data);
};

// Hand the conversation to a person now: packet, event, reply. `queue` empty: the intent's or default.
void hand_off(Turn& t, const std::string& rule, const std::string& reason_code, const std::string& english, std::string queue = "");

// Run `flow` from step `at`. `input`: the customer's message answers the step the flow waits at;
// `first`: the message that started the flow (a missing value is asked for, not a failure).
void run_flow(Turn& t, const Flow& flow, std::size_t at, bool input, bool first);

// Ask for the next missing prequalification field, or hand off with all of them.
void run_prequalify(Turn& t, bool input, bool first);
}  // namespace parley::automation
