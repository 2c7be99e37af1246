// route.decide: rules as data, first-match vs scored, explanations, anger escalation, agents.
#include "demo_pack.h"
#include "parley/api.h"

#include <catch2/catch.hpp>

using namespace parley;
using testing::demo_pack;

namespace {
Json triage(const std::string& intent, double anger = 0.0, const std::string& language = "en") {
  return Json{{"intent", intent}, {"confidence", 0.9}, {"tier", "high"},
              {"sentiment", {{"label", anger > 0.5 ? "negative" : "neutral"}, {"score", anger > 0.5 ? -0.6 : 0.0}, {"anger", anger}}},
              {"urgency", "normal"}, {"churn_risk", "low"}, {"language", language}};
}

Json request(Json t, Json conversation = {{"channel", "email"}, {"country", "DE"}}, Json contact = {{"segment", "standard"}, {"lifetime_value", 120}}) {
  return Json{{"triage", std::move(t)}, {"conversation", std::move(conversation)}, {"contact", std::move(contact)},
              {"routing", demo_pack("routing.json")}, {"business_hours", demo_pack("business_hours.json")},
              {"now", "2026-11-23T10:00:00Z"}};  // a Monday: Tokyo 19:00 (closed), Berlin 11:00 (open)
}

const Json two_rules = Json::parse(R"([
  {"id": "refunds", "when": {"intent": "return_refund"}, "then": {"queue": "billing"}, "weight": 10},
  {"id": "big_spender", "when": {"lifetime_value": {"gte": 1000}}, "then": {"queue": "vip", "priority": "high"}, "weight": 50}
])");
}  // namespace

TEST_CASE("a refund request goes to billing and the reason names the rule and its condition", "[routing]") {
  Json a = api::call("route.decide", request(triage("return_refund")));
  REQUIRE_FALSE(a.contains("error"));
  CHECK(a["queue"] == "billing");
  CHECK(a["rule"] == "refunds_to_billing");
  CHECK(a["reason"]["code"] == "route.billing");
  CHECK(a["reason"]["text"] == "Intent return_refund: billing and refunds team");
  REQUIRE(a["matched_conditions"].size() == 1);
  CHECK(a["matched_conditions"][0]["fact"] == "intent");
  CHECK(a["matched_conditions"][0]["actual"] == "return_refund");
  CHECK(a["ahead_of_line"] == false);
  // Every rule tried before it is listed with the condition that failed.
  CHECK(a["skipped"][0]["rule"] == "legal_threat");
  CHECK(a["skipped"][2]["rule"] == "vip_customer");
}

TEST_CASE("anger escalates to the senior queue ahead of the line, even for a VIP refund", "[routing]") {
  Json r = request(triage("return_refund", 0.82), {{"channel", "whatsapp"}, {"country", "BR"}}, {{"segment", "vip"}, {"lifetime_value", 9000}});
  Json a = api::call("route.decide", r);
  CHECK(a["queue"] == "senior");
  CHECK(a["priority"] == "urgent");
  CHECK(a["ahead_of_line"] == true);
  CHECK(a["rule"] == "angry_customer");
  CHECK(a["matched_conditions"][0]["fact"] == "anger");
  CHECK(a["reason"]["text"].get<std::string>().find("anger ≥ 0.6 (was 0.82)") != std::string::npos);

  // Strong negative sentiment without an anger score escalates too.
  Json calm = triage("order_status");
  calm["sentiment"] = {{"label", "negative"}, {"score", -0.9}};
  CHECK(api::call("route.decide", request(calm))["queue"] == "senior");
  // Mild negativity does not.
  calm["sentiment"] = {{"label", "negative"}, {"score", -0.3}};
  CHECK(api::call("route.decide", request(calm))["queue"] == "general");
}

TEST_CASE("legal threats beat anger, in any language", "[routing]") {
  Json r = request(triage("complaint", 0.9, "ja"));
  r["message"] = {{"text", "対応がなければ弁護士に相談します"}};
  Json a = api::call("route.decide", r);
  CHECK(a["queue"] == "escalations");
  CHECK(a["rule"] == "legal_threat");
  // "sue" on a word boundary only: "issue" is not a threat.
  r["message"] = {{"text", "I have an issue with my order"}};
  r["triage"] = triage("order_status");
  CHECK(api::call("route.decide", r)["queue"] == "general");
}

TEST_CASE("business hours decide the Japanese desk; KakaoTalk Korea goes to Seoul", "[routing]") {
  Json r = request(triage("order_status", 0, "ja-JP"), {{"channel", "line"}, {"country", "JP"}});
  r["now"] = "2026-11-23T02:00:00Z";  // Monday 11:00 in Tokyo
  Json open = api::call("route.decide", r);
  CHECK(open["queue"] == "japanese");
  CHECK(open["matched_conditions"][0]["fact"] == "business_hours.tokyo");  // keys are checked in sorted order
  r["now"] = "2026-11-23T03:30:00Z";  // 12:30: lunch break
  CHECK(api::call("route.decide", r)["queue"] == "general");

  Json k = request(triage("order_status", 0, "ko"), {{"channel", "kakao_chat"}, {"country", "KR"}});
  CHECK(api::call("route.decide", k)["queue"] == "korean");
}

TEST_CASE("first match takes rule order, scored mode takes the best score with bonuses", "[routing]") {
  Json r{{"triage", triage("return_refund")}, {"contact", {{"lifetime_value", 2500}}}, {"rules", two_rules}};
  Json first = api::call("route.decide", r);
  CHECK(first["mode"] == "first_match");
  CHECK(first["rule"] == "refunds");
  CHECK_FALSE(first.contains("candidates"));

  r["mode"] = "scored";
  Json scored = api::call("route.decide", r);
  CHECK(scored["rule"] == "big_spender");
  CHECK(scored["queue"] == "vip");
  REQUIRE(scored["candidates"].size() == 2);
  CHECK(scored["candidates"][0]["score"] == 50.0);
  CHECK(scored["candidates"][1]["rule"] == "refunds");

  // A bonus can change the winner.
  r["rules"][0]["bonus"] = Json::array({{{"when", {{"urgency", {{"at_least", "high"}}}}}, {"add", 45}}});
  r["triage"]["urgency"] = "urgent";
  Json bonus = api::call("route.decide", r);
  CHECK(bonus["rule"] == "refunds");
  CHECK(bonus["candidates"][0]["score"] == 55.0);
  CHECK(bonus["reason"]["params"]["score"] == 55.0);
}

TEST_CASE("no matching rule falls back to the default queue and says so", "[routing]") {
  Json r{{"triage", triage("product_question")}, {"rules", two_rules}, {"default", {{"queue", "general"}}}};
  Json a = api::call("route.decide", r);
  CHECK(a["queue"] == "general");
  CHECK(a["rule"].is_null());
  CHECK(a["reason"]["code"] == "route.default");
  r.erase("default");
  CHECK(api::call("route.decide", r)["reason"]["code"] == "route.no_match");
}

TEST_CASE("an agent is picked by skills, language and load", "[routing]") {
  Json r = request(triage("return_refund", 0, "pt-BR"));
  r["agents"] = Json::parse(R"([
    {"id": "ana", "skills": ["billing"], "languages": ["pt"], "available": true, "load": 3},
    {"id": "bea", "skills": ["billing"], "languages": ["pt", "es"], "available": true, "load": 1},
    {"id": "carl", "skills": ["billing"], "languages": ["en"], "available": true, "load": 0},
    {"id": "dora", "skills": ["billing"], "languages": ["pt"], "available": false, "load": 0}
  ])");
  Json a = api::call("route.decide", r);
  CHECK(a["agent"]["id"] == "bea");
  CHECK(a["agent"]["language_match"] == true);
  r["agents"][1]["available"] = false;
  r["agents"][0]["skills"] = Json::array();
  Json b = api::call("route.decide", r);
  CHECK(b["agent"]["id"] == "carl");
  CHECK(b["agent"]["language_match"] == false);
}

TEST_CASE("rules can require an available agent with skills", "[routing]") {
  Json rules = Json::parse(R"([
    {"id": "thai_desk", "when": {"language": "th", "agents": {"available_with_skills": ["th"]}}, "then": {"queue": "thai"}},
    {"id": "everyone", "when": {}, "then": {"queue": "general"}}
  ])");
  Json r{{"triage", triage("order_status", 0, "th")}, {"rules", rules}, {"agents", Json::parse(R"([{"id":"a","skills":["th"],"available":false}])")}};
  CHECK(api::call("route.decide", r)["queue"] == "general");
  r["agents"][0]["available"] = true;
  CHECK(api::call("route.decide", r)["queue"] == "thai");
}

TEST_CASE("bad rules are errors that name the place", "[routing]") {
  Json r{{"triage", triage("order_status")}, {"rules", Json::parse(R"([{"id": "x", "when": {"intnet": "billing"}, "then": {"queue": "q"}}])")}};
  Json a = api::call("route.decide", r);
  CHECK(a["error"]["code"] == "unknown_fact");
  CHECK(a["error"]["path"] == "/rules/0/when/intnet");
  r["rules"] = Json::parse(R"([{"id": "x", "when": {"confidence": {"around": 0.5}}, "then": {"queue": "q"}}])");
  CHECK(api::call("route.decide", r)["error"]["code"] == "unknown_operator");
  r["rules"] = Json::parse(R"([{"id": "x", "then": {}}])");
  CHECK(api::call("route.decide", r)["error"]["path"] == "/rules/0/then/queue");
  r["rules"] = Json::parse(R"([{"id": "x", "then": {"queue": "a"}}, {"id": "x", "then": {"queue": "b"}}])");
  CHECK(api::call("route.decide", r)["error"]["code"] == "duplicate_rule");
  r["rules"] = Json::parse(R"([{"id": "x", "when": {"business_hours.tokyo": "open"}, "then": {"queue": "a"}}])");
  CHECK(api::call("route.decide", r)["error"]["path"] == "/business_hours");
  CHECK(api::call("route.decide", Json{{"rules", Json::array()}})["error"]["path"] == "/triage");
}

TEST_CASE("the pack's queues give the queue's display name and team", "[routing]") {
  Json a = api::call("route.decide", request(triage("technical_issue")));
  CHECK(a["queue"] == "tech_support");
  CHECK(a["queue_name"] == "Technical support");
  CHECK(a["team"] == "emea");
}
