// Parley — model: the conversation's nouns (Message, Contact, SessionContext, Conversation, Case,
// Channel) parsed from JSON with errors that name the bad field, and the case's state machine.
//
// Parsing never loses data: every parsed value keeps the original object in `raw`, so fields the
// model does not know yet (a provider's new attribute) still reach the evidence log.
// JSON Schemas for the same shapes live in schemas/*.schema.json (checked by tests/contract).
//
// Index
//   [SECTION] Time         instants as Unix milliseconds; ISO-8601 UTC or numbers on input
//   [SECTION] Channel      the channel ids Parley knows
//   [SECTION] Entities     Message, Contact, SessionContext, Conversation
//   [SECTION] Case         states, events, legal transitions
#pragma once
#include "parley/api.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::model {

//-----------------------------------------------------------------------------
// [SECTION] Time
//-----------------------------------------------------------------------------
// Accepts Unix milliseconds (a number) or ISO-8601 "YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)".
// Throws Error("invalid_time", …, path) otherwise. Time is always an input: the core has no clock.
std::int64_t parse_time(const Json& value, const std::string& path);
std::int64_t require_time(const Json& object, std::string_view key, const std::string& path = "");
std::optional<std::int64_t> optional_time(const Json& object, std::string_view key, const std::string& path = "");
std::string format_time(std::int64_t unix_ms);  // "2026-01-02T03:04:05.000Z"

// The proleptic Gregorian calendar (Howard Hinnant's algorithms): days since 1970-01-01 and back.
// One implementation for every module that reckons in civil dates (SLA business hours, windows).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);
void civil_from_days(std::int64_t days, std::int64_t& year, unsigned& month, unsigned& day);
unsigned days_in_month(std::int64_t year, unsigned month);

// Offsets like "+09:00", "-0500", "Z" → minutes east of UTC; nullopt when not an offset.
std::optional<int> parse_utc_offset(std::string_view text);

//-----------------------------------------------------------------------------
// [SECTION] Channel
//-----------------------------------------------------------------------------
// Stable ids used everywhere (profiles, messages, routing): "whatsapp", "line", "kakao_chat",
// "kakao_alimtalk", "wechat", "wecom", "messenger", "instagram", "sms", "webchat", "email",
// "apple_messages", "naver_talktalk", "telegram".
const std::vector<std::string>& channel_ids();
bool is_channel(std::string_view id);
std::string require_channel(const Json& object, std::string_view key, const std::string& path = "");

//-----------------------------------------------------------------------------
// [SECTION] Entities
//-----------------------------------------------------------------------------
struct Attachment {
  std::string type;  // image | video | audio | file | sticker | location
  std::string url;
  std::string mime;
  std::optional<std::int64_t> bytes;
};

struct Message {
  std::string id;
  std::string conversation_id;  // "" when not known yet (inbound before threading)
  std::string channel;
  std::string direction;         // inbound | outbound
  std::string sender_type;       // customer | agent | bot | system
  std::string sender_id;
  std::string sender_name;       // the name the channel gives the sender, "" if none
  std::string text;              // "" for media-only messages
  std::int64_t at = 0;           // Unix ms
  std::vector<Attachment> attachments;
  std::string reply_to;          // id of the message this answers, "" if none
  Json raw;                      // the object as received
};

struct Contact {
  std::string id;
  std::string name;
  std::string locale;    // BCP 47
  std::string timezone;  // IANA name, as data
  std::string country;   // ISO 3166-1 alpha-2
  std::vector<std::pair<std::string, std::string>> identities;  // (channel, id on that channel)
  Json raw;
};

struct PageView {
  std::string url;
  std::string title;
  std::int64_t at = 0;
};

struct CartItem {
  std::string sku, name;
  double quantity = 0;
  double price = 0;
};

struct SessionContext {
  std::string page_url, referrer, locale, timezone;
  std::string utm_source, utm_medium, utm_campaign, utm_term, utm_content;
  std::string cart_currency;
  double cart_total = 0;
  std::vector<CartItem> cart_items;
  std::vector<PageView> pages_seen;
  Json raw;
};

struct Case;

struct Conversation {
  std::string id;
  std::string channel;
  std::string contact_id;
  std::vector<Message> messages;  // sorted by `at` (stable), as parsed
  std::optional<SessionContext> session;
  Json raw;
};

// `path` is where `value` sits in the request, so errors point into it ("/message/at").
Message parse_message(const Json& value, const std::string& path);
Contact parse_contact(const Json& value, const std::string& path);
SessionContext parse_session(const Json& value, const std::string& path);
Conversation parse_conversation(const Json& value, const std::string& path);

// Canonical JSON of a parsed value (defaults filled in, `raw` kept).
Json to_json(const Message& m);
Json to_json(const Contact& c);
Json to_json(const SessionContext& s);
Json to_json(const Conversation& c);

//-----------------------------------------------------------------------------
// [SECTION] Case
//-----------------------------------------------------------------------------
// open → waiting_on_customer / waiting_on_agent → resolved → closed. A case is closed only after
// resolution was confirmed (or timed out), never because the customer went quiet.
enum class CaseState { open, waiting_on_customer, waiting_on_agent, resolved, closed };
enum class CaseEvent {
  agent_replied,        // agent answered; the ball is with the customer
  customer_replied,     // customer wrote; the ball is with the agent
  resolve,              // agent marks resolved (awaiting confirmation)
  customer_confirmed,   // customer confirms the resolution
  confirmation_timeout, // no answer to "did this solve it?" within the workspace's period
  reopen,               // customer or agent reopens a resolved or closed case
  close,                // administrative close (spam, duplicate): legal from any state but closed
};

std::string_view name(CaseState s);
std::string_view name(CaseEvent e);
std::optional<CaseState> parse_case_state(std::string_view s);
std::optional<CaseEvent> parse_case_event(std::string_view s);

// The next state, or nullopt when `event` is not legal in `state`.
std::optional<CaseState> transition(CaseState state, CaseEvent event);
// Every event legal in `state`, in declaration order (for UIs: which buttons to show).
std::vector<CaseEvent> legal_events(CaseState state);

struct Case {
  std::string id;
  std::string conversation_id;
  CaseState state = CaseState::open;
  std::int64_t opened_at = 0;
  std::vector<std::pair<CaseEvent, std::int64_t>> history;  // events applied, with their time
  Json raw;
};
Case parse_case(const Json& value, const std::string& path);
Json to_json(const Case& c);

}  // namespace parley::model
