// What every governance check reads from a review.check request, parsed once.
#pragma once
#include "parley/api.h"
#include "parley/sla.h"

#include <optional>
#include <string>
#include <vector>

namespace parley::governance {
struct Message {
  bool inbound;
  sla::Millis at;
  std::string text;
};

struct Context {
  const Json& request;
  const Json& draft;
  const Json& conversation;
  const Json& policy;
  sla::Millis now;
  std::string channel, kind, text, draft_sha256;
  std::vector<Message> history;             // sorted by time
  std::optional<sla::Millis> last_inbound;  // the customer's latest message
  bool business_initiated = true;           // no customer message within the reply grace period or
                                            // the channel's customer-service window
};

Context read_context(const Json& request);

// A gate in the answer: {id, kind, required, satisfied, reason, …details}.
Json gate(const std::string& id, const std::string& kind, const std::string& required, bool satisfied, Json reason);

// The channel's customer-service window (default or the pack's), when it has a timed one.
std::optional<sla::Millis> reply_window(const Context& c);

// Each family of checks appends its gates.
void review_gates(const Context& c, Json& gates);
void window_gates(const Context& c, Json& gates);
void consent_gates(const Context& c, Json& gates);
void quiet_hours_gates(const Context& c, Json& gates);
}  // namespace parley::governance
