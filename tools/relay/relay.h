// The relay: Parley's embedded default backend. For now it serves the site, the built cores and
// the JS modules with a strict Content-Security-Policy; the chat API arrives with the relay issue.
#pragma once
#include <string>

namespace httplib { class Server; }

namespace parley::relay {
struct Options {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string root;  // repository root: site/, widget/, assist/, wasm/js/, build/wasm/dist/
  std::string data;  // data directory (SQLite database, attachments)
};

// The CSP every page is served with: Parley must work on hosts as strict as this.
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; worker-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; "
    "object-src 'none'; form-action 'self'";

// Mount the static folders and the headers on `server`.
void mount_static(httplib::Server& server, const Options& options);
}  // namespace parley::relay
