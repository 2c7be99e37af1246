// `parley bench relay --store postgres --instances N`: several relays on one PostgreSQL database
// in this process (each its own Server, store connections, event hub and feed, as separate
// processes would have; they share only the database and the data directory), writers spread
// over the instances, agent SSE streams held on every instance.
#pragma once
#include "parley/api.h"

#include <string>

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
