// triage.* methods: errors name the field, corrections apply at once and export, state reloads,
// auto-replies become no_action, and the shipped model (models/triage.bin) answers in full.
#include "parley/api.h"
#include "parley/assets.h"
#include "parley/digest.h"
#include "parley/triage.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <numeric>
#include <sstream>

using namespace parley;

namespace {
std::string tiny_model_bytes() {
  triage::TrainOptions o;
  o.epochs = 40;
  auto m = triage::train({{"where is my order", "order_status"}, {"my package has not arrived", "order_status"},
                          {"i want my money back", "return_refund"}, {"refund for the broken item please", "return_refund"},
                          {"thanks!", "no_action"}, {"thank you so much", "no_action"}},
                         o);
  m.taxonomy = R"({"tiers":{"auto":0.9,"prequalify":0.4},"intents":[{"id":"order_status","auto":true},{"id":"return_refund"},{"id":"no_action","auto":true}]})";
  return triage::serialize(m);
}

std::string shipped_model() {
  std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/models/triage.bin", std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE("triage.classify reports bad input by JSON pointer", "[triage]") {
  assets::put("triage", tiny_model_bytes());
  auto err = [](const Json& req) { return api::call("triage.classify", req)["error"]; };
  CHECK(err(Json::object())["path"] == "/text");
  CHECK(err(Json{{"text", 5}})["path"] == "/text");
  Json empty = err(Json{{"text", "  "}});
  CHECK(empty["code"] == "empty_text");
  CHECK(empty["path"] == "/text");
  CHECK(err(Json{{"text", "hi"}, {"headers", Json{{"X-Autoreply", 1}}}})["path"] == "/headers/X-Autoreply");
  CHECK(err(Json{{"text", "hi"}, {"tiers", Json{{"auto", 2}}}})["path"] == "/tiers");
  CHECK(err(Json{{"text", "hi"}, {"tiers", Json{{"auto", 0.5}, {"prequalify", 0.7}}}})["path"] == "/tiers/prequalify");
  CHECK(err(Json{{"text", "hi"}, {"model", "***"}})["code"] == "invalid_base64");
  CHECK(err(Json{{"text", "hi"}, {"model", digest::base64("PTRGjunk")}})["path"] == "/model");
  CHECK(err(Json{{"text", "hi"}, {"context", Json{{"messages", Json::array({Json{{"from", "customer"}}})}}}})["path"] == "/context/messages/0/text");
  CHECK(api::call("triage.correct", Json{{"text", "hi"}})["error"]["path"] == "/intent");
  CHECK(api::call("triage.import_state", Json{{"state", digest::base64("nope")}})["error"]["code"] == "invalid_model");
}

TEST_CASE("triage.classify gives valid probabilities, top-3 alternatives and a tier from the pack", "[triage]") {
  assets::put("triage", tiny_model_bytes());
  Json a = api::call("triage.classify", Json{{"text", "where is my order?"}, {"lang", "en"}});
  REQUIRE(!a.contains("error"));
  CHECK(a["intent"] == "order_status");
  CHECK(a["language"] == "en");
  REQUIRE(a["alternatives"].size() == 3);
  double sum = 0;
  for (const auto& alt : a["alternatives"]) sum += alt["confidence"].get<double>();
  CHECK(sum == Approx(1.0).margin(2e-4));  // three labels: the alternatives are the whole distribution
  CHECK(a["confidence"] == a["alternatives"][0]["confidence"]);
  double c = a["confidence"];
  std::string expected = c >= 0.9 ? "auto" : c >= 0.4 ? "prequalify" : "human";
  CHECK(a["tier"] == expected);
  CHECK(!a["why"].empty());
  // Thresholds passed in the request override the pack's.
  Json strict = api::call("triage.classify", Json{{"text", "where is my order?"}, {"tiers", Json{{"auto", 1.0}, {"prequalify", 1.0}}}});
  CHECK((strict["tier"] == "human" || c == 1.0));
  // return_refund is not safe to automate in this pack: never "auto".
  Json refund = api::call("triage.classify", Json{{"text", "i want my money back"}, {"tiers", Json{{"auto", 0.0}, {"prequalify", 0.0}}}});
  CHECK(refund["intent"] == "return_refund");
  CHECK(refund["tier"] == "prequalify");
}

TEST_CASE("auto-replies are no_action by header and by wording", "[triage]") {
  assets::put("triage", tiny_model_bytes());
  Json h = api::call("triage.classify", Json{{"text", "Where is my order? I want my money back"}, {"channel", "email"},
                                             {"headers", Json{{"Auto-Submitted", "auto-replied"}}}});
  CHECK(h["intent"] == "no_action");
  CHECK(h["decided_by"] == "auto_reply_headers");
  Json w = api::call("triage.classify", Json{{"text", "Abwesenheitsnotiz: Ich bin bis 12.3. nicht im Büro."}, {"channel", "email"}});
  CHECK(w["intent"] == "no_action");
  Json n = api::call("triage.classify", Json{{"text", "where is my order"}, {"headers", Json{{"Auto-Submitted", "no"}}}});
  CHECK(n["intent"] == "order_status");
}

TEST_CASE("quoted history does not decide the intent of an e-mail", "[triage]") {
  assets::put("triage", tiny_model_bytes());
  std::string mail = "Thank you so much!\n\nOn Tue, 5 Mar 2024, Shop <help@shop.example> wrote:\n> where is my order\n> my package has not arrived\n> refund";
  Json a = api::call("triage.classify", Json{{"text", mail}, {"channel", "email"}});
  CHECK(a["intent"] == "no_action");
  CHECK(a["email"]["quoted_removed"] == true);
}

TEST_CASE("a correction changes the next prediction, exports as JSON Lines and survives export/import", "[triage]") {
  assets::put("triage", tiny_model_bytes());
  const std::string text = "the box came crushed";
  Json before = api::call("triage.classify", Json{{"text", text}});
  std::string target = before["intent"] == "return_refund" ? "order_status" : "return_refund";
  Json r = api::call("triage.correct", Json{{"text", text}, {"intent", target}});
  CHECK(r["intent"] == target);
  CHECK(r["previous_intent"] == before["intent"]);
  CHECK(api::call("triage.classify", Json{{"text", text}})["intent"] == target);

  Json corr = api::call("triage.corrections", Json::object());
  CHECK(corr["count"] == 1);
  Json line = Json::parse(corr["jsonl"].get<std::string>().substr(0, corr["jsonl"].get<std::string>().find('\n')));
  CHECK(line["text"] == text);
  CHECK(line["intent"] == target);

  Json state = api::call("triage.export_state", Json::object());
  REQUIRE(state.contains("state"));
  assets::put("triage", tiny_model_bytes());  // the host reloads the original model: correction gone
  CHECK(api::call("triage.classify", Json{{"text", text}})["intent"] == before["intent"]);
  Json imported = api::call("triage.import_state", Json{{"state", state["state"]}});
  CHECK(imported["corrections"] == 1);
  CHECK(api::call("triage.classify", Json{{"text", text}})["intent"] == target);
}

TEST_CASE("an inline model serves a request without the asset", "[triage]") {
  std::string b64 = digest::base64(tiny_model_bytes());
  Json a = api::call("triage.classify", Json{{"text", "thanks!"}, {"model", b64}});
  CHECK(a["intent"] == "no_action");
  Json c = api::call("triage.correct", Json{{"text", "cheers mate"}, {"intent", "no_action"}, {"model", b64}});
  REQUIRE(c.contains("state"));
  CHECK(api::call("triage.classify", Json{{"text", "cheers mate"}, {"model", c["state"]}})["intent"] == "no_action");
}

TEST_CASE("sentiment, anger, urgency and churn respond to what the message says", "[triage]") {
  triage::Model m = triage::parse(shipped_model());
  REQUIRE(!m.lexicon_keys.empty());
  REQUIRE(m.tone);
  auto s = [&](const char* t) { return triage::sentiment(m, triage::normalize(t), t); };
  CHECK(s("This is terrible, the worst service ever").label == "negative");
  CHECK(s("Great, thank you so much, you are amazing").label == "positive");
  CHECK(s("good").score > 0);
  // Polite words around a complaint: the tone classifier reads the complaint.
  // (The model trained on UMSAB as well calls it neutral leaning negative: -0.19, and -0.06 since
  // the 2026-12-07 batch of mostly neutral billing/technical messages; the one trained on the
  // project's messages alone said negative. Issue 23's figures weigh the trade.)
  auto polite = s("Hello, thank you for your help last time. My replacement blender also stopped working after two days, "
                  "this is really disappointing.");
  CHECK(polite.score < 0);
  CHECK(polite.label != "positive");
  CHECK(s("where is my parcel? order PD-10442").label == "neutral");
  // The lexicon alone (the fallback for a model without a tone classifier) handles negation.
  triage::Model lexicon_only = m;
  lexicon_only.tone.reset();
  auto lex = [&](const char* t) { return triage::sentiment(lexicon_only, triage::normalize(t), t); };
  CHECK(lex("good").score > 0);
  CHECK(lex("not good").score < 0);
  CHECK(lex("Great, thank you so much, you are amazing").label == "positive");
  CHECK(s("THIS IS UNACCEPTABLE, I AM FURIOUS!!!").anger >= 0.6);
  CHECK(s("thanks, all fine").anger == 0);
  CHECK(triage::urgency(triage::normalize("The charger caught fire last night"), "technical_issue").level == "urgent");
  CHECK(triage::urgency(triage::normalize("充電器から煙が出ました"), "technical_issue").level == "urgent");
  auto legal = triage::urgency(triage::normalize("If this is not fixed I will contact my lawyer"), "complaint");
  CHECK((legal.level == "high" || legal.level == "urgent"));
  CHECK(std::find(legal.reasons.begin(), legal.reasons.end(), "legal_threat") != legal.reasons.end());
  CHECK(triage::urgency(triage::normalize("there is an issue with my order"), "order_status").reasons.empty());  // "sue" ≠ "issue"
  CHECK(triage::urgency(triage::normalize("thanks!"), "no_action").level == "low");
  auto calm = s("ok");
  CHECK(triage::churn_risk(triage::normalize("I want to cancel my subscription and switch to a competitor"), "cancellation", calm).level == "high");
  CHECK(triage::churn_risk(triage::normalize("where is my parcel"), "order_status", calm).level == "low");
}

TEST_CASE("the shipped model answers every field for messages in several languages", "[triage]") {
  std::string bytes = shipped_model();
  REQUIRE(bytes.size() > 0);
  REQUIRE(bytes.size() <= 2 * 1024 * 1024);
  assets::put("triage", bytes);
  Json info = api::call("triage.info", Json::object());
  CHECK(info["labels"].size() == 13);
  for (const char* t : {"Where is my order #4411? It's been two weeks", "注文した商品がまだ届きません", "Quero cancelar minha assinatura",
                        "Ich möchte mit einem Mitarbeiter sprechen", "ขอบคุณมากครับ", "환불 언제 되나요?"}) {
    Json a = api::call("triage.classify", Json{{"text", t}});
    INFO(t << " -> " << a.dump());
    REQUIRE(!a.contains("error"));
    for (const char* key : {"intent", "confidence", "alternatives", "tier", "sentiment", "urgency", "churn_risk", "language", "why"})
      CHECK(a.contains(key));
    CHECK(a["alternatives"].size() == 3);
    CHECK((a["confidence"] >= 0.0 && a["confidence"] <= 1.0));
    bool langid = false;
    for (const auto& m : api::methods()) langid = langid || m.name == "langid.identify";
    if (!langid) CHECK(a["language"] == "und");  // no lang given and no language identifier in this build
  }
  CHECK(api::call("triage.classify", Json{{"text", "Where is my order? It has not arrived yet"}})["intent"] == "order_status");
  CHECK(api::call("triage.classify", Json{{"text", "ありがとうございました！"}})["intent"] == "no_action");
}
