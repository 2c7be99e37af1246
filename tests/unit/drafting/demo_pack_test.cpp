// The demo workspace pack (site/packs/demo): every article indexes, every template renders for its
// market without lint findings, and the knowledge base answers the questions it is there for.
#include "parley/api.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

using namespace parley;

namespace {
const std::string kPack = std::string(PARLEY_SOURCE_DIR) + "/site/packs/demo/";

std::string read(const std::string& file) {
  std::ifstream in(kPack + file, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
Json load(const std::string& file) { return Json::parse(read(file)); }

Json all_articles(std::size_t* bytes = nullptr) {
  Json articles = Json::array();
  const Json pack = load("pack.json");
  for (const auto& f : pack["files"]["kb"]) {
    if (bytes) *bytes += read(f.get<std::string>()).size();
    Json kb = load(f.get<std::string>());
    for (Json a : kb["articles"]) {
      if (!a.contains("locale")) a["locale"] = kb["locale"];
      articles.push_back(a);
    }
  }
  return articles;
}

// Sample slots as the panel fills them from a conversation.
Json sample_slots() {
  return {{"name", "Sato"}, {"order_number", "PD-104233"}, {"delivery_date", "2026-11-25"}, {"return_deadline", "2026-12-20"},
          {"items", 2}, {"agent_name", "Aiko"}};
}
}  // namespace

TEST_CASE("demo pack: at least 40 KB of articles in six locales, same topics everywhere", "[knowledge][pack]") {
  std::size_t bytes = 0;
  Json articles = all_articles(&bytes);
  CHECK(bytes >= 40 * 1024);
  std::map<std::string, std::set<std::string>> topics;  // locale -> topic ids
  for (const auto& a : articles) {
    std::string id = a["id"];
    if (a.value("audience", "public") == "internal") continue;
    topics[a["locale"]].insert(id.substr(0, id.rfind('.')));
  }
  for (const char* l : {"en", "ja", "ko", "pt-BR", "es", "ar"}) CHECK(topics[l] == topics["en"]);
  Json built = api::call("knowledge.index", {{"index_id", "demo-test"}, {"articles", articles}});
  REQUIRE_FALSE(built.contains("error"));
  CHECK(built["count"] == articles.size());
}

TEST_CASE("demo pack: questions find their article in each language", "[knowledge][pack]") {
  api::call("knowledge.index", {{"index_id", "demo-test"}, {"articles", all_articles()}});
  const std::tuple<const char*, const char*, const char*> cases[] = {
      {"en", "when does the refund appear on my card statement?", "refunds.en"},
      {"ja", "注文した商品はいつ届きますか？配送日数を教えてください", "shipping-times.ja"},
      {"ja", "返品したいのですが、送料はかかりますか", "returns.ja"},
      {"ko", "비밀번호를 잊어버렸어요", "account.ko"},
      {"pt-BR", "posso pagar com pix ou parcelar?", "payment-methods.pt-BR"},
      {"es", "¿cómo cancelo mi pedido?", "cancel-order.es"},
      {"ar", "الضمان على البطارية", "warranty.ar"},
  };
  for (auto [locale, query, expected] : cases) {
    INFO(locale << ": " << query);
    Json found = api::call("knowledge.search", {{"index_id", "demo-test"}, {"query", query}, {"locale", locale}, {"k", 3}});
    REQUIRE(found["hits"].size() > 0);
    CHECK(found["hits"][0]["article_id"] == expected);
    CHECK_FALSE(found["hits"][0]["snippet"].get<std::string>().empty());
  }
}

TEST_CASE("demo pack: every template renders for its market and passes its own lint", "[drafting][pack]") {
  Json pack = load("pack.json");
  Json lint = load("lint.json");
  std::set<std::pair<std::string, std::string>> covered;  // locale × channel
  std::size_t rendered = 0;
  for (const auto& f : pack["files"]["templates"]) {
    Json file = load(f.get<std::string>());
    for (const auto& t : file["templates"]) {
      INFO(t["id"]);
      Json request = {{"template", t}, {"slots", sample_slots()}, {"lint", lint}, {"time_zone", "UTC"},
                      {"citation", {{"article_id", "x"}, {"title", "t"}, {"snippet", "…"}}}};
      if (file.contains("email")) request["frame"] = file["email"];
      Json a = api::call("draft.render", request);
      REQUIRE_FALSE(a.contains("error"));
      CHECK(a["ok"] == true);
      CHECK(a["findings"] == Json::array());
      CHECK(a["text"].get<std::string>().find("PD-104233") != std::string::npos);
      if (t["channel"] == "email") CHECK_FALSE(a["subject"].get<std::string>().empty());
      covered.insert({t["locale"].get<std::string>(), t["channel"].get<std::string>()});
      ++rendered;
    }
  }
  CHECK(rendered >= 48);
  std::set<std::string> locales;
  for (const auto& [l, c] : covered) locales.insert(l);
  CHECK(locales.size() >= 8);
  // The seed market map: every market's channels have templates in its locale.
  for (const auto& m : pack["markets"])
    for (const auto& ch : m["channels"]) {
      INFO(m["country"] << " " << ch);
      CHECK(covered.count({m["locale"].get<std::string>(), ch.get<std::string>()}) == 1);
    }
}
