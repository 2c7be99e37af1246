// WeCom 微信客服 in the relay (docs/channels.md, "WeCom"): the access token from gettoken, cached
// until shortly before it expires and dropped when WeCom says it is bad (errcode 40014/42001), and
// the pull that a callback asks for: kf/sync_msg from the KF account's saved cursor while has_more,
// each page stored with its next cursor in one durable write (msgids claimed, so a re-pull after a
// crash stores nothing twice). The core builds every request and reads every answer.
// Pulls run on a thread of their own (schedule()): WeCom wants the callback answered within 5 s,
// and a pull is a gettoken plus one sync_msg per page, each of which may take seconds.
// A customer's image or voice comes as a media_id: after its page is stored the same thread
// fetches it (media/get), checks the bytes are what WeCom may send (JPEG/PNG/GIF images, AMR
// voice, MP4 video; files that are PDF, ZIP/Office or images), keeps them as the message's
// attachment, or records why not (channel_data.media_error). A fetch that failed in a way that may
// heal (no answer, 5xx, WeCom busy) is tried again later: its attempts and next_at are stored with
// the message, and the thread's sweep fetches it when due, with backoff, until max_attempts.
#pragma once
#include "parley/api.h"
#include "relay/store.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace parley::relay {
struct App;

// Workspace `media_retry` (docs/channels.md, "WeCom"): rounds of fetching a media (each round is
// up to three tries a few seconds apart) before it is failed, the pause after the first failed
// round (doubling after each, up to max_ms).
struct MediaRetry {
  std::int64_t base_ms = 60000;
  std::int64_t max_ms = 3600000;
  int max_attempts = 6;
  std::int64_t delay_ms(int failed_rounds) const;
};
// Throws std::runtime_error naming the bad key.
MediaRetry media_retry_settings(const Json& workspace);

class WeComClient {
 public:
  WeComClient() = default;
  WeComClient(const WeComClient&) = delete;
  WeComClient& operator=(const WeComClient&) = delete;
  ~WeComClient();  // finishes the pull in flight, drops the rest (the cursor has not moved for them)
  // The cached token, fetched when there is none or it is about to expire; "" and `error` set
  // when gettoken fails.
  std::string token(App& app, std::string& error);
  void invalidate(const std::string& token);  // WeCom refused it: the next call fetches a new one
  void forget() { invalidate(current()); }
  std::string current() {
    std::lock_guard lock(mutex_);
    return token_;
  }
  // Pulls everything new for `open_kfid`; returns {stored, duplicates, pages} or {error}.
  Json pull(App& app, const std::string& open_kfid, const std::string& sync_token);
  // Queues a pull for the background thread (started on first use) and returns at once. Pulls of
  // one account queued while one waits are merged: the newest sync token is enough to fetch all.
  void schedule(App& app, const std::string& open_kfid, const std::string& sync_token);
  // Fetches one message's media now and records the outcome (Store::media_fetched); returns the
  // error {code, message} or null when the attachment was stored.
  Json fetch_media(App& app, const InboundMedia& media);
  void configure(const MediaRetry& retry) { retry_ = retry; }  // before start()
  // Starts the thread, so that its sweep runs (server start).
  void start(App& app);
  // Queues media fetches (media a crash left pending, found at start) for the background thread.
  void schedule_media(App& app, std::vector<InboundMedia> media);

 private:
  std::mutex mutex_;  // one gettoken at a time; pulls of one account in order
  std::string token_;
  std::int64_t expires_at_ = 0;

  MediaRetry retry_;
  std::chrono::milliseconds sweep_every() const;
  void run(App& app);
  void start_worker(App& app);  // with queue_mutex_ held
  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<std::pair<std::string, std::string>> queue_;  // (open_kfid, sync_token), oldest first
  std::deque<InboundMedia> media_;                          // fetches to do after the pulls
  bool stopping_ = false;
  std::thread worker_;
};
}  // namespace parley::relay
