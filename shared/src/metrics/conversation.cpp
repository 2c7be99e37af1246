// The figures of each conversation. One pass over its events in time order; contacts linked
// across channels (link events) share their return-contact history for FCR and automation.
#include "parley/metrics.h"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace parley::metrics {
namespace {
// Contacts that are one person (union-find over link events).
class People {
 public:
  std::string root(const std::string& c) {
    auto it = parent_.find(c);
    if (it == parent_.end() || it->second == c) return c;
    return it->second = root(it->second);
  }
  void link(const std::string& a, const std::string& b) {
    const std::string ra = root(a), rb = root(b);
    if (ra != rb) parent_[std::max(ra, rb)] = std::min(ra, rb);  // order-independent roots
  }

 private:
  std::unordered_map<std::string, std::string> parent_;
};

// Is there a customer message of `times` (sorted) in (from, to]?
bool contact_between(const std::vector<std::int64_t>& times, std::int64_t from, std::int64_t to) {
  auto it = std::upper_bound(times.begin(), times.end(), from);
  return it != times.end() && *it <= to;
}

struct Work {
  Conversation c;
  std::vector<const Event*> events;
  std::optional<std::int64_t> first_resolved, last_resolved;
  bool resolved_now = false;
  std::set<std::string> repliers;
  bool transferred = false;
};
}  // namespace

std::vector<Conversation> conversations(const std::vector<Event>& all, const Settings& s, std::int64_t now) {
  std::vector<const Event*> events;  // in time order, ties in input order (the events themselves are not copied)
  events.reserve(all.size());
  for (const auto& e : all) events.push_back(&e);
  std::stable_sort(events.begin(), events.end(), [](const Event* a, const Event* b) { return a->at < b->at; });
  People people;
  for (const Event* e : events)
    if (e->type == "link") people.link(e->contact, e->same_as);

  std::vector<Work> work;
  std::unordered_map<std::string, std::size_t> index;
  for (const Event* e : events) {
    if (e->type == "link") continue;
    auto [it, fresh] = index.emplace(e->conversation, work.size());
    if (fresh) {
      work.emplace_back();
      work.back().c.id = e->conversation;
      work.back().c.started_at = e->at;
    }
    work[it->second].events.push_back(e);
  }
  // Attributes first (the last value given wins), so every event knows its contact.
  for (auto& w : work)
    for (const Event* e : w.events) {
      if (!e->contact.empty()) w.c.contact = e->contact;
      if (!e->channel.empty()) w.c.channel = e->channel;
      if (!e->intent.empty()) w.c.intent = e->intent;
      if (!e->queue.empty()) w.c.queue = e->queue;
    }
  // Every customer message of each person, across conversations and channels.
  std::unordered_map<std::string, std::vector<std::int64_t>> contacts;
  for (auto& w : work) {
    const std::string person = people.root(w.c.contact.empty() ? "conversation:" + w.c.id : w.c.contact);
    for (const Event* e : w.events)
      if (e->type == "message" && e->sender == Sender::customer) contacts[person].push_back(e->at);
  }
  for (auto& [p, times] : contacts) std::sort(times.begin(), times.end());

  std::vector<Conversation> out;
  out.reserve(work.size());
  for (auto& w : work) {
    Conversation& c = w.c;
    const std::string person = people.root(c.contact.empty() ? "conversation:" + c.id : c.contact);
    std::optional<std::int64_t> clock;         // first-response clock
    std::vector<std::int64_t> waiting;         // customer messages without a human reply yet
    std::vector<std::string> known;            // values given so far (re-explanations)
    std::string first_replier, assigned;
    std::int64_t handle_ms = 0, outbound = 0;
    for (const Event* e : w.events) {
      if (e->type == "message") {
        if (e->sender == Sender::customer) {
          if (!clock) clock = e->at;
          if (s.response_each_message || waiting.empty()) waiting.push_back(e->at);
          if (!w.first_resolved) ++c.customer_messages;
          bool repeats = false;
          for (auto& v : entities(e->text).values) {
            if (std::find(known.begin(), known.end(), v) != known.end()) repeats = true;
            else known.push_back(std::move(v));
          }
          c.re_explanations += repeats;
        } else if (e->is_public && (e->sender == Sender::human || e->sender == Sender::bot)) {
          ++outbound;
          if (e->sender == Sender::human) {
            ++c.human_replies;
            handle_ms += e->handle_ms >= 0 ? e->handle_ms : s.default_handle_ms;
            if (!e->agent.empty()) {
              w.repliers.insert(e->agent);
              if (first_replier.empty()) first_replier = e->agent;
            }
            if (!c.first_response_ms && clock) {
              c.first_response_ms = e->at - *clock;
              c.first_response_business_ms = s.business_ms ? s.business_ms(*clock, e->at) : e->at - *clock;
            }
            for (std::int64_t t : waiting) c.response_ms.push_back(e->at - t);
            waiting.clear();
          }
        }
      } else if (e->type == "status") {
        const bool resolving = e->status == "resolved" || e->status == "closed";
        if (resolving) {
          if (!w.first_resolved) w.first_resolved = e->at;
          w.last_resolved = e->at;
          w.resolved_now = true;
        } else if (w.resolved_now || e->status == "reopened") {
          w.resolved_now = false;
          if (!c.first_response_ms && clock) clock = e->at;  // a reopen restarts a running clock
        }
      } else if (e->type == "handoff") {
        if (!c.first_response_ms && clock) clock = e->at;  // the bot hands over: a person's clock starts now
      } else if (e->type == "assignment") {
        assigned = e->agent;
      } else if (e->type == "transfer") {
        w.transferred = true;
        if (e->transfer == "channel") ++c.channel_transfers;
        if (e->transfer == "agent" && !e->agent.empty()) assigned = e->agent;
      } else if (e->type == "csat_request") {
        c.csat_requested = true;
      } else if (e->type == "csat") {
        c.csat_requested = true;
        c.csat = e->score;
      } else if (e->type == "fields") {
        for (const auto& v : e->values)
          for (auto& x : entities(v).values)
            if (std::find(known.begin(), known.end(), x) == known.end()) known.push_back(std::move(x));
      }
    }
    c.agent = !assigned.empty() ? assigned : first_replier;
    c.day = s.local_day ? s.local_day(c.started_at) : std::string();
    if (w.first_resolved) c.first_resolution_ms = *w.first_resolved - c.started_at;
    if (w.resolved_now) {
      c.full_resolution_ms = *w.last_resolved - c.started_at;
      if (c.human_replies > 0) c.human_resolution_ms = c.full_resolution_ms;
    }
    const auto& times = contacts[person];
    // FCR-7d: one agent's replies, no transfer or escalation, nobody back within the window.
    if (w.first_resolved && c.human_replies > 0) {
      const std::int64_t r = *w.first_resolved;
      if (contact_between(times, r, r + s.fcr_window_ms)) c.fcr_7d = false;
      else if (w.repliers.size() > 1 || w.transferred) c.fcr_7d = false;
      else if (now >= r + s.fcr_window_ms) c.fcr_7d = true;
    }
    if (!w.resolved_now) c.resolution_type = "unresolved";
    else if (c.human_replies > 0) c.resolution_type = "human";
    else {
      const std::int64_t r = *w.last_resolved;
      if (contact_between(times, r, r + s.automation_return_ms)) c.resolution_type = "automation_returned";
      else if (now >= r + s.automation_confirm_ms) c.resolution_type = "automated";
      else c.resolution_type = "automation_pending";
    }
    const auto per = s.message_micros.find(c.channel);
    c.cost_micros = handle_ms * s.agent_hour_micros / 3600000 + outbound * (per == s.message_micros.end() ? 0 : per->second);
    out.push_back(std::move(c));
  }
  return out;
}
}  // namespace parley::metrics
