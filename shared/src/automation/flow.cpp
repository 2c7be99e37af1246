// Running a guided flow: steps are data (ask, call, branch, say, handoff, end). A `call` the
// shell has not performed yet stops the turn with the request to make; the shell asks again with
// its result in `facts`, and the same input replays to the same point and goes on.
#include "flow.h"

#include "parley/routing.h"

namespace parley::automation {
namespace {
constexpr int kMaxSteps = 64;  // a flow that loops without asking is a pack bug, not a hang
// "order.items" or "order_number" in the turn's values; null when absent.
Json dotted(const Json& values, const std::string& name) {
  const Json* at = &values;
  for (std::size_t start = 0;;) {
    const auto dot = name.find('.', start);
    const std::string key = name.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!at->is_object() || !at->contains(key)) return nullptr;
    at = &(*at)[key];
    if (dot == std::string::npos) return *at;
    start = dot + 1;
  }
}

std::vector<Choice> choices_of(Turn& t, const Json& spec) {
  std::vector<Choice> out;
  if (const Json* list = optional(spec, "choices", Json::value_t::array)) {
    for (const auto& c : *list) {
      const std::string id = c.value("id", ""), label = c.value("label", id);
      out.push_back({id, t.say(label)});
    }
  }
  if (const Json* from = optional(spec, "choices_from", Json::value_t::object)) {
    // Options read from connector data, e.g. the items of the order just fetched.
    const Json list = dotted(t.values(), from->value("list", ""));
    if (list.is_array())
      for (const auto& item : list)
        if (item.is_object()) {
          auto str = [&](const std::string& k) { return item.contains(k) ? (item[k].is_string() ? item[k].get<std::string>() : item[k].dump()) : ""; };
          out.push_back({str(from->value("id", "id")), str(from->value("label", "name"))});
        }
  }
  return out;
}

std::string target(const Step& s, const char* key, const Flow& flow, std::size_t index) {
  if (s.spec.contains(key)) return s.spec[key].get<std::string>();
  return index + 1 < flow.steps.size() ? flow.steps[index + 1].id : "";
}

// "/api/v1/shop/orders/{order_number}" with each value percent-encoded: a slot never changes the path.
std::string fill_path(const std::string& path, const Json& values) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < path.size();) {
    if (path[i] == '{') {
      auto close = path.find('}', i);
      if (close != std::string::npos) {
        Json v = dotted(values, path.substr(i + 1, close - i - 1));
        const std::string s = v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump();
        for (unsigned char c : s) {
          if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
          else out += std::string{'%', hex[c >> 4], hex[c & 15]};
        }
        i = close + 1;
        continue;
      }
    }
    out += path[i++];
  }
  return out;
}

Json fill_body(const Json& body, const Json& values) {
  if (body.is_string()) {
    const std::string& s = body.get_ref<const std::string&>();
    if (s.size() > 2 && s.front() == '{' && s.back() == '}' && s.find('{', 1) == std::string::npos)
      return dotted(values, s.substr(1, s.size() - 2));
    return body;
  }
  if (body.is_object()) {
    Json out = Json::object();
    for (const auto& [k, v] : body.items()) out[k] = fill_body(v, values);
    return out;
  }
  return body;
}

// Waiting at `step` for the customer: what the shell stores until the next message.
void wait_at(Turn& t, const Flow& flow, const Step& step, const std::string& awaiting) {
  t.state["flow"] = flow.id;
  t.state["step"] = step.id;
  t.state["awaiting"] = awaiting;
  t.action = "flow";
}

bool failed_too_often(Turn& t) {
  int f = t.state.value("failures", 0) + 1;
  t.state["failures"] = f;
  return f >= t.pack.policy.max_failures;
}

void finish(Turn& t, const Flow& flow, const std::string& how) {
  t.state["flow"] = nullptr;
  t.state["step"] = nullptr;
  t.state["awaiting"] = nullptr;
  t.state.erase("pending_call");
  if (how == "resolved") {  // counted only when confirmed or after the inactivity window (automation.settle)
    t.state["awaiting"] = "feedback";
    t.state["answered"] = Json{{"at", t.now}, {"intent", t.state.value("intent", "")}, {"flow", flow.id}};
    t.event("automation.answered", {{"flow", flow.id}, {"intent", t.state.value("intent", "")}});
    t.said.push_back(t.say("did_this_help"));
    t.choices = {{"yes", t.say("choice.yes")}, {"no", t.say("choice.no_person")}};
  }
  t.action = "flow";
}
}  // namespace

void run_flow(Turn& t, const Flow& flow, std::size_t at, bool input, bool first) {
  t.state["flow"] = flow.id;
  Json& tried = t.state["tried"]["steps"];
  for (int guard = 0; guard < kMaxSteps; ++guard) {
    if (at >= flow.steps.size()) return finish(t, flow, "resolved");
    const Step& s = flow.steps[at];
    const std::string trail = flow.id + "/" + s.id;
    if (tried.empty() || tried.back() != trail) tried.push_back(trail);
    auto go = [&](const std::string& id) {
      at = flow.index_of(id);
    };
    // "clear": forget values (an order number the shop does not know), after a say step has used them.
    auto apply_clear = [&] {
      if (const Json* clear = optional(s.spec, "clear", Json::value_t::array))
        for (const auto& k : *clear)
          if (k.is_string()) {
            t.state["slots"].erase(k.get<std::string>());
            t.state["data"].erase(k.get<std::string>());
          }
    };
    if (s.kind != "say") apply_clear();
    if (s.spec.value("fail", false) && failed_too_often(t))
      return hand_off(t, "failed_inputs", "automation.failed_inputs", "The customer's answers did not lead anywhere twice: a person takes over");

    if (s.kind == "ask") {
      const std::string slot = s.spec["ask"].get<std::string>();
      const std::vector<Choice> options = choices_of(t, s.spec);
      if (input) {
        input = false;
        std::optional<std::string> value;
        if (!options.empty()) {
          value = pick(t.text, options);
        } else {
          const std::string vname = s.spec.value("validate", slot);
          if (!t.pack.validators.contains(vname))
            throw Error("unknown_validator", "/automation/flows/" + flow.id + " step " + s.id + " validates with \"" + vname + "\", which /automation/validators lacks", "/automation/validators");
          value = validate(t.pack.validators[vname], t.text, "/automation/validators/" + vname);
        }
        if (value) {
          t.state["slots"][slot] = *value;
          go(target(s, "next", flow, at));
          continue;
        }
        if (!first) {
          if (failed_too_often(t))
            return hand_off(t, "failed_inputs", "automation.failed_inputs", "The customer's answers did not pass validation twice: a person takes over");
          t.said.push_back(t.say(s.spec.value("invalid", "invalid." + s.spec.value("validate", slot))));
        }
      } else if (t.state["slots"].contains(slot)) {  // given earlier: never asked twice
        go(target(s, "next", flow, at));
        continue;
      }
      t.said.push_back(t.say(s.spec.value("prompt", "ask." + slot)));
      t.choices = options;
      return wait_at(t, flow, s, "slot");
    }

    if (s.kind == "call") {
      const std::string connector = s.spec["call"].get<std::string>();
      if (!t.pack.connectors.contains(connector))
        throw Error("unknown_connector", "/automation/flows/" + flow.id + " step " + s.id + " calls \"" + connector + "\", which /automation/connectors lacks", "/automation/connectors");
      const Json& def = t.pack.connectors[connector];
      const Json v = t.values();
      if (!t.facts.contains(s.id)) {
        Json call{{"id", s.id}, {"connector", connector}, {"method", def.value("method", "GET")},
                  {"path", fill_path(def.value("path", ""), v)}, {"timeout_ms", def.value("timeout_ms", 3000)}};
        if (def.contains("body")) call["body"] = fill_body(def["body"], v);
        t.call = call;
        t.state["pending_call"] = s.id;
        return wait_at(t, flow, s, "call");
      }
      const Json& r = t.facts[s.id];
      const int status = r.is_object() && r.contains("status") && r["status"].is_number_integer() ? r["status"].get<int>() : 0;
      const bool body_ok = r.is_object() && r.contains("body") && r["body"].is_object();
      t.state.erase("pending_call");
      if (status >= 200 && status < 300 && body_ok) {
        t.state["data"][s.spec.value("as", connector)] = r["body"];
        go(target(s, "ok", flow, at));
      } else if (status == 404 && s.spec.contains("not_found")) {
        go(s.spec["not_found"].get<std::string>());
      } else {
        // Timeout, 5xx, garbage: the flow says so and a person takes over (the step's "error" path may say more first).
        t.state["connector_errors"].push_back({{"step", s.id}, {"connector", connector}, {"status", status},
                                                {"error", r.is_object() ? r.value("error", body_ok ? "" : "invalid_body") : "invalid_result"}});
        if (s.spec.contains("error")) go(s.spec["error"].get<std::string>());
        else {
          t.said.push_back(t.say("connector_failed"));
          return hand_off(t, "connector_failed", "automation.connector_failed", "The shop's system did not answer ({connector}): a person takes over");
        }
      }
      continue;
    }

    if (s.kind == "branch") {
      const Json facts_of = t.values();
      routing::RoutingTime none;
      routing::ConditionContext ctx{routing::request_facts(facts_of, none), routing::default_scales()};
      std::string next = target(s, "else", flow, at);
      for (std::size_t b = 0; b < s.spec["branch"].size(); ++b) {
        const Json& br = s.spec["branch"][b];
        if (routing::evaluate(br.at("when"), ctx, "/automation/flows/" + flow.id + "/" + s.id + "/branch/" + std::to_string(b)).matched) {
          next = br["next"].get<std::string>();
          break;
        }
      }
      go(next);
      continue;
    }

    if (s.kind == "say") {
      const std::vector<Choice> options = choices_of(t, s.spec);
      if (input && !options.empty()) {  // the customer answers this step's question
        input = false;
        auto p = t.picked ? t.picked : pick(t.text, options);
        if (p && s.spec.contains("on") && s.spec["on"].contains(*p)) {
          t.state["slots"][s.spec.value("as", s.id)] = *p;
          go(s.spec["on"][*p].get<std::string>());
          continue;
        }
        if (failed_too_often(t))
          return hand_off(t, "failed_inputs", "automation.failed_inputs", "The customer's answers did not match the options twice: a person takes over");
        t.said.push_back(t.say("pick_an_option"));
      } else {
        t.said.push_back(t.say(s.spec["say"].get<std::string>()));
      }
      apply_clear();
      if (!options.empty()) {
        t.choices = options;
        return wait_at(t, flow, s, "choice");
      }
      if (s.spec.contains("end")) return finish(t, flow, s.spec["end"].get<std::string>());
      go(target(s, "next", flow, at));
      continue;
    }

    if (s.kind == "handoff") {
      const std::string why = s.spec["handoff"].get<std::string>();
      return hand_off(t, "flow:" + flow.id + "/" + s.id, "automation.flow_handoff", "The " + flow.id + " flow hands this case to a person (" + why + ")",
                      s.spec.value("queue", ""));
    }
    return finish(t, flow, s.spec["end"].is_string() ? s.spec["end"].get<std::string>() : "resolved");  // end
  }
  throw Error("flow_loop", "/automation/flows/" + flow.id + " ran " + std::to_string(kMaxSteps) + " steps without waiting for the customer", "/automation/flows/" + flow.id);
}

void run_prequalify(Turn& t, bool input, bool first) {
  Json& pending = t.state["prequalify"];
  while (!pending.empty()) {
    const std::string field = pending[0].get<std::string>();
    if (t.state["slots"].contains(field)) {
      pending.erase(0);
      continue;
    }
    const Json* v = t.pack.validators.contains(field) ? &t.pack.validators[field] : nullptr;
    if (!v) throw Error("unknown_validator", "/automation/policy prequalifies \"" + field + "\", which /automation/validators lacks", "/automation/validators");
    if (input) {
      input = false;
      if (auto value = validate(*v, t.text, "/automation/validators/" + field)) {
        t.state["slots"][field] = *value;
        pending.erase(0);
        continue;
      }
      if (!first) {
        if (failed_too_often(t))
          return hand_off(t, "failed_inputs", "automation.failed_inputs", "The customer's answers did not pass validation twice: a person takes over");
        t.said.push_back(t.say("invalid." + field));
      }
    }
    t.said.push_back(t.say("ask." + field));
    t.state["flow"] = "@prequalify";
    t.state["awaiting"] = "slot";
    t.action = "prequalify";
    return;
  }
  t.state.erase("prequalify");
  hand_off(t, "prequalified", "automation.prequalified", "A person answers {intent} with what the case needs already collected");
  t.action = "handoff";
}
}  // namespace parley::automation
