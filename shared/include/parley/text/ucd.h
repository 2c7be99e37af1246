// Unicode properties without ICU, from tables generated out of the Unicode Character Database
// (tools/unicode/gen-tables.py → shared/src/text/ucd_tables.cpp). The widget core has no ICU; the
// full core's ICU and these tables are the same Unicode version (kUnicodeVersion, checked by
// tests/unit/text/ucd_test.cpp against U_UNICODE_VERSION).
#pragma once

namespace parley::text::ucd {

struct UnicodeVersion {
  int major, minor, update;
};
extern const UnicodeVersion kUnicodeVersion;

// Grapheme_Cluster_Break (UAX #29), with Extended_Pictographic as a class of its own (the two are
// disjoint), refined for the Indic conjunct rule ICU 72 applies (CLDR's GB9c): linking_consonant
// is Other, virama and extend_ccc (non-zero combining class) are Extend. The order matches the
// generator's CLASSES.
enum class Gcb : unsigned char {
  other, cr, lf, control, extend, zwj, regional_indicator, prepend, spacing_mark, l, v, t, lv, lvt,
  extended_pictographic, linking_consonant, virama, extend_ccc
};
constexpr bool is_extend(Gcb g) { return g == Gcb::extend || g == Gcb::virama || g == Gcb::extend_ccc; }

// Any value, including surrogates and values past U+10FFFF (those are `other`).
Gcb grapheme_break(char32_t cp);

// The same classes reduced to what GB11 (emoji ZWJ sequences) asks, from a smaller table: for the
// widget core's sanitizer, which needs nothing else. extend = is_extend(grapheme_break(cp)).
enum class EmojiPart : unsigned char { other, extend, extended_pictographic };
EmojiPart emoji_part(char32_t cp);

// What language identification needs of a code point: not a letter, a mark (M*: it belongs to
// the letter before it), or a letter (L*) of one of the writing systems it tells apart (Hiragana
// and Katakana are kana; a Common letter such as U+30FC takes its Script_Extensions). The order
// matches the generator's LETTER_SCRIPTS.
enum class LetterScript : unsigned char {
  none, mark, latin, greek, cyrillic, hebrew, arabic, devanagari, thai, hangul, kana, han, other
};
LetterScript letter_script(char32_t cp);

// What decides whether a ZWJ or ZWNJ beside a code point is part of the spelling: virama is
// Canonical_Combining_Class 9 (Indic conjunct control), the rest Joining_Type (ArabicShaping.txt:
// left joins to the following letter, right to the preceding one, dual both, causing like dual,
// transparent marks are skipped). The order matches the generator's JOINING.
enum class Joining : unsigned char { none, transparent, left, dual, right, causing, virama };
Joining joining(char32_t cp);

// Simple case folding (CaseFolding.txt statuses C and S): 'A' → 'a', 'Σ' → 'σ', 'İ' stays (its
// folding is full or Turkic only).
char32_t simple_fold(char32_t cp);

}  // namespace parley::text::ucd
