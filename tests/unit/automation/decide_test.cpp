// automation.decide on the demo pack's automation.json, with triage given inline so the policy
// (not the model) is what each case checks.
#include "../routing/demo_pack.h"
#include "parley/api.h"
#include "parley/automation.h"

#include <catch2/catch.hpp>

using parley::Json;

namespace {
Json triage(const std::string& intent, double confidence, double anger = 0) {
  return Json{{"intent", intent}, {"confidence", confidence}, {"language", "en"}, {"tier", confidence >= 0.85 ? "auto" : "prequalify"},
              {"sentiment", {{"score", anger > 0 ? -0.8 : 0.1}, {"label", anger > 0 ? "negative" : "neutral"}, {"anger", anger}}},
              {"urgency", "normal"}, {"escalate", anger >= 0.6}};
}
Json decide(Json request) {
  request["automation"] = parley::testing::demo_pack("automation.json");
  return parley::api::call("automation.decide", request);
}
}  // namespace

TEST_CASE("order status: asks the shop, then answers with its data", "[automation]") {
  Json first = decide({{"text", "Where is my order PD-204816?"}, {"triage", triage("order_status", 0.95)}});
  REQUIRE(first["action"] == "flow");
  REQUIRE(first["call"]["path"] == "/api/v1/shop/orders/PD-204816");
  Json body{{"status", "shipped"}, {"carrier", "DHL"}, {"tracking_number", "JD0146"}, {"eta", "Dec 8"}, {"tracking_url", "https://t.example/JD0146"}};
  Json done = decide({{"text", "Where is my order PD-204816?"}, {"triage", triage("order_status", 0.95)}, {"facts", {{"lookup", {{"status", 200}, {"body", body}}}}}});
  CHECK(done["action"] == "flow");
  CHECK(done["reply"]["text"].get<std::string>().find("JD0146") != std::string::npos);
  CHECK(done["state"]["awaiting"] == "feedback");
  CHECK(done["events"][0]["type"] == "automation.answered");
  // "Yes, thanks" confirms: the resolution counts only now.
  Json yes = decide({{"text", "Yes, thanks"}, {"state", done["state"]}, {"triage", triage("no_action", 0.9)}});
  CHECK(yes["rule"] == "confirmed");
  CHECK(yes["events"][0]["how"] == "confirmed");
}

TEST_CASE("a missing order number is asked for once, a wrong one twice hands off", "[automation]") {
  Json ask = decide({{"text", "where is my order"}, {"triage", triage("order_status", 0.95)}});
  REQUIRE(ask["action"] == "flow");
  CHECK(ask["state"]["failures"] == 0);
  Json bad = decide({{"text", "no idea"}, {"state", ask["state"]}, {"triage", triage("no_action", 0.5)}});
  CHECK(bad["action"] == "flow");
  CHECK(bad["state"]["failures"] == 1);
  Json worse = decide({{"text", "still no idea"}, {"state", bad["state"]}, {"triage", triage("no_action", 0.5)}});
  CHECK(worse["action"] == "handoff");
  CHECK(worse["rule"] == "failed_inputs");
  CHECK(worse["handoff"]["customer_words"].size() == 3);
}

TEST_CASE("a connector that fails hands off and says so", "[automation]") {
  Json r = decide({{"text", "Where is my order PD-204816?"}, {"triage", triage("order_status", 0.95)}, {"facts", {{"lookup", {{"status", 500}, {"body", "oops"}}}}}});
  CHECK(r["action"] == "handoff");
  CHECK(r["rule"] == "connector_failed");
  CHECK(r["handoff"]["fields"]["order_number"] == "PD-204816");
  CHECK(r["handoff"]["connector_errors"][0]["status"] == 500);
}

TEST_CASE("anger and asking for a person hand off at once; a person is always offered", "[automation]") {
  Json angry = decide({{"text", "Where is my order PD-204816, this is a disgrace"}, {"triage", triage("order_status", 0.95, 0.9)}});
  CHECK(angry["action"] == "handoff");
  CHECK(angry["rule"] == "angry");
  CHECK(angry["handoff"]["queue"] == "senior");
  Json ask = decide({{"text", "where is my order"}, {"triage", triage("order_status", 0.95)}});
  CHECK(ask["reply"]["choices"].back()["id"] == "handoff");
  Json mid = decide({{"text", "Talk to a person"}, {"state", ask["state"]}, {"triage", triage("human_agent", 0.4)}});
  CHECK(mid["action"] == "handoff");
  CHECK(mid["rule"] == "customer_asked");
  Json after = decide({{"text", "hello?"}, {"state", mid["state"]}, {"triage", triage("no_action", 0.9)}});
  CHECK(after["rule"] == "with_a_person");
  CHECK(after["reply"].is_null());
}

TEST_CASE("confidence decides: low hands off, medium prequalifies with what the text already gives", "[automation]") {
  CHECK(decide({{"text", "hmm"}, {"triage", triage("order_status", 0.3)}})["rule"] == "low_confidence");
  Json pre = decide({{"text", "I was charged twice"}, {"triage", triage("billing", 0.9)}});
  CHECK(pre["action"] == "prequalify");
  Json given = decide({{"text", "I was charged twice for PD-111222"}, {"triage", triage("billing", 0.9)}});
  CHECK(given["action"] == "handoff");
  CHECK(given["handoff"]["fields"]["order_number"] == "PD-111222");
}

TEST_CASE("choices take each channel's form", "[automation]") {
  Json r = decide({{"text", "where is my order"}, {"channel", "whatsapp"}, {"triage", triage("order_status", 0.95)}});
  CHECK(r["reply"]["form"]["kind"] == "buttons");
  Json sms = decide({{"text", "where is my order"}, {"channel", "sms"}, {"triage", triage("order_status", 0.95)}});
  CHECK(sms["reply"]["form"]["kind"] == "numbered");
  CHECK(sms["reply"]["text_for_channel"].get<std::string>().find("1. ") != std::string::npos);
  // The number picks the option on SMS.
  Json pick = decide({{"text", "1"}, {"channel", "sms"}, {"state", sms["state"]}, {"triage", triage("no_action", 0.3)}});
  CHECK(pick["rule"] == "customer_asked");
}

TEST_CASE("WhatsApp: four to ten options make a list behind a menu button, more a numbered text", "[automation]") {
  using parley::automation::Choice;
  std::vector<Choice> six;
  for (int i = 0; i < 6; ++i) six.push_back({"r" + std::to_string(i), "Reason " + std::to_string(i)});
  six[1].label = "An option label much longer than a row";  // 38 code points: a row title holds 24
  Json list = parley::automation::channel_form("whatsapp", six, "Reply with a number:", "Choose one of the options below");
  CHECK(list["kind"] == "list");
  CHECK(list["max"] == 10);
  CHECK(list["button"] == "Choose one of the o…");  // cut to the button's 20
  CHECK(list["choices"].size() == 6);
  CHECK(list["choices"][1]["label"] == "An option label much lo…");
  CHECK(!list.contains("numbered_text"));
  // Without a button label in the pack the options go as numbered text, and say why.
  Json unnamed = parley::automation::channel_form("whatsapp", six, "Reply with a number:");
  CHECK(unnamed["kind"] == "numbered");
  CHECK(unnamed["why"].get<std::string>().find("list_button") != std::string::npos);
  std::vector<Choice> eleven = six;
  while (eleven.size() < 11) eleven.push_back({"x" + std::to_string(eleven.size()), "X"});
  CHECK(parley::automation::channel_form("whatsapp", eleven, "Reply with a number:", "Choose")["kind"] == "numbered");
  // The demo pack's return reasons (five and "Talk to a person") reach the list on WhatsApp.
  Json pack = parley::testing::demo_pack("automation.json");
  CHECK(pack["strings"]["ja"]["list_button"] == "選択する");
}

TEST_CASE("a pack mistake is an error naming the field", "[automation]") {
  Json pack = parley::testing::demo_pack("automation.json");
  pack["flows"]["order_status"]["steps"][1]["not_found"] = "nowhere";
  Json r = parley::api::call("automation.decide", {{"text", "hi"}, {"automation", pack}, {"triage", triage("order_status", 0.9)}});
  CHECK(r["error"]["code"] == "unknown_step");
  CHECK(r["error"]["path"] == "/automation/flows/order_status/steps/1/not_found");
}

TEST_CASE("a confirmed article answer carries the question it answered; a return about it names the article", "[automation]") {
  Json article{{"id", "sizes.en"}, {"locale", "en"}, {"title", "Size guide"},
               {"body", "Our shirts run small: order one size up. Measure your chest and compare with the size chart."}};
  Json idx = parley::api::call("knowledge.index", Json{{"index_id", "automation-learnt"}, {"articles", Json::array({article})}});
  REQUIRE(idx["count"] == 1);
  const std::string question = "which size chart should I use for the shirts?";
  Json answered = decide({{"text", question}, {"triage", triage("product_question", 0.95)}, {"kb", {{"index_id", "automation-learnt"}}}, {"now", 1000}});
  REQUIRE(answered["rule"] == "kb_answer");
  CHECK(answered["state"]["answered"]["question"] == question);
  Json yes = decide({{"text", "yes"}, {"state", answered["state"]}, {"triage", triage("no_action", 0.9)}, {"now", 2000}});
  REQUIRE(yes["rule"] == "confirmed");
  CHECK(yes["events"][0]["type"] == "automation.resolved");
  CHECK(yes["events"][0]["article"] == "sizes.en");
  CHECK(yes["events"][0]["question"] == question);
  Json back = decide({{"text", "the size you said was wrong"}, {"state", yes["state"]}, {"triage", triage("product_question", 0.9)},
                      {"kb", {{"index_id", "automation-learnt"}}}, {"now", 3000}});
  CHECK(back["events"][0]["type"] == "automation.reopened");
  CHECK(back["events"][0]["article"] == "sizes.en");
  // "No": nothing was learnt (no article in a resolution), and the case goes to a person.
  Json no = decide({{"text", "no"}, {"state", answered["state"]}, {"triage", triage("no_action", 0.9)}, {"now", 2000}});
  CHECK(no["action"] == "handoff");
  for (const auto& e : no["events"]) CHECK(e["type"] != "automation.resolved");
}
