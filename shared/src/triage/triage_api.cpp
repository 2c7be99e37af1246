// triage.* methods: classify a message (with its e-mail headers and conversation context), learn
// from an agent's correction at once, export/import the updated model and the corrections.
//
// The model comes from the "triage" asset (models/triage.bin, handed over by the host); a request
// may instead carry a small model inline as base64 ("model"), which the golden tests use.
#include "parley/api.h"
#include "parley/assets.h"
#include "parley/digest.h"
#include "parley/text.h"
#include "parley/triage.h"

#include <cmath>
#include <memory>

namespace parley::triage {
namespace {
// The asset-backed model, parsed once per asset generation; corrections change it in memory.
struct Loaded {
  std::uint64_t generation = 0;
  std::unique_ptr<Model> model;
};
Loaded& loaded() {
  static Loaded l;
  return l;
}

Model& asset_model() {
  std::uint64_t g = assets::generation("triage");
  if (g == 0)
    throw Error("model_missing", "no triage model is loaded: the host must provide the \"triage\" asset (models/triage.bin)");
  Loaded& l = loaded();
  if (l.generation != g || !l.model) {
    l.model = std::make_unique<Model>(parse(*assets::get("triage")));
    l.generation = g;
  }
  return *l.model;
}

std::string decode_model_bytes(const Json& request, const char* key) {
  std::string b64 = require_string(request, key);
  auto bytes = digest::base64_decode(b64);
  if (!bytes) throw Error("invalid_base64", std::string("/") + key + " is not valid base64", std::string("/") + key);
  return *bytes;
}

// The request's inline model (goldens, tools) or the loaded asset.
struct ModelRef {
  std::unique_ptr<Model> own;
  Model* model;
};
ModelRef resolve(const Json& request) {
  if (request.contains("model")) {
    std::string bytes = decode_model_bytes(request, "model");
    try {
      auto m = std::make_unique<Model>(parse(bytes));
      Model* p = m.get();
      return {std::move(m), p};
    } catch (Error& e) {
      throw Error(e.code, e.what(), "/model");
    }
  }
  return {nullptr, &asset_model()};
}

std::string checked_text(const Json& request, const char* key = "text") {
  std::string s = require_string(request, key);
  std::string ptr = std::string("/") + key;
  if (auto bad = text::invalid_utf8_offset(s))
    throw Error("invalid_utf8", ptr + " is not valid UTF-8: bad byte at offset " + std::to_string(*bad), ptr);
  std::string trimmed = normalize(s);
  if (trimmed.empty()) throw Error("empty_text", ptr + " is empty: there is nothing to triage", ptr);
  return s;
}

double round4(double v) { return std::round(v * 10000) / 10000; }

// Tier thresholds and safe-to-automate intents: request "tiers" → request "taxonomy" → the
// taxonomy embedded in the model at training → defaults.
struct Policy {
  double auto_at = 0.85, prequalify_at = 0.55, anger_escalate = 0.6, negative_escalate = -0.6;
  std::optional<std::vector<std::string>> auto_intents;  // absent = every intent may be automated
};
void read_tiers(const Json& t, const std::string& path, Policy& p) {
  require_object(t, path);
  p.auto_at = optional_number(t, "auto", p.auto_at, path);
  p.prequalify_at = optional_number(t, "prequalify", p.prequalify_at, path);
  for (double v : {p.auto_at, p.prequalify_at})
    if (!(v >= 0 && v <= 1)) throw Error("invalid_field", path + " thresholds must be between 0 and 1", path);
  if (p.prequalify_at > p.auto_at) throw Error("invalid_field", path + "/prequalify must not exceed " + path + "/auto", path + "/prequalify");
}
void read_taxonomy(const Json& t, const std::string& path, Policy& p) {
  require_object(t, path);
  if (const Json* tiers = optional(t, "tiers", Json::value_t::object, path)) read_tiers(*tiers, path + "/tiers", p);
  if (const Json* esc = optional(t, "escalate", Json::value_t::object, path)) {
    p.anger_escalate = optional_number(*esc, "anger", p.anger_escalate, path + "/escalate");
    p.negative_escalate = optional_number(*esc, "sentiment_below", p.negative_escalate, path + "/escalate");
  }
  if (const Json* intents = optional(t, "intents", Json::value_t::array, path)) {
    std::vector<std::string> safe;
    for (std::size_t i = 0; i < intents->size(); ++i) {
      const Json& it = (*intents)[i];
      std::string ip = path + "/intents/" + std::to_string(i);
      require_object(it, ip);
      std::string id = require_string(it, "id", ip);
      if (const Json* a = optional(it, "auto", Json::value_t::boolean, ip); a && a->get<bool>()) safe.push_back(id);
    }
    p.auto_intents = safe;
  }
}
Policy policy(const Json& request, const Model& m) {
  Policy p;
  if (!m.taxonomy.empty()) {
    Json t = Json::parse(m.taxonomy, nullptr, false);
    if (t.is_object()) read_taxonomy(t, "", p);
  }
  if (request.contains("taxonomy")) read_taxonomy(request["taxonomy"], "/taxonomy", p);
  if (request.contains("tiers")) read_tiers(request["tiers"], "/tiers", p);
  return p;
}

std::map<std::string, std::string> headers_of(const Json& request) {
  std::map<std::string, std::string> h;
  const Json* headers = optional(request, "headers", Json::value_t::object);
  if (!headers) return h;
  for (const auto& [k, v] : headers->items()) {
    if (!v.is_string()) throw Error("invalid_type", "/headers/" + k + " must be a string", "/headers/" + k);
    h[k] = v.get<std::string>();
  }
  return h;
}

std::string language_of(const Json& request, const std::string& text) {
  std::string lang = optional_string(request, "lang", "");
  if (!lang.empty()) return lang;
  for (const auto& m : api::methods()) {
    if (m.name != "langid.identify") continue;
    Json a = api::call("langid.identify", Json{{"text", text}});
    for (const char* key : {"language", "lang"})
      if (a.contains(key) && a[key].is_string()) return a[key].get<std::string>();
  }
  return "und";
}

// Earlier customer messages of the conversation, for short follow-ups ("still nothing?").
std::vector<std::string> context_texts(const Json& request) {
  std::vector<std::string> out;
  const Json* ctx = optional(request, "context", Json::value_t::object);
  if (!ctx) return out;
  const Json* msgs = optional(*ctx, "messages", Json::value_t::array, "/context");
  if (!msgs) return out;
  for (std::size_t i = 0; i < msgs->size(); ++i) {
    const Json& m = (*msgs)[i];
    std::string p = "/context/messages/" + std::to_string(i);
    if (m.is_string()) { out.push_back(m.get<std::string>()); continue; }
    require_object(m, p);
    if (optional_string(m, "from", "customer", p) != "customer") continue;
    out.push_back(require_string(m, "text", p));
  }
  return out;
}

Json classify(const Json& request) {
  require_object(request);
  std::string original = checked_text(request);
  ModelRef ref = resolve(request);
  const Model& m = *ref.model;
  std::string channel = optional_string(request, "channel", "");
  auto headers = headers_of(request);
  Policy pol = policy(request, m);

  // E-mail: classify what the customer wrote this time, not the quoted thread or the signature.
  std::string body = original;
  Json email = nullptr;
  if (channel == "email" || !headers.empty() || original.find('\n') != std::string::npos) {
    EmailParts parts = strip_email(original);
    body = parts.body;
    if (channel == "email" || parts.quoted_removed || parts.signature_removed)
      email = Json{{"quoted_removed", parts.quoted_removed}, {"signature_removed", parts.signature_removed}, {"body_chars", text::code_point_count(body)}};
  }
  std::string norm = normalize(body);
  bool auto_header = auto_reply_headers(headers), ooo = out_of_office_wording(norm);

  Prediction pred = predict(m, body);
  auto ctx = context_texts(request);
  bool context_used = false;
  if (!ctx.empty() && text::code_point_count(norm) < 40) {
    // A short follow-up leans on the conversation: mix in the earlier messages' scores.
    std::string joined;
    for (const auto& t : ctx) joined += t + "\n";
    auto zc = scores(m, featurize(normalize(joined), m.features));
    auto zt = scores(m, featurize(norm, m.features));
    for (std::size_t c = 0; c < zt.size(); ++c) zt[c] += 0.5 * zc[c];
    pred.probs = probabilities(m, zt);
    std::stable_sort(pred.order.begin(), pred.order.end(), [&](std::size_t a, std::size_t b) { return pred.probs[a] > pred.probs[b]; });
    context_used = true;
  }

  std::string intent = m.labels[pred.order[0]];
  // The model's top probability is calibrated on text like its training data; the familiarity
  // calibrator (when the model has one) lowers it for messages the model knows little about.
  Familiarity fam = familiarity(m, pred);
  const double model_confidence = pred.probs[pred.order[0]];
  const double familiar = familiar_confidence(m, pred.probs, fam);
  double confidence = familiar;
  const double scale = model_confidence > 0 ? familiar / model_confidence : 1.0;
  std::string reason = "model";
  int no_action = m.label_index("no_action");
  if ((auto_header || ooo) && no_action >= 0) {  // auto-replies never need a person
    intent = "no_action";
    confidence = 1.0;
    reason = auto_header ? "auto_reply_headers" : "out_of_office_wording";
  }
  Json alternatives = Json::array();
  for (std::size_t i = 0; i < pred.order.size() && alternatives.size() < 3; ++i) {
    std::size_t k = pred.order[i];
    alternatives.push_back(Json{{"intent", m.labels[k]}, {"confidence", round4(i == 0 ? familiar : pred.probs[k] * scale)}});
  }

  Sentiment sent = sentiment(m, norm, body, &pred.features);
  Urgency urg = urgency(norm, intent);
  ChurnRisk churn = churn_risk(norm, intent, sent);

  bool abstained = reason == "model" && m.abstain_below && confidence < *m.abstain_below;
  bool safe = !pol.auto_intents || std::find(pol.auto_intents->begin(), pol.auto_intents->end(), intent) != pol.auto_intents->end();
  std::string tier = confidence >= pol.auto_at && safe ? "auto" : confidence >= pol.prequalify_at ? "prequalify" : "human";
  if (abstained) tier = "human";
  bool escalate = sent.anger >= pol.anger_escalate || sent.score <= pol.negative_escalate || urg.level == "urgent";
  if (escalate && tier == "auto") tier = "prequalify";
  if (escalate) tier = "human";

  Json why = Json::array();
  if (reason == "model")
    for (const auto& [word, weight] : explain(m, body, pred)) why.push_back(Json{{"feature", word}, {"weight", round4(weight)}});
  else
    why.push_back(Json{{"feature", reason}, {"weight", 1.0}});

  Json out{{"intent", intent},
           {"confidence", round4(confidence)},
           {"alternatives", alternatives},
           {"tier", tier},
           {"abstained", abstained},
           {"escalate", escalate},
           {"language", language_of(request, body)},
           {"sentiment", Json{{"score", sent.score}, {"label", sent.label}, {"anger", sent.anger}, {"cues", sent.cues}}},
           {"urgency", Json{{"level", urg.level}, {"reasons", urg.reasons}}},
           {"churn_risk", Json{{"score", churn.score}, {"level", churn.level}, {"reasons", churn.reasons}}},
           {"why", why},
           {"familiarity", Json{{"coverage", round4(fam.coverage)}, {"vocabulary", round4(fam.vocabulary)}, {"seen", round4(fam.seen)}, {"agreement", round4(fam.agreement)},
                                {"model_confidence", round4(model_confidence)}, {"calibrated", !m.familiarity_weights.empty()}}},
           {"decided_by", reason},
           {"context_used", context_used}};
  if (escalate) {  // why a person answers, shown to the agent: the conditions met and the anger cue words
    Json because = Json::array(), words = Json::array();
    if (sent.anger >= pol.anger_escalate) because.push_back("anger");
    if (sent.score <= pol.negative_escalate) because.push_back("negative_sentiment");
    if (urg.level == "urgent") because.push_back("urgent");
    for (const auto& c : sent.cues)
      if (c.rfind("anger:", 0) == 0) words.push_back(c.substr(6));
    out["escalation"] = Json{{"because", because}, {"cues", words}};
  }
  if (!email.is_null()) out["email"] = email;
  if (!channel.empty()) out["channel"] = channel;
  return out;
}
PARLEY_METHOD("triage.classify", classify,
              "Triage a message {text, channel?, lang?, headers?, context?, tiers?|taxonomy?}: intent, alternatives, calibrated confidence, tier, sentiment, urgency, churn risk, language, why");

Json correct_method(const Json& request) {
  require_object(request);
  std::string t = checked_text(request);
  std::string intent = require_string(request, "intent");
  if (normalize(intent).empty()) throw Error("empty_intent", "/intent is empty", "/intent");
  ModelRef ref = resolve(request);
  Model& m = *ref.model;
  std::string before = m.labels[predict(m, t).order[0]];
  correct(m, t, intent);
  Prediction after = predict(m, t);
  Json out{{"intent", m.labels[after.order[0]]}, {"confidence", round4(familiar_confidence(m, after.probs, familiarity(m, after)))},
           {"previous_intent", before}, {"corrections", m.corrections.size()}, {"labels", m.labels}};
  if (ref.own) out["state"] = digest::base64(serialize(m));  // an inline model comes back updated
  return out;
}
PARLEY_METHOD("triage.correct", correct_method,
              "Learn from an agent's correction {text, intent}: the model changes at once (the next prediction reflects it)");

Json export_state(const Json& request) {
  require_object(request);
  ModelRef ref = resolve(request);
  std::string bytes = serialize(*ref.model);
  return Json{{"state", digest::base64(bytes)}, {"bytes", bytes.size()}, {"corrections", ref.model->corrections.size()},
              {"labels", ref.model->labels}};
}
PARLEY_METHOD("triage.export_state", export_state, "Serialise the current triage model, corrections included, as base64 {state}");

Json import_state(const Json& request) {
  require_object(request);
  std::string bytes = decode_model_bytes(request, "state");
  Model m;
  try {
    m = parse(bytes);
  } catch (Error& e) {
    throw Error(e.code, e.what(), "/state");
  }
  assets::put("triage", std::move(bytes));
  return Json{{"loaded", true}, {"labels", m.labels}, {"corrections", m.corrections.size()}};
}
PARLEY_METHOD("triage.import_state", import_state, "Load a triage model exported by triage.export_state {state} (replaces the \"triage\" asset)");

Json corrections(const Json& request) {
  require_object(request);
  ModelRef ref = resolve(request);
  std::string jsonl;
  Json rows = Json::array();
  for (const auto& c : ref.model->corrections) {
    Json row{{"text", c.text}, {"intent", c.intent}, {"source", "correction"}};
    jsonl += row.dump() + "\n";
    rows.push_back(row);
  }
  return Json{{"count", rows.size()}, {"jsonl", jsonl}, {"rows", rows}};
}
PARLEY_METHOD("triage.corrections", corrections, "Export the corrections learnt online as training JSON Lines {jsonl, rows}");

Json info(const Json& request) {
  require_object(request);
  ModelRef ref = resolve(request);
  const Model& m = *ref.model;
  Json meta = m.meta.empty() ? Json::object() : Json::parse(m.meta, nullptr, false);
  return Json{{"labels", m.labels}, {"rows", m.keys.size()}, {"hidden", m.hidden}, {"temperature", round4(m.temperature)},
              {"lexicon_terms", m.lexicon_keys.size()}, {"bytes", serialize(m).size()}, {"corrections", m.corrections.size()},
              {"vocabulary_bytes", m.vocabulary.size()}, {"familiarity_calibrated", !m.familiarity_weights.empty()},
              {"meta", meta.is_discarded() ? Json::object() : meta}};
}
PARLEY_METHOD("triage.info", info, "Describe the loaded triage model: labels, size, calibration temperature, training metadata");
}  // namespace
}  // namespace parley::triage
