// The relay: Parley's embedded default backend. Serves the site, the built cores and the JS modules
// with a strict Content-Security-Policy, and the chat API (docs/relay-api.yaml): visitors,
// conversations, messages, SSE events, attachments, workspace settings; state in SQLite, or in
// PostgreSQL for several relays on one database (docs/scale-out.md).
#pragma once
#include <string>
#include <vector>


namespace parley::relay {
struct Options {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string root;  // repository root: site/, widget/, assist/, wasm/js/, build/wasm/dist/
  std::string data;  // data directory (SQLite database, attachments, identity secret)
  std::string store;  // where the relay's store lives: "" = <data>/relay.db (SQLite), or postgres://… (sql.h)
  std::string agent_token = "demo-agent";
  std::string agent_name = "Agent";
  std::string identity_secret;  // HMAC key for verified identities; empty: read/create <data>/identity-secret
  std::string workspace_file;   // optional JSON overriding the workspace defaults (see workspace.cpp)
  std::vector<std::string> allow_origins;  // sites that may embed the chat app, besides the workspace's list
  std::vector<std::string> assist_hosts;   // helpdesks that may frame the Assist panel (e.g. Chatwoot)
  int io_threads = 2;                      // event loop threads (sockets, timers, SSE fan-out)
  int workers = 8;                         // threads for route handlers (SQLite may wait for an fsync)
  int max_connections_per_address = 256;   // 0: no cap (the in-process bench)
};

class Router;

// Mount the static folders and the headers on `server`. Every file gets the strict CSP
// (content_security_policy in embedding.h: Parley must work on hosts as strict as it); the chat
// app (/widget/app/) may also be framed by `embed_origins` and reach `connect_origins` (a Chatwoot
// backend), the Assist panel (/assist/) may be framed by `assist_hosts`.
void mount_static(Router& server, const Options& options, const std::vector<std::string>& embed_origins,
                  const std::vector<std::string>& assist_hosts = {},
                  const std::vector<std::string>& connect_origins = {});

struct App;  // the relay's state (app.h)
// Mount the /api/v1 routes on `server`.
void mount_api(Router& server, App& app);
}  // namespace parley::relay
