// The relay: Parley's embedded default backend. Serves the site, the built cores and the JS modules
// with a strict Content-Security-Policy, and the chat API (docs/relay-api.yaml): visitors,
// conversations, messages, SSE events, attachments, workspace settings; state in SQLite.
#pragma once
#include <string>

namespace httplib { class Server; }

namespace parley::relay {
struct Options {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string root;  // repository root: site/, widget/, assist/, wasm/js/, build/wasm/dist/
  std::string data;  // data directory (SQLite database, attachments)
  std::string agent_token = "demo-agent";
  std::string agent_name = "Agent";
  std::string identity_secret;  // HMAC key for verified identities; empty: read/create <data>/identity-secret
  std::string workspace_file;   // optional JSON overriding the workspace defaults (see workspace.cpp)
};

// The CSP every page is served with: Parley must work on hosts as strict as this.
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; worker-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; "
    "object-src 'none'; form-action 'self'";

// Mount the static folders and the headers on `server`.
void mount_static(httplib::Server& server, const Options& options);

struct App;  // the relay's state (app.h)
// Mount the /api/v1 routes on `server`.
void mount_api(httplib::Server& server, App& app);
}  // namespace parley::relay
