// The in-memory side of live events (see event_hub.h).
#include "relay/event_hub.h"

namespace parley::relay {

void EventHub::publish(std::int64_t seq, std::string conversation_id, std::string visitor_id, std::string type,
                       std::string data) {
  {
    std::lock_guard lock(mutex_);
    std::string f = frame(seq, type, data);
    ring_.push_back(Event{++tick_, seq, std::move(conversation_id), visitor_id, std::move(type), std::move(data),
                          std::move(f)});
    if (ring_.size() > capacity_) ring_.pop_front();
  }
  wake(&visitor_id);
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

std::uint64_t EventHub::subscribe(std::string visitor_id, std::function<void()> wake) {
  std::lock_guard lock(subscribers_mutex_);
  const auto id = ++next_subscriber_;
  (visitor_id.empty() ? everything_ : by_visitor_[visitor_id]).push_back({id, std::move(wake)});
  visitor_of_[id] = std::move(visitor_id);
  return id;
}

void EventHub::unsubscribe(std::uint64_t id) {
  std::lock_guard lock(subscribers_mutex_);
  const auto key = visitor_of_.find(id);
  if (key == visitor_of_.end()) return;
  auto list = key->second.empty() ? &everything_ : &by_visitor_[key->second];
  for (std::size_t i = 0; i < list->size(); ++i)
    if ((*list)[i].id == id) {
      (*list)[i] = std::move(list->back());  // order does not matter
      list->pop_back();
      break;
    }
  if (!key->second.empty() && list->empty()) by_visitor_.erase(key->second);
  visitor_of_.erase(key);
}

void EventHub::wake(const std::string* visitor_id) {
  std::lock_guard lock(subscribers_mutex_);
  for (auto& s : everything_) s.wake();
  if (!visitor_id) {
    for (auto& [v, list] : by_visitor_)
      for (auto& s : list) s.wake();
  } else if (auto it = by_visitor_.find(*visitor_id); it != by_visitor_.end()) {
    for (auto& s : it->second) s.wake();
  }
}

void EventHub::stop() {
  stopping_ = true;
  wake(nullptr);
}
}  // namespace parley::relay
