// Replay: fold the records into the case as a supervisor would read it, one step per record.
#include "parley/evidence.h"
#include "parley/routing.h"

namespace parley::evidence {
namespace {
Json empty_case() {
  return Json{{"messages", Json::array()}, {"normalized", nullptr}, {"triage", nullptr},     {"route", nullptr},
              {"knowledge", Json::array()}, {"draft", nullptr},     {"edits", Json::array()}, {"approvals", Json::array()},
              {"reply", nullptr},           {"attachments", Json::array()}, {"summary", nullptr}};
}

std::string text(const Json& data) { return data.is_object() && data.contains("text") && data["text"].is_string() ? data["text"].get<std::string>() : ""; }

// Applies one record and returns what happened, as a localisable reason.
Json apply(Json& state, const Json& r) {
  const std::string kind = r.value("kind", "");
  const Json data = r.contains("data") && r["data"].is_object() ? r["data"] : Json::object();
  const Json actor = r.value("actor", Json(nullptr));
  const Json at = r.value("at", Json(nullptr));
  const Json seq = r.value("seq", Json(nullptr));
  Json params{{"actor", actor}, {"kind", kind}};
  if (kind == "message") {
    std::string direction = data.contains("direction") && data["direction"] == "outbound" ? "outbound" : "inbound";
    state["messages"].push_back(Json{{"seq", seq}, {"direction", direction}, {"actor", actor}, {"at", at}, {"text", text(data)}});
    return routing::make_reason("evidence.message", params, direction == "inbound" ? "{actor} wrote" : "{actor} sent a message");
  }
  if (kind == "normalized") {
    state["normalized"] = text(data);
    return routing::make_reason("evidence.normalized", params, "The message was normalised");
  }
  if (kind == "triage") {
    state["triage"] = data;
    params["intent"] = data.value("intent", Json(nullptr));
    return routing::make_reason("evidence.triage", params, "Triage: {intent}");
  }
  if (kind == "route") {
    state["route"] = data;
    params["queue"] = data.value("queue", Json(nullptr));
    return routing::make_reason("evidence.route", params, "Routed to {queue}");
  }
  if (kind == "knowledge") {
    if (data.contains("articles") && data["articles"].is_array())
      for (const Json& a : data["articles"]) state["knowledge"].push_back(a);
    else
      state["knowledge"].push_back(data);
    return routing::make_reason("evidence.knowledge", params, "Knowledge used");
  }
  if (kind == "draft") {
    state["draft"] = Json{{"text", text(data)}, {"by", actor}, {"seq", seq}};
    return routing::make_reason("evidence.draft", params, "{actor} drafted a reply");
  }
  if (kind == "edit") {
    std::string before = state["draft"].is_object() ? state["draft"]["text"].get<std::string>() : "";
    std::string after = text(data);
    Json d = diff(before, after, DiffUnit::word);
    state["edits"].push_back(Json{{"seq", seq}, {"by", actor}, {"at", at}, {"diff", d}});
    state["draft"] = Json{{"text", after}, {"by", actor}, {"seq", seq}};
    params["inserted"] = d["inserted"];
    params["deleted"] = d["deleted"];
    return routing::make_reason("evidence.edit", params, "{actor} edited the draft (+{inserted} −{deleted} words)");
  }
  if (kind == "approval") {
    Json a = data;
    if (!a.is_object()) a = Json::object();
    a["by"] = actor;
    a["at"] = at;
    a["seq"] = seq;
    state["approvals"].push_back(a);
    params["gate"] = data.is_object() ? data.value("gate", Json(nullptr)) : Json(nullptr);
    return routing::make_reason("evidence.approval", params, "{actor} approved ({gate})");
  }
  if (kind == "reply") {
    state["reply"] = Json{{"text", text(data)}, {"by", actor}, {"at", at}, {"seq", seq}};
    state["messages"].push_back(Json{{"seq", seq}, {"direction", "outbound"}, {"actor", actor}, {"at", at}, {"text", text(data)}});
    return routing::make_reason("evidence.reply", params, "{actor} sent the reply");
  }
  if (kind == "attachment") {
    state["attachments"].push_back(data);
    return routing::make_reason("evidence.attachment", params, "Attachment referenced");
  }
  if (kind == "summary") {
    state["summary"] = data;
    return routing::make_reason("evidence.summary", params, "Case summary");
  }
  return routing::make_reason("evidence.unknown", params, "Unknown record kind {kind}");
}
}  // namespace

Json replay(const Json& records) {
  Verdict verdict = verify(records, nullptr);
  Json state = empty_case();
  Json steps = Json::array();
  for (std::size_t i = 0; i < records.size(); ++i) {
    const Json& r = records[i];
    const std::string at = "/records/" + std::to_string(i);
    require_string(r, "kind", at);  // the rest is read leniently: a tampered record still replays
    if (r.contains("data") && !r["data"].is_object() && !r["data"].is_null())
      throw Error("invalid_type", at + "/data must be an object", at + "/data");
    Json what = apply(state, r);
    // Steps from the first bad record on cannot be trusted (for a rewritten tail, none can).
    bool trusted = verdict.valid || (verdict.position && i < *verdict.position);
    steps.push_back(Json{{"seq", r.value("seq", Json(nullptr))},
                         {"kind", r.value("kind", Json(nullptr))},
                         {"actor", r.value("actor", Json(nullptr))},
                         {"at", r.value("at", Json(nullptr))},
                         {"trusted", trusted},
                         {"what", what},
                         {"state", state}});
  }
  return Json{{"verification", verdict.to_json(records)}, {"steps", steps}, {"final", state}};
}
}  // namespace parley::evidence
