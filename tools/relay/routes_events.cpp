// GET /api/v1/events: Server-Sent Events. Replays durable events after Last-Event-ID from SQLite,
// then follows the hub live; ephemeral typing events have no id. One thread per stream (see
// server.cpp), woken by the hub or every second to notice shutdown, with keep-alive comments.
#include "relay/http.h"

#include <chrono>
#include <memory>

namespace parley::relay {
namespace {
using namespace http;
using Clock = std::chrono::steady_clock;

struct Stream {
  Caller caller;
  std::string conversation;  // "" = every conversation visible to the caller
  std::int64_t last_seq = 0;  // last durable event sent
  std::uint64_t tick = 0;     // hub position
  bool started = false;
  Clock::time_point last_write = Clock::now();

  bool wants(const Event& e) const {
    if (!conversation.empty() && e.conversation_id != conversation) return false;
    return caller.agent || e.visitor_id == caller.visitor_id;
  }
};

std::string frame(const Event& e) {
  std::string out;
  if (e.seq > 0) out += "id: " + std::to_string(e.seq) + "\n";
  out += "event: " + e.type + "\ndata: " + e.data + "\n\n";  // data is one line of JSON
  return out;
}

// Durable events after s.last_seq from SQLite, in pages.
bool replay(App& app, Stream& s, httplib::DataSink& sink) {
  for (;;) {
    auto events = app.store.events_after(s.last_seq, s.caller.agent ? "" : s.caller.visitor_id, s.conversation, 500);
    for (const auto& e : events) {
      if (!sink.write(frame(e).data(), frame(e).size())) return false;
      s.last_seq = e.seq;
    }
    if (events.size() < 500) return true;
  }
}

bool pump(App& app, Stream& s, httplib::DataSink& sink) {
  if (!s.started) {
    s.started = true;
    s.tick = app.hub.current_tick();  // before the replay: anything later is in the ring
    const std::string hello = "retry: 2000\n: connected\n\n";
    if (!sink.write(hello.data(), hello.size())) return false;
    return replay(app, s, sink);
  }
  std::vector<Event> events;
  switch (app.hub.wait(s.tick, events, std::chrono::milliseconds(1000), [&s](const Event& e) { return s.wants(e); })) {
    case EventHub::Read::stopping:
      sink.done();
      return true;
    case EventHub::Read::gap:
      s.last_write = Clock::now();
      return replay(app, s, sink);
    case EventHub::Read::timeout:
      if (Clock::now() - s.last_write > std::chrono::seconds(5)) {
        s.last_write = Clock::now();
        static const std::string ping = ": keep-alive\n\n";
        return sink.write(ping.data(), ping.size());
      }
      return true;
    case EventHub::Read::events:
      break;
  }
  std::string out;
  for (const auto& e : events) {
    if (e.seq > 0 && e.seq <= s.last_seq) continue;  // already replayed
    out += frame(e);
    if (e.seq > 0) s.last_seq = e.seq;
  }
  if (out.empty()) return true;
  s.last_write = Clock::now();
  return sink.write(out.data(), out.size());
}

void events(App& app, const httplib::Request& req, httplib::Response& res) {
  auto s = std::make_shared<Stream>();
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
  ++app.hub.streams;
  if (s->caller.agent) ++app.hub.agent_streams;
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Accel-Buffering", "no");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_chunked_content_provider(
      "text/event-stream", [&app, s](std::size_t, httplib::DataSink& sink) { return pump(app, *s, sink); },
      [&app, s](bool) {
        --app.hub.streams;
        if (s->caller.agent) --app.hub.agent_streams;
      });
}
}  // namespace

void mount_event_routes(httplib::Server& server, App& app) {
  server.Get("/api/v1/events", route([&app](const httplib::Request& req, httplib::Response& res) { events(app, req, res); }));
}
}  // namespace parley::relay
