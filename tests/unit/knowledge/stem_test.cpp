// knowledge: Snowball stemming by the article's and the query's locale, and no change for a
// language without a stemmer.
#include "parley/knowledge.h"

#include <catch2/catch.hpp>

using namespace parley::knowledge;

namespace {
Article stem_article(std::string id, std::string locale, std::string title, std::string body) {
  Article a;
  a.id = std::move(id);
  a.locale = std::move(locale);
  a.title = std::move(title);
  a.body = std::move(body);
  return a;
}

// The words' channel alone: the character n-grams would meet "running" and "runs" without a stemmer.
Query words_only(std::string text, std::string locale) {
  Query q;
  q.text = std::move(text);
  q.locale = std::move(locale);
  q.subword_weight = 0;
  q.example_weight = 0;
  q.fallback = false;
  return q;
}

// The best article the words found ("" when no word matched: with the n-gram weight at 0 an
// article the n-grams alone found comes back with score 0).
std::string first_id(const Index& idx, const Query& q) {
  auto hits = idx.search(q);
  return hits.empty() || hits[0].score <= 0 ? "" : idx.articles()[hits[0].doc].id;
}
}  // namespace

TEST_CASE("a locale with a Snowball stemmer indexes stems", "[knowledge][stem]") {
  CHECK(has_stemmer("en"));
  CHECK(has_stemmer("pt-BR"));
  CHECK(has_stemmer("tr"));
  CHECK_FALSE(has_stemmer("ja"));
  CHECK_FALSE(has_stemmer("ko"));
  CHECK_FALSE(has_stemmer(""));
  CHECK_FALSE(has_stemmer("hi-Latn"));  // romanised Hindi: the algorithm knows Devanagari
  CHECK(has_stemmer("es-419"));  // a region, not a script
  CHECK(terms("running runs", "en") == std::vector<std::string>{"run", "run"});
  CHECK(terms("Pedidos pedido", "es") == std::vector<std::string>{"ped", "ped"});
  // Accents reach the stemmer ("ción" is a Spanish suffix, "ée" a French one), the term is folded.
  CHECK(terms("Devoluciones devolución", "es") == std::vector<std::string>{"devolu", "devolu"});
  CHECK(terms("commandée commandes", "fr") == std::vector<std::string>{"command", "command"});
  CHECK(terms("الطلبات طلب", "ar") == std::vector<std::string>{"طلب", "طلب"});
  CHECK(terms("Siparişler siparişim", "tr") == std::vector<std::string>{"siparis", "siparis"});
  // Codes and numbers are not words to stem.
  CHECK(terms("PD-123456 order10023", "en") == std::vector<std::string>{"pd", "123456", "order10023"});
}

TEST_CASE("a language without a stemmer keeps the light folding", "[knowledge][stem]") {
  for (const char* text : {"running runs", "注文の配送 배송은", "Devolução RETURNS Straße"}) {
    CHECK(terms(text, "ja") == terms(text));
    CHECK(terms(text, "ko") == terms(text));
    CHECK(terms(text, "xx-YY") == terms(text));
  }
  CHECK(terms("running runs") == std::vector<std::string>{"runnin", "run"});  // no locale: as before stemming
}

TEST_CASE("stemming is applied per locale: inflections meet their article", "[knowledge][stem]") {
  Index idx({
      stem_article("run-en", "en", "Running shoes", "Every pair is tested in our lab. Our running shoes are made for long distances."),
      stem_article("pay-en", "en", "Payment methods", "We take cards and bank transfers."),
      stem_article("ped-es", "es", "Estado de tu pedido", "Puedes ver el estado en tu cuenta."),
      stem_article("pag-es", "es", "Formas de pago", "Aceptamos tarjetas y transferencias."),
      // The same English words in a locale without a stemmer: matched as before, or not at all.
      stem_article("run-xx", "xx", "Running shoes", "Every pair is tested in our lab. Our running shoes are made for long distances."),
      stem_article("pay-xx", "xx", "Payment methods", "We take cards and bank transfers."),
  });
  CHECK(first_id(idx, words_only("which shoes for runs?", "en")) == "run-en");
  CHECK(first_id(idx, words_only("runs", "en")) == "run-en");
  CHECK(first_id(idx, words_only("mis pedidos", "es")) == "ped-es");
  CHECK(first_id(idx, words_only("pedido", "es")) == "ped-es");
  // Without a stemmer "runs" is not "running" (the light folding cuts it to "runnin").
  CHECK(first_id(idx, words_only("runs", "xx")) == "");
  // The snippet finds the sentence by the stems too.
  auto hits = idx.search(words_only("distance", "en"));
  REQUIRE(!hits.empty());
  CHECK(hits[0].snippet == "Our running shoes are made for long distances.");
}
