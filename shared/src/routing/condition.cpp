// The condition language shared by routing rules and review gates: facts tested by operators,
// every check recorded so a decision can say exactly why.
#include "parley/routing.h"

#include <algorithm>

namespace parley::routing {
namespace {
std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// The last dotted segment names the scale ("triage.urgency" uses "urgency").
std::string base_name(const std::string& fact) {
  auto dot = fact.rfind('.');
  return dot == std::string::npos ? fact : fact.substr(dot + 1);
}

bool equal(const std::string& fact, const Json& expected, const Json& actual) {
  if (expected.is_string() && actual.is_string()) {
    if (base_name(fact) == "language") return language_matches(expected.get<std::string>(), actual.get<std::string>());
    return lower(expected.get<std::string>()) == lower(actual.get<std::string>());
  }
  if (expected.is_number() && actual.is_number()) return expected.get<double>() == actual.get<double>();
  return expected == actual;
}

// An array fact (tags, flags) satisfies equality-style tests when any element does.
bool any_equal(const std::string& fact, const Json& expected, const Json& actual) {
  if (actual.is_array())
    return std::any_of(actual.begin(), actual.end(), [&](const Json& a) { return equal(fact, expected, a); });
  return equal(fact, expected, actual);
}

const Json& expect_array(const Json& v, const std::string& path, const std::string& op) {
  if (!v.is_array()) throw Error("invalid_type", path + " (" + op + ") must be an array", path);
  return v;
}

double expect_number(const Json& v, const std::string& path, const std::string& op) {
  if (!v.is_number()) throw Error("invalid_type", path + " (" + op + ") must be a number", path);
  return v.get<double>();
}

int level(const std::vector<std::string>& scale, const std::string& value) {
  for (std::size_t i = 0; i < scale.size(); ++i)
    if (lower(scale[i]) == lower(value)) return static_cast<int>(i);
  return -1;
}

bool test(const std::string& fact, const std::string& op, const Json& expected, const Json& actual,
          const ConditionContext& context, const std::string& path) {
  if (op == "eq") return any_equal(fact, expected, actual);
  if (op == "ne") return !any_equal(fact, expected, actual);
  if (op == "in" || op == "not_in") {
    const Json& list = expect_array(expected, path, op);
    bool found = std::any_of(list.begin(), list.end(), [&](const Json& e) { return any_equal(fact, e, actual); });
    return op == "in" ? found : !found;
  }
  if (op == "gt" || op == "gte" || op == "lt" || op == "lte") {
    double e = expect_number(expected, path, op);
    if (!actual.is_number()) return false;
    double a = actual.get<double>();
    return op == "gt" ? a > e : op == "gte" ? a >= e : op == "lt" ? a < e : a <= e;
  }
  if (op == "at_least" || op == "at_most") {
    auto scale = context.scales.find(base_name(fact));
    if (scale == context.scales.end())
      throw Error("unknown_scale", path + ": \"" + fact + "\" has no ordered scale for " + op + " (add it to \"scales\")", path);
    if (!expected.is_string() || level(scale->second, expected.get<std::string>()) < 0)
      throw Error("invalid_value", path + " must be one of the \"" + base_name(fact) + "\" levels", path);
    if (!actual.is_string()) return false;
    int a = level(scale->second, actual.get<std::string>()), e = level(scale->second, expected.get<std::string>());
    return a >= 0 && (op == "at_least" ? a >= e : a <= e);
  }
  if (op == "contains_any") {
    const Json& list = expect_array(expected, path, op);
    for (const Json& k : list) {
      if (!k.is_string()) throw Error("invalid_type", path + " (contains_any) must list strings", path);
      if (actual.is_string() && contains_keyword(actual.get<std::string>(), k.get<std::string>())) return true;
      if (actual.is_array() && any_equal(fact, k, actual)) return true;
    }
    return false;
  }
  if (op == "has") return actual.is_array() && any_equal(fact, expected, actual);
  if (op == "exists") {
    if (!expected.is_boolean()) throw Error("invalid_type", path + " (exists) must be true or false", path);
    return expected.get<bool>() == !actual.is_null();
  }
  if (op == "available_with_skills") {
    const Json& skills = expect_array(expected, path, op);
    if (!actual.is_array()) return false;
    return std::any_of(actual.begin(), actual.end(), [&](const Json& agent) {
      if (!agent.is_object() || (agent.contains("available") && agent["available"] != true)) return false;
      const Json has = agent.value("skills", Json::array());
      return std::all_of(skills.begin(), skills.end(), [&](const Json& s) { return any_equal("skills", s, has); });
    });
  }
  throw Error("unknown_operator", path + ": unknown operator \"" + op +
                                      "\" (eq, ne, in, not_in, gt, gte, lt, lte, at_least, at_most, contains_any, has, exists, available_with_skills)",
              path);
}

const char* symbol(const std::string& op) {
  if (op == "eq") return "=";
  if (op == "ne") return "≠";
  if (op == "gt") return ">";
  if (op == "gte") return "≥";
  if (op == "lt") return "<";
  if (op == "lte") return "≤";
  if (op == "at_least") return "at least";
  if (op == "at_most") return "at most";
  if (op == "not_in") return "not in";
  if (op == "contains_any") return "contains one of";
  if (op == "available_with_skills") return "has an available agent with skills";
  return nullptr;
}

std::string show(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }
}  // namespace

Json Check::to_json() const { return Json{{"fact", fact}, {"op", op}, {"expected", expected}, {"actual", actual}}; }

std::string Check::describe() const {
  if (op == "any") return "none of the alternatives held";
  if (op == "not") return "not (" + expected.dump() + ")";
  if (op == "available_with_skills") return "an available agent has " + show(expected);
  const char* s = symbol(op);
  std::string actual_text = actual.is_array() && actual.size() > 3 ? "[" + std::to_string(actual.size()) + " items]" : show(actual);
  return fact + " " + (s ? s : op.c_str()) + " " + show(expected) + " (was " + (actual.is_null() ? "absent" : actual_text) + ")";
}

bool language_matches(const std::string& wanted, const std::string& actual) {
  std::string w = lower(wanted), a = lower(actual);
  for (char& c : w) c = c == '_' ? '-' : c;
  for (char& c : a) c = c == '_' ? '-' : c;
  return a == w || (a.size() > w.size() && a.compare(0, w.size(), w) == 0 && a[w.size()] == '-');
}

Evaluation evaluate(const Json& when, const ConditionContext& context, const std::string& path) {
  require_object(when, path);
  Evaluation out;
  out.matched = true;
  for (const auto& [key, spec] : when.items()) {
    const std::string at = path + "/" + key;
    if (key == "all" || key == "any") {
      const Json& list = expect_array(spec, at, key);
      bool any_held = false;
      for (std::size_t i = 0; i < list.size(); ++i) {
        Evaluation inner = evaluate(list[i], context, at + "/" + std::to_string(i));
        if (key == "all" && !inner.matched) {
          out.failed = inner.failed;
          out.matched = false;
          return out;
        }
        if (key == "all" || (inner.matched && !any_held)) out.passed.insert(out.passed.end(), inner.passed.begin(), inner.passed.end());
        any_held = any_held || inner.matched;
      }
      if (key == "any" && !any_held) {
        out.failed = Check{"any", "any", spec, nullptr};
        out.matched = false;
        return out;
      }
      continue;
    }
    if (key == "not") {
      Evaluation inner = evaluate(spec, context, at);
      Check c{"not", "not", spec, nullptr};
      if (inner.matched) {
        out.failed = c;
        out.matched = false;
        return out;
      }
      out.passed.push_back(c);
      continue;
    }
    Json actual = context.fact(key, at);
    std::vector<std::pair<std::string, Json>> ops;
    if (spec.is_object()) {
      if (spec.empty()) throw Error("invalid_value", at + " has no operator", at);
      for (const auto& [op, expected] : spec.items()) ops.emplace_back(op, expected);
    } else {
      ops.emplace_back(spec.is_array() ? "in" : "eq", spec);
    }
    for (const auto& [op, expected] : ops) {
      Check c{key, op, expected, actual};
      if (!test(key, op, expected, actual, context, spec.is_object() ? at + "/" + op : at)) {
        out.failed = c;
        out.matched = false;
        return out;
      }
      out.passed.push_back(c);
    }
  }
  return out;
}

std::map<std::string, std::vector<std::string>> default_scales() {
  return {{"urgency", {"low", "normal", "high", "urgent"}},
          {"tier", {"low", "medium", "high"}},
          {"priority", {"low", "normal", "high", "urgent"}},
          {"churn_risk", {"low", "medium", "high"}},
          {"sentiment", {"negative", "neutral", "positive"}}};
}

std::map<std::string, std::vector<std::string>> read_scales(const Json* pack_scales, const std::string& path) {
  auto scales = default_scales();
  if (!pack_scales) return scales;
  for (const auto& [name, levels] : pack_scales->items()) {
    const std::string at = path + "/" + name;
    if (!levels.is_array() || levels.empty()) throw Error("invalid_type", at + " must be a non-empty array of levels, lowest first", at);
    std::vector<std::string> list;
    for (std::size_t i = 0; i < levels.size(); ++i) {
      if (!levels[i].is_string()) throw Error("invalid_type", at + "/" + std::to_string(i) + " must be a string", at + "/" + std::to_string(i));
      list.push_back(levels[i].get<std::string>());
    }
    scales[name] = std::move(list);
  }
  return scales;
}
}  // namespace parley::routing
