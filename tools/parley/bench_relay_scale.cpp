// The scale-out relay bench (see bench_relay_scale.h).
//
// Each message carries its number in its text; the streams' reader (one thread, epoll over every
// stream of every instance) notes when each stream first saw each number, and counts a number
// seen twice on one stream as a duplicate. Afterwards the database is read: a message answered
// 201 but not stored is lost. Fan-out latency is from just before the POST to the last stream's
// sight of it (so it includes the write's commit and the cross-instance feed).
#include "bench_relay_scale.h"

#include "parley/command.h"
#include "relay/server.h"
#include "relay/sql.h"

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

namespace parley::bench {
using Clock = std::chrono::steady_clock;

Json post_json(httplib::Client& c, const std::string& path, const std::string& token, const Json& body) {
  auto r = c.Post(path.c_str(), {{"Authorization", "Bearer " + token}}, body.dump(), "application/json");
  if (!r) throw std::runtime_error("POST " + path + ": connection failed");
  if (r->status >= 300) throw std::runtime_error("POST " + path + ": " + std::to_string(r->status) + " " + r->body);
  return Json::parse(r->body);
}

void await_healthy(int port) {
  for (int i = 0; i < 100; ++i) {
    httplib::Client probe("127.0.0.1", port);
    if (auto res = probe.Get("/healthz"); res && res->status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

BenchDir::BenchDir(const std::string& given) : path_(given), temporary_(given.empty()) {
  if (!temporary_) return;
  char tmpl[] = "/tmp/parley-bench-relay-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

BenchDir::~BenchDir() {
  std::error_code ec;
  if (temporary_) std::filesystem::remove_all(path_, ec);
}

relay::Server& ServingRelays::add(const relay::Options& o) {
  servers_.push_back(std::make_unique<relay::Server>(o));
  relay::Server& r = *servers_.back();
  for (auto* limit : {&r.app().rate.visitors, &r.app().rate.messages, &r.app().rate.uploads}) limit->set(0, 0);
  if (!r.bind()) throw std::runtime_error("cannot bind a loopback port");
  return r;
}

void ServingRelays::start() {
  for (std::size_t i = threads_.size(); i < servers_.size(); ++i) threads_.emplace_back([r = servers_[i].get()] { r->run(); });
  for (auto& r : servers_) await_healthy(r->port());
}

void ServingRelays::stop() {
  for (auto& r : servers_) r->stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
  servers_.clear();
}

int connect_loopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

namespace {
constexpr const char* kAgent = "bench-agent-token";
constexpr const char* kMarker = "scale-out message ";

double since_ms(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// The bench's PostgreSQL: a throwaway server (tools/postgres/server under `dir`), stopped at the end.
class PgServer {
 public:
  explicit PgServer(const std::string& dir) : dir_(dir) {
    int status = 0;
    uri_ = cli::run_command(script() + " start " + dir_ + " 2>&1", &status);
    while (!uri_.empty() && (uri_.back() == '\n' || uri_.back() == ' ')) uri_.pop_back();
    if (status != 0 || !relay::sql::is_postgres(uri_)) throw std::runtime_error("cannot start PostgreSQL: " + uri_);
  }
  ~PgServer() { cli::run_command(script() + " stop " + dir_ + " >/dev/null 2>&1"); }
  const std::string& uri() const { return uri_; }

 private:
  static std::string script() { return cli::source_dir() + "/tools/postgres/server"; }
  std::string dir_, uri_;
};

// A fresh database on the server at `server`: the bench never reads another run's rows.
std::string fresh_database(const std::string& server) {
  std::mt19937_64 rng(std::random_device{}());
  const std::string name = "parley_bench_" + std::to_string(rng() % 1000000000000ULL);
  relay::sql::open(server)->exec("CREATE DATABASE " + name);
  const auto scheme = server.find("://");
  const auto slash = server.find('/', scheme + 3);
  const auto query = server.find('?', scheme + 3);
  return server.substr(0, slash == std::string::npos ? query : slash) + "/" + name +
         (query == std::string::npos ? "" : server.substr(query));
}

struct Sightings {  // what one stream saw
  int fd = -1;
  std::string buffer;
  bool connected = false;
  std::vector<double> seen_ms;  // per message number: when first seen (ms since start), or -1
  long duplicates = 0;
};

// Reads every stream until `stop`; SSE frames split on blank lines, message events parsed.
void read_streams(std::vector<Sightings>& streams, Clock::time_point start, std::atomic<bool>& stop, std::mutex& m) {
  const int ep = ::epoll_create1(EPOLL_CLOEXEC);
  for (std::size_t i = 0; i < streams.size(); ++i) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u32 = static_cast<std::uint32_t>(i);
    ::epoll_ctl(ep, EPOLL_CTL_ADD, streams[i].fd, &ev);
  }
  const std::string prefix = std::string("\"text\":\"") + kMarker;
  epoll_event ready[256];
  char buf[65536];
  while (!stop) {
    const int n = ::epoll_wait(ep, ready, 256, 50);
    std::lock_guard lock(m);
    for (int k = 0; k < n; ++k) {
      auto& s = streams[ready[k].data.u32];
      const ssize_t got = ::recv(s.fd, buf, sizeof buf, MSG_DONTWAIT);
      if (got <= 0) {
        ::epoll_ctl(ep, EPOLL_CTL_DEL, s.fd, nullptr);
        continue;
      }
      s.buffer.append(buf, static_cast<std::size_t>(got));
      std::size_t end;
      while ((end = s.buffer.find("\n\n")) != std::string::npos) {
        const std::string frame = s.buffer.substr(0, end);
        s.buffer.erase(0, end + 2);
        if (frame.find(": connected") != std::string::npos) s.connected = true;
        if (frame.find("event: message\n") == std::string::npos) continue;
        const auto at = frame.find(prefix);
        if (at == std::string::npos) continue;
        const auto number = static_cast<std::size_t>(std::strtoul(frame.c_str() + at + prefix.size(), nullptr, 10));
        if (number >= s.seen_ms.size()) continue;
        if (s.seen_ms[number] >= 0) ++s.duplicates;
        else s.seen_ms[number] = since_ms(start);
      }
    }
  }
  ::close(ep);
}
}  // namespace

Json scale_out_bench(const ScaleOutSettings& s) {
  std::filesystem::create_directories(s.dir);
  std::unique_ptr<PgServer> server;
  std::string uri = s.store;
  if (!relay::sql::is_postgres(uri)) {
    server = std::make_unique<PgServer>(s.dir + "/postgres");
    uri = server->uri();
  }
  const std::string store = fresh_database(uri);

  // The instances: one data directory (identity secret, attachments), one database. Declared
  // after the server: on the way out (a throw too) they stop before it does.
  ServingRelays serving;
  for (int i = 0; i < s.instances; ++i) {
    relay::Options o;
    o.port = 0;
    o.root = cli::source_dir();
    o.data = s.dir + "/shared-data";
    o.store = store;
    o.agent_token = kAgent;
    o.max_connections_per_address = 0;
    serving.add(o);
  }
  serving.start();
  auto& relays = serving.all();

  // Agent streams on every instance.
  const auto n = static_cast<std::size_t>(s.messages);
  std::vector<Sightings> streams;
  for (auto& r : relays)
    for (int k = 0; k < s.streams_per_instance; ++k) {
      const int fd = connect_loopback(r->port());
      const std::string req = std::string("GET /api/v1/events?token=") + kAgent + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
      if (fd < 0 || ::send(fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size()))
        throw std::runtime_error("cannot open an event stream");
      streams.push_back({fd, "", false, std::vector<double>(n, -1.0), 0});
    }
  const auto start = Clock::now();
  std::atomic<bool> stop_reading{false};
  std::mutex sight_mutex;
  std::thread reader([&] { read_streams(streams, start, stop_reading, sight_mutex); });
  for (int i = 0; i < 200; ++i) {
    {
      std::lock_guard lock(sight_mutex);
      if (std::all_of(streams.begin(), streams.end(), [](const Sightings& x) { return x.connected; })) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }

  // Writers, each on one instance (round robin), its own visitor and conversation.
  std::vector<double> sent_ms(n, -1.0);
  std::vector<char> acked(n, 0);
  std::atomic<int> next{0}, failed{0};
  const auto writing = Clock::now();
  std::vector<std::thread> writers;
  for (int w = 0; w < s.writers; ++w)
    writers.emplace_back([&, w] {
      try {
        httplib::Client c("127.0.0.1", relays[static_cast<std::size_t>(w % s.instances)]->port());
        c.set_keep_alive(true);
        c.set_tcp_nodelay(true);
        const Json visitor = post_json(c, "/api/v1/visitors", "", Json::object());
        const std::string token = visitor["token"];
        const Json conv = post_json(c, "/api/v1/conversations", token, Json::object());
        const std::string path = "/api/v1/conversations/" + conv["id"].get<std::string>() + "/messages";
        for (;;) {
          const int i = next.fetch_add(1);
          if (i >= s.messages || std::chrono::duration<double>(Clock::now() - writing).count() > s.max_seconds) break;
          sent_ms[static_cast<std::size_t>(i)] = since_ms(start);
          try {
            post_json(c, path, token, {{"idempotency_key", "m" + std::to_string(i)}, {"text", kMarker + std::to_string(i)}});
            acked[static_cast<std::size_t>(i)] = 1;
          } catch (const std::exception&) {
            ++failed;
          }
        }
      } catch (const std::exception& e) {
        std::cerr << "parley bench relay: writer " << w << ": " << e.what() << "\n";
        ++failed;
      }
    });
  for (auto& t : writers) t.join();
  const double write_seconds = std::chrono::duration<double>(Clock::now() - writing).count();
  std::vector<std::size_t> acknowledged;
  for (std::size_t i = 0; i < n; ++i)
    if (acked[i]) acknowledged.push_back(i);

  // Until every stream has seen every acknowledged message, or 15 s more.
  auto seen_by_all = [&](std::size_t i) {
    return std::all_of(streams.begin(), streams.end(), [i](const Sightings& x) { return x.seen_ms[i] >= 0; });
  };
  for (int k = 0; k < 300; ++k) {
    {
      std::lock_guard lock(sight_mutex);
      if (std::all_of(acknowledged.begin(), acknowledged.end(), seen_by_all)) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // past the feeds' poll: late duplicates would show
  stop_reading = true;
  reader.join();

  long delivered_all = 0, duplicates = 0;
  std::vector<double> fanout;
  for (std::size_t i : acknowledged) {
    if (!seen_by_all(i)) continue;
    ++delivered_all;
    double last = 0;
    for (const auto& x : streams) last = std::max(last, x.seen_ms[i]);
    fanout.push_back(last - sent_ms[i]);
  }
  for (const auto& x : streams) duplicates += x.duplicates;
  std::sort(fanout.begin(), fanout.end());
  auto pct = [&](double p) {
    return fanout.empty() ? 0.0 : fanout[std::min(fanout.size() - 1, static_cast<std::size_t>(p * static_cast<double>(fanout.size())))];
  };

  // What the database holds.
  std::vector<char> stored(n, 0);
  long stored_count = 0;
  {
    auto db = relay::sql::open(store);
    relay::sql::Stmt q(*db, "SELECT text FROM messages WHERE author_type = 'visitor'");
    while (q.step()) {
      const std::string text = q.text(0);
      if (text.rfind(kMarker, 0) != 0) continue;
      const auto i = static_cast<std::size_t>(std::strtoul(text.c_str() + std::strlen(kMarker), nullptr, 10));
      if (i < n && !stored[i]) {
        stored[i] = 1;
        ++stored_count;
      }
    }
  }
  long lost = 0;
  for (std::size_t i : acknowledged) lost += !stored[i];

  std::uint64_t commits = 0, writes = 0;
  for (auto& r : relays) {
    commits += r->app().store.commits();
    writes += r->app().store.committed_writes();
  }
  for (auto& x : streams) ::close(x.fd);
  serving.stop();

  return {{"store", "postgres"},
          {"instances", s.instances},
          {"writers", s.writers},
          {"streams", static_cast<long>(streams.size())},
          {"sent", static_cast<long>(acknowledged.size())},
          {"failed", failed.load()},
          {"stored", stored_count},
          {"lost", lost},
          {"write_seconds", write_seconds},
          {"messages_per_s", static_cast<double>(stored_count) / write_seconds},
          {"delivered_all_clients", delivered_all},
          {"duplicated_events", duplicates},
          {"fanout_p50_ms", pct(0.5)},
          {"fanout_p99_ms", pct(0.99)},
          {"commits", commits},
          {"writes_per_commit", commits ? static_cast<double>(writes) / static_cast<double>(commits) : 0.0}};
}
}  // namespace parley::bench
