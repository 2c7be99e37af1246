// knowledge: the retrieval encoder — features, training reproducibility, the file format, and the
// shipped model (models/retrieval.bin) on the demo pack: paraphrases find their article, chit-chat
// stays unsure.
#include "parley/api.h"
#include "parley/assets.h"
#include "parley/encoder.h"
#include "parley/knowledge.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

using namespace parley;
using namespace parley::knowledge;

namespace {
std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A tiny corpus of three needs, a few ways each.
std::vector<LabelledText> tiny_corpus() {
  std::vector<LabelledText> out;
  for (const char* t : {"where is my parcel", "my order has not arrived yet", "when will my package be delivered",
                        "tracking says nothing for days", "has my order shipped", "parcel still not here"})
    out.push_back({t, "order_status", "tiny"});
  for (const char* t : {"i want my money back", "please refund me", "how long does a refund take",
                        "refund not received yet", "can i get a refund for this", "money back for the broken item"})
    out.push_back({t, "refund", "tiny"});
  for (const char* t : {"i forgot my password", "cannot log in to my account", "reset my password please",
                        "locked out of my account", "change the e-mail of my account", "login does not work"})
    out.push_back({t, "account", "tiny"});
  return out;
}

EncoderTrainOptions tiny_options() {
  EncoderTrainOptions o;
  o.rows = 4096;
  o.dim = 16;
  o.steps = 300;
  o.batch = 8;
  o.seed = 7;
  return o;
}

std::vector<Article> demo_pack_en() {
  Json kb = Json::parse(read_all(std::string(PARLEY_SOURCE_DIR) + "/site/packs/demo/kb/en.json"));
  std::vector<Article> out;
  for (std::size_t i = 0; i < kb["articles"].size(); ++i) {
    Json a = kb["articles"][i];
    if (!a.contains("locale")) a["locale"] = kb["locale"];
    out.push_back(parse_article(a, "/articles/" + std::to_string(i)));
  }
  return out;
}

std::shared_ptr<const Encoder> shipped() {
  static auto e = std::make_shared<const Encoder>(Encoder::parse(read_all(std::string(PARLEY_SOURCE_DIR) + "/models/retrieval.bin")));
  return e;
}
}  // namespace

TEST_CASE("encoder features: words, bigrams and n-grams, digits folded, sorted and distinct", "[knowledge][encoder]") {
  auto a = encoder_rows("order 10023 has not arrived", 1u << 16);
  auto b = encoder_rows("order 88412 has not arrived", 1u << 16);
  CHECK(a == b);  // the number is a slot, not a topic
  CHECK(std::is_sorted(a.begin(), a.end()));
  CHECK(std::adjacent_find(a.begin(), a.end()) == a.end());
  CHECK(a.size() > 20);
  CHECK(encoder_rows("", 1024).empty());
  CHECK(encoder_rows("order arrived", 1024) != encoder_rows("order cancelled", 1024));
}

TEST_CASE("encoder training is reproducible to the byte and learns the needs", "[knowledge][encoder]") {
  auto data = tiny_corpus();
  std::string first = train_encoder(data, tiny_options()).serialize();
  std::string second = train_encoder(data, tiny_options()).serialize();
  CHECK(first == second);
  EncoderTrainOptions other = tiny_options();
  other.seed = 8;
  CHECK(train_encoder(data, other).serialize() != first);

  Encoder e = Encoder::parse(first);
  CHECK(e.serialize() == first);
  CHECK(e.dim() == 16);
  // Unseen paraphrases: closer to their own need than to another one.
  auto parcel = e.encode("where is my package");
  auto delivered = e.encode("order not delivered yet");
  auto password = e.encode("password reset not working");
  CHECK(cosine(parcel, delivered) > cosine(parcel, password));
  auto norm = cosine(parcel, parcel);
  CHECK(norm == Approx(1.0).epsilon(1e-5));
  // No feature at all (punctuation only): the zero vector, cosine 0.
  auto unknown = e.encode("!!! ???");
  CHECK(cosine(unknown, parcel) == 0.0);
}

TEST_CASE("a broken retrieval model is refused with invalid_model", "[knowledge][encoder]") {
  std::string good = train_encoder(tiny_corpus(), tiny_options()).serialize();
  for (std::string bad : {std::string("PRTX") + good.substr(4), good.substr(0, good.size() - 1), good + "x", std::string("PRTE")}) {
    try {
      Encoder::parse(bad);
      FAIL("parsed a broken model");
    } catch (const Error& err) {
      CHECK(std::string(err.code) == "invalid_model");
    }
  }
}

TEST_CASE("shipped encoder: a paraphrase finds the tracking article on the demo pack", "[knowledge][encoder]") {
  Index with(demo_pack_en(), shipped()), without(demo_pack_en());
  Query q;
  q.text = "where is my package";
  q.locale = "en";
  q.k = 3;
  auto hits = with.search(q);
  REQUIRE(!hits.empty());
  std::string first = with.articles()[hits[0].doc].id;
  CHECK((first == "order-tracking.en" || first == "shipping-times.en"));
  // The words alone find nothing for it (issue 22's report): the encoder is what finds it.
  auto before = without.search(q);
  CHECK((before.empty() || without.articles()[before[0].doc].id != first || before[0].score < hits[0].score));
}

TEST_CASE("shipped encoder: chit-chat keeps a low confidence", "[knowledge][encoder]") {
  Index index(demo_pack_en(), shipped());
  double total = 0;
  for (const char* text : {"hello, how are you today?", "thanks a lot, have a nice weekend", "what is the meaning of life"}) {
    Query q;
    q.text = text;
    q.locale = "en";
    auto hits = index.search(q);
    INFO(text);
    // Below every threshold a surface acts on (the widget suggests from 0.4, self-service answers
    // from the pack's kb_min, 0.5), and low on average.
    CHECK((hits.empty() || hits[0].confidence < 0.4));
    total += hits.empty() ? 0 : hits[0].confidence;
  }
  CHECK(total / 3 < 0.3);
}

TEST_CASE("knowledge.search uses the retrieval asset once it is loaded", "[knowledge][encoder]") {
  Json articles = Json::array();
  for (const auto& a : demo_pack_en())
    articles.push_back(Json{{"id", a.id}, {"locale", a.locale}, {"title", a.title}, {"body", a.body}, {"tags", a.tags}});
  Json built = api::call("knowledge.index", Json{{"index_id", "encoder-test"}, {"articles", articles}});
  REQUIRE(built.contains("index_id"));
  assets::put("retrieval", read_all(std::string(PARLEY_SOURCE_DIR) + "/models/retrieval.bin"));
  Json r = api::call("knowledge.search", Json{{"index_id", "encoder-test"}, {"query", "where is my package"}, {"locale", "en"}});
  REQUIRE(r["hits"].size() > 0);
  std::string first = r["hits"][0]["article_id"];
  CHECK((first == "order-tracking.en" || first == "shipping-times.en"));
  Json stats = api::call("knowledge.stats", Json{{"index_id", "encoder-test"}});
  CHECK(stats["encoder"]["dim"] == 64);
}
