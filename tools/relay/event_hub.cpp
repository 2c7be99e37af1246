// The in-memory side of live events (see event_hub.h).
#include "relay/event_hub.h"

namespace parley::relay {

void EventHub::publish(std::int64_t seq, std::string conversation_id, std::string visitor_id, std::string type,
                       std::string data) {
  {
    std::lock_guard lock(mutex_);
    std::string f = frame(seq, type, data);
    ring_.push_back(Event{++tick_, seq, std::move(conversation_id), std::move(visitor_id), std::move(type), std::move(data),
                          std::move(f)});
    if (ring_.size() > capacity_) ring_.pop_front();
  }
  wake_all();
}

std::uint64_t EventHub::current_tick() {
  std::lock_guard lock(mutex_);
  return tick_;
}

std::string EventHub::frame(std::int64_t seq, const std::string& type, const std::string& data) {
  std::string out;
  if (seq > 0) out += "id: " + std::to_string(seq) + "\n";
  out += "event: " + type + "\ndata: " + data + "\n\n";  // data is one line of JSON
  return out;
}

EventHub::Read EventHub::poll(std::uint64_t& after, const std::function<void(const Event&)>& each) {
  if (stopping_) return Read::stopping;
  std::lock_guard lock(mutex_);
  if (tick_ <= after) return Read::none;
  if (ring_.empty() || ring_.front().tick > after + 1) {
    after = tick_;
    return Read::gap;
  }
  // Ticks are consecutive in the ring, so the first wanted event is at a known index.
  for (std::size_t i = static_cast<std::size_t>(after + 1 - ring_.front().tick); i < ring_.size(); ++i) each(ring_[i]);
  after = tick_;
  return Read::events;
}

std::uint64_t EventHub::subscribe(std::function<void()> wake) {
  std::lock_guard lock(subscribers_mutex_);
  subscribers_.emplace_back(++next_subscriber_, std::move(wake));
  return next_subscriber_;
}

void EventHub::unsubscribe(std::uint64_t id) {
  std::lock_guard lock(subscribers_mutex_);
  for (std::size_t i = 0; i < subscribers_.size(); ++i)
    if (subscribers_[i].first == id) {
      subscribers_[i] = std::move(subscribers_.back());  // order does not matter
      subscribers_.pop_back();
      return;
    }
}

void EventHub::wake_all() {
  std::lock_guard lock(subscribers_mutex_);
  for (auto& [id, wake] : subscribers_) wake();
}

void EventHub::stop() {
  stopping_ = true;
  wake_all();
}
}  // namespace parley::relay
