// Live events across relay instances (shared store, PostgreSQL): a thread that follows the
// durable event log and publishes every new event to this instance's EventHub, in seq order,
// each once, whichever instance wrote it (this one's own writes too, so the hub's order is the
// log's order on every instance).
//
// Wake-up: LISTEN parley_events (each write batch NOTIFYs before its COMMIT; the notification is
// delivered at COMMIT), with a poll every 500 ms as the safety net for a lost notification or a
// connection that dropped. "Everything after the last seq published" is complete because writers
// take turns (sql_postgres.cpp): a seq never becomes visible after a higher one. When the database
// is unreachable the feed retries every 500 ms; nothing is skipped, as the next read starts at
// the last seq it published. A stream that falls behind the hub's ring replays from the log.
#pragma once
#include "relay/event_hub.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

namespace parley::relay {
class EventFeed {
 public:
  // Publishes the events after `after_seq` (the log's end when the relay starts).
  EventFeed(std::string where, EventHub& hub, std::int64_t after_seq);
  ~EventFeed();
  EventFeed(const EventFeed&) = delete;
  EventFeed& operator=(const EventFeed&) = delete;
  void start();
  void stop();
  std::int64_t published() const { return last_; }

 private:
  void run();
  std::string where_;
  EventHub& hub_;
  std::atomic<std::int64_t> last_;
  std::atomic<bool> stopping_{false};
  int wake_fd_ = -1;  // an eventfd: stop() interrupts the wait
  std::thread thread_;
};
}  // namespace parley::relay
