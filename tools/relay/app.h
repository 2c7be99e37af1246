// The relay's state shared by every route: options, durable store, live events, workspace settings.
#pragma once
#include "parley/api.h"
#include "relay/channel_accounts.h"
#include "relay/event_hub.h"
#include "relay/outbox.h"
#include "relay/rate_limit.h"
#include "relay/relay.h"
#include "relay/store.h"
#include "relay/wecom.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace parley::relay {
struct App {
  explicit App(Options o);
  Options options;
  EventHub hub;
  Store store;
  Json workspace;  // defaults merged with options.workspace_file
  std::vector<std::string> embed_origins;  // workspace widget.embed_origins + --allow-origin (embedding.h)
  std::vector<std::string> assist_hosts;   // workspace assist.host_origins + --assist-host
  std::vector<std::string> connect_origins;  // workspace widget.connect_origins: the chat app's other backends
  std::string attachments_dir;
  RateLimits rate;  // workspace rate_limits (rate_limit.h)
  ChannelAccounts channels;  // workspace channels + public_url (channel_accounts.h); secrets live only here
  WeComClient wecom;  // WeCom's cached access token and its pulls (wecom.h)
  std::unique_ptr<Outbox> outbox;  // sends accepted replies to providers (outbox.h); started by the server
  void wake_outbox() { if (outbox) outbox->wake(); }
};

std::int64_t now_ms();
// Public workspace settings with the state computed at `now` (open_now, agents_online, away).
Json workspace_state(App& app, std::int64_t now);
Json load_workspace(const std::string& file);
}  // namespace parley::relay
