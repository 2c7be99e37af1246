// sla.status: first/next response clocks, breach and due-soon warnings at a given `now`.
#include "../routing/demo_pack.h"
#include "parley/api.h"

#include <catch2/catch.hpp>

using namespace parley;
using testing::demo_pack;

namespace {
Json status(Json history, const std::string& now, const std::string& channel = "whatsapp", const std::string& priority = "normal") {
  return api::call("sla.status", Json{{"conversation", {{"channel", channel}, {"priority", priority}, {"history", std::move(history)}}},
                                      {"targets", demo_pack("sla.json")},
                                      {"business_hours", demo_pack("business_hours.json")},
                                      {"now", now}});
}
Json in(const std::string& at) { return Json{{"direction", "inbound"}, {"at", at}}; }
Json out(const std::string& at) { return Json{{"direction", "outbound"}, {"at", at}}; }
}  // namespace

TEST_CASE("WhatsApp first response: ok, due soon, breached (30 min target)", "[sla]") {
  Json h = Json::array({in("2026-11-23T10:00:00Z")});
  Json a = status(h, "2026-11-23T10:10:00Z");
  REQUIRE_FALSE(a.contains("error"));
  CHECK(a["first_response"]["due_at"] == "2026-11-23T10:30:00Z");
  CHECK(a["first_response"]["remaining_ms"] == 20 * 60000);
  CHECK(a["first_response"]["state"] == "pending");
  CHECK(a["warning"] == "ok");
  CHECK(a["since_customer_ms"] == 10 * 60000);
  CHECK(a["target"]["channel"] == "whatsapp");

  CHECK(status(h, "2026-11-23T10:25:00Z")["warning"] == "due_soon");  // 5 of 30 minutes left ≤ 25 %
  Json late = status(h, "2026-11-23T10:31:00Z");
  CHECK(late["warning"] == "breached");
  CHECK(late["first_response"]["breached"] == true);
  CHECK(late["first_response"]["remaining_ms"] == -60000);
}

TEST_CASE("a reply stops the first clock; the customer's next message starts the next one", "[sla]") {
  Json h = Json::array({in("2026-11-23T10:00:00Z"), out("2026-11-23T10:20:00Z")});
  Json a = status(h, "2026-11-23T12:00:00Z");
  CHECK(a["first_response"]["state"] == "met");
  CHECK(a["first_response"]["met_at"] == "2026-11-23T10:20:00Z");
  CHECK(a["next_response"]["state"] == "waiting_on_customer");
  CHECK(a["warning"] == "ok");

  h.push_back(in("2026-11-23T11:00:00Z"));
  h.push_back(in("2026-11-23T11:30:00Z"));  // the oldest unanswered message counts
  Json b = status(h, "2026-11-23T12:01:00Z");
  CHECK(b["next_response"]["started_at"] == "2026-11-23T11:00:00Z");
  CHECK(b["next_response"]["due_at"] == "2026-11-23T12:00:00Z");
  CHECK(b["next_response"]["breached"] == true);
  CHECK(b["warning"] == "breached");
  CHECK(b["since_customer_ms"] == 31 * 60000);
}

TEST_CASE("a late first reply is recorded as met late", "[sla]") {
  Json a = status(Json::array({in("2026-11-23T10:00:00Z"), out("2026-11-23T11:00:00Z")}), "2026-11-23T11:05:00Z");
  CHECK(a["first_response"]["state"] == "met_late");
  CHECK(a["first_response"]["breached"] == true);
}

TEST_CASE("priority and channel pick the most specific target", "[sla]") {
  Json h = Json::array({in("2026-11-23T10:00:00Z")});
  CHECK(status(h, "2026-11-23T10:00:00Z", "whatsapp", "urgent")["first_response"]["due_at"] == "2026-11-23T10:10:00Z");
  CHECK(status(h, "2026-11-23T10:00:00Z", "telegram", "urgent")["first_response"]["due_at"] == "2026-11-23T10:15:00Z");
  CHECK(status(h, "2026-11-23T10:00:00Z", "fax", "normal")["first_response"]["due_at"] == "2026-11-23T14:00:00Z");
}

TEST_CASE("business-hours targets skip closed time (LINE counts Tokyo hours)", "[sla]") {
  // Friday 17:30 in Tokyo; 60 open minutes: 30 on Friday, 30 on Saturday from 10:00.
  Json h = Json::array({in("2026-11-27T17:30:00+09:00")});
  Json a = status(h, "2026-11-27T20:00:00+09:00", "line");
  CHECK(a["first_response"]["due_at"] == "2026-11-28T01:30:00Z");
  CHECK(a["business_hours"]["team"] == "tokyo");
  CHECK(a["business_hours"]["open_now"] == false);
  CHECK(a["first_response"]["remaining_open_ms"] == 30 * 60000);
  CHECK(a["warning"] == "ok");  // half the open time is left, though the wall clock says 5½ h
}

TEST_CASE("sla.status names bad input", "[sla]") {
  Json r{{"conversation", {{"channel", "whatsapp"}, {"history", Json::array({{{"direction", "sideways"}, {"at", "2026-11-23T10:00Z"}}})}}},
         {"targets", demo_pack("sla.json")},
         {"now", "2026-11-23T10:00Z"}};
  CHECK(api::call("sla.status", r)["error"]["path"] == "/conversation/history/0/direction");
  r["conversation"]["history"] = Json::array();
  r["conversation"]["channel"] = "line";
  CHECK(api::call("sla.status", r)["error"]["path"] == "/business_hours");
  r["targets"] = Json{{"targets", Json::array()}};
  CHECK(api::call("sla.status", r)["error"]["code"] == "no_sla_target");
  r.erase("now");
  CHECK(api::call("sla.status", r)["error"]["path"] == "/now");
}

TEST_CASE("sla.hours says whether a team is open and when it opens", "[sla]") {
  Json a = api::call("sla.hours", Json{{"business_hours", demo_pack("business_hours.json")}, {"team", "emea"}, {"now", "2026-11-22T12:00:00Z"}});
  CHECK(a["open"] == false);  // Sunday
  CHECK(a["next_open"] == "2026-11-23T07:00:00Z");
  CHECK(api::call("sla.hours", Json{{"business_hours", demo_pack("business_hours.json")}, {"team", "mars"}, {"now", 0}})["error"]["code"] == "unknown_team");
}
