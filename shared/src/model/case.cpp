// Case: the unit of work. Its state machine is a pure function of (state, event) so the widget,
// Assist and the evidence replay all agree on which moves are legal.
#include "parley/model.h"
#include "read.h"

#include <array>

namespace parley::model {
namespace {
constexpr std::array<std::string_view, 5> kStates = {"open", "waiting_on_customer", "waiting_on_agent", "resolved", "closed"};
constexpr std::array<std::string_view, 7> kEvents = {"agent_replied", "customer_replied", "resolve", "customer_confirmed",
                                                     "confirmation_timeout", "reopen", "close"};
}  // namespace

std::string_view name(CaseState s) { return kStates[static_cast<std::size_t>(s)]; }
std::string_view name(CaseEvent e) { return kEvents[static_cast<std::size_t>(e)]; }

std::optional<CaseState> parse_case_state(std::string_view s) {
  for (std::size_t i = 0; i < kStates.size(); ++i)
    if (kStates[i] == s) return static_cast<CaseState>(i);
  return std::nullopt;
}
std::optional<CaseEvent> parse_case_event(std::string_view s) {
  for (std::size_t i = 0; i < kEvents.size(); ++i)
    if (kEvents[i] == s) return static_cast<CaseEvent>(i);
  return std::nullopt;
}

std::optional<CaseState> transition(CaseState s, CaseEvent e) {
  using S = CaseState;
  using E = CaseEvent;
  const bool active = s == S::open || s == S::waiting_on_customer || s == S::waiting_on_agent;
  switch (e) {
    case E::agent_replied:
      if (active) return S::waiting_on_customer;
      return std::nullopt;
    case E::customer_replied:
      if (active) return S::waiting_on_agent;
      // A customer writing after "resolved" means it was not: back to the agent.
      if (s == S::resolved) return S::waiting_on_agent;
      return std::nullopt;
    case E::resolve:
      if (active) return S::resolved;
      return std::nullopt;
    case E::customer_confirmed:
    case E::confirmation_timeout:
      if (s == S::resolved) return S::closed;
      return std::nullopt;
    case E::reopen:
      if (s == S::resolved || s == S::closed) return S::open;
      return std::nullopt;
    case E::close:
      if (s != S::closed) return S::closed;
      return std::nullopt;
  }
  return std::nullopt;
}

std::vector<CaseEvent> legal_events(CaseState s) {
  std::vector<CaseEvent> out;
  for (std::size_t i = 0; i < kEvents.size(); ++i)
    if (transition(s, static_cast<CaseEvent>(i))) out.push_back(static_cast<CaseEvent>(i));
  return out;
}

Case parse_case(const Json& v, const std::string& path) {
  require_object(v, path);
  read::only_keys(v, path, {"id", "conversation_id", "state", "opened_at", "history", "metadata"});
  Case c;
  c.raw = v;
  c.id = read::nonempty(v, "id", path);
  c.conversation_id = read::text(v, "conversation_id", path);
  std::string state = read::nonempty(v, "state", path);
  auto st = parse_case_state(state);
  if (!st) throw Error("invalid_value", read::at(path, "state") + ": \"" + state + "\" is not a case state", read::at(path, "state"));
  c.opened_at = require_time(v, "opened_at", path);
  // When a history is given it must replay from "open" to the stated state: a case that claims to
  // be closed without ever being resolved (or closed) is corrupt, and evidence depends on it.
  CaseState replay = CaseState::open;
  std::int64_t last = c.opened_at;
  if (const Json* h = optional(v, "history", Json::value_t::array, path)) {
    for (std::size_t i = 0; i < h->size(); ++i) {
      std::string p = read::at(read::at(path, "history"), i);
      require_object((*h)[i], p);
      read::only_keys((*h)[i], p, {"event", "at", "by"});
      std::string ev = read::nonempty((*h)[i], "event", p);
      auto e = parse_case_event(ev);
      if (!e) throw Error("invalid_value", read::at(p, "event") + ": \"" + ev + "\" is not a case event", read::at(p, "event"));
      std::int64_t at = require_time((*h)[i], "at", p);
      if (at < last) throw Error("out_of_order", read::at(p, "at") + " is earlier than the previous event", read::at(p, "at"));
      auto next = transition(replay, *e);
      if (!next)
        throw Error("illegal_transition",
                    read::at(p, "event") + ": \"" + ev + "\" is not allowed in state \"" + std::string(name(replay)) + "\"",
                    read::at(p, "event"));
      replay = *next;
      last = at;
      c.history.emplace_back(*e, at);
    }
    if (replay != *st)
      throw Error("inconsistent",
                  read::at(path, "state") + " is \"" + state + "\" but the history leads to \"" + std::string(name(replay)) + "\"",
                  read::at(path, "state"));
  }
  c.state = *st;
  optional(v, "metadata", Json::value_t::object, path);
  return c;
}

Json to_json(const Case& c) {
  Json h = Json::array();
  for (const auto& [e, at] : c.history) h.push_back({{"event", name(e)}, {"at", format_time(at)}});
  Json legal = Json::array();
  for (auto e : legal_events(c.state)) legal.push_back(name(e));
  return Json{{"id", c.id},         {"conversation_id", c.conversation_id}, {"state", name(c.state)},
              {"opened_at", format_time(c.opened_at)}, {"history", h}, {"legal_events", legal}, {"raw", c.raw}};
}
}  // namespace parley::model
