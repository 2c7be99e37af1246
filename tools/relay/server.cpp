// The relay's HTTP/1.1 server: event-driven on Boost.Asio with C++20 coroutines, one coroutine
// per connection, on a small fixed number of I/O threads each running its own event loop. Idle keep-alive
// connections and Server-Sent Events streams cost a coroutine frame and a socket, not a thread.
//
// Route handlers call SQLite, whose durable commits wait for an fsync: they run on a separate
// fixed pool of worker threads so the I/O threads never block. The pool is also what lets group
// commit batch several writers into one fsync (store.h).
//
// Requests are read by http1::RequestReader (strict framing, limits); timeouts: a connection
// idle between requests is closed after kIdle, a request header must arrive within kHeader of
// its first byte, a body must keep arriving (kBodyGap), a write must finish within kWrite; a
// connection past its deadline is simply closed. Pipelined requests are answered one after another, in order. Every error the server
// itself answers closes the connection after the answer (lingering a moment so the client reads it).
#include "relay/server.h"
#include "relay/websocket.h"

#include "relay/http_parser.h"
#include "relay/router.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <array>
#include <functional>
#include <optional>
#include <atomic>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace parley::relay {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {
constexpr auto kIdle = 5s;       // between requests on a keep-alive connection
constexpr auto kHeader = 8s;     // from a request's first byte to the end of its header
constexpr auto kBodyGap = 10s;   // longest silence while a body arrives
constexpr auto kWrite = 30s;     // one write (a client that stops reading is dropped)
constexpr auto kLinger = 2s;     // reading and discarding after an error answer (at most 16 MiB)
constexpr std::size_t kReadChunk = 16 * 1024;

// An SSE stream's wake-up: the hub may call it from any thread; the cancel runs on the stream's loop.
struct Waker {
  explicit Waker(const asio::any_io_executor& ex) : timer(ex) {}
  asio::steady_timer timer;
  bool streaming = true;   // the stream's session still runs (set on its loop only)
  bool hung_up = false;    // the client closed its side
  bool woken = false;      // the hub has published since the last poll
  bool waiting = false;    // the session is parked on `timer` (not writing, not replaying)
  // While waiting: poll the stream and write what it has, on the loop's thread, without waking
  // the session; false when the session must take over (a replay, the end, a full socket buffer).
  std::function<bool()> deliver;
};

// Write `out` as one HTTP chunk without blocking: what the socket takes now is sent, and whatever
// does not fit is left in `rest` for an asynchronous write. False when the connection failed.
// A WebSocket stream's bytes are frames already: written as they are.
bool write_chunk_now(tcp::socket& socket, const std::string& out, std::string& rest, bool chunked = true) {
  char size[20];
  const int len = chunked ? std::snprintf(size, sizeof size, "%zx\r\n", out.size()) : 0;
  const std::array<asio::const_buffer, 3> framed{asio::buffer(size, static_cast<std::size_t>(len)), asio::buffer(out),
                                                 asio::buffer("\r\n", chunked ? 2 : 0)};  // one chunk, one writev, no copy
  boost::system::error_code ec;
  if (!socket.non_blocking()) socket.non_blocking(true, ec);
  const std::size_t written = ec ? 0 : socket.write_some(framed, ec);
  if (ec && ec != asio::error::would_block && ec != asio::error::try_again) return false;
  std::size_t skip = written;
  for (const auto& b : framed) {
    const auto* p = static_cast<const char*>(b.data());
    if (skip >= b.size()) { skip -= b.size(); continue; }
    rest.append(p + skip, b.size() - skip);
    skip = 0;
  }
  return true;
}

// While a stream is open, a read stays pending so a client that goes away is noticed (and its
// stream freed) at once rather than at the next keep-alive write. Once the read completes it
// touches the connection again only if the stream still runs (same loop thread: no race).
// One event loop per I/O thread: its own single-threaded io_context, so nothing in the hot path
// is shared between the I/O threads; connections are spread over the loops in turn. A publish
// wakes a loop's streams in one batch: the hub's thread appends them here, and the first append
// posts the one handler that cancels their timers on the loop's own thread.
struct Loop {
  asio::io_context ctx{1};
  asio::executor_work_guard<asio::io_context::executor_type> work{ctx.get_executor()};
  std::mutex wake_mutex;
  std::vector<std::weak_ptr<Waker>> to_wake;

  void wake(std::weak_ptr<Waker> w) {
    bool first = false;
    {
      std::lock_guard lock(wake_mutex);
      first = to_wake.empty();
      to_wake.push_back(std::move(w));
    }
    if (!first) return;
    asio::post(ctx, [this] {
      std::vector<std::weak_ptr<Waker>> batch;
      {
        std::lock_guard lock(wake_mutex);
        batch.swap(to_wake);
      }
      for (auto& weak : batch)
        if (auto s = weak.lock()) {
          if (s->waiting && s->streaming && !s->hung_up && s->deliver && s->deliver()) continue;  // written in place
          s->woken = true;  // also seen when the stream was busy writing, not waiting
          s->timer.cancel();
        }
    });
  }
};

// A WebSocket client's frames are read too: its close (or a frame that breaks RFC 6455) ends the stream.
asio::awaitable<void> watch_hangup(boost::beast::tcp_stream& stream, std::shared_ptr<Waker> w, bool websocket) {
  char ignored[512];
  websocket::ClientReader frames;
  for (;;) {
    auto [ec, n] = co_await stream.async_read_some(asio::buffer(ignored), asio::as_tuple(asio::use_awaitable));
    if (!w->streaming) co_return;
    if (ec) break;
    if (websocket && frames.feed(std::string_view(ignored, n)) != websocket::ClientReader::State::open) break;
  }
  w->hung_up = true;
  w->timer.cancel();
}
}  // namespace

struct Server::Impl {
  Impl(App& app_, const Options& o)
      : app(app_),
        options(o),
        loops(make_loops(o.io_threads)),
        acceptor(loops[0]->ctx),
        pool(static_cast<std::size_t>(std::max(1, o.workers))),
        watcher(loops[0]->ctx) {}

  static std::vector<std::unique_ptr<Loop>> make_loops(int n) {
    std::vector<std::unique_ptr<Loop>> out;
    for (int i = 0; i < std::max(1, n); ++i) out.push_back(std::make_unique<Loop>());
    return out;
  }

  App& app;
  Options options;
  Router router;
  // Live connections: per client address (the cap) and for closing idle ones at shutdown.
  // Declared before the loops: sessions still suspended when a loop is destroyed (a forced
  // stop) unwind then and still use these.
  std::mutex conn_mutex;
  std::map<std::string, int> per_address;
  struct Closer {
    asio::any_io_executor loop;
    std::function<void()> close_if_idle;  // touches the connection: only on its loop
  };
  std::unordered_map<std::uint64_t, Closer> closers;
  std::chrono::steady_clock::time_point shutdown_started;
  std::uint64_t next_conn = 0;
  std::vector<std::unique_ptr<Loop>> loops;
  std::size_t next_loop = 0;
  tcp::acceptor acceptor;
  asio::thread_pool pool;
  asio::steady_timer watcher;
  http1::Limits limits;
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> draining{false};


  asio::awaitable<void> accept_loop();
  asio::awaitable<void> session(tcp::socket socket, std::string address, Loop& loop);
  asio::awaitable<void> stream_events(boost::beast::tcp_stream& stream, Response& res, Loop& loop);
  asio::awaitable<void> answer_and_close(boost::beast::tcp_stream& stream, Response res);
  asio::awaitable<Response> handle(Request& req);
  void watch();
  void begin_shutdown();
};


asio::awaitable<Response> Server::Impl::handle(Request& req) {
  // On a worker thread: routes may block on SQLite.
  co_return co_await asio::co_spawn(
      pool,
      [this, &req]() -> asio::awaitable<Response> {
        Response res;
        try {
          if (!router.dispatch(req, res)) res = http1::error_response(404, "not_found", "no such resource");
        } catch (const HttpError& e) {
          res = http1::error_response(e.status, e.code, e.what());
        } catch (const std::exception& e) {
          std::cerr << "parley relay: " << req.method << " " << req.path << ": " << e.what() << "\n";
          res = http1::error_response(500, "internal", "internal error; nothing was stored");
        }
        if (res.status >= 400 && res.body.empty() && !res.stream) {
          const int status = res.status;
          res = http1::error_response(status, "http_" + std::to_string(status), "HTTP status " + std::to_string(status));
        }
        co_return res;
      },
      asio::use_awaitable);
}

// Answer an error the server found itself, then close: stop sending, read and discard briefly so
// the client gets the answer rather than a reset, and go.
asio::awaitable<void> Server::Impl::answer_and_close(boost::beast::tcp_stream& stream, Response res) {
  const std::string head = http1::serialize_head(res, /*keep_alive=*/false, /*chunked=*/false);
  stream.expires_after(kWrite);
  std::array<asio::const_buffer, 2> out{asio::buffer(head), asio::buffer(res.body)};
  auto [ec, n] = co_await asio::async_write(stream, out, asio::as_tuple(asio::use_awaitable));
  if (ec) co_return;
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.expires_after(kLinger);
  std::string sink(4096, '\0');
  for (std::size_t total = 0; total < (16u << 20);) {  // a flood still in flight must not reset the answer away
    auto [rec, got] = co_await stream.async_read_some(asio::buffer(sink), asio::as_tuple(asio::use_awaitable));
    if (rec) break;
    total += got;
  }
  stream.close();
}

asio::awaitable<void> Server::Impl::stream_events(boost::beast::tcp_stream& stream, Response& res, Loop& loop) {
  auto body = res.stream;
  auto waker = std::make_shared<Waker>(stream.get_executor());
  body->set_wake([&loop, weak = std::weak_ptr<Waker>(waker)] { loop.wake(weak); });
  struct Done {  // however the stream ends, the hang-up watcher must not touch the connection again
    Waker& w;
    ~Done() { w.streaming = false; }
  } done{*waker};
  // A publish's common case, run by the loop's wake handler while this session is parked: poll
  // and write in place (no timer cancel, no resumption). Whatever it cannot finish — bytes the
  // socket did not take, a replay, the end — it leaves in the waker for the session, which it wakes.
  std::string unsent;                        // framed bytes still to write (asynchronously)
  std::optional<BodyStream::Next> carried;   // a poll's answer the session has not acted on yet
  const bool chunked = !body->websocket();
  waker->deliver = [&stream, &unsent, &carried, body, chunked, w = waker.get()]() {
    if (!unsent.empty() || carried) return false;  // the session is about to act: nothing may overtake it
    std::string out;
    const auto next = body->poll(out);
    if (!out.empty() && !write_chunk_now(stream.socket(), out, unsent, chunked)) {
      w->hung_up = true;
      return false;
    }
    if (next != BodyStream::Next::wait) carried = next;
    return next == BodyStream::Next::wait && unsent.empty();
  };
  const std::string head = http1::serialize_head(res, /*keep_alive=*/false, chunked);
  stream.expires_after(kWrite);
  if (auto [ec, n] = co_await asio::async_write(stream, asio::buffer(head), asio::as_tuple(asio::use_awaitable)); ec) co_return;
  stream.expires_never();
  asio::co_spawn(stream.get_executor(), watch_hangup(stream, waker, !chunked), asio::detached);
  for (;;) {
    if (waker->hung_up) co_return;
    if (!unsent.empty()) {  // the socket's buffer was full: wait for room, under the write timeout
      const std::string rest = std::move(unsent);
      unsent.clear();
      stream.expires_after(kWrite);
      auto [ec, n] = co_await asio::async_write(stream, asio::buffer(rest), asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;  // the client is gone (or stopped reading)
      stream.expires_never();
    }
    std::string out;
    BodyStream::Next next;
    if (carried) {
      next = *carried;
      carried.reset();
    } else {
      next = body->poll(out);
    }
    if (next == BodyStream::Next::replay) {
      // SQLite: on a worker thread, then back on this stream's loop.
      co_await asio::co_spawn(
          pool, [&]() -> asio::awaitable<void> { body->replay(out); co_return; }, asio::use_awaitable);
    }
    // Written at once when the socket's buffer has room (almost always): no timer armed.
    if (!out.empty() && !write_chunk_now(stream.socket(), out, unsent, chunked)) co_return;  // the client is gone
    if (!unsent.empty()) continue;
    if (next == BodyStream::Next::done) break;
    if (next == BodyStream::Next::replay || waker->woken) {  // poll again: something may have come meanwhile
      waker->woken = false;
      continue;
    }
    waker->timer.expires_after(1s);
    boost::system::error_code ignored;
    waker->waiting = true;
    co_await waker->timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    waker->waiting = false;
    waker->woken = false;
  }
  // The end: the last chunk, or a WebSocket close "going away" (the relay is stopping).
  const std::string last = chunked ? std::string("0\r\n\r\n") : websocket::close_frame(1001);
  stream.expires_after(1s);
  co_await asio::async_write(stream, asio::buffer(last), asio::as_tuple(asio::use_awaitable));
  stream.close();
}

asio::awaitable<void> Server::Impl::session(tcp::socket socket, std::string address, Loop& loop) {
  boost::beast::tcp_stream stream(std::move(socket));
  std::uint64_t id = 0;
  bool idle = true;  // waiting for a request's first byte: may be closed at shutdown
  {
    std::lock_guard lock(conn_mutex);
    id = ++next_conn;
    closers[id] = Closer{stream.get_executor(), [&stream, &idle] {
                           if (idle) stream.socket().close();
                         }};
  }
  struct Leave {
    Impl* impl;
    std::uint64_t id;
    std::string address;
    ~Leave() {
      std::lock_guard lock(impl->conn_mutex);
      impl->closers.erase(id);
      if (--impl->per_address[address] <= 0) impl->per_address.erase(address);
    }
  } leave{this, id, address};

  std::string buf;
  for (;;) {
    http1::RequestReader reader(limits);
    bool started = !buf.empty(), continued = false;
    idle = !started;
    if (idle && draining) co_return;
    stream.expires_after(started ? kHeader : kIdle);
    for (;;) {
      if (!buf.empty()) {
        idle = false;
        const std::size_t used = reader.feed(buf);
        buf.erase(0, used);
      }
      if (reader.error()) {
        const auto& e = *reader.error();
        co_await answer_and_close(stream, http1::error_response(e.status, e.code, e.what()));
        co_return;
      }
      if (reader.done()) break;
      if (reader.header_done() && !continued) {
        continued = true;
        if (reader.expects_continue()) {
          static const std::string go = "HTTP/1.1 100 Continue\r\n\r\n";
          stream.expires_after(kWrite);
          if (auto [ec, n] = co_await asio::async_write(stream, asio::buffer(go), asio::as_tuple(asio::use_awaitable)); ec) co_return;
        }
      }
      if (reader.header_done()) stream.expires_after(kBodyGap);
      const std::size_t old = buf.size();
      buf.resize(old + kReadChunk);
      auto [ec, n] = co_await stream.async_read_some(asio::buffer(buf.data() + old, kReadChunk), asio::as_tuple(asio::use_awaitable));
      buf.resize(old + n);
      if (ec) co_return;  // gone, or too slow: Beast's timeout has closed the socket
      if (!started) {
        started = true;
        idle = false;
        stream.expires_after(kHeader);
      }
    }
    stream.expires_never();
    const bool keep_alive = reader.keep_alive() && !draining;  // before take(): it moves the message out
    Request req;
    std::optional<Response> refused;
    try {
      req = reader.take();
    } catch (const HttpError& e) {
      refused = http1::error_response(e.status, e.code, e.what());
    }
    if (refused) {
      co_await answer_and_close(stream, std::move(*refused));
      co_return;
    }
    req.remote_addr = address;
    const bool head = req.method == "HEAD";
    Response res = co_await handle(req);
    if (res.stream && head) res.stream.reset();  // HEAD of an event stream: the header only
    if (res.stream) {
      std::string().swap(buf);  // an event stream reads nothing more
      co_await stream_events(stream, res, loop);
      co_return;
    }
    const std::string head_text = http1::serialize_head(res, keep_alive && !draining, /*chunked=*/false);
    // A large file to a slow client (a core on a phone) may take longer: 32 KiB/s more.
    stream.expires_after(kWrite + std::chrono::seconds(res.body.size() / (32 * 1024)));
    std::array<asio::const_buffer, 2> out{asio::buffer(head_text), asio::buffer(head ? std::string_view() : std::string_view(res.body))};
    auto [ec, n] = co_await asio::async_write(stream, out, asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    if (!keep_alive || draining) {
      boost::system::error_code ignored;
      stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
      co_return;
    }
  }
}

asio::awaitable<void> Server::Impl::accept_loop() {
  for (;;) {
    Loop& loop = *loops[next_loop++ % loops.size()];
    auto [ec, socket] = co_await acceptor.async_accept(loop.ctx, asio::as_tuple(asio::use_awaitable));
    if (stop_requested || !acceptor.is_open()) co_return;
    if (ec) {
      // Out of descriptors (EMFILE/ENFILE): back off instead of spinning on the pending connection.
      asio::steady_timer pause(loops[0]->ctx, 100ms);
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    boost::system::error_code aec;
    const auto remote = socket.remote_endpoint(aec);
    if (aec) continue;
    socket.set_option(tcp::no_delay(true), aec);
    std::string address = remote.address().to_string();
    bool over = false;
    {
      std::lock_guard lock(conn_mutex);
      const int n = ++per_address[address];
      over = options.max_connections_per_address > 0 && n > options.max_connections_per_address;
    }
    auto ex = socket.get_executor();
    if (over) {
      asio::co_spawn(
          ex,
          [this, s = std::move(socket), address]() mutable -> asio::awaitable<void> {
            boost::beast::tcp_stream stream(std::move(s));
            auto res = http1::error_response(503, "too_many_connections",
                                             "this address has " + std::to_string(options.max_connections_per_address) +
                                                 " connections open already");
            res.set_header("Retry-After", "1");
            co_await answer_and_close(stream, std::move(res));
            std::lock_guard lock(conn_mutex);
            if (--per_address[address] <= 0) per_address.erase(address);
          },
          asio::detached);
      continue;
    }
    asio::co_spawn(ex, session(std::move(socket), std::move(address), loop), asio::detached);
  }
}

// stop() only sets a flag (it may run in a signal handler); this timer acts on it.
// After shutdown began it waits for the connections to finish, at most kShutdownGrace.
void Server::Impl::watch() {
  watcher.expires_after(100ms);
  watcher.async_wait([this](const boost::system::error_code&) {
    if (stop_requested && !draining) begin_shutdown();
    if (draining) {
      std::size_t open = 0;
      {
        std::lock_guard lock(conn_mutex);
        open = closers.size();
      }
      if (open == 0) {  // nothing left: run() returns once the last handlers complete
        for (auto& l : loops) l->work.reset();
        return;
      }
      if (std::chrono::steady_clock::now() - shutdown_started > 3s) {
        for (auto& l : loops) l->ctx.stop();
        return;
      }
    }
    watch();
  });
}

void Server::Impl::begin_shutdown() {
  draining = true;
  boost::system::error_code ignored;
  acceptor.close(ignored);
  app.hub.stop();  // streams end at once
  shutdown_started = std::chrono::steady_clock::now();
  std::vector<std::pair<std::uint64_t, asio::any_io_executor>> open;
  {
    std::lock_guard lock(conn_mutex);
    for (auto& [id, c] : closers) open.emplace_back(id, c.loop);
  }
  for (auto& [id, loop] : open) {
    asio::post(loop, [this, id = id] {
      std::function<void()> close;
      {
        std::lock_guard lock(conn_mutex);
        auto it = closers.find(id);
        if (it == closers.end()) return;  // that connection has ended meanwhile
        close = it->second.close_if_idle;
      }
      close();
    });
  }
}

Server::Server(Options options) : app_(std::make_unique<App>(std::move(options))) {
  impl_ = std::make_unique<Impl>(*app_, app_->options);
  mount_static(impl_->router, app_->options, app_->embed_origins, app_->assist_hosts, app_->connect_origins);
  mount_api(impl_->router, *app_);
  impl_->router.get("/healthz", [](const Request&, Response& res) { res.set_content(R"({"ok":true})", "application/json"); });
}

Server::~Server() = default;

bool Server::bind() {
  const auto& o = app_->options;
  boost::system::error_code ec;
  auto address = asio::ip::make_address(o.host == "localhost" ? "127.0.0.1" : o.host, ec);
  if (ec) return false;
  tcp::endpoint endpoint(address, static_cast<unsigned short>(o.port));
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (ec) return false;
  a.set_option(tcp::acceptor::reuse_address(true), ec);
  a.bind(endpoint, ec);
  if (ec) return false;
  a.listen(asio::socket_base::max_listen_connections, ec);  // bursts of new streams need a deep backlog
  if (ec) return false;
  port_ = a.local_endpoint().port();
  app_->port = port_;
  return true;
}

void Server::run() {
  auto& impl = *impl_;
  asio::co_spawn(impl.loops[0]->ctx, impl.accept_loop(), asio::detached);
  impl.watch();
  if (app_->feed) app_->feed->start();
  app_->outbox->start();
  if (app_->self_service) app_->self_service->start();
  // WeCom pulls a callback asked for that a killed relay never finished.
  if (app_->channels.configured("wecom")) {
    app_->wecom.start(*app_);  // its sweep retries media whose fetch failed
    for (const auto& [account, sync_token] : app_->store.pending_pulls("wecom")) app_->wecom.schedule(*app_, account, sync_token);
    app_->wecom.schedule_media(*app_, app_->store.pending_media("wecom"));  // and media a killed relay stored but never fetched
  }
  std::vector<std::thread> io;
  for (std::size_t i = 1; i < impl.loops.size(); ++i) io.emplace_back([&impl, i] { impl.loops[i]->ctx.run(); });
  impl.loops[0]->ctx.run();
  for (auto& t : io) t.join();
  impl.pool.join();
  if (app_->self_service) app_->self_service->stop();
  app_->outbox->stop();
  if (app_->feed) app_->feed->stop();
}

void Server::stop() { impl_->stop_requested = true; }
}  // namespace parley::relay
