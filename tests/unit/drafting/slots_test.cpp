// draft slots from the conversation: patterns, scripts and where each value came from.
#include "parley/slots.h"

#include <catch2/catch.hpp>

using namespace parley::slots;

TEST_CASE("a plain order number the customer names, with its span", "[slots]") {
  std::string m = "Hi, my order 10023 has not arrived after 2 weeks, where is it?";
  auto s = extract({m}, Options{});
  REQUIRE(s.count("order_number"));
  CHECK(s["order_number"].value == "10023");
  CHECK(m.substr(s["order_number"].start, s["order_number"].end - s["order_number"].start) == "10023");
  CHECK(s["order_number"].kind == "keyword");
  CHECK(!s.count("amount"));
  // "2 weeks" is not an order number: no order word right before a 4+ digit number.
  CHECK(extract({"it has been 2 weeks and 3000 years"}, Options{}).count("order_number") == 0);
}

TEST_CASE("the pack's pattern, in Arabic-Indic and full-width digits", "[slots]") {
  auto ar = extract({"طلبي رقم PD-١٢٣٤٥٦ لم يصل"}, Options{});
  REQUIRE(ar.count("order_number"));
  CHECK(ar["order_number"].value == "PD-123456");
  CHECK(ar["order_number"].kind == "pattern");
  auto ja = extract({"注文番号はｐｄ－１２３４５６です"}, Options{});
  // full-width hyphen-minus is U+FF0D: folds to '-'
  REQUIRE(ja.count("order_number"));
  CHECK(ja["order_number"].value == "PD-123456");
  auto ko = extract({"주문 번호 ５５５１２ 입니다"}, Options{});
  REQUIRE(ko.count("order_number"));
  CHECK(ko["order_number"].value == "55512");
}

TEST_CASE("e-mail, phone, date, amount and tracking; newest message wins", "[slots]") {
  auto s = extract({"my email is old@example.com", "write to Ana.Silva+shop@mail.example.com.br or call +55 (11) 98765-4321",
                    "I paid R$ 149,90 on 2026-11-28, tracking LX123456789CN"}, Options{});
  CHECK(s["email"].value == "ana.silva+shop@mail.example.com.br");
  CHECK(s["email"].message == 1);
  CHECK(s["phone"].value == "+5511987654321");
  CHECK(s["amount"].value == "R$ 149.90");
  CHECK(s["date"].value == "2026-11-28");
  CHECK(s["tracking_number"].value == "LX123456789CN");
  CHECK(extract({"the total was ٤٥٫٥٠ $"}, Options{})["amount"].value == "$ 45.50");
  CHECK(extract({"nothing here"}, Options{}).empty());
}
