// channels.window: may a free-form message be sent now, until when, and if not, what is required.
// Never a way around a platform's rule: outside a window the answer names the legal path
// (template, message tag, push quota) instead of pretending the message can go.
#include "parley/api.h"
#include "parley/channels.h"
#include "parley/model.h"

#include <algorithm>
#include <optional>

namespace parley::channels {
namespace {
constexpr std::int64_t kHour = 3600 * 1000;

struct Entry {
  bool inbound = false;
  std::string kind;  // message | event | closed
  std::int64_t at = 0;
  bool ad_referral = false;       // Messenger: the thread began from a click-to-Messenger ad
  bool reply_token = false;       // LINE: the webhook carried a reply token
  bool reply_token_used = false;  // LINE: it was already spent (single use)
};

std::vector<Entry> parse_history(const Json& r) {
  std::vector<Entry> out;
  const Json* h = optional(r, "history", Json::value_t::array);
  if (!h) return out;
  for (std::size_t i = 0; i < h->size(); ++i) {
    std::string p = "/history/" + std::to_string(i);
    const Json& e = (*h)[i];
    require_object(e, p);
    Entry x;
    std::string dir = require_string(e, "direction", p);
    if (dir != "inbound" && dir != "outbound")
      throw Error("invalid_value", p + "/direction must be inbound or outbound", p + "/direction");
    x.inbound = dir == "inbound";
    x.kind = optional_string(e, "kind", "message", p);
    if (x.kind != "message" && x.kind != "event" && x.kind != "closed")
      throw Error("invalid_value", p + "/kind must be message, event or closed", p + "/kind");
    x.at = model::require_time(e, "at", p);
    if (const Json* b = optional(e, "ad_referral", Json::value_t::boolean, p)) x.ad_referral = b->get<bool>();
    if (const Json* b = optional(e, "reply_token", Json::value_t::boolean, p)) x.reply_token = b->get<bool>();
    if (const Json* b = optional(e, "reply_token_used", Json::value_t::boolean, p)) x.reply_token_used = b->get<bool>();
    out.push_back(x);
  }
  std::stable_sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.at < b.at; });
  return out;
}

const Entry* last_inbound(const std::vector<Entry>& h, std::int64_t now, const char* kind = "message") {
  const Entry* found = nullptr;
  for (const auto& e : h)
    if (e.inbound && e.kind == kind && e.at <= now) found = &e;
  return found;
}

std::size_t outbound_after(const std::vector<Entry>& h, std::int64_t since, std::int64_t now) {
  std::size_t n = 0;
  for (const auto& e : h)
    if (!e.inbound && e.kind == "message" && e.at >= since && e.at <= now) ++n;
  return n;
}

std::int64_t hours(const Json& w, const char* key) { return w.value(key, 0.0) * static_cast<double>(kHour); }

struct Answer {
  Json out = Json{{"free_form", false}, {"until", nullptr}, {"requires", nullptr}, {"options", Json::array()}, {"reasons", Json::array()}};
  void reason(const std::string& code, const std::string& message) { out["reasons"].push_back({{"code", code}, {"message", message}}); }
  void allow(std::optional<std::int64_t> until) {
    out["free_form"] = true;
    out["until"] = until ? Json(model::format_time(*until)) : Json(nullptr);
  }
};

Json window_method(const Json& r) {
  Json p = profile_for_request(r);
  const Json& w = p["window"];
  const std::string kind = w["kind"].get<std::string>();
  const std::int64_t now = model::require_time(r, "now");
  std::vector<Entry> h = parse_history(r);
  std::string sender = optional_string(r, "sender", "human");
  if (sender != "human" && sender != "bot") throw Error("invalid_value", "/sender must be human or bot", "/sender");
  bool promotional = false;  // marketing content: never through message tags
  if (const Json* pr = optional(r, "promotional", Json::value_t::boolean)) promotional = pr->get<bool>();
  const Entry* in = last_inbound(h, now);
  Answer a;

  if (kind == "none") {
    a.allow(std::nullopt);
    a.reason("no_window", "the channel has no messaging window");
  } else if (kind == "consent") {
    a.allow(std::nullopt);
    a.reason("consent_applies", "no window, but opt-in, opt-out and quiet hours apply: check channels.consent");
  } else if (kind == "template_only") {
    a.out["requires"] = w.value("outside", "approved_template");
    a.reason("template_only", "only pre-approved templates may be sent on this channel");
  } else if (kind == "customer_service") {  // WhatsApp: 24 h from the customer's last message
    if (!in) {
      a.out["requires"] = w.value("outside", "approved_template");
      a.reason("no_customer_message", "the customer has not written: only an approved template may open the conversation");
    } else if (now < in->at + hours(w, "hours")) {
      a.allow(in->at + hours(w, "hours"));
      a.reason("inside_window", "inside the customer-service window opened by the customer's last message");
    } else {
      a.out["requires"] = w.value("outside", "approved_template");
      a.reason("window_closed", "the customer-service window closed at " + model::format_time(in->at + hours(w, "hours")) +
                                    ": only an approved template may be sent");
    }
    // Approval is not consent: a marketing template still needs the contact's opt-in.
    if (!a.out["free_form"].get<bool>()) a.out["template_category"] = promotional ? "MARKETING" : "UTILITY";
  } else if (kind == "standard_messaging") {  // Messenger / Instagram
    if (!in) {
      a.out["requires"] = "customer_message";
      a.reason("no_customer_message", "businesses may only answer people who wrote first");
    } else {
      std::int64_t span = hours(w, "hours");
      bool from_ad = false;
      for (const auto& e : h)
        if (e.inbound && e.ad_referral) from_ad = true;
      if (from_ad && w.contains("ad_referral_hours")) span = std::max(span, hours(w, "ad_referral_hours"));
      std::int64_t human_until = in->at + hours(w, "human_agent_hours");
      if (now < in->at + span) {
        a.allow(in->at + span);
        a.reason(from_ad && span > hours(w, "hours") ? "inside_ad_window" : "inside_window", "inside the standard messaging window");
      } else {
        a.out["requires"] = w.value("outside", "message_tag");
        a.reason("window_closed", "the standard messaging window closed at " + model::format_time(in->at + span));
        for (const auto& tag : promotional ? Json::array() : w.value("tags", Json::array())) {
          if (tag == "HUMAN_AGENT") {
            if (sender != "human" || now >= human_until) continue;
            a.out["options"].push_back({{"tag", tag}, {"until", model::format_time(human_until)}, {"promotional", false}});
          } else {
            a.out["options"].push_back({{"tag", tag}, {"until", nullptr}, {"promotional", false}});
          }
        }
        if (a.out["options"].empty()) {
          a.out["requires"] = "customer_message";
          a.reason(promotional ? "tags_not_for_promotions" : sender == "human" ? "human_agent_expired" : "bot_cannot_use_human_agent",
                   "no message tag applies: wait for the customer to write again");
        } else {
          a.reason("tags_non_promotional", "message tags must not carry promotional content");
        }
      }
    }
  } else if (kind == "reply_token") {  // LINE: reply (free) within the token's life, else push (quota)
    const Entry* tok = nullptr;
    for (const auto& e : h)
      if (e.inbound && e.reply_token && e.at <= now) tok = &e;
    std::int64_t life = static_cast<std::int64_t>(w.value("reply_token_seconds", 60.0) * 1000);
    a.out["delivery"] = "push";
    if (tok && !tok->reply_token_used && now - tok->at <= life) {
      a.allow(tok->at + life);
      a.out["delivery"] = "reply";
      a.reason("reply_token_valid", "the reply token is unused and younger than its lifetime: reply messages are free");
    } else {
      if (tok) a.reason(tok->reply_token_used ? "reply_token_used" : "reply_token_expired", "no usable reply token: a push message is needed");
      const Json* quota = optional(r, "push_quota", Json::value_t::object);
      const Json* remaining = quota ? optional(*quota, "remaining", Json::value_t::number_integer, "/push_quota") : nullptr;
      if (remaining && remaining->get<double>() <= 0) {
        a.out["requires"] = w.value("outside", "push_quota");
        a.reason("push_quota_exhausted", "the monthly push quota is used up");
      } else {
        a.allow(std::nullopt);
        a.reason("push_counts_against_quota", remaining ? "push messages left this month: " + remaining->dump()
                                                        : "push messages count against the plan's monthly quota");
      }
    }
  } else if (kind == "user_initiated") {  // Kakao chatbot: answer the utterance, synchronously or by callback
    std::int64_t sync = static_cast<std::int64_t>(w.value("sync_seconds", 5.0) * 1000);
    std::int64_t callback = static_cast<std::int64_t>(w.value("callback_seconds", 60.0) * 1000);
    if (in && now - in->at <= callback) {
      a.allow(in->at + callback);
      a.out["delivery"] = now - in->at <= sync ? "sync_response" : "callback";
      a.reason("answering_utterance", "an answer to the user's utterance (skill response or one-time callback)");
    } else {
      a.out["requires"] = w.value("outside", "alimtalk_template");
      a.reason("no_open_utterance", "business-initiated messages need an approved AlimTalk template");
    }
  } else if (kind == "cs_48h") {  // WeChat / WeCom: 48 h and 5 messages after a user message
    std::optional<std::int64_t> until;
    long left = 0;
    if (in) {
      std::int64_t end = in->at + hours(w, "hours");
      long l = static_cast<long>(w.value("max_messages", 5.0)) - static_cast<long>(outbound_after(h, in->at, now));
      if (now < end && l > 0) until = end, left = l;
    }
    if (const Entry* ev = last_inbound(h, now, "event"); ev && w.contains("event_window_minutes") && !until) {
      std::int64_t end = ev->at + static_cast<std::int64_t>(w["event_window_minutes"].get<double>() * 60000);
      long l = static_cast<long>(w.value("event_max_messages", 3.0)) - static_cast<long>(outbound_after(h, ev->at, now));
      if (now < end && l > 0) until = end, left = l;
    }
    if (until) {
      a.allow(until);
      a.out["messages_left"] = left;
      a.reason("inside_window", "customer-service messages left in this window: " + std::to_string(left));
    } else {
      a.out["requires"] = w.value("outside", "template_message");
      a.out["messages_left"] = 0;
      a.reason(in ? "window_closed_or_used" : "no_customer_message",
               "outside the 48-hour window or its message allowance: wait for the customer to write again");
    }
  } else if (kind == "customer_initiated" || kind == "user_started") {  // Apple / Telegram
    const Entry* closed = last_inbound(h, now, "closed");
    if (in && (!closed || closed->at < in->at)) {
      a.allow(std::nullopt);
      a.reason("customer_initiated", "the customer started this conversation");
    } else {
      a.out["requires"] = "customer_initiation";
      a.reason(in ? "conversation_closed" : "no_customer_message",
               in ? "the customer closed or deleted the conversation: send nothing until they write again"
                  : "the customer must start the conversation");
    }
  } else {
    throw Error("invalid_value", "/overrides/window/kind: \"" + kind + "\" is not a window kind", "/overrides/window/kind");
  }
  a.out["channel"] = p["id"];
  a.out["window"] = {{"kind", kind}, {"verified", w.value("verified", false)}};
  a.out["now"] = model::format_time(now);
  return a.out;
}
PARLEY_METHOD("channels.window", window_method,
              "May a free-form message be sent now {channel, history:[{direction, at, kind?}], now, sender?, promotional?, push_quota?}; until when; else what is required");
}  // namespace
}  // namespace parley::channels
