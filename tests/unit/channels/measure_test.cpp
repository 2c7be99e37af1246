// Lengths in each channel's unit, grapheme boundaries without ICU, and profile overrides.
#include "parley/channels.h"

#include <catch2/catch.hpp>

using namespace parley;
using namespace parley::channels;

static std::size_t clusters(const std::string& s) { return grapheme_boundaries(s).size() - 1; }

TEST_CASE("grapheme clusters with our own rules", "[channels]") {
  CHECK(clusters("") == 0);
  CHECK(clusters("abc") == 3);
  CHECK(clusters("e\u0301") == 1);                  // combining acute
  CHECK(clusters("\r\n") == 1);
  CHECK(clusters("👍🏽") == 1);                      // emoji modifier
  CHECK(clusters("👨‍👩‍👧") == 1);                    // ZWJ sequence
  CHECK(clusters("🇯🇵🇰🇷") == 2);                    // regional-indicator pairs
  CHECK(clusters("🇯🇵🇰") == 2);                      // a lone indicator stays alone
  CHECK(clusters("❤️") == 1);                       // variation selector
  CHECK(clusters("\u1100\u1161\u11A8") == 1);       // Hangul jamo L V T
  CHECK(clusters("한국어") == 3);
  CHECK(clusters("ที่") == 1);                        // Thai base + marks
  CHECK(clusters("नमस्ते") == 3);                    // न, म, स्ते: the conjunct rule, as ICU 72
  CHECK(clusters("a\u200Db") == 2);                 // ZWJ after a letter does not glue the next letter
}

TEST_CASE("measuring in each unit", "[channels]") {
  CHECK(measure("🍎", Unit::utf16) == 2);           // LINE counts it as 2
  CHECK(measure("🍎", Unit::code_points) == 1);
  CHECK(measure("あ", Unit::utf8_bytes) == 3);      // Instagram counts bytes
  CHECK(measure("👨‍👩‍👧", Unit::graphemes) == 1);
  CHECK(measure(std::string(161, 'a'), Unit::sms_segments) == 2);
}

TEST_CASE("profiles exist for every channel with a text limit in a known unit", "[channels]") {
  const Json& all = default_profiles();
  CHECK(all.size() == 14);
  for (auto it = all.begin(); it != all.end(); ++it) {
    INFO(it.key());
    CHECK(it->at("id") == it.key());
    CHECK_NOTHROW(parse_unit(it->at("text").at("unit").get<std::string>(), ""));
    CHECK(it->at("window").contains("kind"));
    CHECK(it->at("signature").contains("scheme"));
  }
  CHECK(all["line"]["text"]["unit"] == "utf16");
  CHECK(all["instagram"]["text"]["unit"] == "utf8_bytes");
  CHECK(all["messenger"]["text"]["verified"] == false);  // UNVERIFIED in CHANNELS.md
}

TEST_CASE("overrides change known values only and are recorded", "[channels]") {
  Json o = Json::parse(R"({"text":{"max":1900},"window":{"human_agent_hours":72}})");
  Json p = profile("messenger", &o);
  CHECK(p["text"]["max"] == 1900);
  CHECK(p["text"]["verified"] == true);
  CHECK(p["text"]["origin"] == "workspace");
  CHECK(p["overridden"] == Json::parse(R"(["/text/max","/window/human_agent_hours"])"));
  CHECK(profile("messenger", nullptr)["text"]["max"] == 2000);  // defaults untouched
  Json keep = Json::parse(R"({"text":{"max":1900,"verified":false}})");
  CHECK(profile("messenger", &keep)["text"]["verified"] == false);
  auto code_path = [](const char* json) {
    Json bad = Json::parse(json);
    try {
      profile("messenger", &bad);
    } catch (const Error& e) {
      return e.code + " " + e.path;
    }
    return std::string("no error");
  };
  CHECK(code_path(R"({"text":{"max":-1}})") == "invalid_value /overrides/text/max");
  CHECK(code_path(R"({"text":{"unit":7}})") == "invalid_type /overrides/text/unit");
  CHECK(code_path(R"({"txt":{}})") == "unknown_field /overrides/txt");
  CHECK(code_path(R"({"id":{}})") == "invalid_value /overrides/id");
}
