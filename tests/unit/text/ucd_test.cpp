// The generated Unicode tables: the same Unicode version as ICU, and reproduced byte for byte by
// their generator from the UCD files the setup installs.
#include "../ucd_files.h"
#include "parley/text/ucd.h"

#include <catch2/catch.hpp>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uversion.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>
#include <fstream>
#include <sstream>
#include <string>

using namespace parley::text;

namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}
}  // namespace

TEST_CASE("the generated tables and ICU are the same Unicode version", "[text][unicode]") {
  UVersionInfo v;
  u_getUnicodeVersion(v);
  CHECK(ucd::kUnicodeVersion.major == v[0]);
  CHECK(ucd::kUnicodeVersion.minor == v[1]);
  std::string stated = std::to_string(ucd::kUnicodeVersion.major) + "." + std::to_string(ucd::kUnicodeVersion.minor);
  CHECK(stated == U_UNICODE_VERSION);
}

TEST_CASE("the generator reproduces the committed tables byte for byte", "[text][unicode]") {
  if (!ucd_files::present()) { WARN(ucd_files::missing()); return; }
  const std::string src = PARLEY_SOURCE_DIR;
  const std::string out = std::filesystem::temp_directory_path() / ("parley-ucd-tables-" + std::to_string(::getpid()) + ".cpp");
  const std::string cmd = "python3 '" + src + "/tools/unicode/gen-tables.py' --ucd '" + ucd_files::dir() + "' --out '" + out + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::string made = slurp(out), committed = slurp(src + "/shared/src/text/ucd_tables.cpp");
  std::remove(out.c_str());
  REQUIRE(!made.empty());
  CHECK(made == committed);  // else: run tools/unicode/gen-tables.py and commit the result
}

TEST_CASE("a few classes from the generated table", "[text][unicode]") {
  CHECK(ucd::grapheme_break('a') == ucd::Gcb::other);
  CHECK(ucd::grapheme_break(0) == ucd::Gcb::control);
  CHECK(ucd::grapheme_break('\r') == ucd::Gcb::cr);
  CHECK(ucd::grapheme_break(0x0301) == ucd::Gcb::extend_ccc);
  CHECK(ucd::is_extend(ucd::grapheme_break(0x0898)));             // Arabic Extended-A mark (issue 21)
  CHECK(ucd::grapheme_break(0x200C) == ucd::Gcb::extend);         // ZWNJ: Extend with ccc 0
  CHECK(ucd::grapheme_break(0x094D) == ucd::Gcb::virama);
  CHECK(ucd::grapheme_break(0x0915) == ucd::Gcb::linking_consonant);
  CHECK(ucd::grapheme_break(0x0A15) == ucd::Gcb::other);          // Gurmukhi: not in ICU 72's conjunct rule
  CHECK(ucd::grapheme_break(0x0890) == ucd::Gcb::prepend);
  CHECK(ucd::grapheme_break(0x102B) == ucd::Gcb::other);         // Myanmar tall aa: a letter-like vowel sign
  CHECK(ucd::grapheme_break(0x2388) == ucd::Gcb::extended_pictographic);
  CHECK(ucd::grapheme_break(0xAC00) == ucd::Gcb::lv);
  CHECK(ucd::grapheme_break(0xAC01) == ucd::Gcb::lvt);
  CHECK(ucd::grapheme_break(0x10FFFF) == ucd::Gcb::other);
  CHECK(ucd::grapheme_break(0x110000) == ucd::Gcb::other);
}

TEST_CASE("the sanitizer's reduced table agrees with the full one on every code point", "[text][unicode]") {
  std::size_t wrong = 0;
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    const ucd::Gcb g = ucd::grapheme_break(cp);
    const ucd::EmojiPart want = ucd::is_extend(g) ? ucd::EmojiPart::extend
                                : g == ucd::Gcb::extended_pictographic ? ucd::EmojiPart::extended_pictographic
                                                                       : ucd::EmojiPart::other;
    if (ucd::emoji_part(cp) != want && ++wrong <= 10) FAIL_CHECK("U+" << std::hex << static_cast<unsigned>(cp));
  }
  CHECK(wrong == 0);
  CHECK(ucd::emoji_part(0x110000) == ucd::EmojiPart::other);
}

TEST_CASE("letter scripts and simple case folding agree with ICU on every code point", "[text][unicode]") {
  using ucd::LetterScript;
  const std::pair<UScriptCode, LetterScript> scripts[] = {
      {USCRIPT_LATIN, LetterScript::latin},     {USCRIPT_GREEK, LetterScript::greek},   {USCRIPT_CYRILLIC, LetterScript::cyrillic},
      {USCRIPT_HEBREW, LetterScript::hebrew},   {USCRIPT_ARABIC, LetterScript::arabic}, {USCRIPT_DEVANAGARI, LetterScript::devanagari},
      {USCRIPT_THAI, LetterScript::thai},       {USCRIPT_HANGUL, LetterScript::hangul}, {USCRIPT_HIRAGANA, LetterScript::kana},
      {USCRIPT_KATAKANA, LetterScript::kana},   {USCRIPT_HAN, LetterScript::han}};
  std::size_t letters = 0, wrong = 0, wrong_fold = 0;
  char32_t first_wrong = 0;
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    const auto got = ucd::letter_script(cp);
    if (static_cast<char32_t>(u_foldCase(static_cast<UChar32>(cp), U_FOLD_CASE_DEFAULT)) != ucd::simple_fold(cp)) ++wrong_fold;
    const auto mask = U_GET_GC_MASK(static_cast<UChar32>(cp));
    LetterScript want = LetterScript::none;
    if (mask & U_GC_M_MASK) want = LetterScript::mark;
    else if (mask & U_GC_L_MASK) {
      ++letters;
      UErrorCode status = U_ZERO_ERROR;
      const UScriptCode sc = uscript_getScript(static_cast<UChar32>(cp), &status);
      want = LetterScript::other;
      for (const auto& [code, ls] : scripts) if (sc == code) want = ls;
      if (want == LetterScript::other && (sc == USCRIPT_COMMON || sc == USCRIPT_INHERITED)) {
        // Script_Extensions, when they all map to one of Parley's writing systems.
        UScriptCode ext[32];
        const int n = uscript_getScriptExtensions(static_cast<UChar32>(cp), ext, 32, &status);
        LetterScript one = LetterScript::other;
        bool single = n > 0;
        for (int k = 0; k < n; ++k) {
          LetterScript m = LetterScript::other;
          for (const auto& [code, ls] : scripts) if (ext[k] == code) m = ls;
          if (m == LetterScript::other || (k > 0 && m != one)) single = false;
          one = m;
        }
        if (single) want = one;
      }
    }
    if (got != want && wrong++ == 0) first_wrong = cp;
  }
  CHECK(letters > 130000);
  INFO("first differing code point: U+" << std::hex << static_cast<unsigned>(first_wrong));
  CHECK(wrong == 0);
  CHECK(wrong_fold == 0);
  CHECK(ucd::letter_script(U'ー') == LetterScript::kana);  // Common, Script_Extensions Hira Kana
}

TEST_CASE("the generated joining table is ICU's Joining_Type, with ccc 9 as virama, on every code point", "[text][unicode]") {
  using ucd::Joining;
  std::size_t wrong = 0, viramas = 0, joiners = 0;
  char32_t first_wrong = 0;
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    Joining want = Joining::none;
    if (u_getCombiningClass(static_cast<UChar32>(cp)) == 9) {
      want = Joining::virama;
      ++viramas;
    } else {
      switch (u_getIntPropertyValue(static_cast<UChar32>(cp), UCHAR_JOINING_TYPE)) {
        case U_JT_TRANSPARENT: want = Joining::transparent; break;
        case U_JT_LEFT_JOINING: want = Joining::left; break;
        case U_JT_DUAL_JOINING: want = Joining::dual; ++joiners; break;
        case U_JT_RIGHT_JOINING: want = Joining::right; break;
        case U_JT_JOIN_CAUSING: want = Joining::causing; break;
        default: break;
      }
    }
    if (ucd::joining(cp) != want && wrong++ == 0) first_wrong = cp;
  }
  INFO("first differing code point: U+" << std::hex << static_cast<unsigned>(first_wrong));
  CHECK(wrong == 0);
  CHECK(viramas > 60);
  CHECK(joiners > 300);
  CHECK(ucd::joining(0x094D) == Joining::virama);
  CHECK(ucd::joining(0x0628) == Joining::dual);       // beh
  CHECK(ucd::joining(0x0627) == Joining::right);      // alef
  CHECK(ucd::joining(0x064E) == Joining::transparent);  // fatha
  CHECK(ucd::joining('a') == Joining::none);
  CHECK(ucd::simple_fold(U'Σ') == U'σ');
  CHECK(ucd::simple_fold(U'ς') == U'σ');
}
