// automation.decide: the policy for one customer message, in order —
//   1. a person already has the conversation: the bot stays quiet;
//   2. the customer asks for a person (a phrase in any language, the "talk to a person" option,
//      the human_agent intent), or a hand-off rule holds (anger → senior): hand off at once;
//   3. an answer waits for feedback: yes resolves it, no hands off;
//   4. a flow or prequalification waits for this message: go on with it;
//   5. a return about an issue resolved moments ago takes the resolution back and hands off;
//   6. a flow's trigger words start it (store hours) whatever the intent;
//   7. by intent and calibrated confidence: answer (cited article), flow, prequalify or hand off.
#include "flow.h"

#include "parley/channels.h"
#include "parley/routing.h"
#include "parley/text.h"
#include "parley/triage.h"

#include <cmath>

namespace parley::automation {
namespace {
constexpr std::size_t kTranscriptMax = 20, kWordsMax = 2000;  // what the packet carries of the customer's words

double round4(double v) { return std::round(v * 10000) / 10000; }

bool any_word(const std::map<std::string, std::vector<std::string>>& words, const std::string& text, const std::string& lang, bool every_language) {
  for (const auto& [l, list] : words) {
    if (!every_language && l != lang && l != lang.substr(0, lang.find('-'))) continue;
    for (const auto& w : list)
      if (routing::contains_keyword(text, w)) return true;
  }
  return false;
}

// A short reply that is exactly a yes/no word ("yes", "はい", "thanks!").
bool is_word(const std::map<std::string, std::vector<std::string>>& words, const std::string& text) {
  std::string t = triage::normalize(text);
  while (!t.empty() && std::string(".!?。！？ ").find(t.back()) != std::string::npos) t.pop_back();
  for (const auto& [l, list] : words)
    for (const auto& w : list)
      if (t == triage::normalize(w)) return true;
  return false;
}

bool is_question(const Pack& pack, const std::string& text, const std::string& lang) {
  for (const char* mark : {"?", "？", "؟"})
    if (text.find(mark) != std::string::npos) return true;
  const std::string t = triage::normalize(text);
  auto it = pack.question_words.find(lang.substr(0, lang.find('-')));
  if (it == pack.question_words.end()) it = pack.question_words.find(lang);
  if (it != pack.question_words.end())
    for (const auto& w : it->second)
      if (t.rfind(triage::normalize(w) + " ", 0) == 0) return true;
  return false;
}

Json initial_state() {
  return Json{{"version", 1}, {"flow", nullptr}, {"step", nullptr}, {"awaiting", nullptr}, {"slots", Json::object()}, {"data", Json::object()},
              {"failures", 0}, {"offered", Json::array()}, {"tried", {{"articles", Json::array()}, {"steps", Json::array()}, {"flows", Json::array()}}},
              {"transcript", Json::array()}, {"handed_off", false}, {"answered", nullptr}, {"resolved", nullptr}, {"connector_errors", Json::array()}};
}

Json read_state(const Json& request) {
  Json s = initial_state();
  const Json* given = optional(request, "state", Json::value_t::object);
  if (!given) return s;
  for (const auto& [k, v] : given->items()) s[k] = v;
  for (const char* k : {"slots", "data"})
    if (!s[k].is_object()) throw Error("invalid_type", std::string("/state/") + k + " must be an object", std::string("/state/") + k);
  for (const char* k : {"offered", "transcript", "connector_errors"})
    if (!s[k].is_array()) throw Error("invalid_type", std::string("/state/") + k + " must be an array", std::string("/state/") + k);
  if (!s["tried"].is_object()) throw Error("invalid_type", "/state/tried must be an object", "/state/tried");
  for (const char* k : {"articles", "steps", "flows"})
    if (!s["tried"].contains(k) || !s["tried"][k].is_array()) s["tried"][k] = Json::array();
  if (!s["failures"].is_number_integer()) throw Error("invalid_type", "/state/failures must be a whole number", "/state/failures");
  return s;
}

std::vector<Choice> offered(const Json& state) {
  std::vector<Choice> out;
  for (const auto& c : state["offered"])
    if (c.is_object()) out.push_back({c.value("id", ""), c.value("label", "")});
  return out;
}

Json classify(const Json& request, const std::string& text, const std::string& channel, const Json& state) {
  if (const Json* t = optional(request, "triage", Json::value_t::object)) return *t;
  Json req{{"text", text}};
  if (!channel.empty()) req["channel"] = channel;
  if (request.contains("lang")) req["lang"] = request["lang"];
  if (request.contains("taxonomy")) req["taxonomy"] = request["taxonomy"];
  Json ctx = Json::array();
  for (const auto& m : state["transcript"]) ctx.push_back(m);
  if (!ctx.empty()) req["context"] = Json{{"messages", ctx}};
  Json a = api::call("triage.classify", req);
  if (a.contains("error")) throw Error(a["error"].value("code", "triage_failed"), "triage: " + a["error"].value("message", ""), "/text");
  return a;
}

// The knowledge base's best public article for the message, if it is confident enough.
Json best_article(Turn& t) {
  if (t.kb.is_null()) return nullptr;
  Json req = t.kb;
  req["query"] = t.text;
  req["locale"] = t.lang;
  req["k"] = 3;
  req["audience"] = "public";
  req["fallback"] = true;
  Json a = api::call("knowledge.search", req);
  if (a.contains("error")) throw Error(a["error"].value("code", "knowledge_failed"), "knowledge: " + a["error"].value("message", ""), "/kb");
  for (const auto& h : a["hits"]) {
    bool tried = false;
    for (const auto& id : t.state["tried"]["articles"]) tried = tried || id == h["article_id"];
    if (tried) continue;  // an article that did not help is not offered again
    if (h.value("confidence", 0.0) < t.pack.policy.kb_min) return nullptr;
    return h;
  }
  return nullptr;
}

void answer_with(Turn& t, const Json& hit, const std::string& rule) {
  t.action = "answer";
  t.rule = rule;
  t.article = Json{{"id", hit["article_id"]}, {"title", hit["title"]}, {"snippet", hit["snippet"]}, {"locale", hit.value("locale", "")},
                   {"confidence", hit["confidence"]}, {"fallback", hit.value("fallback", false)}};
  t.state["tried"]["articles"].push_back(hit["article_id"]);
  t.said.push_back(t.say("answer_intro"));
  t.said.push_back(hit["title"].get<std::string>() + "\n" + hit["snippet"].get<std::string>());
  t.said.push_back(t.say("did_this_answer"));
  t.choices = {{"yes", t.say("choice.yes")}, {"no", t.say("choice.no_person")}};
  t.state["awaiting"] = "feedback";
  // The question is kept until the customer says whether the article answered it: a confirmed
  // pair is what the workspace's knowledge history learns from (the relay keeps it).
  t.state["answered"] = Json{{"at", t.now}, {"intent", t.state.value("intent", "")}, {"article", hit["article_id"]}, {"question", t.text}};
  t.event("automation.answered", {{"article", hit["article_id"]}, {"intent", t.state.value("intent", "")}});
  t.reason = routing::make_reason("automation.kb_answer", {{"article", hit["article_id"]}, {"confidence", hit["confidence"]}},
                                  "A knowledge-base article answers it ({article}, confidence {confidence})");
}

void start_flow(Turn& t, const Flow& f, const std::string& rule) {
  t.rule = rule;
  t.state["tried"]["flows"].push_back(f.id);
  t.reason = routing::make_reason("automation.flow", {{"flow", f.id}}, "The {flow} flow handles it");
  run_flow(t, f, 0, true, true);
}

void start_prequalify(Turn& t, const std::vector<std::string>& fields, const std::string& rule) {
  t.rule = rule;
  t.state["prequalify"] = fields;
  t.reason = routing::make_reason("automation.prequalify", {{"intent", t.state.value("intent", "")}, {"fields", fields}},
                                  "Confidence is medium: the fields a person needs are collected first");
  run_prequalify(t, true, true);
  if (t.action == "handoff") t.rule = rule;  // everything was in the first message
}

// Step 7: a new request, by intent and confidence.
void by_intent(Turn& t) {
  const Policy& p = t.pack.policy;
  const std::string intent = t.triage.value("intent", "");
  const double confidence = t.triage.value("confidence", 0.0);
  auto it = p.intents.find(intent);
  const IntentPolicy* ip = it == p.intents.end() ? nullptr : &it->second;
  if (t.triage.value("abstained", false) || confidence < p.prequalify_at)
    return hand_off(t, "low_confidence", "automation.low_confidence", "Confidence {confidence} is below {threshold}: a person reads it",
                    ip ? ip->queue : "");
  const bool automatable = ip && (ip->answer || !ip->flow.empty() || t.pack.strings["en"].contains("say." + intent));
  if (automatable && confidence >= p.answer_at) {
    if (t.pack.strings["en"].contains("say." + intent) && !ip->answer && ip->flow.empty()) {  // "thanks!": a short reply, nothing to look up
      t.action = "answer";
      t.rule = "intent_reply";
      t.said.push_back(t.say("say." + intent));
      t.reason = routing::make_reason("automation.intent_reply", {{"intent", intent}}, "A short reply answers {intent}");
      return;
    }
    if (ip->answer || (ip->answer_questions && is_question(t.pack, t.text, t.lang)))
      if (Json hit = best_article(t); !hit.is_null()) return answer_with(t, hit, ip->flow.empty() ? "kb_answer" : "kb_answer_question");
    if (!ip->flow.empty()) return start_flow(t, t.pack.flows.at(ip->flow), "intent_flow");
    if (ip->prequalify.empty())
      return hand_off(t, "no_answer", "automation.no_answer", "No article answers it confidently enough: a person answers", ip->queue);
  }
  if (ip && !ip->prequalify.empty()) return start_prequalify(t, ip->prequalify, confidence >= p.answer_at ? "prequalify_intent" : "medium_confidence");
  hand_off(t, ip ? "medium_confidence" : "not_automated", ip ? "automation.medium_confidence" : "automation.not_automated",
           ip ? "Confidence {confidence} is below {threshold} for an automatic answer: a person answers" : "{intent} is never automated by this workspace: a person answers",
           ip ? ip->queue : "");
}

Json decide_method(const Json& request) {
  require_object(request);
  const Pack pack = read_pack(require(request, "automation", Json::value_t::object), "/automation");
  const std::string text = text::required_text(request, "text");
  if (triage::normalize(text).empty()) throw Error("empty_text", "/text is empty: there is nothing to answer", "/text");
  Turn t(pack);
  t.text = text;
  t.channel = optional_string(request, "channel", "webchat");
  channels::profile(t.channel, nullptr);  // an unknown channel is an error here, not a wrong form later
  t.now = optional_number(request, "now", 0);
  t.state = read_state(request);
  const Json* facts = optional(request, "facts", Json::value_t::object);
  t.facts = facts ? *facts : Json::object();
  if (const Json* kb = optional(request, "kb", Json::value_t::object)) t.kb = *kb;
  if (const Json* choice = optional(request, "choice", Json::value_t::string)) t.picked = choice->get<std::string>();
  else t.picked = pick(text, offered(t.state));

  t.triage = classify(request, text, t.channel, t.state);
  t.lang = optional_string(request, "lang", t.triage.value("language", "en"));
  if (t.lang.empty() || t.lang == "und") t.lang = "en";
  std::string cut = text;
  if (text::code_point_count(cut) > kWordsMax) {
    std::size_t i = 0, n = 0;
    while (i < cut.size() && n < kWordsMax) { text::next_code_point(cut, i); ++n; }
    cut = cut.substr(0, i);
  }
  Json& transcript = t.state["transcript"];
  transcript.push_back(cut);
  while (transcript.size() > kTranscriptMax) transcript.erase(0);

  const std::string awaiting = t.state["awaiting"].is_string() ? t.state["awaiting"].get<std::string>() : "";
  if (awaiting.empty() || awaiting == "feedback") {  // a new request: its intent is what the case is about
    t.state["intent"] = t.triage.value("intent", "");
    t.state["confidence"] = t.triage.value("confidence", 0.0);
  }
  auto finish = [&]() -> Json {
    t.state["offered"] = Json::array();
    const bool person_offered = t.action != "handoff" && !t.state.value("handed_off", false);
    std::vector<Choice> choices = t.choices;
    if (person_offered && std::none_of(choices.begin(), choices.end(), [](const Choice& c) { return c.id == "handoff" || c.id == "no"; }))
      choices.push_back({"handoff", t.say("choice.handoff")});  // never a trap: a person is always one tap away
    for (const auto& c : choices) t.state["offered"].push_back({{"id", c.id}, {"label", c.label}});
    std::string joined;
    for (const auto& s : t.said) joined += (joined.empty() ? "" : "\n\n") + s;
    const bool has_list_button = pack.strings.contains("en") && pack.strings["en"].contains("list_button");
    Json form = channel_form(t.channel, choices, t.say("reply_with_number"), has_list_button ? t.say("list_button") : "");
    Json reply = nullptr;
    if (!joined.empty()) {
      reply = Json{{"text", joined}, {"choices", form["choices"]}, {"form", form}, {"language", strings_language(pack, t.lang)}};
      reply["text_for_channel"] = form.contains("numbered_text") ? joined + "\n\n" + form["numbered_text"].get<std::string>() : joined;
      if (!t.article.is_null()) reply["article"] = t.article;
    }
    Json out{{"action", t.action}, {"intent", t.state.value("intent", t.triage.value("intent", ""))}, {"confidence", round4(t.triage.value("confidence", 0.0))},
             {"tier", t.triage.value("tier", "")}, {"rule", t.rule}, {"reason", t.reason}, {"reply", reply}, {"state", t.state}, {"events", t.events},
             {"language", t.lang}, {"channel", t.channel}};
    if (t.state["flow"].is_string()) out["flow"] = Json{{"id", t.state["flow"]}, {"step", t.state["step"]}};
    if (!t.call.is_null()) out["call"] = t.call;
    if (!t.handoff.is_null()) out["handoff"] = t.handoff;
    return out;
  };

  // 1. A person has it.
  if (t.state.value("handed_off", false)) {
    t.action = "handoff";
    t.rule = "with_a_person";
    t.reason = routing::make_reason("automation.with_a_person", {}, "A person has this conversation: the bot stays quiet");
    return finish();
  }
  // 2. A person asked for, or a hand-off rule.
  const std::string intent = t.triage.value("intent", "");
  if (t.picked == "handoff" || (t.picked == "no" && awaiting == "feedback") || any_word(pack.handoff_phrases, text, t.lang, true) ||
      (intent == "human_agent" && t.triage.value("confidence", 0.0) >= pack.policy.prequalify_at)) {
    if (awaiting == "feedback" && t.picked == "no") {
      t.event("automation.declined", {{"intent", t.state.value("intent", "")}});
      t.state["answered"] = nullptr;
    }
    hand_off(t, "customer_asked", "automation.customer_asked", "The customer asked for a person");
    return finish();
  }
  {
    Json facts{{"triage", t.triage}, {"conversation", {{"channel", t.channel}}}, {"message", {{"text", text}}}};
    routing::RoutingTime none;
    routing::ConditionContext ctx{routing::request_facts(facts, none), routing::default_scales()};
    for (std::size_t i = 0; i < pack.policy.handoff.size(); ++i) {
      const auto& rule = pack.policy.handoff[i];
      auto e = routing::evaluate(rule.when, ctx, "/automation/policy/handoff/" + std::to_string(i) + "/when");
      if (!e.matched) continue;
      std::string because;
      for (const auto& c : e.passed) because += (because.empty() ? "" : ", ") + c.describe();
      hand_off(t, rule.id, "automation.rule", "Hand-off rule " + rule.id + " holds (" + because + ")", rule.queue);
      return finish();
    }
  }
  // 3. Feedback on an answer.
  if (awaiting == "feedback") {
    if (t.picked == "yes" || is_word(pack.yes_words, text)) {
      Json resolved{{"how", "confirmed"}, {"intent", t.state["answered"].value("intent", "")}};
      // An article the customer confirmed, with the question it answered (not a flow's end).
      if (t.state["answered"].contains("article") && t.state["answered"].contains("question")) {
        resolved["article"] = t.state["answered"]["article"];
        resolved["question"] = t.state["answered"]["question"];
      }
      t.event("automation.resolved", resolved);
      t.state["resolved"] = Json{{"at", t.now}, {"intent", t.state["answered"].value("intent", "")}, {"how", "confirmed"}};
      if (resolved.contains("article")) t.state["resolved"]["article"] = resolved["article"];
      t.state["answered"] = nullptr;
      t.state["awaiting"] = nullptr;
      t.state["failures"] = 0;
      t.action = "answer";
      t.rule = "confirmed";
      t.said.push_back(t.say("glad_to_help"));
      t.reason = routing::make_reason("automation.confirmed", {}, "The customer confirmed the answer helped");
      return finish();
    }
    if (is_word(pack.no_words, text)) {
      t.event("automation.declined", {{"intent", t.state["answered"].value("intent", "")}});
      t.state["answered"] = nullptr;
      hand_off(t, "answer_declined", "automation.answer_declined", "The customer said the answer did not help");
      return finish();
    }
    // Something else: the answer did not settle it (a failed answer), and this is a new request.
    t.state["awaiting"] = nullptr;
    if (t.state["answered"].is_object() && t.state["answered"].value("intent", "") == intent) {
      t.state["answered"] = nullptr;
      t.event("automation.declined", {{"intent", intent}, {"implicit", true}});
      if (t.state["failures"] = t.state.value("failures", 0) + 1; t.state["failures"].get<int>() >= pack.policy.max_failures) {
        hand_off(t, "failed_answers", "automation.failed_answers", "Two answers did not settle it: a person takes over");
        return finish();
      }
    }
  }
  // 4. A flow or prequalification waiting for this message.
  if (awaiting == "slot" || awaiting == "choice" || awaiting == "call") {
    const std::string fid = t.state["flow"].get<std::string>();
    if (fid == "@prequalify") {
      t.rule = "prequalify";
      run_prequalify(t, true, false);
      if (t.action == "handoff") t.rule = "prequalified";
      return finish();
    }
    auto f = pack.flows.find(fid);
    if (f == pack.flows.end()) throw Error("unknown_flow", "/state/flow \"" + fid + "\" is not a flow of this pack", "/state/flow");
    std::size_t at = f->second.index_of(t.state.value("step", ""));
    if (at == f->second.steps.size()) throw Error("unknown_step", "/state/step is not a step of flow " + fid, "/state/step");
    t.rule = "flow_continues";
    t.reason = routing::make_reason("automation.flow", {{"flow", fid}}, "The {flow} flow handles it");
    run_flow(t, f->second, at, awaiting != "call", false);
    return finish();
  }
  // 5. Back about what was just resolved.
  if (t.state["resolved"].is_object() && t.state["resolved"].value("intent", "") == intent &&
      t.now - t.state["resolved"].value("at", 0.0) <= pack.policy.reopen_hours * 3600e3) {
    Json reopened{{"intent", intent}, {"resolved_at", t.state["resolved"]["at"]}};
    if (t.state["resolved"].contains("article")) reopened["article"] = t.state["resolved"]["article"];  // it did not help after all
    t.event("automation.reopened", reopened);
    t.state["resolved"] = nullptr;
    hand_off(t, "returned", "automation.returned", "The customer is back about {intent} after an automatic answer: a person takes it");
    return finish();
  }
  // 6. Trigger words.
  for (const auto& [id, flow] : pack.flows)
    if (any_word(flow.triggers, text, t.lang, true)) {
      start_flow(t, flow, "trigger");
      return finish();
    }
  // 7. By intent.
  by_intent(t);
  return finish();
}

Json settle_method(const Json& request) {
  require_object(request);
  const Pack pack = read_pack(require(request, "automation", Json::value_t::object), "/automation");
  Json state = read_state(request);
  const double now = optional_number(request, "now", 0);
  Json events = Json::array();
  if (state["answered"].is_object() && !state.value("handed_off", false)) {
    const double at = state["answered"].value("at", 0.0);
    if (now - at >= pack.policy.inactivity_minutes * 60e3) {
      const std::string intent = state["answered"].value("intent", "");
      events.push_back({{"type", "automation.resolved"}, {"how", "inactivity"}, {"intent", intent}, {"at", now}});
      state["resolved"] = Json{{"at", now}, {"intent", intent}, {"how", "inactivity"}};
      state["answered"] = nullptr;
      state["awaiting"] = nullptr;
    }
  }
  return Json{{"state", state}, {"events", events}};
}
}  // namespace

std::string Turn::say(const std::string& key) { return text_for(pack, lang, key, values()); }

Json Turn::values() const {
  Json v = state.value("data", Json::object());
  const Json slots = state.value("slots", Json::object());  // a named copy: items() of a temporary dangles
  for (const auto& [k, val] : slots.items()) v[k] = val;
  v["slots"] = slots;
  v["intent"] = state.value("intent", "");
  v["channel"] = channel;
  v["language"] = lang;
  v["triage"] = triage;
  v["confidence"] = round4(triage.value("confidence", 0.0));
  v["threshold"] = pack.policy.answer_at;
  return v;
}

void Turn::event(const std::string& type, Json data) {
  data["type"] = type;
  data["at"] = now;
  events.push_back(std::move(data));
}

void hand_off(Turn& t, const std::string& rule, const std::string& reason_code, const std::string& english, std::string queue) {
  const std::string intent = t.state.value("intent", t.triage.value("intent", ""));
  if (queue.empty()) {
    auto it = t.pack.policy.intents.find(intent);
    queue = it != t.pack.policy.intents.end() && !it->second.queue.empty() ? it->second.queue : t.pack.policy.default_queue;
  }
  t.action = "handoff";
  t.rule = rule;
  Json params = t.values();
  params.erase("triage");
  params.erase("slots");
  t.reason = routing::make_reason(reason_code, Json{{"intent", intent}, {"confidence", params["confidence"]}, {"threshold", t.pack.policy.answer_at}},
                                  routing::render(english, params));
  t.handoff = Json{{"rule", rule}, {"reason", t.reason}, {"queue", queue}, {"intent", intent}, {"confidence", round4(t.state.value("confidence", 0.0))},
                   {"tier", t.triage.value("tier", "")}, {"language", t.lang}, {"channel", t.channel}, {"fields", t.state["slots"]},
                   {"articles_tried", t.state["tried"]["articles"]}, {"flows_tried", t.state["tried"]["flows"]}, {"steps_tried", t.state["tried"]["steps"]},
                   {"connector_errors", t.state["connector_errors"]}, {"customer_words", t.state["transcript"]}, {"failures", t.state["failures"]},
                   {"sentiment", t.triage.value("sentiment", Json::object())}};
  t.state["handed_off"] = true;
  t.state["flow"] = nullptr;
  t.state["step"] = nullptr;
  t.state["awaiting"] = nullptr;
  t.event("automation.handoff", {{"rule", rule}, {"intent", intent}, {"queue", queue}});
  t.said.push_back(t.say("handoff"));
  t.choices.clear();
}

Json decide(const Json& request) { return decide_method(request); }
Json settle(const Json& request) { return settle_method(request); }

PARLEY_METHOD("automation.decide", decide_method,
              "Self-service for one customer message {text, automation, channel?, lang?, triage?, state?, facts?, kb?, choice?, now?} -> "
              "{action: answer|flow|prequalify|handoff, intent, confidence, rule, reason, reply, call?, handoff?, state, events}");
PARLEY_METHOD("automation.settle", settle_method,
              "Resolve an unconfirmed automatic answer after the inactivity window {automation, state, now} -> {state, events}");
}  // namespace parley::automation
