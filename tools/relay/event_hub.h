// Live events for Server-Sent Events streams: a bounded in-memory ring of recent events that
// streams read without blocking; each stream subscribes a wake-up the hub calls on publish
// (only for events it may see). Durable events (message, read, status, …) are also in SQLite's
// `events` table with their global sequence, so a stream that fell behind the ring, or reconnects with
// Last-Event-ID (even after a restart), replays them from there. Typing is ephemeral (seq 0).
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace parley::relay {

struct Event {
  std::uint64_t tick = 0;  // in-memory order (every event)
  std::int64_t seq = 0;    // global durable sequence; 0 for ephemeral events
  std::string conversation_id;
  std::string visitor_id;  // the conversation's visitor, for filtering visitor streams
  std::string type;
  std::string data;  // JSON text
  std::string frame;  // the SSE frame, made once at publish for every stream that sends it
};

class EventHub {
 public:
  explicit EventHub(std::size_t capacity = 8192) : capacity_(capacity) {}

  // Publish in commit order (the Store calls this under its lock, right after COMMIT).
  void publish(std::int64_t seq, std::string conversation_id, std::string visitor_id, std::string type, std::string data);
  std::uint64_t current_tick();

  enum class Read { events, none, gap, stopping };
  // Events with tick > `after` (never blocks): calls `each` on them, under the hub's lock (so it
  // must be quick: no copies), and advances `after`. `gap`: `after` already left the ring
  // (replay from SQLite instead).
  Read poll(std::uint64_t& after, const std::function<void(const Event&)>& each);

  // `wake` is called (from the publishing thread) after a publish of an event of `visitor_id`'s
  // conversations ("" = every event: agents) and at stop(); it must only schedule work, never
  // block. So one visitor's message wakes the agents and that visitor, not every open stream.
  std::uint64_t subscribe(std::string visitor_id, std::function<void()> wake);
  void unsubscribe(std::uint64_t id);

  void stop();  // wakes every stream so the server can shut down
  static std::string frame(std::int64_t seq, const std::string& type, const std::string& data);
  bool stopping() const { return stopping_; }

  std::atomic<int> streams{0};
  std::atomic<int> agent_streams{0};

 private:
  void wake(const std::string* visitor_id);  // nullptr: everyone
  std::mutex mutex_;
  std::mutex subscribers_mutex_;
  struct Subscriber {
    std::uint64_t id;
    std::function<void()> wake;
  };
  std::vector<Subscriber> everything_;  // agents
  std::unordered_map<std::string, std::vector<Subscriber>> by_visitor_;
  std::unordered_map<std::uint64_t, std::string> visitor_of_;  // subscription -> its key
  std::uint64_t next_subscriber_ = 0;
  std::deque<Event> ring_;
  std::size_t capacity_;
  std::uint64_t tick_ = 0;
  std::atomic<bool> stopping_{false};
};
}  // namespace parley::relay
