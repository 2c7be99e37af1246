// The relay's state and the API's mount point.
#include "relay/app.h"

#include "relay/embedding.h"
#include "relay/http.h"
#include "relay/ids.h"
#include "relay/router.h"

#include <chrono>
#include <filesystem>
#include <fstream>

namespace parley::relay {
void mount_conversation_routes(Router& server, App& app);
void mount_event_routes(Router& server, App& app);
void mount_metrics_routes(Router& server, App& app);
void mount_attachment_routes(Router& server, App& app);
void mount_webhook_routes(Router& server, App& app);

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {
// A secret made once per data directory, so restarts keep verified identities valid.
std::string identity_secret(const Options& o) {
  if (!o.identity_secret.empty()) return o.identity_secret;
  const auto file = std::filesystem::path(o.data) / "identity-secret";
  std::ifstream in(file);
  std::string secret;
  if (in && std::getline(in, secret) && !secret.empty()) return secret;
  secret = random_hex(32);
  std::ofstream(file) << secret << "\n";
  std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  return secret;
}

Options prepared(Options o) {
  std::filesystem::create_directories(std::filesystem::path(o.data) / "attachments");
  o.identity_secret = identity_secret(o);
  return o;
}
}  // namespace

App::App(Options o)
    : options(prepared(std::move(o))),
      store((std::filesystem::path(options.data) / "relay.db").string(), hub),
      workspace(load_workspace(options.workspace_file)),
      embed_origins(relay::embed_origins(workspace, options.allow_origins)),
      assist_hosts(relay::assist_host_origins(workspace, options.assist_hosts)),
      connect_origins(relay::connect_origins(workspace)),
      attachments_dir((std::filesystem::path(options.data) / "attachments").string()),
      channels(load_channel_accounts(workspace)) {
  configure_rate_limits(rate, workspace);
  outbox = std::make_unique<Outbox>(*this);
}

void mount_api(Router& server, App& app) {
  mount_conversation_routes(server, app);
  mount_event_routes(server, app);
  mount_attachment_routes(server, app);
  mount_metrics_routes(server, app);
  mount_webhook_routes(server, app);
  server.get("/api/v1/workspace", http::route([&app](const Request&, Response& res) {
               http::reply(res, 200, workspace_state(app, now_ms()));
             }));
}
}  // namespace parley::relay
