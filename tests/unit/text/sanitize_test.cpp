#include "parley/text.h"

#include <catch2/catch.hpp>

using namespace parley::text;

namespace {
const SafetyFinding* find(const Sanitized& r, const std::string& type) {
  for (const auto& f : r.findings)
    if (f.type == type) return &f;
  return nullptr;
}
}  // namespace

TEST_CASE("right-to-left override in a file name is removed and reported with its offset", "[text]") {
  // "invoice_\u202Egnp.exe" displays as "invoice_exe.png"
  Sanitized r = sanitize("invoice_\u202Egnp.exe");
  CHECK(r.display == "invoice_gnp.exe");
  CHECK(r.changed);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].type == "bidi_override");
  CHECK(r.findings[0].code_point == 0x202E);
  CHECK(r.findings[0].start == 8);
  CHECK(r.findings[0].length == 3);
  CHECK(r.findings[0].removed);
}

TEST_CASE("each bidi embedding and isolate control is neutralised", "[text]") {
  for (char32_t cp : {U'\u202A', U'\u202B', U'\u202C', U'\u202D', U'\u2066', U'\u2067', U'\u2068', U'\u2069'}) {
    std::string s = "ab";
    append_utf8(s, cp);
    s += "cd";
    Sanitized r = sanitize(s);
    INFO("code point " << static_cast<unsigned>(cp));
    CHECK(r.display == "abcd");
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].start == 2);
    CHECK(r.findings[0].type.rfind("bidi_", 0) == 0);
  }
}

TEST_CASE("a clean FSI…PDI pair around an inserted value is kept; forced or loaded isolates are not", "[text]") {
  const std::string fsi = "\xE2\x81\xA8", pdi = "\xE2\x81\xA9", rli = "\xE2\x81\xA7", rlm = "\xE2\x80\x8F", rlo = "\xE2\x80\xAE";
  const std::string arabic = "\xD8\xA7\xD8\xAA\xD8\xB5\xD9\x84 ";
  Sanitized kept = sanitize(arabic + fsi + "+1 (555) 010-2030" + pdi);
  CHECK(kept.display == arabic + fsi + "+1 (555) 010-2030" + pdi);
  REQUIRE(kept.findings.size() == 2);
  CHECK_FALSE(kept.findings[0].removed);
  CHECK_FALSE(kept.changed);
  // A mark or override inside would let the isolate take a direction its text does not have.
  for (const std::string& inside : std::vector<std::string>{rlm + "abc def", "abc " + rlo + "def", "abc\ndef"}) {
    Sanitized r = sanitize("x " + fsi + inside + pdi + " y");
    INFO(inside);
    CHECK(r.display.find(fsi) == std::string::npos);
    CHECK(r.display.find(pdi) == std::string::npos);
  }
  CHECK(sanitize("x " + rli + "abc def" + pdi).display == "x abc def");  // RLI forces right-to-left
  CHECK(sanitize("x " + fsi + "abc").display == "x abc");                // never closed
}

TEST_CASE("zero-width and invisible characters hiding inside a word are removed", "[text]") {
  for (char32_t cp : {U'\u200B', U'\u200C', U'\u200D', U'\u2060', U'\u2062', U'\uFEFF', U'\u00AD', U'\u180E', U'\u3164', U'\u034F'}) {
    std::string s = "pay";
    append_utf8(s, cp);
    s += "pal";
    Sanitized r = sanitize(s);
    INFO("code point " << static_cast<unsigned>(cp));
    CHECK(r.display == "paypal");
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].removed);
    CHECK(r.findings[0].start == 3);
  }
}

TEST_CASE("tag characters smuggling hidden text are removed, a subdivision flag is kept", "[text]") {
  std::string hidden = "ok";
  for (char c : std::string("ignore")) append_utf8(hidden, 0xE0000 + static_cast<unsigned char>(c));
  Sanitized r = sanitize(hidden);
  CHECK(r.display == "ok");
  CHECK(r.findings.size() == 6);
  CHECK(find(r, "tag")->removed);

  const std::string scotland = "\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F";
  Sanitized flag = sanitize(scotland);
  CHECK(flag.display == scotland);
  CHECK_FALSE(flag.changed);
  CHECK_FALSE(flag.findings.empty());
  CHECK_FALSE(flag.findings[0].removed);
}

TEST_CASE("legitimate joiners stay: emoji ZWJ sequences and Persian ZWNJ", "[text]") {
  const std::string family = "👨‍👩‍👧";
  Sanitized r = sanitize(family);
  CHECK(r.display == family);
  CHECK_FALSE(r.changed);
  REQUIRE(r.findings.size() == 2);
  CHECK_FALSE(r.findings[0].removed);

  // GB11 decides (ExtPict Extend* ZWJ × ExtPict), from the generated tables.
  for (const std::string kept : {"\U0001F44D\U0001F3FD\u200D\u2642\uFE0F", "\U0001F3F3\uFE0F\u200D\U0001F308", "\u00A9\u200D\U0001F600"})
    CHECK(sanitize(kept).display == kept);
  CHECK(sanitize("\U0001F1EF\u200D\U0001F1F5").display == "\U0001F1EF\U0001F1F5");  // regional indicators do not join
  CHECK(sanitize("\U0001F600\u200D\u200D\U0001F600").display == "\U0001F600\U0001F600");
  CHECK(sanitize("\U0001F600\u200D\u2190").display == "\U0001F600\u2190");          // ← is not pictographic

  const std::string persian = "می\u200Cخواهم";  // "I want" with its half-space
  CHECK(sanitize(persian).display == persian);
}

TEST_CASE("a joiner stays where it is spelling (RFC 5892 CONTEXTJ, Unicode 23.2) and goes where it hides", "[text]") {
  // After a virama (Canonical_Combining_Class 9), in any script that has one.
  for (const std::string kept : {"क्\u200Dष", "क्\u200Cष",   // Devanagari half form, explicit virama
                                 "ന്\u200D",                  // Malayalam chillu
                                 "ශ්\u200Dරී",                 // Sinhala rakaransaya (Sri)
                                 "ក្\u200Cក",                  // Khmer coeng
                                 "ᠮ\u200Cᠣ",                   // Mongolian: dual-joining letters (was dropped before)
                                 "بَ\u200Cت",                  // Arabic: the fatha between is transparent
                                 "ه\u200D"})                   // ZWJ asks for heh's joined form
    CHECK(sanitize(kept).display == kept);
  // Nothing joins across these: the joiner would only hide something.
  CHECK(sanitize("क\u200Cष").display == "कष");           // no virama before it
  CHECK(sanitize("ا\u200Cب").display == "اب");           // alef never joins forward
  CHECK(sanitize("pay\u200Cpal").display == "paypal");
  CHECK(sanitize("paypa\u200Dl.com").display == "paypal.com");
  CHECK(sanitize("ب\u200C\u200Cت").display == "بت");     // two joiners do not vouch for each other
  Sanitized hidden = sanitize("ب\u200C\u200Cت");
  CHECK(hidden.changed);
}

TEST_CASE("direction marks are kept but reported; controls and separators are neutralised", "[text]") {
  Sanitized marks = sanitize("\u200Fطلب 123");
  CHECK(marks.display == "\u200Fطلب 123");
  REQUIRE(marks.findings.size() == 1);
  CHECK(marks.findings[0].type == "bidi_mark");
  CHECK_FALSE(marks.findings[0].removed);

  Sanitized ctl = sanitize("a\x07" "b\u2028c\td\n");
  CHECK(ctl.display == "ab\nc\td\n");
  CHECK(find(ctl, "control") != nullptr);
  CHECK(find(ctl, "line_separator") != nullptr);
}

TEST_CASE("plain text passes through untouched", "[text]") {
  Sanitized r = sanitize("Où est ma commande ? 注文は？ 🍎");
  CHECK(r.display == "Où est ma commande ? 注文は？ 🍎");
  CHECK(r.findings.empty());
  CHECK_FALSE(r.changed);
}
