// Keyword matching without ICU: word boundaries for Latin words, substrings elsewhere.
#include "parley/routing.h"

#include <catch2/catch.hpp>

using parley::routing::contains_keyword;
using parley::routing::language_matches;

TEST_CASE("keywords match whole words case-insensitively, with * for prefixes", "[routing]") {
  CHECK(contains_keyword("I will SUE you", "sue"));
  CHECK_FALSE(contains_keyword("an issue with delivery", "sue"));
  CHECK_FALSE(contains_keyword("we refunded it", "refund"));
  CHECK(contains_keyword("we refunded it", "refund*"));
  CHECK(contains_keyword("talk to my lawyer.", "lawyer*"));
  CHECK(contains_keyword("返金してください", "返金"));
  CHECK(contains_keyword("환불 요청", "환불"));
  CHECK_FALSE(contains_keyword("anything", ""));
}

TEST_CASE("languages match by BCP-47 prefix", "[routing]") {
  CHECK(language_matches("pt", "pt-BR"));
  CHECK(language_matches("PT-br", "pt_BR"));
  CHECK_FALSE(language_matches("pt-BR", "pt-PT"));
  CHECK_FALSE(language_matches("p", "pt"));
}
