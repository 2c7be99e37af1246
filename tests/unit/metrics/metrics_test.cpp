// metrics.compute on hand-computed fixtures: every definition of docs/metrics.md and its edges.
#include "parley/api.h"
#include "parley/metrics.h"

#include <catch2/catch.hpp>

using namespace parley;

namespace {
constexpr std::int64_t kMin = 60000, kHour = 60 * kMin, kDay = 24 * kHour;
const std::int64_t T0 = 1772359200000;  // 2026-03-01T10:00:00Z, a Sunday

Json msg(const std::string& conv, std::int64_t at, const std::string& sender, const std::string& text = "", const std::string& agent = "") {
  Json e{{"conversation", conv}, {"at", at}, {"type", "message"}, {"sender", sender}, {"text", text}};
  if (!agent.empty()) e["agent"] = agent;
  return e;
}
Json status(const std::string& conv, std::int64_t at, const std::string& s) {
  return {{"conversation", conv}, {"at", at}, {"type", "status"}, {"status", s}};
}
Json ev(const std::string& conv, std::int64_t at, const std::string& type, Json extra = Json::object()) {
  Json e{{"conversation", conv}, {"at", at}, {"type", type}};
  e.update(extra);
  return e;
}
Json run(Json events, std::int64_t now, Json extra = Json::object()) {
  Json r{{"events", events}, {"now", now}, {"conversations", true}};
  r.update(extra);
  Json a = api::call("metrics.compute", r);
  INFO(a.dump());
  REQUIRE_FALSE(a.contains("error"));
  return a;
}
Json conv(const Json& answer, const std::string& id) {
  for (const auto& c : answer["conversations"]) if (c["id"] == id) return c;
  FAIL("no conversation " << id);
  return {};
}
}  // namespace

TEST_CASE("first response: the first human public reply; a bot hand-off or a reopen restarts the clock", "[metrics]") {
  Json events = {msg("c2", T0, "customer"), msg("c2", T0 + kMin, "bot"), ev("c2", T0 + 5 * kMin, "handoff"),
                 msg("c2", T0 + 7 * kMin, "human", "Hello", "a1")};
  Json note = msg("c2", T0 + 6 * kMin, "human", "note", "a1");
  note["public"] = false;
  events.push_back(note);
  Json b = run(events, T0 + kDay);
  CHECK(conv(b, "c2")["first_response_ms"] == 2 * kMin);  // from the hand-off, the note is not a reply
  // Reopen before any human reply: the bot resolved, the customer came back 2 h later.
  Json c = run({msg("c3", T0, "customer"), msg("c3", T0 + kMin, "bot"), status("c3", T0 + kMin, "resolved"),
                msg("c3", T0 + 2 * kHour, "customer"), status("c3", T0 + 2 * kHour, "reopened"), msg("c3", T0 + 2 * kHour + 10 * kMin, "human", "", "a1")},
               T0 + kDay);
  CHECK(conv(c, "c3")["first_response_ms"] == 10 * kMin);
  // No customer message and no human reply: no first response at all.
  Json d = run({msg("c4", T0, "bot")}, T0 + kDay);
  CHECK(conv(d, "c4")["first_response_ms"].is_null());
  CHECK(d["overall"]["first_response"]["n"] == 0);
  CHECK(d["overall"]["first_response"]["median"].is_null());
}

TEST_CASE("response time: each customer message to the next human reply, or the first of a burst", "[metrics]") {
  Json events = {msg("c", T0, "customer"), msg("c", T0 + kMin, "customer"), msg("c", T0 + 5 * kMin, "human", "", "a1"),
                 msg("c", T0 + 10 * kMin, "customer"), msg("c", T0 + 11 * kMin, "bot"), msg("c", T0 + 12 * kMin, "human", "", "a1")};
  CHECK(conv(run(events, T0 + kDay), "c")["response_ms"] == Json({5 * kMin, 4 * kMin, 2 * kMin}));
  CHECK(conv(run(events, T0 + kDay, {{"definitions", {{"response_time", "first_of_burst"}}}}), "c")["response_ms"] == Json({5 * kMin, 2 * kMin}));
}

TEST_CASE("resolution: first, full (last) and human-only", "[metrics]") {
  Json a = run({msg("c", T0, "customer"), msg("c", T0 + 10 * kMin, "human", "", "a1"), status("c", T0 + kHour, "resolved"),
                msg("c", T0 + 2 * kHour, "customer"), status("c", T0 + 2 * kHour, "reopened"), status("c", T0 + 3 * kHour, "resolved"),
                msg("u", T0, "customer")},
               T0 + 30 * kDay);
  CHECK(conv(a, "c")["first_resolution_ms"] == kHour);
  CHECK(conv(a, "c")["full_resolution_ms"] == 3 * kHour);
  CHECK(conv(a, "c")["human_resolution_ms"] == 3 * kHour);
  CHECK(conv(a, "c")["customer_messages"] == 1);  // before the first resolution
  CHECK(conv(a, "u")["resolution_type"] == "unresolved");
  CHECK(conv(a, "u")["full_resolution_ms"].is_null());
}

TEST_CASE("FCR-7d: a return 6 days after resolution fails it, 8 days does not; pending until 7 days pass", "[metrics]") {
  Json six = {ev("c", T0, "message", {{"sender", "customer"}, {"contact", "k1"}}), msg("c", T0 + 10 * kMin, "human", "", "a1"),
              status("c", T0 + kHour, "resolved"), msg("c", T0 + kHour + 6 * kDay, "customer")};
  Json eight = {ev("c", T0, "message", {{"sender", "customer"}, {"contact", "k1"}}), msg("c", T0 + 10 * kMin, "human", "", "a1"),
                status("c", T0 + kHour, "resolved"), msg("c", T0 + kHour + 8 * kDay, "customer")};
  CHECK(conv(run(six, T0 + 30 * kDay), "c")["fcr_7d"] == false);
  CHECK(conv(run(eight, T0 + 30 * kDay), "c")["fcr_7d"] == true);
  Json quiet = {msg("c", T0, "customer"), msg("c", T0 + 10 * kMin, "human", "", "a1"), status("c", T0 + kHour, "resolved")};
  CHECK(conv(run(quiet, T0 + 3 * kDay), "c")["fcr_7d"].is_null());  // the window is still open
  Json a = run(quiet, T0 + 3 * kDay);
  CHECK(a["overall"]["fcr_7d"]["pending"] == 1);
  CHECK(a["overall"]["fcr_7d"]["denominator"] == 0);
}

TEST_CASE("FCR-7d: a new contact on another channel by the same person fails it; two agents or a transfer too", "[metrics]") {
  Json events = {ev("w", T0, "message", {{"sender", "customer"}, {"contact", "k1"}, {"channel", "whatsapp"}}),
                 msg("w", T0 + 10 * kMin, "human", "", "a1"), status("w", T0 + kHour, "resolved"),
                 ev("e", T0 + 3 * kDay, "message", {{"sender", "customer"}, {"contact", "k2"}, {"channel", "email"}}),
                 ev("e", T0 + 3 * kDay, "link", {{"contact", "k2"}, {"same_as", "k1"}})};
  Json a = run(events, T0 + 30 * kDay, {{"group_by", {"channel"}}});
  CHECK(conv(a, "w")["fcr_7d"] == false);
  // Without the link they are two people.
  events.erase(events.end() - 1);
  CHECK(conv(run(events, T0 + 30 * kDay), "w")["fcr_7d"] == true);
  Json two = {msg("t", T0, "customer"), msg("t", T0 + kMin, "human", "", "a1"), msg("t", T0 + 2 * kMin, "human", "", "a2"),
              status("t", T0 + kHour, "resolved")};
  CHECK(conv(run(two, T0 + 30 * kDay), "t")["fcr_7d"] == false);
  Json moved = {msg("m", T0, "customer"), ev("m", T0 + kMin, "transfer", {{"kind", "escalation"}}), msg("m", T0 + 2 * kMin, "human", "", "a1"),
                status("m", T0 + kHour, "resolved")};
  CHECK(conv(run(moved, T0 + 30 * kDay), "m")["fcr_7d"] == false);
}

TEST_CASE("automation: resolved with no human, confirmed after a quiet day, taken back on return", "[metrics]") {
  Json bot = {msg("b", T0, "customer"), msg("b", T0 + kMin, "bot"), status("b", T0 + 2 * kMin, "resolved")};
  CHECK(conv(run(bot, T0 + kHour), "b")["resolution_type"] == "automation_pending");
  Json done = run(bot, T0 + 2 * kDay);
  CHECK(conv(done, "b")["resolution_type"] == "automated");
  CHECK(conv(done, "b")["fcr_7d"].is_null());  // FCR is about people's replies
  CHECK(done["overall"]["automation_rate"]["rate"] == 1.0);
  Json back = bot;
  back.push_back(msg("b2", T0 + 3 * kDay, "customer"));
  back[0]["contact"] = "k";
  back[3]["contact"] = "k";
  Json r = run(back, T0 + 10 * kDay);
  CHECK(conv(r, "b")["resolution_type"] == "automation_returned");
  CHECK(r["overall"]["automation_rate"]["numerator"] == 0);
  CHECK(r["overall"]["automation_rate"]["returned"] == 1);
}

TEST_CASE("business hours: across a weekend and the DST change, in the workspace's zone", "[metrics]") {
  Json hours = Json::array();
  for (int d = 1; d <= 5; ++d) hours.push_back({{"day", d}, {"open", "09:00"}, {"close", "17:00"}});
  const Json ws{{"workspace", {{"timezone", "Europe/Berlin"}, {"business_hours", hours}}}};
  // Friday 2026-03-27 16:00 CET (15:00Z) → Monday 2026-03-30 10:00 CEST (08:00Z); DST began Sunday.
  Json a = run({msg("c", 1774623600000, "customer"), msg("c", 1774857600000, "human", "", "a1")}, 1774857600000 + kDay, ws);
  CHECK(conv(a, "c")["first_response_ms"] == 65 * kHour);
  CHECK(conv(a, "c")["first_response_business_ms"] == 2 * kHour);  // 16–17 Friday, 9–10 Monday
  CHECK(conv(a, "c")["day"] == "2026-03-27");
  // Outside hours entirely (Saturday to Sunday): no business time at all.
  Json b = run({msg("s", 1774692000000, "customer"), msg("s", 1774778400000, "human", "", "a1")}, 1774857600000, ws);
  CHECK(conv(b, "s")["first_response_business_ms"] == 0);
}

TEST_CASE("CSAT: share of 4-5 among responses, beside the response rate; none given is null, not 0", "[metrics]") {
  Json none = {ev("a", T0, "csat_request"), ev("b", T0, "csat_request")};
  Json a = run(none, T0 + kDay);
  CHECK(a["overall"]["csat"]["rate"].is_null());
  CHECK(a["overall"]["csat"]["response_rate"] == 0.0);
  Json some = {ev("a", T0, "csat_request"), ev("a", T0 + kMin, "csat", {{"score", 5}}), ev("b", T0, "csat", {{"score", 4}}),
               ev("c", T0, "csat", {{"score", 2}}), ev("d", T0, "csat_request")};
  Json b = run(some, T0 + kDay);
  CHECK(b["overall"]["csat"]["positive"] == 2);
  CHECK(b["overall"]["csat"]["responses"] == 3);
  CHECK(b["overall"]["csat"]["rate"] == 0.6667);
  CHECK(b["overall"]["csat"]["response_rate"] == 0.75);
}

TEST_CASE("customer effort: re-explanations are values given again, found by their shape", "[metrics]") {
  Json events = {ev("c", T0, "fields", {{"values", {{"order_number", "PD-104233"}}}}),
                 msg("c", T0 + kMin, "customer", "Where is my order pd104233?"),
                 msg("c", T0 + 2 * kMin, "customer", "my email is Sam@Example.com"),
                 msg("c", T0 + 3 * kMin, "customer", "again: sam@example.com, call +1 (555) 010-2030"),
                 msg("c", T0 + 4 * kMin, "customer", "or 555 010 2030? thanks"),
                 msg("c", T0 + 5 * kMin, "customer", "I said it twice already"),
                 ev("c", T0 + 6 * kMin, "transfer", {{"kind", "channel"}})};
  Json c = conv(run(events, T0 + kDay), "c");
  CHECK(c["re_explanations"] == 2);  // the order number (a field), the e-mail; the phone differs (+1)
  CHECK(c["channel_transfers"] == 1);
  CHECK(metrics::entities("call 5550102030 or PD-104233").values == std::vector<std::string>{"5550102030", "PD104233", "TEL:5550102030"});
  CHECK(metrics::entities("see you at 10:30, 12 items").values.empty());
}

TEST_CASE("cost per resolution from agent hours and messages per channel", "[metrics]") {
  Json events = {ev("c", T0, "message", {{"sender", "customer"}, {"channel", "sms"}}),
                 ev("c", T0 + kMin, "message", {{"sender", "human"}, {"agent", "a1"}, {"handle_seconds", 360}}),
                 msg("c", T0 + 2 * kMin, "bot"), status("c", T0 + kHour, "resolved")};
  Json a = run(events, T0 + 10 * kDay, {{"workspace", {{"costs", {{"agent_hour", 30}, {"per_message", {{"sms", 0.0079}}}}}}}});
  CHECK(conv(a, "c")["cost_micros"] == 3000000 + 2 * 7900);  // 6 min of 30/h, two outbound SMS
  CHECK(a["overall"]["cost_per_resolution"]["micros"] == 3015800);
}

TEST_CASE("percentiles are nearest-rank, means round half up; groups link to their conversations", "[metrics]") {
  std::vector<std::int64_t> v;
  for (int i = 1; i <= 10; ++i) v.push_back(i);
  Json s = metrics::duration_stats(v);
  CHECK(s["median"] == 5);
  CHECK(s["p90"] == 9);
  CHECK(s["mean"] == 6);  // 5.5 rounds up
  Json a = run({ev("x", T0, "message", {{"sender", "customer"}, {"channel", "line"}}), ev("y", T0, "message", {{"sender", "customer"}, {"channel", "sms"}}),
                ev("z", T0, "message", {{"sender", "customer"}, {"channel", "line"}})},
               T0 + kDay, {{"group_by", {"channel"}}});
  CHECK(a["by"]["channel"]["line"]["ids"] == Json({"x", "z"}));
  CHECK(a["by"]["channel"]["sms"]["conversations"] == 1);
}

TEST_CASE("bad events are errors naming the field", "[metrics]") {
  auto err = [](Json e) { return api::call("metrics.compute", Json{{"events", {e}}, {"now", T0}})["error"]; };
  CHECK(err({{"conversation", "c"}, {"at", T0}, {"type", "chat"}})["path"] == "/events/0/type");
  CHECK(err({{"conversation", "c"}, {"at", T0}, {"type", "csat"}, {"score", 6}})["path"] == "/events/0/score");
  CHECK(err({{"conversation", "c"}, {"at", T0}, {"type", "message"}, {"sender", "customer"}, {"colour", 1}})["code"] == "unknown_field");
  CHECK(err({{"conversation", "c"}, {"at", "yesterday"}, {"type", "handoff"}})["path"] == "/events/0/at");
  CHECK(api::call("metrics.compute", Json{{"events", Json::array()}, {"now", T0}, {"group_by", {"colour"}}})["error"]["path"] == "/group_by");
  CHECK(api::call("metrics.compute", Json{{"events", Json::array()}, {"now", T0}, {"workspace", {{"timezone", "Mars/Olympus"}}}})["error"]["path"] ==
        "/workspace/timezone");
}
