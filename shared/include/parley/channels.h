// Parley — channels: what each messaging channel allows and how to stay inside its rules.
// Profiles are data (compiled-in defaults a workspace pack overrides per request); everything else
// is a pure function of a profile and the request. No ICU: all of it runs in the widget core too.
//
// Index
//   [SECTION] Profiles     channel facts with sources; per-request overrides
//   [SECTION] Measuring    text length in a channel's own unit; grapheme boundaries (own rules)
//   [SECTION] SMS          GSM-7 / UCS-2 encoding and segments
//   [SECTION] Formatting   neutral draft → a channel's dialect, split to its limit
//   [SECTION] Window       may a free-form message be sent now, and if not what is required
//   [SECTION] Consent      opt-out keywords and quiet hours, returned as reasons
//   [SECTION] Inbound      webhook payload → Message, signature check, dedupe key
#pragma once
#include "parley/api.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace parley::channels {

//-----------------------------------------------------------------------------
// [SECTION] Profiles
//-----------------------------------------------------------------------------
// Every profile: {"id","name","text":{max,unit,verified,source},"markup":{dialect,…},"window":{kind,…},
// "signature":{scheme,…}, …}. Groups whose values CHANNELS.md marks UNVERIFIED carry "verified":false.
const Json& default_profiles();  // {"whatsapp":{…}, …}

// The channel's profile with `overrides` (a partial profile: {"text":{"max":900}}) merged in.
// Overrides may only change known keys and must keep their types; errors point into the request
// at `overrides_path`. Touched groups get "origin":"workspace" (and "verified":true unless the
// override says otherwise); "overridden" lists the JSON pointers that were changed.
Json profile(const std::string& channel, const Json* overrides, const std::string& overrides_path = "/overrides");

// Reads {"channel", "overrides"?} from a request: the usual preamble of every channels.* method.
Json profile_for_request(const Json& request);
// Plain text as a draft for channels.format: paragraphs at blank lines, line breaks inside kept.
Json draft_of_text(const std::string& text);

//-----------------------------------------------------------------------------
// [SECTION] Measuring
//-----------------------------------------------------------------------------
enum class Unit { code_points, utf16, utf8_bytes, graphemes, sms_segments };
Unit parse_unit(std::string_view name, const std::string& path);  // throws Error at `path`
std::string_view name(Unit u);
// Precondition: valid UTF-8.
std::size_t measure(std::string_view text, Unit unit);

// Byte offsets where a user-perceived character may be split: 0, every cluster start, size().
// Extended grapheme clusters without ICU (UAX #29, Unicode 15.0, with the Indic conjunct rule as
// ICU 72 applies it), on tables generated from the UCD: the same answer as ICU 72's character
// break iterator.
std::vector<std::size_t> grapheme_boundaries(std::string_view text);

//-----------------------------------------------------------------------------
// [SECTION] SMS
//-----------------------------------------------------------------------------
struct SmsSegment {
  std::string text;
  std::size_t units = 0;  // septets (GSM-7) or UTF-16 code units (UCS-2)
};
struct SmsResult {
  std::string encoding;     // "GSM-7" or "UCS-2"
  std::size_t units = 0;    // total septets or UTF-16 units
  std::size_t characters = 0;  // code points
  std::vector<SmsSegment> segments;
  std::vector<std::string> non_gsm;  // distinct characters that forced UCS-2, in order of appearance
};
// `sizes`: single/concatenated capacities (defaults 160/153 and 70/67; a profile may override).
struct SmsSizes {
  std::size_t gsm7_single = 160, gsm7_concat = 153, ucs2_single = 70, ucs2_concat = 67;
};
SmsResult sms_segments(std::string_view valid_utf8, const SmsSizes& sizes = {});
// Septets of one code point in GSM-7: 1 (basic), 2 (extension, ESC + char) or 0 (not GSM).
int gsm7_septets(char32_t cp);

}  // namespace parley::channels
