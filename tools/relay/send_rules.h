// Send-time rules for an agent's reply on a provider channel: the core's channels.window (the
// messaging window, WhatsApp templates, Messenger's HUMAN_AGENT tag, LINE's reply token, WeChat's
// 48 h / 5 messages) and channels.consent (opt-out keywords such as SMS STOP), decided on the
// conversation's stored history. The relay is a gate of its own: the Assist panel is not the only one.
#pragma once
#include "parley/api.h"
#include "relay/channel_accounts.h"

#include <optional>
#include <string>

namespace parley::relay {
struct SendFields {  // what the agent asked for besides the text (POST …/messages)
  std::string text;
  std::optional<Json> message_template;  // {name, language?, parameters?: [string]} (WhatsApp)
  std::optional<std::string> tag;        // "HUMAN_AGENT" (Messenger, Instagram)
  std::optional<std::string> subject;    // e-mail
  std::optional<Json> choices;           // the bot's options in the channel's native form (automation.decide's reply.form)
};

// The outbox plan {request, idempotency_key, channel_data, reply_token?} for Store::post_message,
// or HttpError: 409 when the window or consent refuses now ({"error":{"code":"window_closed",
// "requires":"approved_template", "reasons":[…], "options":[…]}}), 422 when the request cannot
// be sent on this channel at all (unknown template, a tag where none applies, attachments).
Json plan_send(const ChannelAccounts& accounts, const std::string& channel, const SendFields& fields, const Json& context,
               std::int64_t now);

// What the console shows beside a channel conversation: the contact, the window (open until …,
// template needed, reply token valid until …, messages left) and consent. No secret, no token value.
Json channel_state(const ChannelAccounts& accounts, const std::string& channel, const Json& context, std::int64_t now);
}  // namespace parley::relay
