// The relay's state and the API's mount point.
#include "relay/app.h"

#include "relay/embedding.h"
#include "relay/http.h"
#include "relay/ids.h"
#include "relay/pack_access.h"
#include "relay/router.h"

#include <chrono>
#include <filesystem>

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
  return stored_secret((std::filesystem::path(o.data) / "identity-secret").string(), 32);
}

Options prepared(Options o) {
  std::filesystem::create_directories(std::filesystem::path(o.data) / "attachments");
  o.identity_secret = identity_secret(o);
  return o;
}
}  // namespace

App::App(Options o)
    : options(prepared(std::move(o))),
      store(options.store.empty() ? (std::filesystem::path(options.data) / "relay.db").string() : options.store, hub),
      workspace(load_workspace(options.workspace_file)),
      embed_origins(relay::embed_origins(workspace, options.allow_origins)),
      assist_hosts(relay::assist_host_origins(workspace, options.assist_hosts)),
      connect_origins(relay::connect_origins(workspace)),
      attachments_dir((std::filesystem::path(options.data) / "attachments").string()),
      channels(load_channel_accounts(workspace)) {
  if (store.shared()) feed = std::make_unique<EventFeed>(store.where(), hub, store.last_event_seq());
  configure_rate_limits(rate, workspace);
  outbox = std::make_unique<Outbox>(*this);
  wecom.configure(media_retry_settings(workspace));  // a bad key stops the relay before it listens
  shop = std::make_unique<Shop>(options.data, options.root + "/site/store/orders.json", now_ms());
  auto settings = self_service_settings(workspace, options.root);
  public_articles = load_public_articles(settings.pack_dir);
  if (settings.enabled) self_service = std::make_unique<SelfService>(*this, std::move(settings));
}

// Public articles only: an internal article (refund approvals, policy for agents) never leaves the relay.
Json load_public_articles(const std::string& pack_dir) {
  Json out = Json::array();
  for (Json& a : cli::read_pack_articles(pack_dir))
    if (public_article(a)) out.push_back(std::move(a));
  return out;
}

std::string App::loopback_base() const {
  const std::string host = options.host == "0.0.0.0" || options.host == "::" || options.host == "localhost" ? "127.0.0.1" : options.host;
  return "http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port.load());
}

std::string App::public_base() const {
  std::string base = channels.public_url.empty() ? loopback_base() : channels.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

void mount_api(Router& server, App& app) {
  mount_conversation_routes(server, app);
  mount_event_routes(server, app);
  mount_attachment_routes(server, app);
  mount_metrics_routes(server, app);
  mount_webhook_routes(server, app);
  mount_shop_routes(server, app);
  mount_pack_routes(server, app);
  // The knowledge base's public articles, for the widget's on-device suggestions (no token: the
  // same articles a help centre publishes).
  server.get("/api/v1/knowledge/articles", http::route([&app](const Request&, Response& res) {
    res.set_header("Cache-Control", "public, max-age=300");
    http::reply(res, 200, {{"articles", app.public_articles}});
  }));
  server.get("/api/v1/workspace", http::route([&app](const Request&, Response& res) {
               http::reply(res, 200, workspace_state(app, now_ms()));
             }));
}
}  // namespace parley::relay
