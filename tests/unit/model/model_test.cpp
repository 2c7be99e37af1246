// The model rejects bad input by naming the field and keeps the original payload.
#include "parley/model.h"

#include <catch2/catch.hpp>

#include <functional>

using namespace parley;
using namespace parley::model;

static Json good_message() {
  return Json::parse(R"({"id":"m1","channel":"line","direction":"inbound","sender":{"type":"customer","id":"U1"},
                         "text":"注文はまだですか","at":"2026-03-01T09:00:00+09:00","extra_from_provider":null})");
}

static std::string error_path(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code + " " + e.path;
  }
  return "no error";
}

TEST_CASE("times parse from ISO-8601 with offsets and Unix ms", "[model]") {
  CHECK(parse_time(Json("1970-01-01T00:00:00Z"), "/t") == 0);
  CHECK(parse_time(Json("2026-03-01T09:00:00+09:00"), "/t") == parse_time(Json("2026-03-01T00:00:00Z"), "/t"));
  CHECK(parse_time(Json("2024-02-29T12:30:15.250-05:30"), "/t") == 1709229615250);
  CHECK(format_time(1709229615250) == "2024-02-29T18:00:15.250Z");
  CHECK(format_time(parse_time(Json(1767290645000), "/t")) == "2026-01-01T18:04:05.000Z");
  CHECK(error_path([] { parse_time(Json("2023-02-29T00:00:00Z"), "/at"); }) == "invalid_time /at");
  CHECK(error_path([] { parse_time(Json("2026-03-01T09:00:00"), "/at"); }) == "invalid_time /at");  // no offset: ambiguous
  CHECK(error_path([] { parse_time(Json(1.5), "/at"); }) == "invalid_time /at");
  CHECK(parse_utc_offset("-0430") == -270);
  CHECK_FALSE(parse_utc_offset("+1"));
}

TEST_CASE("a message parses and keeps its raw payload", "[model]") {
  Json in = good_message();
  in.erase("extra_from_provider");
  Message m = parse_message(in, "/message");
  CHECK(m.channel == "line");
  CHECK(m.at == parse_time(Json("2026-03-01T00:00:00Z"), ""));
  CHECK(to_json(m)["raw"] == in);
}

TEST_CASE("bad messages are rejected with a JSON pointer to the bad field", "[model]") {
  Json unknown = good_message();
  CHECK(error_path([&] { parse_message(unknown, "/message"); }) == "unknown_field /message/extra_from_provider");
  Json m = good_message();
  m.erase("extra_from_provider");
  Json bad = m;
  bad["channel"] = "fax";
  CHECK(error_path([&] { parse_message(bad, "/message"); }) == "unknown_channel /message/channel");
  bad = m;
  bad["sender"]["type"] = "agent";
  CHECK(error_path([&] { parse_message(bad, "/message"); }) == "inconsistent /message/sender/type");
  bad = m;
  bad["text"] = "";
  CHECK(error_path([&] { parse_message(bad, "/message"); }) == "empty_message /message/text");
  bad["attachments"] = Json::parse(R"J([{"type":"image","url":"https://x/y.png"},{"type":"image","url":"javascript:alert(1)"}])J");
  CHECK(error_path([&] { parse_message(bad, "/message"); }) == "invalid_value /message/attachments/1/url");
  bad = m;
  bad.erase("at");
  CHECK(error_path([&] { parse_message(bad, "/message"); }) == "missing_field /message/at");
}

TEST_CASE("contacts and sessions validate codes, URLs and cart numbers", "[model]") {
  CHECK(error_path([] { parse_contact(Json::parse(R"({"id":"c","country":"usa"})"), "/contact"); }) == "invalid_value /contact/country");
  CHECK(error_path([] { parse_contact(Json::parse(R"({"id":"c","identities":[{"channel":"sms","id":""}]})"), "/contact"); }) ==
        "invalid_value /contact/identities/0/id");
  SessionContext s = parse_session(Json::parse(R"({"page_url":"https://shop.example/cart","utm":{"campaign":"spring"},
      "cart":{"currency":"EUR","total":59.9,"items":[{"sku":"A1","quantity":2,"price":29.95}]},
      "pages_seen":[{"url":"https://shop.example/","at":1000}]})"), "/session");
  CHECK(s.utm_campaign == "spring");
  CHECK(s.cart_items.at(0).quantity == 2);
  CHECK(error_path([] { parse_session(Json::parse(R"({"cart":{"items":[{"sku":"A","price":-1}]}})"), "/session"); }) ==
        "invalid_value /session/cart/items/0/price");
  CHECK(error_path([] { parse_session(Json::parse(R"({"pages_seen":[{"url":"https://a/"}]})"), "/session"); }) ==
        "missing_field /session/pages_seen/0/at");
}

TEST_CASE("a conversation sorts messages by time and rejects mixed channels and duplicates", "[model]") {
  Json c = Json::parse(R"({"id":"c1","channel":"sms","messages":[
    {"id":"b","channel":"sms","direction":"outbound","sender":{"type":"agent"},"text":"hello","at":2000},
    {"id":"a","channel":"sms","direction":"inbound","sender":{"type":"customer"},"text":"hi","at":1000}]})");
  Conversation conv = parse_conversation(c, "/conversation");
  CHECK(conv.messages.at(0).id == "a");
  c["messages"][1]["channel"] = "whatsapp";
  CHECK(error_path([&] { parse_conversation(c, "/conversation"); }) == "inconsistent /conversation/messages/1/channel");
  c["messages"][1]["channel"] = "sms";
  c["messages"][1]["id"] = "b";
  CHECK(error_path([&] { parse_conversation(c, "/conversation"); }) == "duplicate /conversation/messages/1/id");
}

TEST_CASE("case transitions follow the state machine", "[model]") {
  using S = CaseState;
  using E = CaseEvent;
  CHECK(transition(S::open, E::agent_replied) == S::waiting_on_customer);
  CHECK(transition(S::waiting_on_customer, E::customer_replied) == S::waiting_on_agent);
  CHECK(transition(S::waiting_on_agent, E::resolve) == S::resolved);
  CHECK(transition(S::resolved, E::customer_replied) == S::waiting_on_agent);
  CHECK(transition(S::resolved, E::customer_confirmed) == S::closed);
  CHECK(transition(S::closed, E::reopen) == S::open);
  // Silence never closes an unresolved case, and a closed case accepts nothing but reopen.
  CHECK_FALSE(transition(S::waiting_on_customer, E::confirmation_timeout));
  CHECK_FALSE(transition(S::open, E::customer_confirmed));
  CHECK(legal_events(S::closed) == std::vector<E>{E::reopen});
  for (int s = 0; s < 5; ++s)
    for (int e = 0; e < 7; ++e)
      if (auto to = transition(static_cast<S>(s), static_cast<E>(e)))
        if (*to == S::closed)  // only confirmation after resolution, or an explicit close, ends a case
          CHECK((static_cast<S>(s) == S::resolved || static_cast<E>(e) == E::close));
}

TEST_CASE("a case's history must replay to its state", "[model]") {
  Json c = Json::parse(R"({"id":"k","state":"resolved","opened_at":0,"history":[
      {"event":"agent_replied","at":1},{"event":"customer_replied","at":2},{"event":"resolve","at":3}]})");
  CHECK(parse_case(c, "/case").history.size() == 3);
  c["state"] = "closed";
  CHECK(error_path([&] { parse_case(c, "/case"); }) == "inconsistent /case/state");
  c["state"] = "resolved";
  c["history"][2]["at"] = 1;
  CHECK(error_path([&] { parse_case(c, "/case"); }) == "out_of_order /case/history/2/at");
}
