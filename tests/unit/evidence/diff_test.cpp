// Word and line diffs without ICU.
#include "parley/api.h"
#include "parley/evidence.h"

#include <catch2/catch.hpp>

using namespace parley;
using namespace parley::evidence;

namespace {
// Applying the ops to `before` must give `after`: equal+delete rebuild before, equal+insert after.
void check_rebuilds(const std::string& before, const std::string& after, DiffUnit unit) {
  Json d = diff(before, after, unit);
  std::string b, a;
  for (const Json& op : d["ops"]) {
    if (op["op"] != "insert") b += op["text"].get<std::string>();
    if (op["op"] != "delete") a += op["text"].get<std::string>();
  }
  CHECK(b == before);
  CHECK(a == after);
}
}  // namespace

TEST_CASE("tokens: words, spaces, punctuation, one per CJK character", "[evidence]") {
  CHECK(tokens("Hi, Ana!", DiffUnit::word) == std::vector<std::string>{"Hi", ",", " ", "Ana", "!"});
  CHECK(tokens("Olá  mundo", DiffUnit::word) == std::vector<std::string>{"Olá", "  ", "mundo"});
  CHECK(tokens("返金します", DiffUnit::word) == std::vector<std::string>{"返", "金", "し", "ま", "す"});
  CHECK(tokens("a\nb\n", DiffUnit::line) == std::vector<std::string>{"a\n", "b\n"});
}

TEST_CASE("word diffs group a replaced phrase and count words", "[evidence]") {
  Json d = diff("Your order ships Monday. Thanks!", "Your order ships on Tuesday. Thanks!", DiffUnit::word);
  CHECK(d["ops"] == Json::parse(R"([{"op":"equal","text":"Your order ships "},{"op":"delete","text":"Monday"},
                                    {"op":"insert","text":"on Tuesday"},{"op":"equal","text":". Thanks!"}])"));
  CHECK(d["inserted"] == 2);
  CHECK(d["deleted"] == 1);
  CHECK(diff("same", "same", DiffUnit::word)["ops"] == Json::parse(R"([{"op":"equal","text":"same"}])"));
  CHECK(diff("", "", DiffUnit::word)["ops"] == Json::array());
}

TEST_CASE("diffs always rebuild both texts", "[evidence]") {
  const char* texts[] = {"", "a", "The quick brown fox", "The slow brown dog jumps", "ご注文は明日届きます。",
                         "ご注文は本日届きました。", "مرحبا بك، طلبك في الطريق", "a b c d e f g", "g f e d c b a", "line one\nline two\n"};
  for (const char* a : texts)
    for (const char* b : texts) {
      INFO(a << " → " << b);
      check_rebuilds(a, b, DiffUnit::word);
      check_rebuilds(a, b, DiffUnit::line);
    }
}

TEST_CASE("evidence.diff checks its input", "[evidence]") {
  CHECK(api::call("evidence.diff", Json{{"before", "a"}})["error"]["path"] == "/after");
  CHECK(api::call("evidence.diff", Json{{"before", "a"}, {"after", "b"}, {"unit", "char"}})["error"]["path"] == "/unit");
  Json lines = api::call("evidence.diff", Json{{"before", "one\ntwo\n"}, {"after", "one\n2\n"}, {"unit", "line"}});
  CHECK(lines["ops"] == Json::parse(R"([{"op":"equal","text":"one\n"},{"op":"delete","text":"two\n"},{"op":"insert","text":"2\n"}])"));
}
