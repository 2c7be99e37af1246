// knowledge: tokens, BM25 ranking per locale, fallback, audience and snippets.
#include "parley/knowledge.h"

#include <catch2/catch.hpp>

using namespace parley;
using namespace parley::knowledge;

namespace {
Article art(std::string id, std::string locale, std::string title, std::string body, bool internal = false) {
  Article a;
  a.id = std::move(id);
  a.locale = std::move(locale);
  a.title = std::move(title);
  a.body = std::move(body);
  a.internal = internal;
  return a;
}

Index demo() {
  return Index({
      art("ship-en", "en", "Shipping times", "Standard shipping takes 3 to 5 business days. Express shipping arrives the next business day."),
      art("ret-en", "en", "Returns", "You can return unworn items within 30 days. Refunds go back to the original payment method."),
      art("ship-ja", "ja", "配送について", "通常配送は3〜5営業日でお届けします。お急ぎ便は翌営業日に到着します。"),
      art("ret-ja", "ja", "返品について", "未使用の商品は30日以内であれば返品できます。返金は元のお支払い方法に戻ります。"),
      art("ship-ko", "ko", "배송 안내", "일반 배송은 영업일 기준 3~5일이 걸립니다. 특급 배송은 다음 영업일에 도착합니다."),
      art("ret-pt", "pt-BR", "Devoluções", "Você pode devolver produtos sem uso em até 30 dias. O reembolso volta para o meio de pagamento original."),
      art("fraud-en", "en", "Fraud checks (agents)", "Orders flagged by the fraud check must not be refunded before review.", true),
  });
}

std::vector<std::string> ids(const Index& idx, const std::vector<Hit>& hits) {
  std::vector<std::string> out;
  for (const Hit& h : hits) out.push_back(idx.articles()[h.doc].id);
  return out;
}
}  // namespace

TEST_CASE("tokens fold case, diacritics and Arabic letter variants", "[knowledge]") {
  CHECK(terms("Devolução RETURNS Straße") == std::vector<std::string>{"devolu", "return", "strass"});
  CHECK(terms("الشحن") == terms("شحن"));
  CHECK(terms("أرجاع") == terms("ارجاع"));
  CHECK(terms("ＡＢＣ１２") == std::vector<std::string>{"abc12"});
}

TEST_CASE("CJK, Hangul and Thai runs become bigrams with byte spans into the original", "[knowledge]") {
  auto t = tokenize("配送日");
  REQUIRE(t.size() == 5);  // Han characters also stand alone for search
  CHECK(terms("配送日") == std::vector<std::string>{"配", "配送", "送", "送日", "日"});
  CHECK(t[3].term == "送日");
  CHECK(t[3].start == 3);
  CHECK(t[3].end == 9);
  auto lint_view = tokenize("配送日", false);  // the lint matches phrases on bigrams only
  REQUIRE(lint_view.size() == 2);
  CHECK(lint_view[1].term == "送日");
  CHECK(terms("배송은") == std::vector<std::string>{"배송", "송은"});
  CHECK(terms("ส่งของ").size() == 5);
  CHECK(terms("が") == std::vector<std::string>{"が"});  // a lone character is its own token
  CHECK(terms("order 注文 ok") == std::vector<std::string>{"order", "注", "注文", "文", "ok"});
  CHECK(terms("お届け") == std::vector<std::string>{"お届", "届", "届け"});
}

TEST_CASE("BM25 ranks the article about the query first, per locale", "[knowledge]") {
  Index idx = demo();
  Query q;
  q.text = "when does express shipping arrive";
  q.locale = "en";
  auto hits = idx.search(q);
  REQUIRE(!hits.empty());
  CHECK(ids(idx, hits)[0] == "ship-en");
  CHECK_FALSE(hits[0].fallback);
  CHECK(hits[0].snippet == "Express shipping arrives the next business day.");

  q.text = "返品したいです";
  q.locale = "ja";
  hits = idx.search(q);
  REQUIRE(!hits.empty());
  CHECK(ids(idx, hits)[0] == "ret-ja");
  CHECK(hits[0].snippet == "未使用の商品は30日以内であれば返品できます。");

  q.text = "배송 언제 도착";
  q.locale = "ko";
  CHECK(ids(idx, idx.search(q)) == std::vector<std::string>{"ship-ko"});
}

TEST_CASE("a locale without matches falls back to the same language, then English", "[knowledge]") {
  Index idx = demo();
  Query q;
  q.text = "reembolso";
  q.locale = "pt";  // no "pt" partition: pt-BR is the same language, not a fallback
  auto hits = idx.search(q);
  REQUIRE(hits.size() == 1);
  CHECK(ids(idx, hits)[0] == "ret-pt");
  CHECK_FALSE(hits[0].fallback);

  q.text = "refunds payment";
  q.locale = "de";
  hits = idx.search(q);
  REQUIRE(!hits.empty());
  CHECK(ids(idx, hits)[0] == "ret-en");
  CHECK(hits[0].fallback);

  q.fallback = false;
  CHECK(idx.search(q).empty());
  CHECK(fallback_order("pt-PT", {"ja", "pt-BR", "en", "es"}) == std::vector<std::string>{"pt-BR", "en", "ja", "es"});
}

TEST_CASE("internal articles are only found for agents", "[knowledge]") {
  Index idx = demo();
  Query q;
  q.text = "fraud check";
  q.locale = "en";
  CHECK(idx.search(q).empty());
  q.internal = true;
  CHECK(ids(idx, idx.search(q)) == std::vector<std::string>{"fraud-en"});
}

TEST_CASE("k limits the hits and scores are sorted", "[knowledge]") {
  Index idx = demo();
  Query q;
  q.text = "shipping days refunds return 30";
  q.locale = "en";
  q.k = 1;
  CHECK(idx.search(q).size() == 1);
  q.k = 5;
  auto hits = idx.search(q);
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].score >= hits[1].score);
}

TEST_CASE("long sentences are cut around the match with an ellipsis", "[knowledge]") {
  std::string filler;
  for (int i = 0; i < 60; ++i) filler += "word" + std::to_string(i) + " ";
  Index idx({art("long", "en", "Long", filler + "warranty covers two years " + filler + ".")});
  Query q;
  q.text = "warranty";
  auto hits = idx.search(q);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].snippet.find("warranty covers two years") != std::string::npos);
  CHECK(hits[0].snippet.rfind("…", 0) == 0);
  CHECK(hits[0].snippet.size() < filler.size());
}

TEST_CASE("bad articles are named by JSON pointer", "[knowledge]") {
  auto call = [](const Json& r) { return api::call("knowledge.index", r); };
  Json a = call({{"articles", {{{"id", "x"}, {"title", "t"}, {"body", "b"}}}}});
  CHECK(a["error"]["path"] == "/articles/0/locale");
  a = call({{"articles", {{{"id", "x"}, {"title", "t"}, {"body", "b"}, {"locale", "en"}},
                          {{"id", "x"}, {"title", "t"}, {"body", "b"}, {"locale", "en"}}}}});
  CHECK(a["error"]["code"] == "duplicate_id");
  CHECK(a["error"]["path"] == "/articles/1/id");
  a = call({{"articles", {{{"id", "x"}, {"title", "t"}, {"body", "b"}, {"locale", "en"}, {"audience", "staff"}}}}});
  CHECK(a["error"]["path"] == "/articles/0/audience");
}

TEST_CASE("an index is kept by id and searched by id", "[knowledge]") {
  Json built = api::call("knowledge.index", {{"index_id", "t1"}, {"articles", {{{"id", "x"}, {"title", "Sizes"}, {"body", "Our sizes run small."}, {"locale", "en"}}}}});
  REQUIRE(built["index_id"] == "t1");
  CHECK(built["count"] == 1);
  Json found = api::call("knowledge.search", {{"index_id", "t1"}, {"query", "size"}, {"locale", "en"}});
  REQUIRE(found["hits"].size() == 1);
  CHECK(found["hits"][0]["article_id"] == "x");
  CHECK(api::call("knowledge.search", {{"index_id", "nope"}, {"query", "size"}})["error"]["code"] == "unknown_index");
  // Same articles, no name: the id is a content hash, identical across runs and builds.
  Json a = api::call("knowledge.index", {{"articles", {{{"id", "x"}, {"title", "Sizes"}, {"body", "Our sizes run small."}, {"locale", "en"}}}}});
  Json b = api::call("knowledge.index", {{"articles", {{{"id", "x"}, {"title", "Sizes"}, {"body", "Our sizes run small."}, {"locale", "en"}}}}});
  CHECK(a["index_id"] == b["index_id"]);
}

TEST_CASE("character n-grams match inflections the words miss", "[knowledge]") {
  Index idx = demo();
  Query q;
  q.text = "is express shippment delivered next day?";  // misspelt: no exact "shipping"
  q.locale = "en";
  auto hits = idx.search(q);
  REQUIRE(!hits.empty());
  CHECK(ids(idx, hits)[0] == "ship-en");
  q.subword_weight = 0;
  q.word_weight = 1;
  auto words_only = idx.search(q);
  // Without the subword channel the score comes from "express", "next" and "day" alone.
  REQUIRE(!words_only.empty());
  CHECK(hits[0].score != words_only[0].score);
}

namespace {
// Two articles and a paraphrase of the first that shares none of its words.
std::vector<Article> card_and_pin() {
  return {art("card", "en", "When will my card arrive?", "We post cards within two working days."),
          art("pin", "en", "Changing your PIN", "Change your PIN at any ATM.")};
}
Query plastic_never_came() {
  Query q;
  q.text = "still waiting on the plastic, it never showed up";
  q.locale = "en";
  return q;
}
}  // namespace

TEST_CASE("history becomes the article's learnt messages and moves a paraphrase to it", "[knowledge]") {
  std::vector<Article> base = card_and_pin();
  Query q = plastic_never_came();
  std::size_t unknown = 0;
  auto learnt = with_history(base, {{"the plastic never showed up in the post", "card"}, {"x", "nope"}}, &unknown);
  CHECK(unknown == 1);
  REQUIRE(learnt[0].learnt.size() == 1);
  CHECK(learnt[0].examples.empty());  // the pack's own questions stay apart from the history
  Index plain(base), adapted(learnt);
  auto before = plain.search(q), after = adapted.search(q);
  REQUIRE(!after.empty());
  CHECK(ids(adapted, after)[0] == "card");
  double before_conf = before.empty() ? 0 : before[0].confidence;
  CHECK(after[0].confidence > before_conf);
}

TEST_CASE("confidence rises with score and lead, and stays low when nothing fits", "[knowledge]") {
  CHECK(confidence(0.0, 0.0) < 0.2);
  CHECK(confidence(0.5, 0.3) > confidence(0.5, 0.0));
  CHECK(confidence(0.8, 0.0) > confidence(0.2, 0.0));
  Index idx = demo();
  Query q;
  q.locale = "en";
  q.text = "haha ok thanks, lovely weather today";
  for (const Hit& h : idx.search(q)) CHECK(h.confidence < 0.3);
  q.text = "how many business days does standard shipping take";
  auto hits = idx.search(q);
  REQUIRE(!hits.empty());
  CHECK(hits[0].confidence > 0.5);
}

TEST_CASE("a pack's example questions bring a paraphrase to their article", "[knowledge]") {
  std::vector<Article> base = card_and_pin();
  Query q = plastic_never_came();
  std::vector<Article> with_questions = base;
  with_questions[0].examples = {"the plastic never showed up in the post"};
  Index plain(base), asked(with_questions);
  auto before = plain.search(q), after = asked.search(q);
  REQUIRE(!after.empty());
  CHECK(ids(asked, after)[0] == "card");
  CHECK(after[0].confidence > (before.empty() ? 0 : before[0].confidence));
}

TEST_CASE("knowledge.index takes the workspace's history once, and every search of that index learns from it", "[knowledge]") {
  Json articles = Json::array();
  for (const Article& a : card_and_pin()) articles.push_back({{"id", a.id}, {"locale", a.locale}, {"title", a.title}, {"body", a.body}});
  const std::string query = plastic_never_came().text;
  Json plain = api::call("knowledge.index", {{"index_id", "h-plain"}, {"articles", articles}});
  CHECK(plain["learnt"] == 0);
  Json built = api::call("knowledge.index", {{"index_id", "h-learnt"}, {"articles", articles},
                                             {"history", {{{"text", "the plastic never showed up in the post"}, {"article_id", "card"}},
                                                          {{"text", "who are you"}, {"article_id", "gone"}}}}});
  CHECK(built["learnt"] == 1);
  CHECK(built["history_unknown_articles"] == 1);
  auto top = [&](const std::string& id) {
    Json r = api::call("knowledge.search", {{"index_id", id}, {"query", query}, {"locale", "en"}});
    REQUIRE(r.contains("hits"));
    return r["hits"].empty() ? Json{{"article_id", ""}, {"confidence", 0.0}} : r["hits"][0];
  };
  Json before = top("h-plain"), after = top("h-learnt");
  CHECK(after["article_id"] == "card");
  CHECK(after["confidence"].get<double>() > before["confidence"].get<double>());
  // The same as passing the history with the query.
  Json once = api::call("knowledge.search", {{"index_id", "h-plain"}, {"query", query}, {"locale", "en"},
                                             {"history", {{{"text", "the plastic never showed up in the post"}, {"article_id", "card"}}}}});
  CHECK(once["hits"][0] == after);
  Json bad = api::call("knowledge.index", {{"articles", articles}, {"history", {{{"text", "no article"}}}}});
  CHECK(bad["error"]["path"] == "/history/0/article_id");
}
