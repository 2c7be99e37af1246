// The relay's self-service worker (see self_service.h).
#include "relay/self_service.h"

#include "parley/text.h"
#include "relay/app.h"
#include "relay/http_client.h"
#include "relay/send_rules.h"
#include "relay/shop.h"

#include <filesystem>
#include <iostream>

namespace parley::relay {
namespace {
constexpr int kMaxCalls = 4;               // connector calls one turn may make (a flow calls one or two)
constexpr std::int64_t kSettleEveryMs = 30000;
constexpr int kLearntIndexed = 5000;  // the newest confirmed answers the bot's index learns from
constexpr std::size_t kShortText = 12;     // code points: too short to tell the language by
constexpr std::int64_t kRecoverWithinMs = 10 * 60000;  // older unanswered messages wait for a person, not a late bot

Json connector_result(const client::HttpAnswer& a) {
  if (!a.ok) return Json{{"status", 0}, {"error", a.timed_out ? "timeout" : a.error}};
  Json body = Json::parse(a.body, nullptr, false);
  Json r{{"status", a.status}, {"body", body.is_discarded() ? Json(a.body) : body}};
  if (body.is_discarded()) r["error"] = "invalid_body";
  return r;
}
}  // namespace

SelfServiceSettings self_service_settings(const Json& workspace, const std::string& root) {
  SelfServiceSettings s;
  s.pack_dir = root + "/site/packs/demo";
  s.model_path = root + "/models/triage.bin";
  s.retrieval_model_path = root + "/models/retrieval.bin";  // as Assist loads it (the pack's models.retrieval)
  if (!workspace.contains("automation")) return s;
  const Json& a = workspace["automation"];
  if (!a.is_object()) throw std::runtime_error("workspace automation must be an object");
  for (const auto& [k, v] : a.items()) {
    if (k == "enabled") {
      if (!v.is_boolean()) throw std::runtime_error("workspace automation.enabled must be true or false");
      s.enabled = v.get<bool>();
      continue;
    }
    if (!v.is_string()) throw std::runtime_error("workspace automation." + k + " must be a string");
    const std::string str = v.get<std::string>();
    auto path = [&](const std::string& p) { return std::filesystem::path(p).is_absolute() ? p : root + "/" + p; };
    if (k == "pack") s.pack_dir = path(str);
    else if (k == "model") s.model_path = path(str);
    else if (k == "retrieval_model") s.retrieval_model_path = str == "none" ? str : path(str);
    else if (k == "bot_name") s.bot_name = str;
    else if (k == "connector_base") s.connector_base = str;
    else if (k == "connector_token") s.connector_token = str;
    else throw std::runtime_error("workspace automation." + k + " is not a setting (enabled, pack, model, retrieval_model, bot_name, connector_base, connector_token)");
  }
  if (!s.connector_base.empty() && s.connector_base.rfind("http://", 0) != 0 && s.connector_base.rfind("https://", 0) != 0)
    throw std::runtime_error("workspace automation.connector_base must be an http(s) URL");
  return s;
}

SelfService::SelfService(App& app, SelfServiceSettings settings)
    : app_(app), settings_(std::move(settings)), pack_(cli::load_automation_pack(settings_.pack_dir, settings_.model_path, settings_.retrieval_model_path)),
      bot_{"system", "bot", settings_.bot_name} {
  relearn();
}

void SelfService::relearn() {
  const std::string version = app_.store.learnt_version();
  if (version == learnt_version_) return;
  cli::index_pack_knowledge(pack_, app_.store.learnt_history(kLearntIndexed));
  learnt_version_ = version;
}

SelfService::~SelfService() { stop(); }

void SelfService::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void SelfService::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SelfService::wake(const std::string& conversation_id) {
  {
    std::lock_guard lock(mutex_);
    if (queued_.insert(conversation_id).second) queue_.push_back(conversation_id);
  }
  cv_.notify_all();
}

std::string SelfService::connector_base() const {
  return settings_.connector_base.empty() ? app_.loopback_base() : settings_.connector_base;
}

void SelfService::run() {
  // Messages that arrived while the relay was down, or that a crash interrupted, are decided now.
  try {
    for (const auto& id : app_.store.conversations_awaiting_automation(now_ms() - kRecoverWithinMs, 500)) wake(id);
  } catch (const std::exception& e) {
    std::cerr << "parley relay: self-service recovery: " << e.what() << "\n";
  }
  std::int64_t next_settle = now_ms() + kSettleEveryMs;
  for (;;) {
    std::string id;
    {
      std::unique_lock lock(mutex_);
      cv_.wait_for(lock, std::chrono::milliseconds(std::max<std::int64_t>(1, next_settle - now_ms())),
                   [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      if (!queue_.empty()) {
        id = queue_.front();
        queue_.pop_front();
        queued_.erase(id);
      }
    }
    try {
      if (!id.empty()) {
        std::lock_guard decide(decide_mutex_);
        decide_pending(id);
        relearn();  // a confirmation just written is in the next answer's index
      }
    } catch (const DecidedElsewhere&) {
      // Another relay instance decided this conversation first (it saw the same message): its
      // decision and reply stand, this one is dropped.
    } catch (const std::exception& e) {
      std::cerr << "parley relay: self-service " << id << ": " << e.what() << "\n";
    }
    try {
      if (now_ms() >= next_settle) {
        std::lock_guard decide(decide_mutex_);
        settle_unconfirmed(now_ms());
        relearn();  // another relay on the same database may have learnt something
        next_settle = now_ms() + kSettleEveryMs;
      }
    } catch (const std::exception& e) {
      std::cerr << "parley relay: self-service " << id << ": " << e.what() << "\n";
    }
  }
}

// One turn with its connector calls: the core answers `call`, the shop is asked, and the same
// request goes back with every answer so far in `facts` until the core needs nothing more.
Json SelfService::decide_with_connectors(Json request) {
  Json facts = Json::object();
  for (int i = 0;; ++i) {
    if (!facts.empty()) request["facts"] = facts;
    Json d = api::call("automation.decide", request);
    if (!d.contains("call") || i == kMaxCalls) return d;
    const Json& call = d["call"];
    Fields headers;
    headers.emplace_back("Accept", "application/json");
    const std::string token = settings_.connector_base.empty() && app_.shop ? app_.shop->token() : settings_.connector_token;
    if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
    std::string body;
    if (call.contains("body")) {
      headers.emplace_back("Content-Type", "application/json");
      body = call["body"].dump();
    }
    const auto answer = client::request(call.value("method", "GET"), connector_base() + call.value("path", ""), headers, body,
                                        std::chrono::milliseconds(call.value("timeout_ms", 3000)));
    facts[call.value("id", "")] = connector_result(answer);
  }
}

std::optional<std::string> SelfService::answer_now(const std::string& conversation_id) {
  std::lock_guard decide(decide_mutex_);
  std::string answered;
  try {
    decide_pending(conversation_id, &answered);
  } catch (const DecidedElsewhere&) {
    return std::nullopt;  // another instance decided it (and holds its reply)
  } catch (const std::exception& e) {
    std::cerr << "parley relay: self-service " << conversation_id << ": " << e.what() << "\n";
    return std::nullopt;
  }
  if (answered.empty()) return std::nullopt;
  return answered;
}

void SelfService::decide_pending(const std::string& conversation_id, std::string* answered) {
  const auto c = app_.store.conversation_ref(conversation_id);
  if (!c || c->status == "resolved") return;
  const Json saved = app_.store.automation(conversation_id);
  Json state = saved.is_null() ? Json::object() : saved["state"];
  std::int64_t last_seq = saved.is_null() ? 0 : saved["last_seq"].get<std::int64_t>();
  std::int64_t recorded = saved.is_null() ? -1 : last_seq;  // what the store holds; a decision is made on it
  const Json messages = app_.store.customer_messages_after(conversation_id, last_seq);
  if (messages.empty()) return;
  if (state.value("handed_off", false)) return;  // a person has it: nothing to decide
  const bool provider = c->channel != "webchat";

  if (app_.store.agent_has_written(conversation_id)) {  // an agent stepped in: the bot bows out, silently
    state["handed_off"] = true;
    const Json decision{{"action", "handoff"}, {"rule", "agent_replied"},
                        {"reason", {{"code", "automation.agent_replied"}, {"text", "An agent has replied: the bot stays quiet"}}}};
    app_.store.record_automation(*c, state, messages.back()["seq"].get<std::int64_t>(), decision, bot_, nullptr, now_ms(), nullptr, recorded);
    return;
  }
  for (const auto& m : messages) {
    const std::int64_t seq = m["seq"].get<std::int64_t>();
    const Json data = m.value("channel_data", Json::object());
    if (data.value("auto_reply", false) || m.value("text", "").find_first_not_of(" \t\r\n") == std::string::npos) {
      last_seq = seq;  // an out-of-office or a picture alone: nothing to answer (the agent sees it)
      continue;
    }
    Json line{{"text", m["text"]}, {"channel", c->channel}, {"now", now_ms()}, {"context", {{"state", state}}}};
    if (data.contains("choice") && data["choice"].is_string()) line["choice"] = data["choice"];
    // The reply's language: the conversation's once known; a first message too short to tell by
    // takes the widget's locale.
    if (state.contains("reply_language")) line["lang"] = state["reply_language"];
    else if (!provider && text::code_point_count(m["text"].get<std::string>()) < kShortText) {
      const std::string locale = app_.store.conversation(conversation_id).value("locale", "");  // read only when needed
      if (!locale.empty()) line["lang"] = locale;
    }
    Json d = decide_with_connectors(cli::automation_request(pack_, line));
    if (d.contains("error")) {
      std::cerr << "parley relay: self-service " << conversation_id << ": " << d["error"].value("message", "") << "\n";
      last_seq = seq;
      continue;
    }
    state = d["state"];
    if (!state.contains("reply_language")) state["reply_language"] = d.value("language", "en");
    Json reply = nullptr;
    if (d["reply"].is_object()) {
      const Json& r = d["reply"];
      Json bot{{"action", d["action"]}, {"rule", d["rule"]}, {"language", r.value("language", "")}, {"form", r.value("form", Json::object())},
               {"choices", r.value("choices", Json::array())}};
      if (r.contains("article")) bot["article"] = r["article"];
      // Options the channel shows natively go as its buttons / list / quick replies; otherwise as numbered text.
      const Json form = r.value("form", Json::object());
      const std::string kind = form.value("kind", "none");
      const bool native = (c->channel == "whatsapp" && (kind == "buttons" || kind == "list")) ||
                          ((c->channel == "line" || c->channel == "messenger" || c->channel == "instagram") && kind == "quick_replies");
      reply = Json{{"text", provider && !native ? r.value("text_for_channel", r.value("text", "")) : r.value("text", "")}, {"bot", bot}};
      if (provider && native) reply["choices"] = form;
    }
    Json summary{{"action", d["action"]}, {"rule", d["rule"]}, {"reason", d["reason"]}, {"intent", d["intent"]}, {"confidence", d["confidence"]},
                 {"tier", d["tier"]}, {"events", d["events"]}, {"message_seq", seq}};
    if (d.contains("flow")) summary["flow"] = d["flow"];
    if (d.contains("handoff")) summary["handoff"] = d["handoff"];
    std::optional<OutboundPlanner> planner;
    const std::int64_t now = now_ms();
    if (provider && reply.is_object() && !answered) {
      SendFields fields{reply["text"].get<std::string>(), std::nullopt, std::nullopt, std::nullopt, std::nullopt};
      if (reply.contains("choices")) fields.choices = reply["choices"];
      planner = [this, channel = c->channel, fields, now](const Json& context) { return plan_send(app_.channels, channel, fields, context, now); };
    }
    const Json sent = app_.store.record_automation(*c, state, seq, summary, bot_, reply, now, planner ? &*planner : nullptr, recorded);
    if (answered && !sent.is_null() && reply.is_object()) *answered = reply["text"].get<std::string>();
    else if (provider && !sent.is_null()) app_.wake_outbox();
    last_seq = recorded = seq;
    if (state.value("handed_off", false)) break;  // what follows is for the person now
  }
}

void SelfService::settle_unconfirmed(std::int64_t now) {
  const double minutes = pack_.automation["policy"].value("inactivity_minutes", 30.0);
  for (const auto& id : app_.store.unconfirmed_answers(now - static_cast<std::int64_t>(minutes * 60000), 100)) {
    const auto c = app_.store.conversation_ref(id);
    const Json saved = app_.store.automation(id);
    if (!c || saved.is_null()) continue;
    Json r = api::call("automation.settle", {{"automation", pack_.automation}, {"state", saved["state"]}, {"now", now}});
    if (r.contains("error") || r["events"].empty()) continue;
    const Json decision{{"action", "answer"}, {"rule", "settled"}, {"events", r["events"]},
                        {"reason", {{"code", "automation.settled"}, {"text", "No reply within the inactivity window: the answer counts as resolved"}}}};
    const std::int64_t seq = saved["last_seq"].get<std::int64_t>();
    try {
      app_.store.record_automation(*c, r["state"], seq, decision, bot_, nullptr, now, nullptr, seq);
    } catch (const DecidedElsewhere&) {  // a new message was decided meanwhile: nothing to settle
    }
  }
}
}  // namespace parley::relay
