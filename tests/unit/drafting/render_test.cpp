// draft.render: MessageFormat with locale formatting, missing slots, e-mail frame and threading.
#include "parley/api.h"

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
