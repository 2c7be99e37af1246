// route.decide: pick a queue (and an agent) by the pack's rules, first-match or scored, and say why.
#include "parley/routing.h"

#include <algorithm>

namespace parley::routing {
namespace {
struct Rule {
  std::string id, path;
  Json when, then, reason;
  double weight = 1;
  Json bonus = Json::array();
};

struct Config {
  std::vector<Rule> rules;
  Json queues = Json::object();  // {queue: {name, team}} from the pack, for display and teams
  Json fallback;  // {"queue", "priority"} when no rule matches
  std::string mode;
  std::map<std::string, std::vector<std::string>> scales;
};

std::vector<std::string> string_list(const Json& holder, const char* key, const std::string& path) {
  std::vector<std::string> out;
  const Json* list = optional(holder, key, Json::value_t::array, path);
  if (!list) return out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    if (!(*list)[i].is_string())
      throw Error("invalid_type", path + "/" + key + "/" + std::to_string(i) + " must be a string", path + "/" + key + "/" + std::to_string(i));
    out.push_back((*list)[i].get<std::string>());
  }
  return out;
}

Rule read_rule(const Json& spec, const std::string& path) {
  require_object(spec, path);
  Rule r;
  r.path = path;
  r.id = require_string(spec, "id", path);
  const Json* when = optional(spec, "when", Json::value_t::object, path);
  r.when = when ? *when : Json::object();
  r.then = require(spec, "then", Json::value_t::object, path);
  require_string(r.then, "queue", path + "/then");
  optional_string(r.then, "priority", "", path + "/then");
  optional_string(r.then, "team", "", path + "/then");
  optional(r.then, "ahead_of_line", Json::value_t::boolean, path + "/then");
  string_list(r.then, "skills", path + "/then");
  if (const Json* reason = optional(spec, "reason", Json::value_t::object, path)) {
    require_string(*reason, "code", path + "/reason");
    require_string(*reason, "en", path + "/reason");
    r.reason = *reason;
  }
  r.weight = optional_number(spec, "weight", 1, path);
  if (const Json* bonus = optional(spec, "bonus", Json::value_t::array, path)) {
    for (std::size_t i = 0; i < bonus->size(); ++i) {
      const std::string at = path + "/bonus/" + std::to_string(i);
      require(((*bonus)[i]), "when", Json::value_t::object, at);
      require(((*bonus)[i]), "add", Json::value_t::number_float, at);
    }
    r.bonus = *bonus;
  }
  return r;
}

Config read_config(const Json& request) {
  Config c;
  const Json* pack = optional(request, "routing", Json::value_t::object);
  const Json* rules = optional(request, "rules", Json::value_t::array);
  std::string rules_path = "/rules";
  if (!rules && pack) rules = &require(*pack, "rules", Json::value_t::array, "/routing"), rules_path = "/routing/rules";
  if (!rules) throw Error("missing_field", "/rules is required (the rules of routing.json, or pass the whole file as /routing)", "/rules");
  for (std::size_t i = 0; i < rules->size(); ++i) {
    c.rules.push_back(read_rule((*rules)[i], rules_path + "/" + std::to_string(i)));
    for (std::size_t j = 0; j + 1 < c.rules.size(); ++j)
      if (c.rules[j].id == c.rules.back().id)
        throw Error("duplicate_rule", rules_path + "/" + std::to_string(i) + ": rule id \"" + c.rules.back().id + "\" is used twice",
                    rules_path + "/" + std::to_string(i) + "/id");
  }
  const Json* fallback = optional(request, "default", Json::value_t::object);
  std::string fallback_path = "/default";
  if (!fallback && pack) fallback = optional(*pack, "default", Json::value_t::object, "/routing"), fallback_path = "/routing/default";
  c.fallback = fallback ? *fallback : Json::object();
  if (pack)
    if (const Json* queues = optional(*pack, "queues", Json::value_t::object, "/routing")) c.queues = *queues;
  optional_string(c.fallback, "queue", "", fallback_path);
  optional_string(c.fallback, "priority", "", fallback_path);
  optional_string(c.fallback, "team", "", fallback_path);
  c.mode = optional_string(request, "mode", pack ? optional_string(*pack, "mode", "first_match", "/routing") : "first_match");
  if (c.mode != "first_match" && c.mode != "scored")
    throw Error("invalid_value", "/mode must be \"first_match\" or \"scored\", not \"" + c.mode + "\"", "/mode");
  if (const Json* scales = optional(request, "scales", Json::value_t::object))
    c.scales = read_scales(scales, "/scales");
  else
    c.scales = read_scales(pack ? optional(*pack, "scales", Json::value_t::object, "/routing") : nullptr, "/routing/scales");
  return c;
}

void validate_agents(const Json& request) {
  const Json* agents = optional(request, "agents", Json::value_t::array);
  if (!agents) return;
  for (std::size_t i = 0; i < agents->size(); ++i) {
    const std::string at = "/agents/" + std::to_string(i);
    require_string((*agents)[i], "id", at);
    string_list((*agents)[i], "skills", at);
    string_list((*agents)[i], "languages", at);
    optional((*agents)[i], "available", Json::value_t::boolean, at);
    optional_number((*agents)[i], "load", 0, at);
  }
}

Json checks_json(const std::vector<Check>& checks) {
  Json out = Json::array();
  for (const Check& c : checks) out.push_back(c.to_json());
  return out;
}

std::string describe_all(const std::vector<Check>& checks) {
  std::string out;
  for (const Check& c : checks) out += (out.empty() ? "" : "; ") + c.describe();
  return out.empty() ? "no conditions" : out;
}

// The agent for the queue: available, holding every skill the rule asks for, speaking the
// customer's language when anyone does; least loaded first, then by id for a stable answer.
Json pick_agent(const Json& request, const std::vector<std::string>& skills, const Json& language) {
  const Json* agents = optional(request, "agents", Json::value_t::array);
  if (!agents) return nullptr;
  std::vector<const Json*> fit;
  for (const Json& a : *agents) {
    if (!a.value("available", true)) continue;
    const Json has = a.value("skills", Json::array());
    bool all = std::all_of(skills.begin(), skills.end(), [&](const std::string& s) {
      return std::any_of(has.begin(), has.end(), [&](const Json& h) { return h == s; });
    });
    if (all) fit.push_back(&a);
  }
  auto speaks = [&](const Json* a) {
    if (!language.is_string()) return true;
    const Json langs = a->value("languages", Json::array());
    return std::any_of(langs.begin(), langs.end(), [&](const Json& l) { return l.is_string() && language_matches(l.get<std::string>(), language.get<std::string>()); });
  };
  std::stable_sort(fit.begin(), fit.end(), [&](const Json* a, const Json* b) {
    bool sa = speaks(a), sb = speaks(b);
    if (sa != sb) return sa;
    double la = a->value("load", 0.0), lb = b->value("load", 0.0);
    if (la != lb) return la < lb;
    return a->at("id").get<std::string>() < b->at("id").get<std::string>();
  });
  if (fit.empty())
    return Json{{"id", nullptr},
                {"reason", make_reason("route.no_agent", {{"skills", skills}}, "No available agent has the skills the queue needs")}};
  const Json& a = *fit.front();
  bool lang = speaks(&a);
  return Json{{"id", a["id"]},
              {"language_match", lang},
              {"reason", make_reason(lang ? "route.agent_fits" : "route.agent_without_language", {{"agent", a["id"]}, {"skills", skills}},
                                     lang ? "{agent} is available, has the skills and speaks the customer's language"
                                          : "{agent} is available and has the skills but does not list the customer's language")}};
}

Json queue_field(const Config& config, const std::string& queue, const char* key, Json fallback) {
  auto q = config.queues.find(queue);
  if (q == config.queues.end() || !q->is_object() || !q->contains(key)) return fallback;
  return (*q)[key];
}

Json decision(const Rule& rule, const std::vector<Check>& passed, const Config& config) {
  std::string queue = rule.then["queue"];
  std::string priority = rule.then.value("priority", config.fallback.value("priority", std::string("normal")));
  bool ahead = rule.then.value("ahead_of_line", false);
  Json params{{"rule", rule.id}, {"queue", queue}, {"priority", priority}, {"conditions", describe_all(passed)}};
  for (const Check& c : passed)
    if (!c.actual.is_structured() && !c.actual.is_null() && !params.contains(c.fact)) params[c.fact] = c.actual;
  Json reason = rule.reason.is_object()
                    ? make_reason(rule.reason["code"], params, rule.reason["en"])
                    : make_reason("route.rule_matched", params,
                                  std::string("Rule \"{rule}\" matched ({conditions}): queue {queue}, priority {priority}") +
                                      (ahead ? ", ahead of the line" : ""));
  Json out{{"queue", queue},
           {"team", rule.then.value("team", queue_field(config, queue, "team", Json(queue)))},
           {"queue_name", queue_field(config, queue, "name", Json(queue))},
           {"priority", priority},
           {"ahead_of_line", ahead},
           {"rule", rule.id},
           {"reason", reason},
           {"matched_conditions", checks_json(passed)}};
  return out;
}
}  // namespace

Json decide(const Json& request) {
  require(request, "triage", Json::value_t::object);
  optional(request, "conversation", Json::value_t::object);
  optional(request, "contact", Json::value_t::object);
  optional(request, "message", Json::value_t::object);
  validate_agents(request);
  Config config = read_config(request);

  std::map<std::string, sla::BusinessHours> teams;
  RoutingTime time;
  if (const Json* hours = optional(request, "business_hours", Json::value_t::object)) {
    teams = sla::parse_business_hours(*hours, "/business_hours", optional(request, "business_hours_offsets", Json::value_t::object));
    time.teams = &teams;
  }
  time.now = sla::optional_instant(request, "now");
  ConditionContext context{request_facts(request, time), config.scales};

  Json answer;
  const Rule* winner = nullptr;
  std::vector<Check> winner_checks;
  if (config.mode == "first_match") {
    Json skipped = Json::array();
    for (const Rule& r : config.rules) {
      Evaluation e = evaluate(r.when, context, r.path + "/when");
      if (e.matched) {
        winner = &r, winner_checks = e.passed;
        break;
      }
      skipped.push_back(Json{{"rule", r.id}, {"failed", e.failed ? e.failed->to_json() : Json(nullptr)},
                             {"why", e.failed ? e.failed->describe() : ""}});
    }
    if (winner) answer = decision(*winner, winner_checks, config);
    answer["skipped"] = skipped;
  } else {
    // Scored: every matching rule is a candidate worth its weight plus the bonuses whose
    // conditions hold; the best score wins, earlier rules win ties.
    struct Candidate {
      const Rule* rule;
      double score;
      std::vector<Check> checks;
      std::size_t order;
    };
    std::vector<Candidate> candidates;
    Json rejected = Json::array();
    for (std::size_t i = 0; i < config.rules.size(); ++i) {
      const Rule& r = config.rules[i];
      Evaluation e = evaluate(r.when, context, r.path + "/when");
      if (!e.matched) {
        rejected.push_back(Json{{"rule", r.id}, {"failed", e.failed ? e.failed->to_json() : Json(nullptr)},
                                {"why", e.failed ? e.failed->describe() : ""}});
        continue;
      }
      double score = r.weight;
      for (std::size_t b = 0; b < r.bonus.size(); ++b) {
        Evaluation be = evaluate(r.bonus[b]["when"], context, r.path + "/bonus/" + std::to_string(b) + "/when");
        if (!be.matched) continue;
        score += r.bonus[b]["add"].get<double>();
        e.passed.insert(e.passed.end(), be.passed.begin(), be.passed.end());
      }
      candidates.push_back({&r, score, e.passed, i});
    }
    std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
    if (!candidates.empty()) {
      winner = candidates.front().rule, winner_checks = candidates.front().checks;
      answer = decision(*winner, winner_checks, config);
      answer["reason"]["params"]["score"] = candidates.front().score;
    }
    Json list = Json::array();
    for (const Candidate& c : candidates)
      list.push_back(Json{{"rule", c.rule->id}, {"queue", c.rule->then["queue"]}, {"score", c.score},
                          {"matched_conditions", checks_json(c.checks)}});
    answer["candidates"] = list;
    answer["rejected"] = rejected;
  }

  if (!winner) {
    std::string queue = config.fallback.value("queue", std::string());
    std::string priority = config.fallback.value("priority", std::string("normal"));
    answer["queue"] = queue.empty() ? Json(nullptr) : Json(queue);
    answer["team"] = config.fallback.value("team", queue.empty() ? Json(nullptr) : queue_field(config, queue, "team", Json(queue)));
    answer["queue_name"] = queue.empty() ? Json(nullptr) : queue_field(config, queue, "name", Json(queue));
    answer["priority"] = priority;
    answer["ahead_of_line"] = false;
    answer["rule"] = nullptr;
    answer["matched_conditions"] = Json::array();
    answer["reason"] = queue.empty() ? make_reason("route.no_match", {}, "No rule matched and the pack names no default queue")
                                     : make_reason("route.default", {{"queue", queue}}, "No rule matched: default queue {queue}");
  }
  answer["mode"] = config.mode;
  if (request.contains("agents")) {
    std::vector<std::string> skills;
    if (winner) skills = string_list(winner->then, "skills", winner->path + "/then");
    answer["agent"] = pick_agent(request, skills, context.fact("language", "/triage/language"));
  }
  return answer;
}

PARLEY_METHOD("route.decide", decide, "Route a triaged conversation by the pack's rules (first-match or scored): queue, priority, rule, reason, agent");
}  // namespace parley::routing
