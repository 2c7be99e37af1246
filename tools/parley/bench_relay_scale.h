// `parley bench relay --store postgres --instances N`: several relays on one PostgreSQL database
// in this process (each its own Server, store connections, event hub and feed, as separate
// processes would have; they share only the database and the data directory), writers spread
// over the instances, agent SSE streams held on every instance.
#pragma once
#include "parley/api.h"
#include "relay/server.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Client;
}

namespace parley::bench {
// The benches' HTTP helpers: a JSON POST with a bearer token (throws on failure or a status ≥ 300),
// a loopback TCP connection (-1 when refused), and a wait until an in-process relay answers /healthz
// (up to 5 s).
Json post_json(httplib::Client& c, const std::string& path, const std::string& token, const Json& body);
int connect_loopback(int port);
void await_healthy(int port);

// A bench's data directory: `given` (--data, kept), or a fresh temporary one, removed when this
// goes out of scope, after a throw too.
class BenchDir {
 public:
  explicit BenchDir(const std::string& given);
  ~BenchDir();
  BenchDir(const BenchDir&) = delete;
  BenchDir& operator=(const BenchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool temporary_;
};

// In-process relays, each serving on a thread of its own, stopped and joined when this goes out
// of scope (a joinable thread left behind by a throw would abort the process before anything
// else, a throwaway PostgreSQL server included, is cleaned up).
class ServingRelays {
 public:
  ServingRelays() = default;
  ~ServingRelays() { stop(); }
  ServingRelays(const ServingRelays&) = delete;
  ServingRelays& operator=(const ServingRelays&) = delete;
  // Constructed, rate limits off (the bench is the only client), bound to a loopback port; throws when it cannot bind.
  relay::Server& add(const relay::Options& o);
  void start();  // every relay added, each on its thread, answering /healthz on return
  void stop();   // stops and joins them (again: nothing)
  std::vector<std::unique_ptr<relay::Server>>& all() { return servers_; }

 private:
  std::vector<std::unique_ptr<relay::Server>> servers_;
  std::vector<std::thread> threads_;
};

struct ScaleOutSettings {
  std::string store;        // "postgres" (a throwaway server, tools/postgres/server) or a postgres:// URI
  int instances = 2;
  int writers = 32;         // spread over the instances
  int messages = 4000;
  double max_seconds = 10;  // for the write phase
  int streams_per_instance = 10;
  std::string dir;          // a scratch directory (the shared data directory, the server's state)
};

// {messages_per_s, sent, stored, delivered_all_clients, lost, duplicated_events, fanout_p50_ms,
//  fanout_p99_ms, …}. Throws when the server cannot start or a relay cannot bind.
Json scale_out_bench(const ScaleOutSettings& s);
}  // namespace parley::bench
