// evidence: appending builds a chain; verification names changed, removed, reordered and inserted
// records; replay reconstructs the case; export round-trips.
#include "parley/api.h"
#include "parley/evidence.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace parley;

namespace {
Json record(const std::string& kind, const std::string& actor, const std::string& at, Json data) {
  return Json{{"kind", kind}, {"actor", actor}, {"at", at}, {"data", std::move(data)}};
}

// A small refund case: message, triage, route, draft, an agent edit, approval, reply.
Json build_case() {
  Json chain = Json::array();
  for (Json r : {record("message", "customer:+5511999", "2026-11-23T10:00:00Z", {{"direction", "inbound"}, {"text", "Quero o reembolso do pedido 1042"}}),
                 record("triage", "parley", "2026-11-23T10:00:01Z", {{"intent", "return_refund"}, {"confidence", 0.91}}),
                 record("route", "parley", "2026-11-23T10:00:01Z", {{"queue", "billing"}, {"rule", "refunds_to_billing"}}),
                 record("draft", "parley", "2026-11-23T10:00:02Z", {{"text", "Olá! Vou verificar e retorno em breve."}}),
                 record("edit", "agent:ana", "2026-11-23T10:03:00Z", {{"text", "Olá! Seu reembolso de R$ 120,00 foi aprovado hoje."}}),
                 record("approval", "lead:mia", "2026-11-23T10:04:00Z", {{"gate", "refund"}}),
                 record("reply", "agent:ana", "2026-11-23T10:05:00Z", {{"text", "Olá! Seu reembolso de R$ 120,00 foi aprovado hoje."}})}) {
    Json next = api::call("evidence.append", Json{{"chain", chain}, {"record", r}});
    REQUIRE_FALSE(next.contains("error"));
    chain.push_back(next);
  }
  return chain;
}

Json verify(const Json& records) { return api::call("evidence.verify", Json{{"records", records}}); }
}  // namespace

TEST_CASE("append numbers records and links each to the previous hash", "[evidence]") {
  Json chain = build_case();
  REQUIRE(chain.size() == 7);
  CHECK(chain[0]["seq"] == 1);
  CHECK(chain[0]["prev_hash"] == std::string(evidence::kGenesis));
  for (std::size_t i = 1; i < chain.size(); ++i) {
    CHECK(chain[i]["seq"] == i + 1);
    CHECK(chain[i]["prev_hash"] == chain[i - 1]["hash"]);
  }
  CHECK(chain[0]["hash"] == evidence::record_hash(chain[0]));
  CHECK(chain[0]["hash"].get<std::string>().size() == 64);
  Json v = verify(chain);
  CHECK(v["valid"] == true);
  CHECK(v["head_hash"] == chain.back()["hash"]);

  // Appending with only the head gives the same record as appending to the full chain.
  Json r = record("summary", "agent:ana", "2026-11-23T10:06:00Z", {{"text", "Refund approved and confirmed."}});
  Json with_chain = api::call("evidence.append", Json{{"chain", chain}, {"record", r}});
  Json with_head = api::call("evidence.append", Json{{"chain", {{"head_hash", chain.back()["hash"]}, {"length", 7}}}, {"record", r}});
  CHECK(with_chain == with_head);
  CHECK(with_chain["seq"] == 8);
}

TEST_CASE("the canonical form sorts keys and leaves out the hash", "[evidence]") {
  Json a = Json::parse(R"({"seq":1,"kind":"message","data":{"z":1,"a":"é"},"hash":"x"})");
  CHECK(evidence::canonical(a) == R"({"data":{"a":"é","z":1},"kind":"message","seq":1})");
}

TEST_CASE("a changed record is found, with or without a recomputed hash", "[evidence]") {
  Json chain = build_case();
  Json tampered = chain;
  tampered[4]["data"]["text"] = "Olá! Seu reembolso de R$ 1.200,00 foi aprovado hoje.";
  Json v = verify(tampered);
  CHECK(v["valid"] == false);
  CHECK(v["problem"] == "changed");
  CHECK(v["first_bad_seq"] == 5);

  // Re-hashing the changed record still breaks the link from the next one.
  tampered[4]["hash"] = evidence::record_hash(tampered[4]);
  v = verify(tampered);
  CHECK(v["problem"] == "changed");
  CHECK(v["first_bad_seq"] == 5);

  // Changing who approved.
  tampered = chain;
  tampered[5]["actor"] = "agent:ana";
  CHECK(verify(tampered)["first_bad_seq"] == 6);
}

TEST_CASE("removed records are found", "[evidence]") {
  Json chain = build_case();
  Json removed = chain;
  removed.erase(removed.begin() + 5);  // the approval
  Json v = verify(removed);
  CHECK(v["problem"] == "removed");
  CHECK(v["first_bad_seq"] == 6);
  Json first_removed = chain;
  first_removed.erase(first_removed.begin());
  CHECK(verify(first_removed)["first_bad_seq"] == 1);
  // Dropping the tail is only visible against a trusted head kept elsewhere.
  Json truncated = chain;
  truncated.erase(truncated.end() - 1);
  CHECK(verify(truncated)["valid"] == true);
  Json anchored = api::call("evidence.verify", Json{{"records", truncated}, {"anchor", {{"head_hash", chain.back()["hash"]}, {"length", 7}}}});
  CHECK(anchored["problem"] == "removed");
  CHECK(anchored["first_bad_seq"] == 7);
}

TEST_CASE("reordered records are found", "[evidence]") {
  Json chain = build_case();
  Json swapped = chain;
  std::swap(swapped[3], swapped[4]);
  Json v = verify(swapped);
  CHECK(v["problem"] == "reordered");
  CHECK(v["first_bad_seq"] == 4);
  CHECK(v["position"] == 4);
}

TEST_CASE("inserted records are found", "[evidence]") {
  Json chain = build_case();
  // A forged approval made to look like the genuine seq 6, linked after seq 5.
  Json forged = Json{{"seq", 6}, {"kind", "approval"}, {"actor", "lead:mia"}, {"at", "2026-11-23T10:03:30Z"},
                     {"data", {{"gate", "compensation"}}}, {"prev_hash", chain[4]["hash"]}};
  forged["hash"] = evidence::record_hash(forged);
  Json inserted = chain;
  inserted.insert(inserted.begin() + 5, forged);
  Json v = verify(inserted);
  CHECK(v["problem"] == "inserted");
  CHECK(v["first_bad_seq"] == 6);
  CHECK(v["position"] == 5);  // the forged one, not the genuine seq 6 that seq 7 links to

  // Re-numbering and re-hashing everything after the insertion gives a consistent chain; the
  // trusted head reveals it.
  Json rewritten = Json::array();
  for (std::size_t i = 0; i < inserted.size(); ++i) {
    Json r = inserted[i];
    r["seq"] = i + 1;
    r["prev_hash"] = i == 0 ? Json(std::string(evidence::kGenesis)) : rewritten.back()["hash"];
    r["hash"] = evidence::record_hash(r);
    rewritten.push_back(r);
  }
  CHECK(verify(rewritten)["valid"] == true);
  Json anchored = api::call("evidence.verify", Json{{"records", rewritten}, {"anchor", {{"head_hash", chain.back()["hash"]}, {"length", 7}}}});
  CHECK(anchored["valid"] == false);
  CHECK(anchored["problem"] == "changed");
}

TEST_CASE("append refuses a broken chain and time going backwards", "[evidence]") {
  Json chain = build_case();
  Json broken = chain;
  broken.erase(broken.begin() + 2);
  Json r = record("summary", "agent:ana", "2026-11-23T11:00:00Z", {{"text", "done"}});
  CHECK(api::call("evidence.append", Json{{"chain", broken}, {"record", r}})["error"]["code"] == "chain_invalid");
  r["at"] = "2026-11-23T09:00:00Z";
  CHECK(api::call("evidence.append", Json{{"chain", chain}, {"record", r}})["error"]["code"] == "time_goes_backwards");
  r["kind"] = "gossip";
  CHECK(api::call("evidence.append", Json{{"record", r}})["error"]["path"] == "/record/kind");
  CHECK(api::call("evidence.append", Json{{"record", record("draft", "parley", "2026-11-23T10:00:00Z", Json::object())}})["error"]["path"] == "/record/data/text");
}

TEST_CASE("replay reconstructs the case step by step, edits as a word diff", "[evidence]") {
  Json chain = build_case();
  Json a = api::call("evidence.replay", Json{{"records", chain}});
  REQUIRE_FALSE(a.contains("error"));
  CHECK(a["verification"]["valid"] == true);
  REQUIRE(a["steps"].size() == 7);
  CHECK(a["steps"][0]["state"]["messages"].size() == 1);
  CHECK(a["steps"][0]["state"]["draft"].is_null());
  CHECK(a["steps"][2]["state"]["route"]["queue"] == "billing");
  CHECK(a["steps"][3]["state"]["draft"]["text"] == "Olá! Vou verificar e retorno em breve.");
  const Json& edit = a["steps"][4]["state"]["edits"][0];
  CHECK(edit["by"] == "agent:ana");
  CHECK(edit["diff"]["ops"][1] == Json{{"op", "delete"}, {"text", "Vou verificar e retorno em breve"}});
  CHECK(edit["diff"]["ops"][2] == Json{{"op", "insert"}, {"text", "Seu reembolso de R$ 120,00 foi aprovado hoje"}});
  CHECK(a["steps"][4]["what"]["text"] == "agent:ana edited the draft (+9 −6 words)");
  CHECK(a["steps"][5]["state"]["approvals"][0]["by"] == "lead:mia");
  CHECK(a["final"]["reply"]["text"] == "Olá! Seu reembolso de R$ 120,00 foi aprovado hoje.");
  CHECK(a["final"]["messages"].size() == 2);
  CHECK(a["final"]["messages"][1]["direction"] == "outbound");

  // A tampered chain still replays, but steps from the bad record on are not trusted.
  chain[5]["actor"] = "lead:someone";
  Json t = api::call("evidence.replay", Json{{"records", chain}});
  CHECK(t["verification"]["valid"] == false);
  CHECK(t["steps"][4]["trusted"] == true);
  CHECK(t["steps"][5]["trusted"] == false);
}

TEST_CASE("export writes one canonical JSON line per record that re-verifies", "[evidence]") {
  Json chain = build_case();
  Json e = api::call("evidence.export", Json{{"records", chain}});
  CHECK(e["count"] == 7);
  CHECK(e["valid"] == true);
  std::istringstream lines(e["jsonl"].get<std::string>());
  Json back = Json::array();
  std::string line;
  while (std::getline(lines, line)) back.push_back(Json::parse(line));
  CHECK(back == chain);
  CHECK(verify(back)["valid"] == true);
}
