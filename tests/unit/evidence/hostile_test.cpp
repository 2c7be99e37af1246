// Hostile input to the assist-core methods: always an answer or an error as data, never a crash.
#include "parley/api.h"

#include <catch2/catch.hpp>

using namespace parley;

TEST_CASE("assist-core methods answer hostile requests with data", "[evidence][routing][governance][sla]") {
  const char* methods[] = {"route.decide", "review.check", "evidence.append", "evidence.verify", "evidence.replay",
                           "evidence.diff", "evidence.export", "sla.status", "sla.hours"};
  const char* requests[] = {
      "{}",
      R"({"records": [1, "x", {}, null, {"seq": "1"}, {"seq": 1, "hash": 5}]})",
      R"({"records": [{"seq": 1, "hash": "00", "prev_hash": null, "kind": 3}]})",
      R"({"records": {"seq": 1}})",
      R"({"chain": [{"seq": 1}], "record": {"kind": "message", "actor": "a", "at": 0, "data": {"text": "x"}}})",
      R"({"chain": {"head_hash": "zz", "length": -1}, "record": {"kind": "reply", "actor": "a", "at": "x"}})",
      R"({"triage": {"intent": 5, "sentiment": "angry"}, "rules": [{"id": "a", "when": {"any": 3}, "then": {"queue": "q"}}]})",
      R"({"triage": {}, "rules": [{"id": "a", "when": {"not": {"anger": {"gte": "high"}}}, "then": {"queue": "q"}}], "agents": [{"id": 3}]})",
      R"({"triage": {}, "rules": [{"id": "a", "when": {"urgency": {"at_least": "extreme"}}, "then": {"queue": "q"}}]})",
      R"({"draft": {"text": "x"}, "conversation": {"channel": "whatsapp", "history": [{"direction": "inbound", "at": 1e300}]}, "policy": {}, "now": 0})",
      R"({"draft": {"text": "x", "template": {"name": 1}}, "conversation": {"channel": "whatsapp"}, "policy": {"windows": {"whatsapp": 7}}, "now": 0})",
      R"({"draft": {"text": "x"}, "conversation": {"channel": "sms", "consent": {"status": "maybe"}}, "policy": {"quiet_hours": [{"id": "q", "start": "25:00", "end": "08:00"}]}, "now": 0})",
      R"({"conversation": {"channel": "x", "history": [{"direction": "inbound", "at": -99999999999999}]}, "targets": {"targets": [{"channel": "*", "priority": "*", "first_response_minutes": 1e308, "next_response_minutes": -1}]}, "now": 9223372036854775807})",
      R"({"business_hours": {"teams": {"t": {"utc_offset_minutes": 0, "hours": {"mon": [["00:00", "24:00"]]}}}}, "team": "t", "now": "9999-12-31T23:59:59Z"})",
      R"({"before": "\u0000\uffff😀", "after": "a\u200db", "unit": "line"})",
      // Numbers that would overflow a cast (a trap in wasm) must be refused as data.
      R"({"draft": {"text": "x"}, "conversation": {"channel": "whatsapp", "history": [{"direction": "inbound", "at": 0}]}, "policy": {"windows": {"whatsapp": {"hours": 1e300, "max_messages": 1e300}}, "reply_grace_minutes": 1e300}, "now": 5})",
      R"({"draft": {"text": "x"}, "conversation": {"channel": "messenger", "history": [{"direction": "inbound", "at": 0}]}, "policy": {"windows": {"messenger": {"hours": 1, "after": {"required": "tag", "tag": "T", "hours": -1e300}}}}, "now": 99999999})",
      R"({"draft": {"text": "x"}, "conversation": {"channel": "sms", "country": "US", "timezone_offset_minutes": 9223372036854775807}, "policy": {"quiet_hours": [{"id": "q", "start": "21:00", "end": "08:00"}]}, "now": 0})",
      R"({"conversation": {"channel": "x"}, "targets": {"targets": [{"channel": "*", "priority": "*", "first_response_minutes": 1, "next_response_minutes": 1}]}, "now": 18446744073709551615})",
  };
  for (const char* m : methods)
    for (const char* r : requests) {
      INFO(m << " " << r);
      std::string out = api::call_text(m, r);
      Json a;
      REQUIRE_NOTHROW(a = Json::parse(out));
      CHECK(a.is_object());
      if (a.contains("error")) CHECK(a["error"]["code"] != "internal_error");
    }
}
