// `parley bench relay`: the relay's figures on loopback, bounded in count and time.
//   - messages/s durably stored (SQLite WAL, synchronous=FULL) through the HTTP API by N writers,
//     checked against the number of rows afterwards; baseline in the same run: bare SQLite
//     single-row durable commits on the same disk (the ceiling for one fsync'd row per request);
//   - SSE streams held open at once, and the time for one message to reach all of them, with the
//     relay's thread count and resident memory while they are open; then the same again under a
//     side load of slowloris clients (one header line every 2 s) and header floods; beside it, the
//     floor: the same frame sent by bare send() calls to as many loopback sockets (loopback_floor).
// The relay runs in-process on 127.0.0.1 with a fresh data directory; the SSE clients run in a
// forked child (in_child), so each side needs one descriptor per stream.
// With --store postgres (a throwaway server) or --store postgres://… and --instances N: N relays
// on one database (bench_relay_scale.h), beside the same write load on one SQLite relay.
#include "bench_relay_scale.h"
#include "parley/command.h"
#include "relay/server.h"
#include "relay/sql.h"

#include <httplib.h>  // the HTTP client of the writers

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <thread>

namespace parley::bench {
namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

Json post(httplib::Client& c, const std::string& path, const std::string& token, const Json& body) { return post_json(c, path, token, body); }

// Bare SQLite: what one durable row per transaction costs on this disk.
Json sqlite_baseline(const std::string& dir, int rows, double max_seconds) {
  auto owned = relay::sql::open_sqlite(dir + "/baseline.db");
  relay::sql::Connection& db = *owned;
  db.exec("PRAGMA journal_mode=WAL");
  db.exec("PRAGMA synchronous=FULL");
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  const std::string body(120, 'x');
  const auto start = Clock::now();
  int n = 0;
  for (; n < rows && seconds_since(start) < max_seconds; ++n) {
    relay::sql::Transaction tx(db);
    relay::sql::Stmt(db, "INSERT INTO t (body) VALUES (?)").bind(1, body).run();
    tx.commit();
  }
  const double s = seconds_since(start);
  return {{"rows", n}, {"seconds", s}, {"per_second", n / s}};
}

Json message_throughput(int port, int writers, int messages, double max_seconds, relay::App& app) {
  std::atomic<int> sent{0}, failed{0};
  const auto before = app.store.message_count();
  const auto commits_before = app.store.commits(), writes_before = app.store.committed_writes();
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) {
    threads.emplace_back([&, w] {
      try {
        httplib::Client c("127.0.0.1", port);
        c.set_keep_alive(true);
        c.set_tcp_nodelay(true);
        const Json visitor = post(c, "/api/v1/visitors", "", Json::object());
        const std::string token = visitor["token"];
        const Json conv = post(c, "/api/v1/conversations", token, {{"session_context", {{"page_url", "https://bench.example/"}}}});
        const std::string path = "/api/v1/conversations/" + conv["id"].get<std::string>() + "/messages";
        for (int i = 0;; ++i) {
          if (sent.fetch_add(1) >= messages || seconds_since(start) > max_seconds) { sent.fetch_sub(1); break; }
          try {
            post(c, path, token, {{"idempotency_key", "w" + std::to_string(w) + "-" + std::to_string(i)},
                                  {"text", "Hello, this is load message " + std::to_string(i) + " from writer " + std::to_string(w)}});
          } catch (const std::exception&) {
            ++failed;
          }
        }
      } catch (const std::exception& e) {
        std::cerr << "parley bench relay: writer " << w << ": " << e.what() << "\n";
        ++failed;
      }
    });
  }
  for (auto& t : threads) t.join();
  const double s = seconds_since(start);
  const auto stored = app.store.message_count() - before;
  const auto commits = app.store.commits() - commits_before;
  const auto writes = app.store.committed_writes() - writes_before;
  return {{"writers", writers}, {"sent", sent.load() - failed.load()}, {"failed", failed.load()}, {"stored", stored},
          {"seconds", s}, {"per_second", static_cast<double>(stored) / s}, {"commits", commits},
          {"writes_per_commit", commits ? static_cast<double>(writes) / static_cast<double>(commits) : 0.0}};
}

struct StreamClient { int fd = -1; std::string tail; int messages = 0; bool connected = false; };

int open_stream(int port, const std::string& token) {
  const int fd = connect_loopback(port);
  if (fd < 0) return -1;
  const std::string req = "GET /api/v1/events?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
  if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) { ::close(fd); return -1; }
  return fd;
}

// Read whatever is available on the streams; counts `event: message` frames. epoll, so the
// client's own cost per round is the streams that have data, not all of them (it shares the two
// cores with the relay: the client's overhead would count as fan-out time).
void drain(int epoll_fd, std::vector<StreamClient>& clients, int timeout_ms) {
  static const std::string marker = "event: message\n";
  epoll_event ready[1024];
  char buf[16384];
  for (int round = 0;; ++round) {
    const int n_ready = ::epoll_wait(epoll_fd, ready, 1024, round == 0 ? timeout_ms : 0);
    if (n_ready <= 0) return;
    for (int k = 0; k < n_ready; ++k) {
      auto& c = clients[ready[k].data.u32];
      ssize_t n = ::recv(c.fd, buf, sizeof buf, MSG_DONTWAIT);
      if (n <= 0) {
        ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, c.fd, nullptr);  // closed: stop reporting it
        continue;
      }
      c.tail.append(buf, static_cast<std::size_t>(n));
      if (!c.connected && c.tail.find(": connected") != std::string::npos) c.connected = true;
      for (std::size_t at = 0; (at = c.tail.find(marker, at)) != std::string::npos; at += marker.size()) ++c.messages;
      if (c.tail.size() > marker.size()) c.tail.erase(0, c.tail.size() - marker.size() + 1);
    }
    if (n_ready < 1024) return;
  }
}

// An epoll set over the clients' sockets; each event carries its client's index (for drain).
int watch_all(const std::vector<StreamClient>& clients) {
  const int ep = ::epoll_create1(EPOLL_CLOEXEC);
  for (std::size_t i = 0; i < clients.size(); ++i) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u32 = static_cast<std::uint32_t>(i);
    ::epoll_ctl(ep, EPOLL_CTL_ADD, clients[i].fd, &ev);
  }
  return ep;
}

// Threads and resident memory of process `pid` (the relay's: this one, read from the clients' child).
long thread_count(pid_t pid) {
  long n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task")) ++n;
  return n;
}
long rss_bytes(pid_t pid) {
  std::ifstream statm("/proc/" + std::to_string(pid) + "/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

// Runs `measure` in a forked child and returns its JSON. The SSE clients live there, not in the
// relay's process: each side then needs one descriptor per stream, so 10,000 streams fit an
// open-files limit of 20,000 (and the client's reading is not charged to the relay's process).
Json in_child(const std::function<Json()>& measure) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("bench relay: pipe failed");
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("bench relay: fork failed");
  if (pid == 0) {
    ::close(fds[0]);
    std::string out;
    try {
      out = measure().dump();
    } catch (const std::exception& e) {
      out = Json{{"error", e.what()}}.dump();
    }
    for (std::size_t at = 0; at < out.size();) {
      const ssize_t n = ::write(fds[1], out.data() + at, out.size() - at);
      if (n <= 0) break;
      at += static_cast<std::size_t>(n);
    }
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string got;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) got.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (got.empty()) throw std::runtime_error("bench relay: the measuring process died (status " + std::to_string(status) + ")");
  Json j = Json::parse(got);
  if (j.contains("error")) throw std::runtime_error("bench relay: " + j["error"].get<std::string>());
  return j;
}

// Hostile clients beside the measurement: `slowloris` connections each sending one header line
// every 2 s (reconnecting when the relay closes them), and one client sending requests of
// 100,000 header lines, ten a second.
class SideLoad {
 public:
  SideLoad(int port, int slowloris) : port_(port), slowloris_(slowloris) {
    threads_.emplace_back([this] { loris(); });
    threads_.emplace_back([this] { flood(); });
  }
  ~SideLoad() {
    stop_ = true;
    for (auto& t : threads_) t.join();
  }
  Json figures() const {
    return {{"slowloris_connections", slowloris_}, {"slowloris_reconnects", reconnects_.load()},
            {"header_floods", floods_.load()}};
  }

 private:
  void loris() {
    std::vector<int> fds(static_cast<std::size_t>(slowloris_), -1);
    const std::string start = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n", line = "X-Slow: a\r\n";
    while (!stop_) {
      for (auto& fd : fds) {
        if (fd >= 0 && ::send(fd, line.data(), line.size(), MSG_NOSIGNAL) <= 0) { ::close(fd); fd = -1; ++reconnects_; }
        if (fd < 0 && (fd = connect_loopback(port_)) >= 0) ::send(fd, start.data(), start.size(), MSG_NOSIGNAL);
      }
      for (int i = 0; i < 20 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    for (int fd : fds) if (fd >= 0) ::close(fd);
  }
  void flood() {
    std::string block;
    for (int i = 0; i < 1000; ++i) block += "X-Flood: a\r\n";
    const std::string start = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    while (!stop_) {
      int fd = connect_loopback(port_);
      if (fd < 0) { std::this_thread::sleep_for(std::chrono::milliseconds(50)); continue; }
      ::send(fd, start.data(), start.size(), MSG_NOSIGNAL);
      for (int i = 0; i < 100 && !stop_; ++i)
        if (::send(fd, block.data(), block.size(), MSG_NOSIGNAL) <= 0) break;  // refused with 431 and closed
      ::close(fd);
      ++floods_;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));  // 10 floods (1,000,000 lines) a second
    }
  }
  int port_, slowloris_;
  std::atomic<bool> stop_{false};
  std::atomic<long> reconnects_{0}, floods_{0};
  std::vector<std::thread> threads_;
};

// Run in a child process (in_child): `relay` is the relay's process, whose threads and memory count.
Json sse_fanout(int port, int streams, int fanout_messages, const std::string& agent_token, pid_t relay) {
  std::vector<StreamClient> clients;
  const auto opening = Clock::now();
  for (int i = 0; i < streams; ++i) {
    int fd = open_stream(port, agent_token);
    if (fd < 0) break;
    clients.push_back({fd, "", 0, false});
  }
  const int ep = watch_all(clients);
  const auto start = Clock::now();
  auto held = [&] { return std::count_if(clients.begin(), clients.end(), [](auto& c) { return c.connected; }); };
  while (held() < static_cast<long>(clients.size()) && seconds_since(start) < 20) drain(ep, clients, 100);
  const auto connected = held();
  const double open_seconds = seconds_since(opening);
  const long threads = thread_count(relay), rss = rss_bytes(relay);

  httplib::Client c("127.0.0.1", port);
  c.set_keep_alive(true);
  c.set_tcp_nodelay(true);
  const Json visitor = post(c, "/api/v1/visitors", "", Json::object());
  const std::string token = visitor["token"];
  const Json conv = post(c, "/api/v1/conversations", token, Json::object());
  const std::string path = "/api/v1/conversations/" + conv["id"].get<std::string>() + "/messages";
  std::vector<double> latencies;
  long delivered = 0;
  // The message is sent on a raw connection and its answer read afterwards, so the streams are
  // drained while the relay fans out (waiting for the 201 first would add the two up).
  const int sender = connect_loopback(port);
  std::string answers;
  for (int i = 0; i < fanout_messages; ++i) {
    const std::string body =
        Json{{"idempotency_key", "fan-" + std::to_string(i)}, {"text", "fan-out " + std::to_string(i)}}.dump();
    const std::string request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
                                "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                                "\r\n\r\n" + body;
    const auto t0 = Clock::now();
    if (::send(sender, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size()))
      throw std::runtime_error("fan-out: cannot send the message");
    auto all = [&] { return std::all_of(clients.begin(), clients.end(), [&](auto& s) { return !s.connected || s.messages > i; }); };
    while (!all() && seconds_since(t0) < 10) drain(ep, clients, 50);
    if (all()) latencies.push_back(seconds_since(t0) * 1000);
    // Its answer (a 201 with a Content-Length) before the next message.
    char buf[4096];
    for (;;) {
      const auto end = answers.find("\r\n\r\n");
      if (end != std::string::npos) {
        const auto cl = answers.find("Content-Length: ");
        const std::size_t length = cl == std::string::npos ? 0 : std::stoul(answers.substr(cl + 16));
        if (answers.size() >= end + 4 + length) {
          if (answers.rfind("HTTP/1.1 201", 0) != 0) throw std::runtime_error("fan-out: " + answers.substr(0, end));
          answers.erase(0, end + 4 + length);
          break;
        }
      }
      const ssize_t n = ::recv(sender, buf, sizeof buf, 0);
      if (n <= 0) throw std::runtime_error("fan-out: the relay closed the connection");
      answers.append(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(sender);
  for (auto& s : clients) delivered += s.messages;
  for (auto& s : clients) ::close(s.fd);
  ::close(ep);
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) { return latencies.empty() ? 0.0 : latencies[std::min(latencies.size() - 1, static_cast<std::size_t>(p * latencies.size()))]; };
  return {{"streams_requested", streams},
          {"streams_held", connected},
          {"open_seconds", open_seconds},
          {"messages", fanout_messages},
          {"events_expected", static_cast<long>(connected) * fanout_messages},
          {"events_delivered", delivered},
          {"fanout_ms_p50", pct(0.5)},
          {"fanout_ms_p99", pct(0.99)},
          {"server_threads", threads},
          {"server_rss_bytes", rss}};
}

// The floor under the fan-out figure, measured in the same run: the same number of loopback TCP
// connections and the same frame, written with one send() per socket by two threads (as many as
// the relay's I/O loops) and read by the same epoll client. What the kernel alone costs on this
// machine; the relay's figure minus this is the relay's own overhead.
Json loopback_floor(int streams, int messages) {
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listener, SOMAXCONN) != 0 ||
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    return {{"error", "cannot listen on loopback"}};
  auto frame = [](int m) {
    return "id: " + std::to_string(m + 1) + "\nevent: message\ndata: " +
           Json{{"conversation_id", "c_0123456789abcdef01234567"}, {"seq", m + 1},
                {"text", "fan-out " + std::to_string(m)}, {"author", {{"type", "visitor"}, {"id", "v_0123456789abcdef"}}}}.dump() +
           "\n\n";
  };
  // The sending side is a child process, like the relay's side is another process than its
  // clients: one descriptor per connection on each side. `go` carries one byte per message.
  int go[2], ready[2];
  if (::pipe2(go, O_CLOEXEC) != 0 || ::pipe2(ready, O_CLOEXEC) != 0) return {{"error", "pipe failed"}};
  const pid_t sender = ::fork();
  if (sender < 0) return {{"error", "fork failed"}};
  if (sender == 0) {
    ::close(go[1]);
    ::close(ready[0]);
    // Accept while the parent connects; it then says how many connections it made.
    std::vector<int> servers;
    long expected = -1;
    while (expected < 0 || static_cast<long>(servers.size()) < expected) {
      pollfd p[2] = {{listener, POLLIN, 0}, {go[0], POLLIN, 0}};
      if (::poll(p, expected < 0 ? 2 : 1, 10000) <= 0) break;
      if (p[0].revents & POLLIN) {
        const int sv = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (sv < 0) break;
        const int one = 1;
        ::setsockopt(sv, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        servers.push_back(sv);
      }
      if (expected < 0 && (p[1].revents & (POLLIN | POLLHUP))) {
        std::int32_t n = 0;
        if (::read(go[0], &n, sizeof n) != sizeof n) ::_exit(1);
        expected = n;
      }
    }
    const char r = 'r';
    if (::write(ready[1], &r, 1) != 1) ::_exit(1);
    char cmd;
    for (int m = 0; ::read(go[0], &cmd, 1) == 1; ++m) {
      const std::string f = frame(m);
      auto write_half = [&](std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i) ::send(servers[i], f.data(), f.size(), MSG_NOSIGNAL);
      };
      std::thread a(write_half, 0, servers.size() / 2), b(write_half, servers.size() / 2, servers.size());
      a.join();
      b.join();
    }
    ::_exit(0);
  }
  ::close(go[0]);
  ::close(ready[1]);
  std::vector<StreamClient> clients;
  for (int i = 0; i < streams; ++i) {
    const int c = connect_loopback(ntohs(addr.sin_port));
    if (c < 0) break;
    clients.push_back({c, "", 0, true});
  }
  ::close(listener);
  const std::int32_t made = static_cast<std::int32_t>(clients.size());
  char r = 0;
  const bool accepted = ::write(go[1], &made, sizeof made) == sizeof made && ::read(ready[0], &r, 1) == 1;
  const int ep = watch_all(clients);
  std::vector<double> latencies;
  for (int m = 0; accepted && m < messages; ++m) {
    const auto t0 = Clock::now();
    const char cmd = 'm';
    if (::write(go[1], &cmd, 1) != 1) break;
    auto all = [&] { return std::all_of(clients.begin(), clients.end(), [&](auto& c) { return c.messages > m; }); };
    while (!all() && seconds_since(t0) < 10) drain(ep, clients, 50);
    if (all()) latencies.push_back(seconds_since(t0) * 1000);
  }
  ::close(go[1]);
  ::close(ready[0]);
  int status = 0;
  ::waitpid(sender, &status, 0);
  for (auto& c : clients) ::close(c.fd);
  ::close(ep);
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) { return latencies.empty() ? 0.0 : latencies[std::min(latencies.size() - 1, static_cast<std::size_t>(p * latencies.size()))]; };
  return {{"connections", clients.size()}, {"messages", messages}, {"delivered_all", latencies.size()},
          {"ms_p50", pct(0.5)}, {"ms_p99", pct(0.99)}};
}

// Single-instance SQLite: the same writers on one in-process relay; its messages/s.
double sqlite_messages_per_s(const std::string& dir, int writers, int messages, double max_seconds) {
  relay::Options o;
  o.port = 0;
  o.root = cli::source_dir();
  o.data = dir + "/sqlite-relay";
  o.agent_token = "bench-agent-token";
  o.max_connections_per_address = 0;
  ServingRelays serving;
  relay::Server& server = serving.add(o);
  serving.start();
  const Json m = message_throughput(server.port(), writers, messages, max_seconds, server.app());
  return m["per_second"].get<double>();
}

int run_scale_out(const cli::Args& args, bool json) {
  ScaleOutSettings s;
  s.store = cli::option(args, "--store", "postgres");
  if (s.store != "postgres" && !relay::sql::is_postgres(s.store))
    throw std::runtime_error("--store must be postgres (a throwaway server) or a postgres:// URI");
  s.instances = std::stoi(cli::option(args, "--instances", "2"));
  if (s.instances < 1 || s.instances > 16) throw std::runtime_error("--instances must be 1 to 16");
  s.writers = std::stoi(cli::option(args, "--writers", std::to_string(16 * s.instances)));
  s.messages = std::stoi(cli::option(args, "--messages", "4000"));
  s.max_seconds = std::stod(cli::option(args, "--seconds", "10"));
  s.streams_per_instance = std::stoi(cli::option(args, "--streams", "10"));
  const BenchDir dir(cli::option(args, "--data", ""));  // a temporary one is removed, after a throw too
  s.dir = dir.path() + "/scale-out";
  Json out{{"bench", "relay"}};
  out.update(scale_out_bench(s));
  out["sqlite_messages_per_s"] = sqlite_messages_per_s(dir.path(), s.writers, s.messages, s.max_seconds);
  if (json) {
    std::cout << out.dump() << "\n";
    return 0;
  }
  std::cout << out["instances"] << " relays on one PostgreSQL database: " << out["stored"] << " messages durably stored in "
            << out["write_seconds"] << " s = " << out["messages_per_s"] << "/s (" << out["writers"] << " writers, "
            << out["failed"] << " failed, " << out["lost"] << " lost)\n"
            << "seen by every one of " << out["streams"] << " agent streams on all instances: " << out["delivered_all_clients"] << "/"
            << out["sent"] << " (" << out["duplicated_events"] << " duplicates); fan-out p50 " << out["fanout_p50_ms"]
            << " ms, p99 " << out["fanout_p99_ms"] << " ms\n"
            << "the same writers on one relay on SQLite: " << out["sqlite_messages_per_s"] << " messages/s\n";
  return 0;
}

int run_bench_relay(const cli::Args& args) {
  const bool json = cli::has_flag(args, "--json");
  if (!cli::option(args, "--store", "").empty() || !cli::option(args, "--instances", "").empty()) return run_scale_out(args, json);
  const int messages = std::stoi(cli::option(args, "--messages", "2000"));
  const int writers = std::stoi(cli::option(args, "--writers", "4"));
  const double max_seconds = std::stod(cli::option(args, "--seconds", "10"));
  int streams = std::stoi(cli::option(args, "--streams", "500"));
  const int fanout = std::stoi(cli::option(args, "--fanout", "20"));
  const int slowloris = std::stoi(cli::option(args, "--slowloris", "200"));  // 0: no side-load run

  // Each stream needs one descriptor in the relay's process and one in its client's (in_child).
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0) {
    // Soft up to hard; beyond the hard limit too when allowed (CAP_SYS_RESOURCE).
    const rlim_t want = static_cast<rlim_t>(streams + 500 + slowloris);
    rlimit more{std::max(want, lim.rlim_max), std::max(want, lim.rlim_max)};
    if (setrlimit(RLIMIT_NOFILE, &more) != 0) {
      lim.rlim_cur = lim.rlim_max;
      setrlimit(RLIMIT_NOFILE, &lim);
    }
    getrlimit(RLIMIT_NOFILE, &lim);
    streams = std::min<long>(streams, static_cast<long>(lim.rlim_cur) - 300 - slowloris);
  }

  const BenchDir data(cli::option(args, "--data", ""));
  const std::string& dir = data.path();
  relay::Options o;
  o.port = 0;
  o.root = cli::source_dir();
  o.data = dir + "/relay";
  o.agent_token = "bench-agent-token";
  o.max_connections_per_address = 0;  // every stream comes from 127.0.0.1
  ServingRelays serving;  // rate limits off: the bench is the only client, and means to be fast
  relay::Server& server = serving.add(o);
  serving.start();

  Json out{{"bench", "relay"}};
  out["baseline_sqlite"] = sqlite_baseline(dir, messages, max_seconds);
  out["messages"] = message_throughput(server.port(), writers, messages, max_seconds, server.app());
  out["messages"]["ratio_to_baseline"] =
      out["messages"]["per_second"].get<double>() / std::max(1e-9, out["baseline_sqlite"]["per_second"].get<double>());
  const pid_t self = ::getpid();
  const int port = server.port();
  out["sse"] = in_child([&] { return sse_fanout(port, streams, fanout, o.agent_token, self); });
  out["sse"]["open_files_limit"] = static_cast<long>(lim.rlim_cur);
  out["sse"]["loopback_floor"] = loopback_floor(out["sse"]["streams_held"].get<int>(), fanout);
  if (slowloris > 0) {
    std::this_thread::sleep_for(std::chrono::seconds(1));  // the relay frees the closed streams
    SideLoad side(server.port(), slowloris);
    // Long enough for the relay to have cut every slowloris client once (8 s header timeout).
    std::this_thread::sleep_for(std::chrono::seconds(10));
    out["sse_under_side_load"] = in_child([&] { return sse_fanout(port, streams, fanout, o.agent_token, self); });
    out["sse_under_side_load"]["side_load"] = side.figures();
  }

  const auto stopping = Clock::now();
  serving.stop();
  out["stop_seconds"] = seconds_since(stopping);

  if (json) {
    std::cout << out.dump() << "\n";
  } else {
    const auto& m = out["messages"];
    const auto& b = out["baseline_sqlite"];
    const auto& s = out["sse"];
    std::cout << "messages durably stored: " << m["stored"] << " in " << m["seconds"] << " s = " << m["per_second"]
              << "/s (" << m["writers"] << " writers, " << m["failed"] << " failed, "
              << m["writes_per_commit"] << " writes per fsync'd commit)\n"
              << "baseline bare SQLite durable commits: " << b["per_second"] << "/s\n"
              << "SSE streams held: " << s["streams_held"] << "/" << s["streams_requested"] << "; fan-out of "
              << s["messages"] << " messages: " << s["events_delivered"] << "/" << s["events_expected"]
              << " events delivered, p50 " << s["fanout_ms_p50"] << " ms, p99 " << s["fanout_ms_p99"] << " ms; "
              << s["server_threads"] << " threads, RSS " << s["server_rss_bytes"].get<long>() / (1024 * 1024) << " MiB\n"
              << "floor, the same frame sent by bare send() to as many loopback sockets: p50 " << s["loopback_floor"]["ms_p50"]
              << " ms, p99 " << s["loopback_floor"]["ms_p99"] << " ms\n";
    if (out.contains("sse_under_side_load")) {
      const auto& l = out["sse_under_side_load"];
      std::cout << "under side load (" << l["side_load"]["slowloris_connections"] << " slowloris, "
                << l["side_load"]["header_floods"] << " header floods): " << l["streams_held"] << " streams, p50 "
                << l["fanout_ms_p50"] << " ms, p99 " << l["fanout_ms_p99"] << " ms; " << l["server_threads"]
                << " threads, RSS " << l["server_rss_bytes"].get<long>() / (1024 * 1024) << " MiB\n";
    }
  }
  return 0;
}
PARLEY_COMMAND("bench relay", run_bench_relay,
               "relay figures on loopback: message throughput, idempotency, SSE streams and fan-out, the same under a side load",
               "--json          print one JSON object with the figures\n"
               "--messages N    messages to send (2000)\n"
               "--writers N     concurrent writers (4)\n"
               "--seconds X     time limit for the write phase (10)\n"
               "--streams N     SSE streams to hold open (500; capped by the open-files limit)\n"
               "--fanout N      messages fanned out to the streams (20)\n"
               "--slowloris N   side-load clients (slowloris + header floods) for the second SSE run (200; 0 skips it)\n"
               "--data DIR      relay data directory (a fresh temporary one)\n"
               "--store S       postgres (a throwaway server: tools/postgres/server) or a postgres:// URI: several relays on one\n"
               "                database (messages_per_s, delivered_all_clients, lost, fanout_p99_ms) beside one relay on SQLite\n"
               "--instances N   relays sharing the store (2 with --store; messages 4000, writers 16 per instance, streams per instance 10)\n");
}  // namespace
}  // namespace parley::bench
