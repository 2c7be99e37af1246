// Parley — text: what a message's text is made of, measured the way channels and people count it.
//
// Index
//   [SECTION] UTF-8        validation and code-point iteration (no ICU: available in the widget core)
//   [SECTION] Safety       bidi and invisible-character tricks (no ICU: widget core)
//   [SECTION] Analysis     normalisation, scripts, graphemes (ICU: full core only)
//   [SECTION] Segmentation words, sentences and match tokens (ICU: full core only)
//   [SECTION] Bidi         the Unicode Bidirectional Algorithm: levels and display order (ICU: full core only)
#pragma once
#include "parley/api.h"

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

// For methods taking text (text.*, pii.*, langid.*): request[key] must exist, be a string and be
// valid UTF-8, else parley::Error naming the field ("/text") and the bad byte offset.
std::string required_text(const Json& request, const std::string& key = "text");

//-----------------------------------------------------------------------------
// [SECTION] Deterministic math
//-----------------------------------------------------------------------------
// exp and the natural log from +, −, ×, ÷ and exact scaling only, so a model's probabilities are
// bit-identical natively and in every wasm core (libm's may differ in the last bit).
double exp_det(double x);
double log_det(double x);  // frexp and an atanh series; log 0 (and NaN) give −745

// splitmix64: a seeded generator whose sequence is the same on every platform (the trainers').
struct SplitMix64 {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double unit() { return double(next() >> 11) * 0x1.0p-53; }  // uniform in [0, 1)
};

//-----------------------------------------------------------------------------
// [SECTION] Safety
//-----------------------------------------------------------------------------
// A character that can make text display differently from what it says: bidi controls that
// reorder it ("invoice_\u202Egnp.exe"), invisible characters that split or hide words.
struct SafetyFinding {
  std::string type;        // bidi_override, bidi_embedding, bidi_isolate, bidi_mark, zero_width,
                           // invisible, tag, control, line_separator
  char32_t code_point = 0;
  std::size_t start = 0;   // UTF-8 byte offset in the original
  std::size_t length = 0;  // UTF-8 bytes
  bool removed = false;    // false: kept because it is legitimate where it stands (emoji ZWJ, …)
};

struct Sanitized {
  std::string display;  // safe to render: tricks removed, legitimate joiners kept
  std::vector<SafetyFinding> findings;
  bool changed = false;  // display differs from the original
};

// Precondition: valid UTF-8. The original is never modified; callers keep it as evidence.
Sanitized sanitize(std::string_view valid_utf8);

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
std::string nfkc_casefold(std::string_view valid_utf8);

//-----------------------------------------------------------------------------
// [SECTION] Segmentation (needs ICU)
//-----------------------------------------------------------------------------
struct Span {
  std::size_t start = 0;   // UTF-8 byte offset
  std::size_t length = 0;  // UTF-8 bytes
};

struct Word : Span {
  std::string kind;  // "word", "number", "cjk" (a Han/Kana run), "sa" (Lao/Khmer/Myanmar run)
};

struct Segmentation {
  std::vector<Word> words;      // punctuation and spaces are not words
  std::vector<Span> sentences;  // trailing spaces belong to the sentence they follow
  // What matching sees: NFKC_Casefold of each word; Han/Kana runs and scripts without a
  // dictionary become overlapping character bigrams ("注文状況" → 注文 文状 状況), so results do not
  // depend on whether a CJK dictionary is present (the wasm ICU data has none).
  std::vector<std::string> tokens;
};

Segmentation segment(std::string_view valid_utf8);

//-----------------------------------------------------------------------------
// [SECTION] Bidi (needs ICU)
//-----------------------------------------------------------------------------
// UAX #9 on one line of text, as a screen shows it: drafts check that an inserted name, phone
// number or order number keeps its order inside right-to-left text (and the tests run Unicode's
// BidiCharacterTest.txt through it).
enum class Direction { ltr, rtl, automatic };  // automatic: the first strong character decides (P2, P3)

struct Bidi {
  int paragraph_level = 0;          // 0 left-to-right, 1 right-to-left (of the first paragraph)
  std::vector<int> levels;          // per code point, after rule L1; -1 for characters X9 removes
  std::vector<std::size_t> visual;  // code-point indices in display order (removed characters left out)
  std::string display;              // the text in display order, mirrored, bidi controls removed
};

Bidi bidi(std::string_view valid_utf8, Direction direction = Direction::automatic);

}  // namespace parley::text
