// Live events for Server-Sent Events streams: a bounded in-memory ring of recent events that
// stream threads wait on. Durable events (message, read, status, …) are also in SQLite's `events`
// table with their global sequence, so a stream that fell behind the ring, or reconnects with
// Last-Event-ID (even after a restart), replays them from there. Typing is ephemeral (seq 0).
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace parley::relay {

struct Event {
  std::uint64_t tick = 0;  // in-memory order (every event)
  std::int64_t seq = 0;    // global durable sequence; 0 for ephemeral events
  std::string conversation_id;
  std::string visitor_id;  // the conversation's visitor, for filtering visitor streams
  std::string type;
  std::string data;  // JSON text
};

class EventHub {
 public:
  explicit EventHub(std::size_t capacity = 8192) : capacity_(capacity) {}

  // Publish in commit order (the Store calls this under its lock, right after COMMIT).
  void publish(std::int64_t seq, std::string conversation_id, std::string visitor_id, std::string type, std::string data);
  std::uint64_t current_tick();

  enum class Read { events, timeout, gap, stopping };
  // Wait up to `timeout` for events with tick > `after`; appends those passing `keep` to `out`
  // and advances `after`. `gap`: `after` already left the ring (replay from SQLite instead).
  Read wait(std::uint64_t& after, std::vector<Event>& out, std::chrono::milliseconds timeout,
            const std::function<bool(const Event&)>& keep);

  void stop();  // wakes every stream so the server can shut down
  bool stopping() const { return stopping_; }

  std::atomic<int> streams{0};
  std::atomic<int> agent_streams{0};

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Event> ring_;
  std::size_t capacity_;
  std::uint64_t tick_ = 0;
  std::atomic<bool> stopping_{false};
};
}  // namespace parley::relay
