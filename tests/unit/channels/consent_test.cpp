// Consent: keywords across languages, quiet hours at their edges, reasons instead of silent drops.
#include "parley/api.h"

#include <catch2/catch.hpp>

using namespace parley;

static Json consent(Json r) {
  if (!r.contains("channel")) r["channel"] = "sms";
  if (!r.contains("now")) r["now"] = "2026-03-01T12:00:00Z";
  return api::call("channels.consent", r);
}

TEST_CASE("opt-out keywords are matched whole, case- and punctuation-insensitively", "[channels]") {
  for (const char* t : {"STOP", "stop", " Stop! ", "unsubscribe.", "OPT OUT", "parar", "停止", "수신거부", "退订"})
    CHECK(consent({{"text", t}})["keyword"]["kind"] == "opt_out");
  for (const char* t : {"stopwatch", "I want to cancel my order", "when does the sale end?", "bus stopped"})
    CHECK(consent({{"text", t}})["keyword"].is_null());
  CHECK(consent({{"text", "Stop sending me these"}})["keyword"]["kind"] == "possible_opt_out");
}

TEST_CASE("US quiet hours edges: 8:00 allowed, 21:00 not, for marketing only", "[channels]") {
  Json r{{"utc_offset", "-05:00"}, {"country", "US"}, {"purpose", "marketing"}, {"contact", {{"marketing_opt_in", true}}}};
  r["now"] = "2026-03-02T13:00:00Z";  // 08:00 local
  CHECK(consent(r)["may_send"] == true);
  r["now"] = "2026-03-02T12:59:00Z";  // 07:59
  CHECK(consent(r)["may_send"] == false);
  r["now"] = "2026-03-03T01:59:00Z";  // 20:59
  CHECK(consent(r)["may_send"] == true);
  r["now"] = "2026-03-03T02:00:00Z";  // 21:00
  Json q = consent(r);
  CHECK(q["may_send"] == false);
  CHECK(q["next_allowed"] == "2026-03-03T13:00:00.000Z");
  r["purpose"] = "service";
  CHECK(consent(r)["may_send"] == true);
}

TEST_CASE("every blocking rule is listed, not just the first", "[channels]") {
  Json r{{"text", "STOP"}, {"purpose", "marketing"}, {"contact", {{"opted_out", true}}}};
  Json a = consent(r);
  CHECK(a["may_send"] == false);
  CHECK(a["reasons"].size() == 3);  // opt_out_received, opted_out, no_marketing_consent
  CHECK(consent({{"purpose", "ads"}})["error"]["path"] == "/purpose");
  CHECK(consent({{"quiet_hours", {{"start", "25:00"}, {"end", "08:00"}}}})["error"]["path"] == "/quiet_hours/start");
}
