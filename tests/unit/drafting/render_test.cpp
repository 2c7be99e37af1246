// draft.render: MessageFormat with locale formatting, missing slots, e-mail frame and threading.
#include "parley/api.h"
#include "parley/text.h"

#include <catch2/catch.hpp>

using namespace parley;

namespace {
Json tpl(const std::string& locale, const std::string& channel, const std::string& body, Json slots = Json::object()) {
  return {{"id", "t"}, {"locale", locale}, {"channel", channel}, {"intent", "order_status"}, {"register", "formal"},
          {"body", body}, {"slots", slots}};
}
}  // namespace

TEST_CASE("numbers, plurals, dates and currencies follow the locale", "[drafting]") {
  Json slots_spec = {{"n", "number"}, {"d", "date"}, {"t", "money"}};
  Json slots = {{"n", 3}, {"d", "2026-11-25"}, {"t", {{"value", 1234.5}, {"currency", "EUR"}}}};
  Json a = api::call("draft.render", {{"template", tpl("de", "whatsapp", "{n, plural, one {# Artikel} other {# Artikel}} am {d, date, medium}, {t, number, currency}", slots_spec)}, {"slots", slots}});
  CHECK(a["text"] == "3 Artikel am 25.11.2026, 1.234,50\u00a0€");
  Json e = api::call("draft.render", {{"template", tpl("en", "sms", "{n, plural, one {# item} other {# items}} on {d, date, long}", slots_spec)}, {"slots", {{"n", 1}, {"d", "2026-11-25"}}}});
  CHECK(e["text"] == "1 item on November 25, 2026");
  CHECK(e["length"]["encoding"] == "gsm7");
}

TEST_CASE("a date-only value keeps its calendar day in far time zones", "[drafting]") {
  Json t = tpl("en", "line", "{d, date, short}", {{"d", "date"}});
  for (const char* tz : {"Pacific/Auckland", "America/Los_Angeles", "Asia/Tokyo"})
    CHECK(api::call("draft.render", {{"template", t}, {"slots", {{"d", "2026-11-25"}}}, {"time_zone", tz}})["text"] == "11/25/26");
}

TEST_CASE("missing required slots leave a marker and block; optional ones vanish", "[drafting]") {
  Json t = tpl("en", "line", "Order {order}{note} arrives {d, date, long}.", {{"order", {{"type", "text"}, {"required", true}}}, {"d", {{"type", "date"}, {"required", true}}}, {"note", "text"}});
  Json a = api::call("draft.render", {{"template", t}, {"slots", {{"order", "PD-1"}}}});
  CHECK(a["text"] == "Order PD-1 arrives ⟦d⟧.");
  CHECK(a["missing_slots"] == Json::array({"d"}));
  CHECK(a["ok"] == false);
}

TEST_CASE("e-mail gets greeting, signature and a threaded subject", "[drafting]") {
  Json t = tpl("en", "email", "Your order {order} ships today.", {{"order", "text"}});
  t["subject"] = "Your order {order}";
  Json frame = {{"greeting", "Dear {name},"}, {"signature", "Kind regards,\nParley Demo Store"}};
  Json a = api::call("draft.render", {{"template", t}, {"frame", frame}, {"slots", {{"order", "PD-1"}, {"name", "Ms Lee"}}}, {"thread", {{"subject", "Where is my parcel?"}}}});
  CHECK(a["text"] == "Dear Ms Lee,\n\nYour order PD-1 ships today.\n\nKind regards,\nParley Demo Store");
  CHECK(a["subject"] == "Re: Where is my parcel?");
  a = api::call("draft.render", {{"template", t}, {"frame", frame}, {"slots", {{"order", "PD-1"}, {"name", "Ms Lee"}}}, {"thread", {{"subject", "RE: Where is my parcel?"}}}});
  CHECK(a["subject"] == "RE: Where is my parcel?");
  a = api::call("draft.render", {{"template", t}, {"slots", {{"order", "PD-1"}}}});
  CHECK(a["subject"] == "Your order PD-1");
}

TEST_CASE("the citation fills {citation} and is returned", "[drafting]") {
  Json t = tpl("ja", "line", "{has_citation, select, yes {ご参考：{citation}} other {記事なし}}");
  Json a = api::call("draft.render", {{"template", t}, {"citation", {{"article_id", "kb-1"}, {"title", "配送"}, {"snippet", "通常3〜5営業日です。"}}}});
  CHECK(a["text"] == "ご参考：通常3〜5営業日です。");
  CHECK(a["citations"][0]["article_id"] == "kb-1");
  CHECK(api::call("draft.render", {{"template", t}})["text"] == "記事なし");
}

TEST_CASE("bad templates and slots are named", "[drafting]") {
  CHECK(api::call("draft.render", {{"template", tpl("en", "line", "{broken")}})["error"]["path"] == "/template/body");
  CHECK(api::call("draft.render", {{"template", tpl("en", "line", "{d, date}", {{"d", "date"}})}, {"slots", {{"d", "25/11/2026"}}}})["error"]["path"] == "/slots/d");
  CHECK(api::call("draft.render", {{"template", tpl("en", "line", "{m, number, currency}", {{"m", "money"}})}, {"slots", {{"m", 5}}}})["error"]["path"] == "/slots/m");
  CHECK(api::call("draft.render", {{"template", tpl("en", "line", "x", {{"m", "weird"}})}})["error"]["path"] == "/template/slots/m");
}

TEST_CASE("inserted values keep their order on screen: isolated where the text around could reorder them", "[drafting]") {
  const Json arabic{{"id", "ar.sms.callback"}, {"locale", "ar"}, {"channel", "sms"}, {"intent", "other"},
                    {"body", "سنتصل بك على {phone} بخصوص {product} يا {name}."}};
  const Json r = api::call("draft.render", Json{{"template", arabic},
                                                {"slots", {{"phone", "+1 (555) 010-2030"}, {"product", "C++ Primer"}, {"name", "سارة"}}}});
  REQUIRE_FALSE(r.contains("error"));
  const std::string drafted = r["text"];
  // What a screen shows (UAX #9, right-to-left paragraph): each value reads as written.
  const std::string shown = text::bidi(drafted, text::Direction::rtl).display;
  CHECK(shown.find("+1 (555) 010-2030") != std::string::npos);
  CHECK(shown.find("C++ Primer") != std::string::npos);
  // The Arabic name needs no isolate inside Arabic text.
  CHECK(drafted.find("\xE2\x81\xA8" "سارة") == std::string::npos);
  // The same template with the values pasted in bare shows the phone number's groups swapped.
  std::string bare = "سنتصل بك على +1 (555) 010-2030 بخصوص C++ Primer يا سارة.";
  CHECK(text::bidi(bare, text::Direction::rtl).display.find("+1 (555) 010-2030") == std::string::npos);

  // Left-to-right text with left-to-right values: nothing added (an English SMS stays GSM-7).
  const Json english{{"id", "en.sms.callback"}, {"locale", "en"}, {"channel", "sms"}, {"intent", "other"},
                     {"body", "We will call you on {phone}, {name}."}};
  const Json e = api::call("draft.render", Json{{"template", english}, {"slots", {{"phone", "+1 (555) 010-2030"}, {"name", "Sam"}}}});
  CHECK(e["text"] == "We will call you on +1 (555) 010-2030, Sam.");
  // An Arabic name in English text is isolated: the number after it stays a European number.
  const Json e2 = api::call("draft.render", Json{{"template", english}, {"slots", {{"phone", "+1 (555) 010-2030"}, {"name", "سارة"}}}});
  CHECK(e2["text"].get<std::string>().find("\xE2\x81\xA8" "سارة" "\xE2\x81\xA9") != std::string::npos);
}
