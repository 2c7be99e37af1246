// Parley — drafting: replies from tone templates, fitted to the channel and the country, and the
// lint that refuses a reply which does not answer ("I'll check and get back to you").
//
// Index
//   [SECTION] Templates   a tone template per locale × channel × intent, and the e-mail frame
//   [SECTION] Limits      how long a channel lets a message be, measured the way it counts
//   [SECTION] Lint        findings on a draft (ICU-free: every core)
//   [SECTION] Render      ICU MessageFormat with locale numbers, dates, currencies (full core only)
#pragma once
#include "parley/api.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::drafting {

//-----------------------------------------------------------------------------
// [SECTION] Templates
//-----------------------------------------------------------------------------
struct SlotSpec {
  std::string name;
  std::string type;   // "text" | "number" | "date" | "datetime" | "money"
  bool required = false;
};

struct Template {
  std::string id, locale, channel, intent;
  std::string register_;  // "formal" | "informal" | "" (any): what the lint checks the tone against
  std::string body;       // ICU MessageFormat with named arguments
  std::string subject;    // e-mail only, MessageFormat; "" when the reply threads under "Re: …"
  std::vector<SlotSpec> slots;
};

// E-mail frame for a locale: greeting and signature (MessageFormat), reply prefix for threading.
struct Frame {
  std::string greeting, signature;
  std::string reply_prefix = "Re: ";
};

Template parse_template(const Json& value, const std::string& path);
Frame parse_frame(const Json& value, const std::string& path);

//-----------------------------------------------------------------------------
// [SECTION] Limits
//-----------------------------------------------------------------------------
struct Limit {
  std::string unit;     // "utf16" | "code_points" | "sms_segments"
  std::size_t max = 0;  // 0: no limit (e-mail)
};
// Platform limits Parley knows for a channel id ("line", "whatsapp", "sms" …); nullopt if unknown.
std::optional<Limit> channel_limit(std::string_view channel);

struct Measure {
  std::size_t value = 0;     // in the limit's unit
  std::size_t segments = 0;  // SMS only
  std::string encoding;      // SMS only: "gsm7" | "ucs2"
};
Measure measure(std::string_view valid_utf8, const std::string& unit);

//-----------------------------------------------------------------------------
// [SECTION] Lint
//-----------------------------------------------------------------------------
struct Finding {
  std::string code;      // non_committal | missing_specifics | promise | over_limit | wrong_register | banned_phrase | unfilled_slot
  std::string severity;  // "error" blocks sending; "warning" asks the agent to look
  std::string message;   // English, for logs and the CLI; surfaces localise by code + params
  std::string phrase;    // the text that triggered it, if any
  std::size_t start = 0, end = 0;  // UTF-8 byte span of `phrase` in the draft
  Json params = Json::object();
};

struct LintRequest {
  std::string text, locale, channel, intent, register_;
  Json specifics = Json::object();  // what the reply must mention: {"order_number":"A-1001"}
  Json pack = Json::object();       // the pack's lint.json: banned phrases, per-intent requirements
  std::optional<Limit> limit;
};

std::vector<Finding> lint(const LintRequest& request);
LintRequest parse_lint_request(const Json& request);
Json to_json(const Finding& f);

// Marker put where a required slot had no value, so the draft cannot go out unnoticed.
inline constexpr std::string_view kSlotOpen = "⟦";
inline constexpr std::string_view kSlotClose = "⟧";

//-----------------------------------------------------------------------------
// [SECTION] Render (needs ICU)
//-----------------------------------------------------------------------------
// Format `pattern` (ICU MessageFormat) for `locale` with `args` (name -> value, typed by `slots`).
// Dates are ISO-8601 inputs ("2026-11-25" or "2026-11-25T09:30:00Z"); a date-only value is a
// calendar day (taken at noon in `time_zone`), a date-time an instant. Money is {value, currency}.
// Missing required slots are rendered as ⟦name⟧ and listed in `missing`.
std::string format_message(const std::string& pattern, const std::string& locale, const std::string& time_zone,
                           const Json& args, const std::vector<SlotSpec>& slots, std::vector<std::string>& missing,
                           const std::string& path);

}  // namespace parley::drafting
