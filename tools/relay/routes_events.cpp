// GET /api/v1/events: Server-Sent Events, or a WebSocket for hosts that want one (the same route
// with `Upgrade: websocket`; RFC 6455, server to client only: one text message per event,
// {"id","event","data"}). Replays durable events after Last-Event-ID (SSE) or ?last_event_id=
// from SQLite, then follows the hub live; ephemeral typing events have no id. A stream is a BodyStream the
// event-driven server drives (server.cpp): it holds no thread while it waits, the hub wakes it on
// publish, and the server polls it at least every second for keep-alive comments and shutdown.
#include "relay/http.h"
#include "relay/router.h"
#include "relay/websocket.h"

#include <chrono>
#include <memory>

namespace parley::relay {
namespace {
using namespace http;
using Clock = std::chrono::steady_clock;

class Stream : public BodyStream {
 public:
  explicit Stream(App& app) : app_(app) {}
  ~Stream() override {
    if (subscription_) app_.hub.unsubscribe(subscription_);
    if (counted_) {
      --app_.hub.streams;
      if (caller.agent) --app_.hub.agent_streams;
    }
  }

  Caller caller;
  bool ws = false;            // WebSocket frames instead of SSE
  std::string conversation;   // "" = every conversation visible to the caller
  std::int64_t last_seq = 0;  // last durable event sent

  void count() {
    counted_ = true;
    ++app_.hub.streams;
    if (caller.agent) ++app_.hub.agent_streams;
  }

  bool websocket() const override { return ws; }

  void set_wake(std::function<void()> wake) override {
    subscription_ = app_.hub.subscribe(caller.agent ? "" : caller.visitor_id, std::move(wake));
  }

  Next poll(std::string& out) override {
    if (!started_) {
      started_ = true;
      tick_ = app_.hub.current_tick();  // before the replay: anything later is in the ring
      if (!ws) out += "retry: 2000\n: connected\n\n";
      return Next::replay;
    }
    const auto read = app_.hub.poll(tick_, [&](const Event& e) {
      if (!wants(e) || (e.seq > 0 && e.seq <= last_seq)) return;  // not for this stream, or already replayed
      if (ws) out += websocket::event_frame(e.seq, e.type, e.data);
      else out += e.frame;
      if (e.seq > 0) last_seq = e.seq;
    });
    switch (read) {
      case EventHub::Read::stopping:
        return Next::done;
      case EventHub::Read::gap:
        last_write_ = Clock::now();
        return Next::replay;
      case EventHub::Read::none:
        if (Clock::now() - last_write_ > std::chrono::seconds(5)) {
          last_write_ = Clock::now();
          out += ws ? websocket::ping_frame() : ": keep-alive\n\n";
        }
        return Next::wait;
      case EventHub::Read::events:
        break;
    }
    if (!out.empty()) last_write_ = Clock::now();
    return Next::wait;
  }

  // Durable events after last_seq from SQLite, in pages.
  void replay(std::string& out) override {
    for (;;) {
      auto events = app_.store.events_after(last_seq, caller.agent ? "" : caller.visitor_id, conversation, 500);
      for (const auto& e : events) {
        out += ws ? websocket::event_frame(e.seq, e.type, e.data) : EventHub::frame(e.seq, e.type, e.data);
        last_seq = e.seq;
      }
      if (events.size() < 500) return;
    }
  }

 private:
  bool wants(const Event& e) const {
    if (!conversation.empty() && e.conversation_id != conversation) return false;
    return caller.agent || e.visitor_id == caller.visitor_id;
  }

  App& app_;
  std::uint64_t tick_ = 0;  // hub position
  std::uint64_t subscription_ = 0;
  bool started_ = false, counted_ = false;
  Clock::time_point last_write_ = Clock::now();
};

void events(App& app, const Request& req, Response& res) {
  auto s = std::make_shared<Stream>(app);
  s->ws = websocket::check_upgrade(req);  // a malformed handshake is refused before anything else
  s->caller = authenticate(app, req, /*query_token=*/true);
  if (req.has_param("conversation")) s->conversation = visible_conversation(app, s->caller, req.get_param_value("conversation")).id;
  // EventSource resends the last id it saw in the Last-Event-ID header; a page restoring a
  // stream itself can pass ?last_event_id=. Without either, the stream starts now (the client
  // lists messages first).
  s->last_seq = query_int(req, "last_event_id", -1, 0, INT64_MAX);
  if (req.has_header("Last-Event-ID")) {
    const std::string id = req.get_header_value("Last-Event-ID");
    std::size_t used = 0;
    long long n = -1;
    try { n = std::stoll(id, &used); } catch (const std::exception&) { used = 0; }
    if (used == 0 || used != id.size() || n < 0)
      throw Error("invalid_value", "the Last-Event-ID header must be an event id (a non-negative integer)", "Last-Event-ID");
    s->last_seq = n;
  }
  if (s->last_seq < 0) s->last_seq = app.store.last_event_seq();
  s->count();
  if (s->ws) {
    res.status = 101;
    res.set_header("Upgrade", "websocket");
    res.set_header("Sec-WebSocket-Accept", websocket::accept_key(req.get_header_value("Sec-WebSocket-Key")));
    res.set_header("Cache-Control", "no-store");
    res.stream = std::move(s);
    return;
  }
  res.set_header("Content-Type", "text/event-stream");
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Accel-Buffering", "no");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.stream = std::move(s);
}
}  // namespace

void mount_event_routes(Router& server, App& app) {
  server.get("/api/v1/events", route([&app](const Request& req, Response& res) { events(app, req, res); }));
}
}  // namespace parley::relay
