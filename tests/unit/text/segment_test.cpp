#include "parley/text.h"

#include <catch2/catch.hpp>

using namespace parley::text;

namespace {
std::vector<std::string> word_texts(std::string_view s, const Segmentation& seg) {
  std::vector<std::string> out;
  for (const auto& w : seg.words) out.emplace_back(s.substr(w.start, w.length));
  return out;
}
}  // namespace

TEST_CASE("words skip spaces and punctuation and carry byte offsets", "[text]") {
  std::string s = "Where's my order #1234? Thanks!";
  Segmentation seg = segment(s);
  CHECK(word_texts(s, seg) == std::vector<std::string>{"Where's", "my", "order", "1234", "Thanks"});
  CHECK(seg.words[3].kind == "number");
  CHECK(seg.words[3].start == 18);
  CHECK(seg.tokens == std::vector<std::string>{"where's", "my", "order", "1234", "thanks"});
}

TEST_CASE("sentences split at terminal punctuation, keeping trailing spaces", "[text]") {
  std::string s = "Hi. My parcel is late! Can you help?";
  Segmentation seg = segment(s);
  REQUIRE(seg.sentences.size() == 3);
  CHECK(s.substr(seg.sentences[0].start, seg.sentences[0].length) == "Hi. ");
  CHECK(s.substr(seg.sentences[2].start, seg.sentences[2].length) == "Can you help?");
}

TEST_CASE("Japanese sentences split at the full stop", "[text]") {
  std::string s = "注文しました。まだ届きません。";
  Segmentation seg = segment(s);
  REQUIRE(seg.sentences.size() == 2);
  CHECK(seg.sentences[1].start == 21);
}

TEST_CASE("a Han/Kana run is one word matched by character bigrams", "[text]") {
  std::string s = "注文状況 ABC";
  Segmentation seg = segment(s);
  REQUIRE(seg.words.size() == 2);
  CHECK(seg.words[0].kind == "cjk");
  CHECK(seg.words[0].length == 12);
  CHECK(seg.tokens == std::vector<std::string>{"注文", "文状", "状況", "abc"});
}

TEST_CASE("a single CJK character is its own token; halfwidth kana is normalised first", "[text]") {
  CHECK(segment("猫").tokens == std::vector<std::string>{"猫"});
  CHECK(segment("ｶﾞｽ").tokens == std::vector<std::string>{"ガス"});
}

TEST_CASE("Thai is split by ICU's dictionary; Korean by spaces", "[text]") {
  Segmentation thai = segment("สั่งซื้อสินค้า");
  CHECK(thai.words.size() >= 2);
  for (const auto& w : thai.words) CHECK(w.kind == "word");
  std::string ko = "배송 언제 와요";
  CHECK(word_texts(ko, segment(ko)) == std::vector<std::string>{"배송", "언제", "와요"});
}

TEST_CASE("empty text has no words, sentences or tokens", "[text]") {
  Segmentation seg = segment("");
  CHECK(seg.words.empty());
  CHECK(seg.sentences.empty());
  CHECK(seg.tokens.empty());
}
