// Parley — metrics: the support measures of a workspace, from conversation events, with
// definitions people can check (docs/metrics.md has each one with an example).
//
// Index
//   [SECTION] Events         what happened in a conversation (the relay's export, one per line)
//   [SECTION] Settings       the workspace's hours, costs and windows; switchable definitions
//   [SECTION] Conversation   the figures of one conversation
//   [SECTION] Aggregates     median / p90 / mean and rates, overall and per group, linked to conversations
//
// Pure: events and `now` in, figures out. Business hours need the workspace's time zone, so the
// caller passes the clock (metrics_api_icu.cpp gives ICU's); everything else is plain C++.
#pragma once
#include "parley/api.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace parley::metrics {

//-----------------------------------------------------------------------------
// [SECTION] Events
//-----------------------------------------------------------------------------
enum class Sender { customer, human, bot, system };

struct Event {
  std::string conversation;
  std::int64_t at = 0;  // Unix ms
  std::string type;     // message status assignment transfer handoff csat_request csat link fields
  // Attributes a conversation takes from its events (the last one given wins; "" = not given).
  std::string contact, channel, intent, queue;
  // message
  Sender sender = Sender::customer;
  bool is_public = true;  // an internal note is not a reply
  std::string agent;      // message by a human, assignment
  std::string text;
  std::int64_t handle_ms = -1;  // agent time spent on a reply; -1: the workspace default
  // status: open | resolved | closed | reopened;  transfer: agent | queue | channel | escalation
  std::string status, transfer;
  int score = 0;             // csat 1..5
  std::string same_as;       // link: `contact` is the same person as `same_as`
  std::vector<std::string> values;  // fields: values the workspace already holds (order number, e-mail)
};

// One event from its JSON object (docs/metrics.md); errors name the field under `path`.
Event parse_event(const Json& j, const std::string& path);

//-----------------------------------------------------------------------------
// [SECTION] Settings
//-----------------------------------------------------------------------------
struct Settings {
  // Business hours: seconds of business time between two instants (calendar time when absent).
  std::function<std::int64_t(std::int64_t from, std::int64_t to)> business_ms;
  // The conversation's day in the workspace's time zone ("2026-03-01").
  std::function<std::string(std::int64_t at)> local_day;
  std::int64_t fcr_window_ms = 7LL * 24 * 3600 * 1000;              // FCR: no new contact within 7 days
  std::int64_t automation_confirm_ms = 24LL * 3600 * 1000;          // automated once quiet this long
  std::int64_t automation_return_ms = 7LL * 24 * 3600 * 1000;       // a return within this takes it back
  std::int64_t default_handle_ms = 120 * 1000;                      // per human reply without handle_ms
  std::int64_t agent_hour_micros = 0;                               // cost of one agent hour, in millionths
  std::map<std::string, std::int64_t> message_micros;               // cost per message, per channel
  // Switchable definitions (docs/metrics.md):
  bool response_each_message = true;  // false: only the first customer message of a burst waits
};

//-----------------------------------------------------------------------------
// [SECTION] Conversation
//-----------------------------------------------------------------------------
struct Conversation {
  std::string id, contact, channel, intent, queue, agent, day;
  std::int64_t started_at = 0;
  std::optional<std::int64_t> first_response_ms, first_response_business_ms;
  std::vector<std::int64_t> response_ms;  // each customer message → the next human public reply
  std::optional<std::int64_t> first_resolution_ms, full_resolution_ms, human_resolution_ms;
  std::string resolution_type;            // human | automated | automation_pending | unresolved
  std::optional<bool> fcr_7d;             // nullopt: not resolved, or the 7 days have not passed
  std::optional<int> csat;                // the last score given
  bool csat_requested = false;
  int customer_messages = 0;              // before the first resolution (all, if unresolved)
  int re_explanations = 0;                // customer messages repeating a value already given
  int channel_transfers = 0;
  int human_replies = 0;
  std::int64_t cost_micros = 0;
};

// Figures of every conversation in `events` (any order; sorted by time here, ties kept in order).
std::vector<Conversation> conversations(const std::vector<Event>& events, const Settings& settings, std::int64_t now);

// Customer messages repeating an order number, e-mail address or phone number that an earlier
// message or a `fields` event already held. Exposed for its tests.
struct Entities {
  std::vector<std::string> values;  // normalised: upper case, separators removed
};
Entities entities(const std::string& text);

//-----------------------------------------------------------------------------
// [SECTION] Aggregates
//-----------------------------------------------------------------------------
// {n, median, p90, mean} of durations in ms: nearest-rank percentiles (the ⌈p·n⌉-th smallest),
// mean rounded half up to a whole ms; null figures when n = 0.
Json duration_stats(std::vector<std::int64_t> values);

// Every figure over `cs`, overall and per dimension in `group_by` (channel, intent, queue, agent,
// resolution_type, day); each group lists its conversations' ids.
Json aggregate(const std::vector<Conversation>& cs, const std::vector<std::string>& group_by);

Json to_json(const Conversation& c);
// One CSV row per conversation (RFC 4180 quoting; response_ms space-separated), with a header.
std::string to_csv(const std::vector<Conversation>& cs);

}  // namespace parley::metrics
