// The in-memory side of live events (see event_hub.h).
#include "relay/event_hub.h"

namespace parley::relay {

void EventHub::publish(std::int64_t seq, std::string conversation_id, std::string visitor_id, std::string type,
                       std::string data) {
  {
    std::lock_guard lock(mutex_);
    ring_.push_back(Event{++tick_, seq, std::move(conversation_id), std::move(visitor_id), std::move(type), std::move(data)});
    if (ring_.size() > capacity_) ring_.pop_front();
  }
  cv_.notify_all();
}

std::uint64_t EventHub::current_tick() {
  std::lock_guard lock(mutex_);
  return tick_;
}

EventHub::Read EventHub::wait(std::uint64_t& after, std::vector<Event>& out, std::chrono::milliseconds timeout,
                              const std::function<bool(const Event&)>& keep) {
  std::unique_lock lock(mutex_);
  if (!cv_.wait_for(lock, timeout, [&] { return tick_ > after || stopping_; })) return Read::timeout;
  if (stopping_) return Read::stopping;
  if (ring_.empty() || ring_.front().tick > after + 1) {
    after = tick_;
    return Read::gap;
  }
  // Ticks are consecutive in the ring, so the first wanted event is at a known index.
  for (std::size_t i = static_cast<std::size_t>(after + 1 - ring_.front().tick); i < ring_.size(); ++i) {
    if (keep(ring_[i])) out.push_back(ring_[i]);
  }
  after = tick_;
  return Read::events;
}

void EventHub::stop() {
  stopping_ = true;
  cv_.notify_all();
}
}  // namespace parley::relay
