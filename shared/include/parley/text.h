// Parley — text: what a message's text is made of, measured the way channels and people count it.
//
// Index
//   [SECTION] UTF-8        validation and code-point iteration (no ICU: available in the widget core)
//   [SECTION] Analysis     normalisation, scripts, graphemes (ICU: full core only)
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::text {

//-----------------------------------------------------------------------------
// [SECTION] UTF-8
//-----------------------------------------------------------------------------
// Byte offset of the first byte that does not start a well-formed UTF-8 sequence (overlong forms,
// surrogates and code points above U+10FFFF are ill-formed), or nullopt when `s` is valid.
std::optional<std::size_t> invalid_utf8_offset(std::string_view s);

// Decode the code point at `i` and advance `i`. Precondition: `s` is valid UTF-8.
char32_t next_code_point(std::string_view s, std::size_t& i);
void append_utf8(std::string& out, char32_t cp);

std::size_t code_point_count(std::string_view valid_utf8);
std::size_t utf16_length(std::string_view valid_utf8);  // LINE and JavaScript count this

//-----------------------------------------------------------------------------
// [SECTION] Analysis (needs ICU)
//-----------------------------------------------------------------------------
struct ScriptRun {
  std::string script;  // ISO 15924 code: "Latn", "Jpan" runs are split as ICU reports ("Hira", "Hani"…)
  std::size_t start;   // UTF-8 byte offset
  std::size_t length;  // UTF-8 bytes
};

struct Analysis {
  std::string normalized;  // NFKC_Casefold: what matching and models see
  std::size_t utf8_bytes = 0;
  std::size_t utf16_units = 0;
  std::size_t code_points = 0;
  std::size_t graphemes = 0;  // user-perceived characters (extended grapheme clusters)
  std::vector<ScriptRun> scripts;
};

// Precondition: valid UTF-8 (the API method checks and reports the offset otherwise).
Analysis analyze(std::string_view valid_utf8);

}  // namespace parley::text
