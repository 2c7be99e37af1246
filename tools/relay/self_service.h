// Self-service on the relay: the bot that answers customers on every channel (issue 15). For each
// customer message the core's automation.decide chooses answer / flow / prequalify / handoff from
// the workspace pack; the shop connectors a flow needs are called here over HTTP and the same turn
// is decided again with their answers (the core never does I/O). The decision, the bot's state
// and its reply are one durable write (Store::record_automation); on a provider channel the reply
// goes out through the outbox like an agent's. Once a person has the case the bot stays quiet.
//
// One thread: decisions take milliseconds, a connector call at most its timeout, and a
// conversation's messages are decided in order. Unconfirmed answers are resolved after the pack's
// inactivity window (automation.settle). Pending customer messages are picked up again at start.
// An article the customer confirmed is learnt (the store keeps the question with it) and the
// knowledge base is indexed again with it: the next customer who asks the same way finds it.
//
// Workspace "automation" (all optional): {enabled (false), pack ("site/packs/demo", from --root),
// model ("models/triage.bin"), bot_name ("Parley assistant"), connector_base (the relay itself,
// i.e. the demo store's orders API), connector_token (the demo store's own when connector_base is
// unset)}.
#pragma once
#include "parley/api.h"
#include "parley/automation_pack.h"
#include "relay/store.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

namespace parley::relay {
struct App;

struct SelfServiceSettings {
  bool enabled = false;
  std::string pack_dir, model_path, retrieval_model_path, bot_name = "Parley assistant";
  std::string connector_base, connector_token;  // empty: the demo store on this relay
};
// Throws std::runtime_error naming the bad key.
SelfServiceSettings self_service_settings(const Json& workspace, const std::string& root);

class SelfService {
 public:
  // Loads the pack, its knowledge base and the triage model; throws std::runtime_error naming the file.
  SelfService(App& app, SelfServiceSettings settings);
  ~SelfService();
  void start();
  void stop();
  void wake(const std::string& conversation_id);  // a customer wrote here
  // Decides the conversation's pending messages now, on the caller's thread, for a channel that
  // wants the answer in its webhook's response (KakaoTalk's skill, 5 s): the bot's reply is stored
  // as its message but not queued for sending; returns its text, or nullopt when the bot has none.
  std::optional<std::string> answer_now(const std::string& conversation_id);

 private:
  void run();
  // `answered`: decide for answer_now (the reply's text there, no outbox).
  void decide_pending(const std::string& conversation_id, std::string* answered = nullptr);
  Json decide_with_connectors(Json request);
  void settle_unconfirmed(std::int64_t now);
  // The knowledge base indexed again with what the store has learnt, when that changed (this
  // relay's confirmations, or another instance's on a shared database).
  void relearn();
  std::string connector_base() const;

  App& app_;
  SelfServiceSettings settings_;
  cli::AutomationPack pack_;
  std::string learnt_version_ = "0:0";  // of the store's learnt answers in the current index
  Author bot_;
  std::thread thread_;
  std::mutex decide_mutex_;  // one decision at a time: the thread's and answer_now's
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  std::set<std::string> queued_;
  bool stopping_ = false;
};
}  // namespace parley::relay
