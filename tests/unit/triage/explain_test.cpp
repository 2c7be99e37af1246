// triage::explain: the "why" is made of the customer's own words, in their spelling, strongest first.
#include "parley/triage.h"

#include <catch2/catch.hpp>

#include <set>

using namespace parley;

namespace {
triage::Model small_model() {
  triage::TrainOptions o;
  o.epochs = 40;
  return triage::train({{"where is my order", "order_status"}, {"my package has not arrived", "order_status"},
                        {"i want my money back", "return_refund"}, {"refund for the broken item please", "return_refund"},
                        {"注文した商品が届きません", "order_status"}, {"返金してください", "return_refund"}},
                       o);
}
}  // namespace

TEST_CASE("explain names the words that pushed the winner, as written", "[triage]") {
  triage::Model m = small_model();
  auto why = triage::explain(m, "Hello, I want a REFUND, the item came broken!", triage::predict(m, "Hello, I want a REFUND, the item came broken!"), 4);
  REQUIRE(!why.empty());
  CHECK(why.size() <= 4);
  std::set<std::string> words;
  for (const auto& [w, v] : why) {
    words.insert(w);
    CHECK(v > 0);
    CHECK(w.find(',') == std::string::npos);  // punctuation is not a word
    CHECK(w.find('!') == std::string::npos);
  }
  CHECK(words.count("REFUND") == 1);  // the customer's spelling, not the folded feature
  for (std::size_t i = 1; i < why.size(); ++i) CHECK(why[i - 1].second >= why[i].second);
  // A word that is not in the text never shows up.
  CHECK(words.count("money") == 0);
}

TEST_CASE("explain splits unspaced scripts into readable runs", "[triage]") {
  triage::Model m = small_model();
  auto why = triage::explain(m, "返金してください。", triage::predict(m, "返金してください。"), 6);
  REQUIRE(!why.empty());
  bool kanji = false;
  for (const auto& [w, v] : why) {
    kanji = kanji || w == "返金";
    CHECK(w.find("。") == std::string::npos);
  }
  CHECK(kanji);
  CHECK(triage::explain(m, "返金", triage::predict(m, "返金"), 0).empty());
}
