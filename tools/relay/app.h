// The relay's state shared by every route: options, durable store, live events, workspace settings.
#pragma once
#include "parley/api.h"
#include "relay/channel_accounts.h"
#include "relay/event_feed.h"
#include "relay/event_hub.h"
#include "relay/outbox.h"
#include "relay/rate_limit.h"
#include "relay/relay.h"
#include "relay/store.h"
#include "relay/self_service.h"
#include "relay/shop.h"
#include "relay/wecom.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace parley::relay {
struct App {
  explicit App(Options o);
  Options options;
  EventHub hub;
  Store store;
  std::unique_ptr<EventFeed> feed;  // a shared store: events from every instance reach the hub (event_feed.h)
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
  std::unique_ptr<Shop> shop;                  // the demo store's orders API (shop.h)
  std::unique_ptr<SelfService> self_service;   // the bot, when the workspace enables it (self_service.h)
  void wake_self_service(const std::string& conversation_id) { if (self_service) self_service->wake(conversation_id); }
  std::atomic<int> port{0};  // bound by Server::bind
  Json public_articles = Json::array();  // the pack's customer-facing articles: the widget's suggestions search them on-device
  // How the relay reaches itself (the demo store's connectors), and how customers reach it (links).
  std::string loopback_base() const;
  std::string public_base() const;
};

std::int64_t now_ms();
// Public workspace settings with the state computed at `now` (open_now, agents_online, away).
Json workspace_state(App& app, std::int64_t now);
Json load_workspace(const std::string& file);
// A workspace section of positive whole numbers ({"key": n, …}, all optional) into `fields` (key →
// where it goes). Throws std::runtime_error naming the section and key when a value is not a
// positive whole number or a key is not one of `fields`.
void read_whole_number_settings(const Json& workspace, const std::string& section,
                                const std::vector<std::pair<std::string, std::int64_t*>>& fields);
Json load_public_articles(const std::string& pack_dir);  // throws naming the file that is not JSON
}  // namespace parley::relay
