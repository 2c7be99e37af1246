// The workspace's provider accounts (`channels` and `public_url` in the workspace file): one
// account per channel, checked once at start so a typo stops the relay with the key's name
// instead of failing the first webhook. Secrets stay here: workspace_state never publishes them
// and no error message ever contains a value.
#pragma once
#include "parley/api.h"

#include <optional>
#include <string>
#include <vector>

namespace parley::relay {
// The channels the relay receives and sends (the webhook path segment).
const std::vector<std::string>& webhook_channels();
bool is_webhook_channel(const std::string& channel);

struct ChannelAccounts {
  Json accounts = Json::object();  // channel id -> the workspace's object, defaults filled
  std::string public_url;          // how providers reach the relay ("" when not configured)

  bool configured(const std::string& channel) const { return accounts.contains(channel); }
  const Json& account(const std::string& channel) const { return accounts.at(channel); }
  // The key of the account that signs this channel's webhooks (app_secret, channel_secret, …).
  std::string webhook_secret(const std::string& channel) const;
  std::vector<std::string> ids() const;
};

// Validates workspace["channels"] and workspace["public_url"]; throws std::runtime_error naming
// the bad key (e.g. "workspace channels.line.channel_secret must be a non-empty string").
ChannelAccounts load_channel_accounts(const Json& workspace);
}  // namespace parley::relay
