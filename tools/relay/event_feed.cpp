// The event feed (see event_feed.h).
#include "relay/event_feed.h"

#include "relay/sql.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <iostream>
#include <memory>

namespace parley::relay {
namespace {
constexpr int kPollMs = 500;   // the safety net under LISTEN/NOTIFY
constexpr int kPage = 1000;    // events read per query
}  // namespace

EventFeed::EventFeed(std::string where, EventHub& hub, std::int64_t after_seq)
    : where_(std::move(where)), hub_(hub), last_(after_seq), wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

EventFeed::~EventFeed() {
  stop();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void EventFeed::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void EventFeed::stop() {
  stopping_ = true;
  const std::uint64_t one = 1;
  if (wake_fd_ >= 0) [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
}

void EventFeed::run() {
  std::unique_ptr<sql::Connection> db;
  bool down = false;  // the database is unreachable: said once, not every retry
  while (!stopping_) {
    try {
      if (!db) {
        db = sql::open(where_);
        db->listen("parley_events");  // before the read: a commit after it is notified
      }
      for (;;) {  // everything after the last published event, in pages
        int n = 0;
        sql::Stmt s(*db, "SELECT seq, conversation_id, visitor_id, type, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?");
        s.bind(1, last_.load()).bind(2, std::int64_t{kPage});
        while (s.step()) {
          const std::int64_t seq = s.i64(0);
          hub_.publish(seq, s.text(1), s.text(2), s.text(3), s.text(4));
          last_ = seq;
          ++n;
        }
        if (n < kPage) break;
      }
      if (down) std::cerr << "parley relay: event feed: the database is back; live events resume from " << last_ << "\n";
      down = false;
      db->wait(kPollMs, wake_fd_);
    } catch (const std::exception& e) {
      if (!down) std::cerr << "parley relay: event feed: " << e.what() << " (retrying every " << kPollMs << " ms)\n";
      down = true;
      db.reset();
      pollfd fd{wake_fd_, POLLIN, 0};  // an interruptible pause before reconnecting (stop() writes the eventfd)
      ::poll(&fd, 1, kPollMs);
    }
  }
}
}  // namespace parley::relay
