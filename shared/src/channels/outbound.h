// Internal: building a provider's send request(s) from an agent's reply (channels.outbound).
// The relay sends what comes out as it is; nothing here talks to the network or reads a clock.
#pragma once
#include "parley/api.h"

#include <string>
#include <vector>

namespace parley::channels::outbound {
struct Send {
  std::string channel;
  Json account;                    // the workspace's channel object
  std::string to, reply_token;     // the provider's user id; LINE's reply token
  std::string open_kfid;           // WeCom: the customer-service account the customer wrote to
  std::vector<std::string> parts;  // the text in the channel's dialect, split to its limit
  std::string plain;               // the text as the agent wrote it (e-mail's text/plain)
  std::string html;                // e-mail's text/html
  Json template_ = nullptr;        // WhatsApp {name, language, parameters[]}
  std::string tag, delivery, idempotency_key, status_callback;
  Json thread = nullptr;           // e-mail {subject, in_reply_to?, references?}
  Json choices = nullptr;          // the bot's options in the channel's form {kind, choices:[{id,label}]} (automation.decide)
  std::int64_t now = 0;
};

// RFC 3986 unreserved characters stay; everything else is %XX (form bodies and query values).
std::string percent(std::string_view s);

// "/account/<key>" as a non-empty string, else an error naming it.
std::string account_string(const Send& s, const char* key);

// {"transport":"http","method":"POST","url","headers","body","idempotency","resend_after_timeout"}
Json http_post(const std::string& url, Json headers, const std::string& body, Json idempotency, bool safe);

Json whatsapp(const Send& s);
Json meta_messaging(const Send& s);  // messenger, instagram
Json line(const Send& s);
Json telegram(const Send& s);
Json sms(const Send& s);
Json wechat(const Send& s);
Json wecom(const Send& s);
Json email(const Send& s);
Json kakao(const Send& s);  // kakao_chat: the SkillResponse to the utterance's callbackUrl (to.reply_token)

// A deterministic RFC 4122-shaped UUID (version 4 bits, variant 10) from any string.
std::string uuid_from(const std::string& seed);
}  // namespace parley::channels::outbound
