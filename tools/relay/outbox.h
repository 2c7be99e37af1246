// The outbox worker: sends agents' replies that Store::post_message accepted, on a thread of its
// own (HTTP and SMTP block; the server's workers and event loops never wait for a provider).
//
// For each due row: the core's channels.outbound builds the provider request(s) from the stored
// request, the workspace account and an idempotency key fixed at acceptance; the row is marked
// `sending` durably before the first byte; each part the provider accepts is recorded (a split
// text never resends an accepted part); the answer is classified by channels.send_result.
// 5xx, 429 and transport failures before the request left are retried with exponential backoff
// and jitter. A timeout after the request left is ambiguous: it is resent only when the request
// carries an idempotency key the provider honours (LINE X-Line-Retry-Key), otherwise the message
// becomes `unknown` and the agent is told. Rows survive restarts; a row left `sending` by a crash
// is treated as that ambiguous case.
//
// One lane (thread) per configured channel, so a provider that hangs or fails delays only its own
// channel's replies; within a conversation replies go out in the order they were written (a reply
// waits while an earlier one is retrying).
//
// Several relays on one store (PostgreSQL): every instance runs lanes over the same rows. A row
// is claimed by a conditional update (Store::outbox_attempt), so it is sent by one instance; a row
// left "sending" is recovered only once its lease ran out (lease_ms: no attempt or accepted part
// for that long means its instance died), by a periodic sweep, since another instance may be in
// the middle of sending it. One relay alone recovers every such row when it starts.
#pragma once
#include "parley/api.h"
#include "relay/store.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace parley::relay {
struct App;

struct OutboxSettings {  // workspace "outbox" (all optional)
  std::int64_t retry_base_ms = 1000;    // first retry after about this long, doubling each time
  std::int64_t retry_max_ms = 300000;   // never waits longer than this between attempts
  int max_attempts = 8;                 // then the message is failed (gave_up)
  std::int64_t timeout_ms = 15000;      // one provider request, connect to last byte
  // Shared store: how long a "sending" row stays its instance's without progress (0: the default,
  // max(120 s, 4 × timeout_ms)). Must exceed timeout_ms; small values are for tests.
  std::int64_t lease_ms = 0;
};
// Throws std::runtime_error naming the bad key (e.g. "workspace outbox.max_attempts …").
OutboxSettings outbox_settings(const Json& workspace);

class Outbox {
 public:
  explicit Outbox(App& app);
  ~Outbox();
  void start();
  void stop();  // waits for the request in flight (at most timeout_ms)
  void wake();  // a row was added: look now

 private:
  void recover();
  void run(const std::string& channel);
  bool attempt(const OutboxJob& job);  // false: the reply waits for a retry (its conversation holds)
  bool resend_is_safe(const OutboxJob& job);
  std::int64_t backoff(int attempts);
  std::int64_t lease_ms() const;  // shared store: how long a "sending" row belongs to its instance

  App& app_;
  OutboxSettings settings_;
  std::vector<std::thread> lanes_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::uint64_t wakes_ = 0;  // counts wake() calls: each lane compares with what it saw
  std::atomic<bool> stopping_{false};
};
}  // namespace parley::relay
