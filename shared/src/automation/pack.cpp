// Reading automation.json: the policy (thresholds, which intents automate how, hand-off rules),
// the flows as ordered steps, validators, connectors, localised strings and word lists.
#include "parley/automation.h"

#include <set>

namespace parley::automation {
namespace {
std::vector<std::string> strings_of(const Json& array, const std::string& path) {
  if (!array.is_array()) throw Error("invalid_type", path + " must be an array of strings", path);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_string()) throw Error("invalid_type", path + "/" + std::to_string(i) + " must be a string", path + "/" + std::to_string(i));
    out.push_back(array[i].get<std::string>());
  }
  return out;
}

std::map<std::string, std::vector<std::string>> words_by_language(const Json& pack, const char* key, const std::string& path) {
  std::map<std::string, std::vector<std::string>> out;
  const Json* o = optional(pack, key, Json::value_t::object, path);
  if (!o) return out;
  for (const auto& [lang, list] : o->items()) out[lang] = strings_of(list, path + "/" + key + "/" + lang);
  return out;
}

double threshold(const Json& p, const char* key, double fallback, const std::string& path) {
  double v = optional_number(p, key, fallback, path);
  if (!(v >= 0 && v <= 1)) throw Error("invalid_value", path + "/" + key + " must be between 0 and 1", path + "/" + key);
  return v;
}

Policy read_policy(const Json& p, const std::string& path) {
  require_object(p, path);
  Policy out;
  out.answer_at = threshold(p, "answer_at", out.answer_at, path);
  out.prequalify_at = threshold(p, "prequalify_at", out.prequalify_at, path);
  out.kb_min = threshold(p, "kb_min", out.kb_min, path);
  if (out.prequalify_at > out.answer_at) throw Error("invalid_value", path + "/prequalify_at must not exceed " + path + "/answer_at", path + "/prequalify_at");
  double f = optional_number(p, "max_failures", out.max_failures, path);
  if (!(f >= 1 && f <= 10 && f == static_cast<int>(f))) throw Error("invalid_value", path + "/max_failures must be a whole number from 1 to 10", path + "/max_failures");
  out.max_failures = static_cast<int>(f);
  out.reopen_hours = optional_number(p, "reopen_hours", out.reopen_hours, path);
  out.inactivity_minutes = optional_number(p, "inactivity_minutes", out.inactivity_minutes, path);
  if (out.reopen_hours < 0 || out.inactivity_minutes <= 0)
    throw Error("invalid_value", path + ": reopen_hours must be ≥ 0 and inactivity_minutes > 0", path);
  out.default_queue = optional_string(p, "default_queue", out.default_queue, path);
  if (const Json* intents = optional(p, "intents", Json::value_t::object, path)) {
    for (const auto& [id, spec] : intents->items()) {
      const std::string ip = path + "/intents/" + id;
      require_object(spec, ip);
      IntentPolicy ipol;
      ipol.flow = optional_string(spec, "flow", "", ip);
      if (const Json* a = optional(spec, "answer", Json::value_t::boolean, ip)) ipol.answer = a->get<bool>();
      if (const Json* a = optional(spec, "answer_questions", Json::value_t::boolean, ip)) ipol.answer_questions = a->get<bool>();
      if (spec.contains("prequalify")) ipol.prequalify = strings_of(spec["prequalify"], ip + "/prequalify");
      ipol.queue = optional_string(spec, "queue", "", ip);
      out.intents[id] = ipol;
    }
  }
  if (const Json* rules = optional(p, "handoff", Json::value_t::array, path)) {
    for (std::size_t i = 0; i < rules->size(); ++i) {
      const std::string rp = path + "/handoff/" + std::to_string(i);
      const Json& r = (*rules)[i];
      require_object(r, rp);
      out.handoff.push_back({require_string(r, "id", rp), optional_string(r, "queue", "", rp), require(r, "when", Json::value_t::object, rp)});
    }
  }
  return out;
}

const std::set<std::string> kKinds{"ask", "call", "branch", "say", "handoff", "end"};

Flow read_flow(const std::string& id, const Json& f, const std::string& path) {
  require_object(f, path);
  Flow flow;
  flow.id = id;
  const Json& steps = require(f, "steps", Json::value_t::array, path);
  if (steps.empty()) throw Error("invalid_value", path + "/steps must not be empty", path + "/steps");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string sp = path + "/steps/" + std::to_string(i);
    require_object(steps[i], sp);
    Step s;
    s.id = require_string(steps[i], "id", sp);
    if (!ids.insert(s.id).second) throw Error("duplicate_step", sp + "/id \"" + s.id + "\" is used twice in flow " + id, sp + "/id");
    for (const auto& k : kKinds)
      if (steps[i].contains(k) && !(k == "end" && steps[i].size() > 2)) {  // "end" also closes a say step
        if (!s.kind.empty()) throw Error("invalid_step", sp + " has both \"" + s.kind + "\" and \"" + k + "\": one kind per step", sp);
        s.kind = k;
      }
    if (s.kind.empty()) throw Error("invalid_step", sp + " needs one of ask, call, branch, say, handoff, end", sp);
    s.spec = steps[i];
    flow.steps.push_back(std::move(s));
  }
  // Every step a flow jumps to must exist: checked here, not when a customer reaches it.
  auto check = [&](const Json& target, const std::string& at) {
    if (!target.is_string() || !ids.count(target.get<std::string>()))
      throw Error("unknown_step", at + " names step " + target.dump() + ", which flow " + id + " does not have", at);
  };
  for (std::size_t i = 0; i < flow.steps.size(); ++i) {
    const Json& s = flow.steps[i].spec;
    const std::string sp = path + "/steps/" + std::to_string(i);
    for (const char* k : {"next", "ok", "not_found", "error", "else", "invalid"})
      if (s.contains(k)) check(s[k], sp + "/" + k);
    if (s.contains("on")) {
      require_object(s["on"], sp + "/on");
      for (const auto& [choice, target] : s["on"].items()) check(target, sp + "/on/" + choice);
    }
    if (s.contains("branch"))
      for (std::size_t b = 0; b < s["branch"].size(); ++b) check(s["branch"][b].value("next", Json()), sp + "/branch/" + std::to_string(b) + "/next");
  }
  if (const Json* t = optional(f, "triggers", Json::value_t::object, path))
    for (const auto& [lang, list] : t->items()) flow.triggers[lang] = strings_of(list, path + "/triggers/" + lang);
  return flow;
}
}  // namespace

std::size_t Flow::index_of(const std::string& step) const {
  for (std::size_t i = 0; i < steps.size(); ++i)
    if (steps[i].id == step) return i;
  return steps.size();
}

Pack read_pack(const Json& a, const std::string& path) {
  require_object(a, path);
  Pack pack;
  pack.policy = read_policy(require(a, "policy", Json::value_t::object, path), path + "/policy");
  if (const Json* flows = optional(a, "flows", Json::value_t::object, path))
    for (const auto& [id, f] : flows->items()) pack.flows[id] = read_flow(id, f, path + "/flows/" + id);
  for (const auto& [intent, ip] : pack.policy.intents)
    if (!ip.flow.empty() && !pack.flows.count(ip.flow))
      throw Error("unknown_flow", path + "/policy/intents/" + intent + "/flow names flow \"" + ip.flow + "\", which the pack does not have",
                  path + "/policy/intents/" + intent + "/flow");
  const Json* v = optional(a, "validators", Json::value_t::object, path);
  pack.validators = v ? *v : Json::object();
  const Json* c = optional(a, "connectors", Json::value_t::object, path);
  pack.connectors = c ? *c : Json::object();
  pack.strings = require(a, "strings", Json::value_t::object, path);
  if (!pack.strings.contains("en")) throw Error("missing_field", path + "/strings/en is required: English is every string's fallback", path + "/strings/en");
  pack.handoff_phrases = words_by_language(a, "handoff_phrases", path);
  pack.yes_words = words_by_language(a, "yes_words", path);
  pack.no_words = words_by_language(a, "no_words", path);
  pack.question_words = words_by_language(a, "question_words", path);
  return pack;
}
}  // namespace parley::automation
