// The formatter: dialects, escaping, and splits that never break a grapheme or leave markup open.
#include "parley/api.h"
#include "parley/channels.h"

#include <catch2/catch.hpp>

using namespace parley;

static Json fmt(const std::string& channel, const Json& draft, const Json& overrides = nullptr) {
  Json r{{"channel", channel}, {"draft", draft}};
  if (!overrides.is_null()) r["overrides"] = overrides;
  return api::call("channels.format", r);
}

static const Json kDraft = Json::parse(R"J({"blocks":[
  {"type":"paragraph","text":["Order ",{"text":"A-1.5","bold":true}," is ",{"text":"late ","italic":true},"(sorry)!"]},
  {"type":"list","ordered":true,"items":["Check [the] link",[{"text":"FAQ","link":"https://ex.com/a_(b)"}]]}]})J");

TEST_CASE("each dialect renders bold, italic, lists and links", "[channels]") {
  CHECK(fmt("whatsapp", kDraft)["parts"][0]["text"] == "Order *A-1.5* is _late_ (sorry)!\n\n1. Check [the] link\n2. FAQ (https://ex.com/a_(b))");
  CHECK(fmt("telegram", kDraft)["parts"][0]["text"] ==
        "Order *A\\-1\\.5* is _late_ \\(sorry\\)\\!\n\n1\\. Check \\[the\\] link\n2\\. [FAQ](https://ex.com/a_(b\\))");
  CHECK(fmt("telegram", kDraft)["parse_mode"] == "MarkdownV2");
  CHECK(fmt("webchat", kDraft)["parts"][0]["text"] ==
        "Order **A-1.5** is *late* (sorry)!\n\n1. Check \\[the\\] link\n2. [FAQ](https://ex.com/a_%28b%29)");
  Json line = fmt("line", kDraft);
  CHECK(line["parts"][0]["text"] == "Order A-1.5 is late (sorry)!\n\n1. Check [the] link\n2. FAQ (https://ex.com/a_(b))");
  CHECK(line["warnings"][0]["code"] == "formatting_dropped");
}

TEST_CASE("e-mail gets text and escaped HTML", "[channels]") {
  Json d = Json::parse(R"J({"blocks":[{"type":"paragraph","text":["<script>&",{"text":"x","link":"https://e.com/?a=1&b=\"2\""}]}]})J");
  Json e = fmt("email", d);
  CHECK(e["html"] == "<p>&lt;script&gt;&amp;<a href=\"https://e.com/?a=1&amp;b=&quot;2&quot;\">x</a></p>\n");
  CHECK(e["parts"][0]["text"] == "<script>&x (https://e.com/?a=1&b=\"2\")");
}

TEST_CASE("markdown escapes block syntax only where a line starts", "[channels]") {
  Json d = Json::parse(R"J({"blocks":[{"type":"paragraph","text":"# not a heading, 1. not a list"},{"type":"paragraph","text":"2026. A year"}]})J");
  CHECK(fmt("webchat", d)["parts"][0]["text"] == "\\# not a heading, 1. not a list\n\n2026\\. A year");
}

TEST_CASE("splitting keeps styles closed and graphemes whole", "[channels]") {
  Json d = Json::parse(R"J({"blocks":[{"type":"paragraph","text":[{"text":"one two three four five six","bold":true}]}]})J");
  Json r = fmt("whatsapp", d, Json::parse(R"J({"text":{"max":12}})J"));
  REQUIRE(r["parts"].size() >= 2);
  for (const auto& p : r["parts"]) {
    std::string t = p["text"];
    CHECK(t.front() == '*');
    CHECK(t.back() == '*');
    CHECK(p["length"].get<int>() <= 12);
  }
  Json flags = Json::parse(R"J({"blocks":[{"type":"paragraph","text":"🇯🇵🇰🇷🇧🇷🇫🇷🇩🇪"}]})J");
  Json f = fmt("line", flags, Json::parse(R"J({"text":{"max":9}})J"));  // 4 UTF-16 units per flag
  std::string joined;
  for (const auto& p : f["parts"]) {
    CHECK(p["length"].get<int>() <= 9);
    CHECK(p["length"].get<int>() % 4 == 0);
    joined += p["text"].get<std::string>();
  }
  CHECK(joined == "🇯🇵🇰🇷🇧🇷🇫🇷🇩🇪");
}

TEST_CASE("Instagram's byte limit splits CJK text earlier than characters would", "[channels]") {
  std::string text;
  for (int i = 0; i < 50; ++i) text += "配送状況を確認しています。 ";  // 13 chars, 39 bytes + space
  Json r = fmt("instagram", Json{{"blocks", {{{"type", "paragraph"}, {"text", text}}}}});
  REQUIRE(r["parts"].size() == 2);
  CHECK(r["parts"][0]["length"].get<int>() <= 1000);
  CHECK(r["unit"] == "utf8_bytes");
}

TEST_CASE("bad drafts name the field", "[channels]") {
  CHECK(fmt("sms", Json::parse(R"J({"blocks":[{"type":"table"}]})J"))["error"]["path"] == "/draft/blocks/0/type");
  CHECK(fmt("sms", Json::parse(R"J({"blocks":[{"type":"paragraph","text":[{"text":"x","link":"javascript:alert(1)"}]}]})J"))["error"]["path"] ==
        "/draft/blocks/0/text/0/link");
  CHECK(fmt("sms", Json::parse(R"J({"blocks":[]})J"))["error"]["path"] == "/draft/blocks");
}
