// The outbox worker (see outbox.h).
#include "relay/outbox.h"

#include "relay/app.h"
#include "relay/http_client.h"
#include "relay/smtp_client.h"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <random>
#include <set>

namespace parley::relay {
namespace {
// What one request came to.
struct Outcome {
  enum Kind { ok, retry, never, ambiguous } kind = never;
  std::string provider_message_id;
  Json error = nullptr;  // {code, message} for the agent
};

Json problem(const std::string& code, const std::string& message) { return {{"code", code}, {"message", message}}; }

Outcome http_request(const std::string& channel, const Json& r, std::chrono::milliseconds timeout) {
  Fields headers;
  const Json given = r.value("headers", Json::object());
  for (const auto& [k, v] : given.items()) headers.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
  const auto answer = client::request(r.value("method", "POST"), r.value("url", ""), headers, r.value("body", ""), timeout);
  if (!answer.ok) {
    // Nothing left: the provider cannot have it. Something left: it may have it.
    if (!answer.sent) return {Outcome::retry, "", problem("transport", answer.error)};
    return {Outcome::ambiguous, "", problem(answer.timed_out ? "timeout" : "transport", answer.error + " (after the request was sent)")};
  }
  Json h = Json::object();
  for (const auto& [k, v] : answer.headers) {
    std::string name = k;
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!h.contains(name)) h[name] = v;
  }
  const Json res = api::call("channels.send_result", {{"channel", channel}, {"status", answer.status}, {"headers", h}, {"body", answer.body}});
  // A send result carries its own "error" beside "ok"; an error alone is the core refusing the call.
  if (!res.contains("ok"))
    return {Outcome::never, "", problem("send_result_unavailable", "the core cannot read " + channel + "'s answer: " + res["error"].value("message", ""))};
  if (res.value("ok", false)) return {Outcome::ok, res.value("provider_message_id", ""), nullptr};
  Json error = res.value("error", problem("provider_error", "HTTP " + std::to_string(answer.status)));
  if (!error.contains("status")) error["status"] = answer.status;
  // refresh_token (WeCom): the token is dropped by attempt() and the retry fetches a new one.
  const std::string retry = res.value("retry", "never");
  return {retry == "backoff" || retry == "refresh_token" ? Outcome::retry : Outcome::never, "", error};
}

Outcome smtp_request(const Json& r, const Json& account, std::chrono::milliseconds timeout) {
  std::vector<std::string> to;
  for (const auto& t : r.value("to", Json::array())) to.push_back(t);
  const Json smtp = account.value("smtp", Json::object());
  const auto a = client::smtp_send(r.value("host", smtp.value("host", "127.0.0.1")), r.value("port", smtp.value("port", 25)),
                                   smtp.value("helo", "parley.localhost"), r.value("from", ""), to, r.value("data", ""), timeout);
  if (a.ok) return {Outcome::ok, r.value("message_id", ""), nullptr};
  const std::string what = "SMTP " + a.stage + ": " + (a.code ? std::to_string(a.code) + " " : "") + a.reply;
  if (a.ambiguous) return {Outcome::ambiguous, "", problem("timeout", what)};
  if (a.code / 100 == 5) return {Outcome::never, "", problem("smtp_rejected", what)};
  return {Outcome::retry, "", problem(a.code ? "smtp_deferred" : "transport", what)};  // 4xx or no answer before the data
}

Json built_requests(App& app, const OutboxJob& job, std::int64_t now, Json& error) {
  if (!app.channels.configured(job.channel)) {
    error = problem("channel_not_configured", "the workspace has no " + job.channel + " account any more");
    return nullptr;
  }
  Json req = job.request;
  req["channel"] = job.channel;
  req["account"] = app.channels.account(job.channel);
  if (job.channel == "wecom") {  // WeCom's token is fetched and cached, not configured
    std::string why;
    const std::string token = app.wecom.token(app, why);
    if (token.empty()) {
      error = problem("token_unavailable", why);
      return nullptr;
    }
    req["account"]["access_token"] = token;
  }
  req["idempotency_key"] = job.idempotency_key;
  req["now"] = now;
  // Twilio reports delivery to the URL the send names: the relay's own SMS webhook.
  if (job.channel == "sms" && !app.channels.public_url.empty()) req["status_callback"] = app.channels.public_url + "/webhooks/sms";
  Json built = api::call("channels.outbound", req);
  if (built.contains("error")) {
    const Json& e = built["error"];
    error = e.value("code", "") == "unknown_method"
                ? problem("outbound_unavailable", "this build's core cannot build " + job.channel + " requests (channels.outbound)")
                : problem(e.value("code", "invalid_request"), e.value("message", ""));
    return nullptr;
  }
  if (!built.contains("requests") || !built["requests"].is_array() || built["requests"].empty()) {
    error = problem("invalid_request", "channels.outbound built no request");
    return nullptr;
  }
  return built["requests"];
}
}  // namespace

OutboxSettings outbox_settings(const Json& workspace) {
  OutboxSettings s;
  std::int64_t attempts = s.max_attempts;
  read_whole_number_settings(workspace, "outbox",
                             {{"retry_base_ms", &s.retry_base_ms}, {"retry_max_ms", &s.retry_max_ms}, {"max_attempts", &attempts},
                              {"timeout_ms", &s.timeout_ms}, {"lease_ms", &s.lease_ms}});
  s.max_attempts = static_cast<int>(std::min<std::int64_t>(attempts, 100));
  // A lease no longer than one request would let another instance recover a row that a live one
  // is still sending.
  if (s.lease_ms != 0 && s.lease_ms <= s.timeout_ms)
    throw std::runtime_error("workspace outbox.lease_ms must be longer than outbox.timeout_ms (" + std::to_string(s.timeout_ms) + ")");
  return s;
}

Outbox::Outbox(App& app) : app_(app), settings_(outbox_settings(app.workspace)) {}
Outbox::~Outbox() { stop(); }

void Outbox::start() {
  if (!lanes_.empty()) return;
  stopping_ = false;
  recover();
  for (const auto& channel : app_.channels.ids()) lanes_.emplace_back([this, channel] { run(channel); });
}

void Outbox::stop() {
  stopping_ = true;
  {
    std::lock_guard lock(mutex_);
    ++wakes_;
  }
  cv_.notify_all();
  for (auto& t : lanes_)
    if (t.joinable()) t.join();
  lanes_.clear();
}

void Outbox::wake() {
  {
    std::lock_guard lock(mutex_);
    ++wakes_;
  }
  cv_.notify_all();
}

// Full jitter around an exponential step: base·2^(n-1) × [0.5, 1.5), at most retry_max_ms.
std::int64_t Outbox::backoff(int attempts) {
  static thread_local std::mt19937_64 rng(std::random_device{}());
  const double step = std::min<double>(static_cast<double>(settings_.retry_max_ms),
                                       static_cast<double>(settings_.retry_base_ms) * std::pow(2.0, std::max(0, attempts - 1)));
  return static_cast<std::int64_t>(step * std::uniform_real_distribution<double>(0.5, 1.5)(rng));
}

bool Outbox::resend_is_safe(const OutboxJob& job) {
  Json error;
  const Json requests = built_requests(app_, job, now_ms(), error);
  if (requests.is_null() || job.parts_done >= static_cast<int>(requests.size())) return false;
  return requests[job.parts_done].value("resend_after_timeout", "unsafe") == "safe";
}

// By default at least two minutes, and four request timeouts: an instance that is alive renews a
// row by each accepted part, and no single request outlasts its timeout. outbox.lease_ms sets it.
std::int64_t Outbox::lease_ms() const {
  return settings_.lease_ms ? settings_.lease_ms : std::max<std::int64_t>(120000, 4 * settings_.timeout_ms);
}

void Outbox::recover() {
  try {
    const auto now = now_ms();
    const std::int64_t stale_before = app_.store.shared() ? now - lease_ms() : INT64_MAX;
    if (int n = app_.store.recover_outbox([this](const OutboxJob& j) { return resend_is_safe(j); }, now, stale_before); n > 0)
      std::cerr << "parley relay: outbox: " << n << " send(s) interrupted by the last stop, resumed or marked unknown\n";
  } catch (const std::exception& e) {
    std::cerr << "parley relay: outbox recovery: " << e.what() << "\n";
  }
}

void Outbox::run(const std::string& channel) {
  std::uint64_t seen = 0;
  const bool sweeps = app_.store.shared() && channel == app_.channels.ids().front();  // one lane sweeps for all
  std::int64_t next_sweep = now_ms() + lease_ms() / 4;
  while (!stopping_) {
    if (sweeps && now_ms() >= next_sweep) {  // rows of an instance that died mid-send
      recover();
      next_sweep = now_ms() + lease_ms() / 4;
    }
    std::vector<OutboxJob> jobs;
    {
      std::lock_guard lock(mutex_);
      seen = wakes_;
    }
    try {
      jobs = app_.store.due_outbox(channel, now_ms(), 32);
      std::set<std::string> held;  // conversations whose earlier reply now waits for a retry
      for (const auto& job : jobs) {
        if (stopping_) break;
        if (held.count(job.conversation_id)) continue;
        if (!attempt(job)) held.insert(job.conversation_id);
      }
    } catch (const std::exception& e) {  // a failed commit: the rows stay and are tried again
      std::cerr << "parley relay: outbox " << channel << ": " << e.what() << "\n";
      jobs.clear();
    }
    if (!jobs.empty()) continue;
    std::int64_t wait = 1000;
    try {
      if (const auto next = app_.store.next_outbox_at(channel)) wait = std::clamp<std::int64_t>(*next - now_ms(), 0, 1000);
    } catch (const std::exception&) {
    }
    std::unique_lock lock(mutex_);
    // Every lane looks on every wake (a wake does not say which channel): the query is cheap.
    cv_.wait_for(lock, std::chrono::milliseconds(wait), [&] { return wakes_ != seen || stopping_.load(); });
  }
}

bool Outbox::attempt(const OutboxJob& job) {
  const auto now = now_ms();
  // Claimed durably before the first byte leaves; another instance's now: skipped, and the
  // conversation's later replies wait behind it.
  if (!app_.store.outbox_attempt(job, now)) return false;
  Json error;
  const Json requests = built_requests(app_, job, now, error);
  if (requests.is_null()) {
    app_.store.outbox_settle(job, "failed", error, now, now);
    return true;
  }
  const int attempts = job.attempts + 1;
  const auto timeout = std::chrono::milliseconds(settings_.timeout_ms);
  for (int i = job.parts_done; i < static_cast<int>(requests.size()); ++i) {
    const Json& r = requests[i];
    const Outcome o = r.value("transport", "http") == "smtp" ? smtp_request(r, app_.channels.account(job.channel), timeout)
                                                             : http_request(job.channel, r, timeout);
    if (o.kind == Outcome::ok) {
      app_.store.outbox_part_sent(job, i, o.provider_message_id, now_ms());
      continue;
    }
    if (job.channel == "wecom" && o.error.is_object() && o.error.value("code", "") == "token_expired") app_.wecom.forget();
    const bool resend = o.kind == Outcome::retry || (o.kind == Outcome::ambiguous && r.value("resend_after_timeout", "unsafe") == "safe");
    if (o.kind == Outcome::ambiguous && !resend) {
      Json e = o.error;
      e["message"] = e.value("message", "") + "; the provider may have it and offers no safe resend: check before sending again";
      app_.store.outbox_settle(job, "unknown", e, now_ms(), now_ms());
    } else if (resend && attempts < settings_.max_attempts) {
      app_.store.outbox_settle(job, "retry", o.error, now_ms() + backoff(attempts), now_ms());
      return false;
    } else {
      Json e = o.error;
      if (resend) e["message"] = e.value("message", "") + " (gave up after " + std::to_string(attempts) + " attempts)";
      app_.store.outbox_settle(job, "failed", e, now_ms(), now_ms());
    }
    return true;
  }
  app_.store.outbox_settle(job, "sent", nullptr, now_ms(), now_ms());
  return true;
}
}  // namespace parley::relay
