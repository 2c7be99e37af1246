// The facts a routing rule can test, read from the request (triage, conversation, contact …).
#include "parley/routing.h"
#include "parley/sla.h"

namespace parley::routing {
namespace {
const Json kNull = nullptr;

const Json& field(const Json& request, const char* object, const char* key) {
  auto o = request.find(object);
  if (o == request.end() || !o->is_object()) return kNull;
  auto v = o->find(key);
  return v == o->end() ? kNull : *v;
}

// "contact.tags" or "conversation.custom.plan": dotted path into the request.
Json path_lookup(const Json& request, const std::string& name) {
  const Json* at = &request;
  std::size_t start = 0;
  while (start <= name.size()) {
    auto dot = name.find('.', start);
    std::string key = name.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!at->is_object()) return nullptr;
    auto it = at->find(key);
    if (it == at->end()) return nullptr;
    at = &*it;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return *at;
}

Json first_of(const Json& a, const Json& b) { return a.is_null() ? b : a; }
}  // namespace

FactLookup request_facts(const Json& request, const RoutingTime& time) {
  return [&request, &time](const std::string& name, const std::string& path) -> Json {
    if (name == "intent") return field(request, "triage", "intent");
    if (name == "confidence") return field(request, "triage", "confidence");
    if (name == "tier") return field(request, "triage", "tier");
    if (name == "urgency") return field(request, "triage", "urgency");
    if (name == "churn_risk") return field(request, "triage", "churn_risk");
    if (name == "sentiment" || name == "sentiment_score" || name == "anger") {
      const Json& s = field(request, "triage", "sentiment");
      if (s.is_string()) return name == "sentiment" ? s : kNull;  // a bare label is accepted too
      if (!s.is_object()) return nullptr;
      const char* key = name == "sentiment" ? "label" : name == "anger" ? "anger" : "score";
      return s.value(key, Json(nullptr));
    }
    if (name == "language") return first_of(field(request, "triage", "language"), field(request, "conversation", "language"));
    if (name == "channel") return field(request, "conversation", "channel");
    if (name == "country") return first_of(field(request, "conversation", "country"), field(request, "contact", "country"));
    if (name == "segment") return field(request, "contact", "segment");
    if (name == "lifetime_value") return field(request, "contact", "lifetime_value");
    if (name == "text") return first_of(field(request, "message", "text"), field(request, "triage", "text"));
    if (name == "agents") return request.value("agents", Json(nullptr));
    if (name.rfind("business_hours.", 0) == 0) {
      std::string team = name.substr(15);
      if (!time.teams) throw Error("missing_field", path + " needs /business_hours (the pack's business_hours.json)", "/business_hours");
      if (!time.now) throw Error("missing_field", path + " needs /now", "/now");
      auto found = time.teams->find(team);
      if (found == time.teams->end()) throw Error("unknown_team", path + ": business hours have no team \"" + team + "\"", path);
      return found->second.is_open(*time.now) ? "open" : "closed";
    }
    if (name.find('.') != std::string::npos) return path_lookup(request, name);
    throw Error("unknown_fact", path + ": unknown fact \"" + name +
                                    "\" (intent, confidence, tier, sentiment, sentiment_score, anger, urgency, churn_risk, language, "
                                    "channel, country, segment, lifetime_value, text, agents, business_hours.<team>, or a dotted path "
                                    "such as contact.tags)",
                path);
  };
}
}  // namespace parley::routing
