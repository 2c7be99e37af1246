// Unicode's own grapheme tests: every line of GraphemeBreakTest.txt, and every code point of every
// Grapheme_Cluster_Break class in the contexts of tests/unicode/grapheme-contexts.json, for our
// rules (channels::grapheme_boundaries) and for ICU (text::analyze, and its break iterator).
#include "../ucd_files.h"
#include "parley/channels.h"
#include "parley/text.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <unicode/brkiter.h>

#include <cstdint>
#include <cstdio>
#include <memory>

using namespace parley;

namespace {
std::string utf8(const std::vector<char32_t>& cps, std::vector<std::size_t>* offsets = nullptr) {
  std::string s;
  for (char32_t cp : cps) {
    if (offsets) offsets->push_back(s.size());
    text::append_utf8(s, cp);
  }
  if (offsets) offsets->push_back(s.size());
  return s;
}

std::vector<std::size_t> icu_boundaries(const std::string& s) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
  REQUIRE(U_SUCCESS(status));
  UText* ut = utext_openUTF8(nullptr, s.data(), static_cast<int64_t>(s.size()), &status);
  it->setText(ut, status);
  std::vector<std::size_t> out;
  for (int32_t b = it->first(); b != icu::BreakIterator::DONE; b = it->next()) out.push_back(static_cast<std::size_t>(b));
  utext_close(ut);
  if (out.empty()) out.push_back(0);
  return out;
}

std::string hex(const std::vector<char32_t>& cps) {
  std::string s;
  char buf[16];
  for (char32_t cp : cps) {
    std::snprintf(buf, sizeof buf, "%s%04X", s.empty() ? "" : " ", static_cast<unsigned>(cp));
    s += buf;
  }
  return s;
}

nlohmann::json contexts() {
  std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/tests/unicode/grapheme-contexts.json");
  return nlohmann::json::parse(in);
}

std::vector<char32_t> cps_of(const nlohmann::json& list) {
  std::vector<char32_t> out;
  for (const auto& h : list) out.push_back(static_cast<char32_t>(std::stoul(h.get<std::string>(), nullptr, 16)));
  return out;
}
}  // namespace

TEST_CASE("every line of GraphemeBreakTest.txt: our rules and ICU", "[channels][unicode]") {
  if (!ucd_files::present()) { WARN(ucd_files::missing()); return; }
  auto cases = ucd_files::break_test("auxiliary/GraphemeBreakTest.txt");
  REQUIRE(cases.size() == 602);  // Unicode 15.0
  for (const auto& c : cases) {
    std::vector<std::size_t> offsets;
    std::string s = utf8(c.cps, &offsets);
    std::vector<std::size_t> expect;
    for (std::size_t k = 0; k < offsets.size(); ++k)
      if (c.breaks[k]) expect.push_back(offsets[k]);
    INFO(c.line);
    CHECK(channels::grapheme_boundaries(s) == expect);
    CHECK(icu_boundaries(s) == expect);
    CHECK(text::analyze(s).graphemes == expect.size() - 1);
  }
}

TEST_CASE("every code point of every Grapheme_Cluster_Break class: our rules and ICU", "[channels][unicode]") {
  if (!ucd_files::present()) { WARN(ucd_files::missing()); return; }
  auto classes = ucd_files::property("auxiliary/GraphemeBreakProperty.txt");
  classes["Extended_Pictographic"] = ucd_files::property("emoji/emoji-data.txt", "Extended_Pictographic")["Extended_Pictographic"];
  nlohmann::json ctx = contexts()["classes"];
  REQUIRE(ctx.size() == classes.size());
  std::size_t checked = 0, ours_wrong = 0, icu_wrong = 0;
  for (const auto& [name, cps] : classes) {
    REQUIRE(ctx.contains(name));
    for (const auto& c : ctx[name]) {
      std::vector<char32_t> before = cps_of(c[0]), after = cps_of(c[1]);
      const std::size_t clusters = c[2];
      for (char32_t cp : cps) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // not encodable in UTF-8
        std::vector<char32_t> all = before;
        all.push_back(cp);
        all.insert(all.end(), after.begin(), after.end());
        std::string s = utf8(all);
        std::size_t ours = channels::grapheme_boundaries(s).size() - 1, icu = text::analyze(s).graphemes;
        ++checked;
        // One report per failing code point and context; counts keep the output short.
        if (ours != clusters && ++ours_wrong <= 20) FAIL_CHECK(name << " ours: " << hex(all) << " is " << ours << ", expected " << clusters);
        if (icu != clusters && ++icu_wrong <= 20) FAIL_CHECK(name << " ICU: " << hex(all) << " is " << icu << ", expected " << clusters);
      }
    }
  }
  CHECK(ours_wrong == 0);
  CHECK(icu_wrong == 0);
  CHECK(checked > 100000);
}

// ICU 72 applies CLDR's Indic conjunct rule (GB9c before Unicode 15.1); it is not in Unicode
// 15.0's test file, so ICU itself is the reference: every code point of the Indic blocks and every
// Extend or ZWJ, around a Devanagari consonant and virama.
TEST_CASE("the Indic conjunct rule gives ICU 72's answer", "[channels][unicode]") {
  if (!ucd_files::present()) { WARN(ucd_files::missing()); return; }
  std::vector<char32_t> candidates;
  for (char32_t cp = 0x0900; cp <= 0x0D7F; ++cp) candidates.push_back(cp);
  for (const auto& [name, cps] : ucd_files::property("auxiliary/GraphemeBreakProperty.txt"))
    if (name == "Extend" || name == "ZWJ") candidates.insert(candidates.end(), cps.begin(), cps.end());
  const char32_t ka = 0x0915, virama = 0x094D;
  const std::vector<std::vector<char32_t>> shapes = {
      {ka, virama, 0}, {0, virama, ka}, {ka, 0, ka}, {ka, virama, 0, ka}, {ka, 0, virama, ka}, {0, 0x0D4D, 0x0D15}};
  std::size_t checked = 0, wrong = 0;
  for (char32_t x : candidates) {
    for (auto shape : shapes) {
      for (auto& cp : shape)
        if (cp == 0) cp = x;
      std::string s = utf8(shape);
      ++checked;
      if (channels::grapheme_boundaries(s) != icu_boundaries(s) && ++wrong <= 20) FAIL_CHECK("differs from ICU: " << hex(shape));
    }
  }
  CHECK(wrong == 0);
  CHECK(checked > 10000);
}

// Rules interact (GB11 after Extend runs, GB12/13 parity, GB9c through ZWJ …): random strings of
// code points from every class, ours against ICU's break iterator, boundary for boundary.
TEST_CASE("random mixes of every class: our boundaries are ICU's", "[channels][unicode]") {
  const std::vector<char32_t> pool = {
      'a', ' ', '\r', '\n', 0x0001, 0x00AD, 0x0300, 0x0308, 0x200C, 0x200D, 0xFE0F, 0x1F3FB, 0xE0061,
      0x1F1E6, 0x1F1E7, 0x0600, 0x0890, 0x0D4E, 0x0903, 0x093F, 0x1100, 0x1161, 0x11A8, 0xAC00, 0xAC01,
      0x1F600, 0x2764, 0x00A9, 0x1F468, 0x0915, 0x0937, 0x094D, 0x0995, 0x09CD, 0x0D15, 0x0D4D, 0x0A15,
      0x0A4D, 0x093C, 0x0E01, 0x0E33, 0x102B, 0x1038, 0x0898};
  std::uint32_t seed = 21;
  auto next = [&seed] { return seed = seed * 1664525u + 1013904223u, seed >> 8; };
  std::size_t wrong = 0;
  for (int n = 0; n < 20000; ++n) {
    std::vector<char32_t> cps(1 + next() % 12);
    for (auto& cp : cps) cp = pool[next() % pool.size()];
    std::string s = utf8(cps);
    if (channels::grapheme_boundaries(s) != icu_boundaries(s) && ++wrong <= 20) FAIL_CHECK("differs from ICU: " << hex(cps));
  }
  CHECK(wrong == 0);
}
