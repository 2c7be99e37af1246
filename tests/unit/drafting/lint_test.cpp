// draft lint: non-committal replies in every language, promises, register, specifics, limits.
#include "parley/drafting.h"

#include <catch2/catch.hpp>

using namespace parley;
using namespace parley::drafting;

namespace {
std::vector<std::string> codes(const std::string& text, const std::string& locale, const std::string& reg = "",
                               const std::string& intent = "", const std::string& channel = "") {
  LintRequest r;
  r.text = text;
  r.locale = locale;
  r.register_ = reg;
  r.intent = intent;
  r.channel = channel;
  r.limit = channel_limit(channel);
  std::vector<std::string> out;
  for (const Finding& f : lint(r)) out.push_back(f.code);
  return out;
}
bool has(const std::vector<std::string>& v, const std::string& code) { return std::find(v.begin(), v.end(), code) != v.end(); }
}  // namespace

TEST_CASE("non-committal replies are found in every supported language", "[drafting]") {
  const std::pair<const char*, const char*> cases[] = {
      {"en", "Thanks! I'll check and get back to you."},
      {"ja", "ありがとうございます。確認してご連絡します。"},
      {"ko", "문의 감사합니다. 확인 후 연락드리겠습니다."},
      {"pt-BR", "Oi! Vou verificar e te retorno, tá?"},
      {"es", "Gracias, lo revisaré y te aviso."},
      {"ar", "شكرا لك، سأتحقق وأعود إليك."},
      {"de", "Danke, ich melde mich bei Ihnen."},
      {"fr", "Merci, je reviens vers vous rapidement."},
      {"zh", "感谢您的耐心，我查一下再回复您。"},
      {"it", "Grazie, verifico e ti ricontatto."},
  };
  for (auto [locale, text] : cases) {
    INFO(locale << ": " << text);
    CHECK(has(codes(text, locale), "non_committal"));
  }
}

TEST_CASE("a reply that answers is not non-committal", "[drafting]") {
  CHECK(codes("Your order PD-10023 arrives on 25 November.", "en", "", "order_status").empty());
  CHECK(codes("ご注文番号PD-10023の商品は11月25日にお届け予定でございます。", "ja", "formal", "order_status").empty());
}

TEST_CASE("a specific time turns non-committal from an error into a warning", "[drafting]") {
  LintRequest r;
  r.locale = "en";
  r.text = "I'll check with the warehouse and get back to you by 15:00 today.";
  auto f = lint(r);
  REQUIRE(!f.empty());
  CHECK(f[0].code == "non_committal");
  CHECK(f[0].severity == "warning");
  CHECK(f[0].phrase == "get back to you");
  CHECK(r.text.substr(f[0].start, f[0].end - f[0].start) == "get back to you");
}

TEST_CASE("refund and compensation promises need approval", "[drafting]") {
  CHECK(has(codes("We will refund the full amount today.", "en"), "promise"));
  CHECK(has(codes("全額返金いたします。", "ja"), "promise"));
  CHECK(has(codes("Vamos reembolsar o valor hoje.", "pt-BR"), "promise"));
  CHECK(has(codes("Als Entschädigung erhalten Sie einen Gutschein.", "de"), "promise"));
  CHECK_FALSE(has(codes("Refunds are processed within 5 business days after we receive the item.", "en"), "promise"));
}

TEST_CASE("wrong register: casual Japanese on keigo, tu on vous, 반말 on 존댓말, du on Sie", "[drafting]") {
  CHECK(has(codes("注文は明日届くよ。ちょっと待ってね、だよ", "ja", "formal"), "wrong_register"));
  CHECK_FALSE(has(codes("ご注文の商品は明日お届け予定でございます。", "ja", "formal"), "wrong_register"));
  CHECK(has(codes("Merci, ta commande arrive demain.", "fr", "formal"), "wrong_register"));
  CHECK_FALSE(has(codes("Merci, votre commande arrive demain.", "fr", "formal"), "wrong_register"));
  CHECK(has(codes("주문하신 상품은 내일 도착할게", "ko", "formal"), "wrong_register"));
  CHECK_FALSE(has(codes("주문하신 상품은 내일 도착할게요.", "ko", "formal"), "wrong_register"));
  CHECK(has(codes("Danke, deine Bestellung kommt morgen.", "de", "formal"), "wrong_register"));
  CHECK(has(codes("Prezado senhor, venho por meio desta informar.", "pt-BR", "informal"), "wrong_register"));
  CHECK_FALSE(has(codes("¿Usted tiene el número de pedido?", "es", "formal"), "wrong_register"));
  CHECK(has(codes("¿Tienes el número de pedido?", "es", "formal"), "wrong_register"));
}

TEST_CASE("missing specifics follow the intent and the order number given", "[drafting]") {
  CHECK(has(codes("Your order is on its way.", "en", "", "order_status"), "missing_specifics"));
  LintRequest r;
  r.locale = "en";
  r.intent = "order_status";
  r.text = "Your order 55512 arrives on 25 November.";
  r.specifics = {{"order_number", "PD-10023"}};
  auto f = lint(r);
  REQUIRE(f.size() == 1);
  CHECK(f[0].params["missing"] == "order_number");
  r.pack = {{"requires", {{"order_status", Json::array()}}}};  // the pack can relax it
  CHECK(lint(r).empty());
}

TEST_CASE("over-limit, banned phrases and unfilled slots", "[drafting]") {
  CHECK(has(codes(std::string(1001, 'a'), "ko", "", "", "kakao_chat"), "over_limit"));
  CHECK_FALSE(has(codes(std::string(1000, 'a'), "ko", "", "", "kakao_chat"), "over_limit"));
  CHECK(has(codes(std::string(1001, 'a'), "ko", "", "", "kakaotalk"), "over_limit"));  // the old name still limits
  LintRequest r;
  r.locale = "en";
  r.text = "This is 100% guaranteed, Ms ⟦name⟧.";
  r.pack = {{"banned", {{{"phrase", "100% guaranteed"}, {"reason", "legal"}}, {{"phrase", "garantizado"}, {"locale", "es"}}}}};
  auto f = lint(r);
  REQUIRE(f.size() == 2);
  CHECK(f[0].code == "banned_phrase");
  CHECK(f[0].params["reason"] == "legal");
  CHECK(f[1].code == "unfilled_slot");
  CHECK(f[1].phrase == "⟦name⟧");
}

TEST_CASE("SMS is measured in segments, GSM-7 or UCS-2", "[drafting]") {
  CHECK(measure(std::string(160, 'a'), "sms_segments").segments == 1);
  CHECK(measure(std::string(161, 'a'), "sms_segments").segments == 2);
  Measure m = measure("配送", "sms_segments");
  CHECK(m.encoding == "ucs2");
  CHECK(m.segments == 1);
  CHECK(measure("€", "sms_segments").encoding == "gsm7");
  CHECK(measure("a🍎", "utf16").value == 3);
}
