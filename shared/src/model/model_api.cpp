// model.* methods: parse and validate the conversation's nouns; move a case through its states.
// Available in every core (no ICU), so the widget validates before anything leaves the browser.
#include "parley/api.h"
#include "parley/model.h"

namespace parley::model {
namespace {
Json parse_message_method(const Json& r) { return Json{{"message", to_json(parse_message(require(r, "message", Json::value_t::object), "/message"))}}; }
PARLEY_METHOD("model.parse_message", parse_message_method, "Validate a Message {message}; errors name the field, the original is kept in raw");

Json parse_contact_method(const Json& r) { return Json{{"contact", to_json(parse_contact(require(r, "contact", Json::value_t::object), "/contact"))}}; }
PARLEY_METHOD("model.parse_contact", parse_contact_method, "Validate a Contact {contact}");

Json parse_session_method(const Json& r) { return Json{{"session", to_json(parse_session(require(r, "session", Json::value_t::object), "/session"))}}; }
PARLEY_METHOD("model.parse_session", parse_session_method, "Validate a web SessionContext {session}: page, referrer, UTM, locale, timezone, cart, pages seen");

Json parse_conversation_method(const Json& r) {
  return Json{{"conversation", to_json(parse_conversation(require(r, "conversation", Json::value_t::object), "/conversation"))}};
}
PARLEY_METHOD("model.parse_conversation", parse_conversation_method, "Validate a Conversation {conversation} with its messages and session");

Json parse_case_method(const Json& r) { return Json{{"case", to_json(parse_case(require(r, "case", Json::value_t::object), "/case"))}}; }
PARLEY_METHOD("model.parse_case", parse_case_method, "Validate a Case {case}; a given history must replay to the stated state");

// {state, event} → next state; or {case, event, at} → the case with the event applied.
Json case_transition_method(const Json& r) {
  std::string ev = require_string(r, "event");
  auto e = parse_case_event(ev);
  if (!e) throw Error("invalid_value", "/event: \"" + ev + "\" is not a case event", "/event");
  std::optional<Case> c;
  CaseState from;
  if (const Json* cj = optional(r, "case", Json::value_t::object)) {
    c = parse_case(*cj, "/case");
    from = c->state;
  } else {
    std::string st = require_string(r, "state");
    auto s = parse_case_state(st);
    if (!s) throw Error("invalid_value", "/state: \"" + st + "\" is not a case state", "/state");
    from = *s;
  }
  auto to = transition(from, *e);
  if (!to) {
    Json legal = Json::array();
    for (auto l : legal_events(from)) legal.push_back(name(l));
    throw Error("illegal_transition",
                "/event: \"" + ev + "\" is not allowed in state \"" + std::string(name(from)) + "\" (allowed: " + legal.dump() + ")",
                "/event");
  }
  Json legal = Json::array();
  for (auto l : legal_events(*to)) legal.push_back(name(l));
  Json out{{"from", name(from)}, {"event", ev}, {"state", name(*to)}, {"legal_events", legal}};
  if (c) {
    std::int64_t at = require_time(r, "at");
    if (!c->history.empty() && at < c->history.back().second)
      throw Error("out_of_order", "/at is earlier than the case's last event", "/at");
    c->history.emplace_back(*e, at);
    c->state = *to;
    out["case"] = to_json(*c);
  }
  return out;
}
PARLEY_METHOD("model.case_transition", case_transition_method, "Apply an event to a case state: {state, event} or {case, event, at}; illegal moves are errors");

Json channels_method(const Json&) { return Json{{"channels", channel_ids()}}; }
PARLEY_METHOD("model.channels", channels_method, "The channel ids Parley knows");

Json parse_time_method(const Json& r) {
  std::int64_t t = require_time(r, "at");
  return Json{{"at", format_time(t)}, {"at_ms", t}};
}
PARLEY_METHOD("model.time", parse_time_method, "Normalise a time {at} (ISO-8601 with offset or Unix ms) to UTC ISO and Unix ms");
}  // namespace
}  // namespace parley::model
