// KakaoTalk chatbot answers (i.kakao.com/docs/skill-response-format, skill-callback-dev-guide;
// ../shared/CHANNELS.md §5): a SkillResponse {"version":"2.0","template":{"outputs":[…],
// "quickReplies":[…]}} with at most 3 outputs and 10 quick replies, each simpleText at most 1000
// characters (UNVERIFIED, the profile's text.max). channels.kakao_response builds the skill's own
// answer (synchronous, within Kakao's 5 s), or the {"useCallback":true} answer that keeps the
// one-time callbackUrl open; outbound::kakao posts a later answer (an agent's) to that URL.
#include "format.h"
#include "outbound.h"

#include "parley/api.h"
#include "parley/channels.h"
#include "parley/text.h"

namespace parley::channels {
namespace {
constexpr std::size_t kMaxOutputs = 3;
constexpr std::size_t kMaxQuickReplies = 10;

// The text split to simpleText's limit by the formatter (plain dialect), one output per part.
Json outputs_of(const Json& profile, const std::string& text, const char* path) {
  if (auto bad = text::invalid_utf8_offset(text))
    throw Error("invalid_utf8", std::string(path) + " is not valid UTF-8: bad byte at offset " + std::to_string(*bad), path);
  const draft::Draft d = draft::parse(draft_of_text(text), path);
  const auto parts = format::render(d, dialect::Kind::plain, format::limit_of(profile), true).parts;
  if (parts.empty()) throw Error("invalid_value", std::string(path) + " is empty", path);
  if (parts.size() > kMaxOutputs)
    throw Error("text_too_long", std::string(path) + " needs " + std::to_string(parts.size()) + " simpleText outputs; a skill answer takes at most 3", path);
  Json out = Json::array();
  for (const auto& p : parts) out.push_back({{"simpleText", {{"text", p}}}});
  return out;
}

Json quick_replies_of(const Json& r) {
  Json out = Json::array();
  const Json* q = optional(r, "quick_replies", Json::value_t::array);
  if (!q) return out;
  if (q->size() > kMaxQuickReplies) throw Error("invalid_value", "/quick_replies: a skill answer takes at most 10 quick replies", "/quick_replies");
  for (std::size_t i = 0; i < q->size(); ++i) {
    const std::string at = "/quick_replies/" + std::to_string(i);
    const std::string label = (*q)[i].is_string() ? (*q)[i].get<std::string>() : require_string((*q)[i], "label", at);
    if (label.empty()) throw Error("invalid_value", at + " must not be empty", at);
    const std::string message = (*q)[i].is_object() ? optional_string((*q)[i], "message", label, at) : label;
    out.push_back({{"label", label}, {"action", "message"}, {"messageText", message}});
  }
  return out;
}

Json kakao_response(const Json& r) {
  Json req = r;
  req["channel"] = "kakao_chat";
  const Json p = profile_for_request(req);
  const std::string text = require_string(r, "text");
  const Json* cb = optional(r, "use_callback", Json::value_t::boolean);
  if (cb && cb->get<bool>()) {
    // Kakao shows the block's callback message (filled from `data`) and waits for the callback.
    (void)outputs_of(p, text, "/text");  // the same limits as an answer
    return {{"version", "2.0"}, {"useCallback", true}, {"data", {{"text", text}}}};
  }
  Json t{{"outputs", outputs_of(p, text, "/text")}};
  if (Json q = quick_replies_of(r); !q.empty()) t["quickReplies"] = q;
  return {{"version", "2.0"}, {"template", t}};
}
PARLEY_METHOD("channels.kakao_response", kakao_response,
              "A Kakao i Open Builder skill answer {text, quick_replies?, use_callback?, overrides?} → SkillResponse version 2.0");
}  // namespace

namespace outbound {
// The callbackUrl is single use: a resend after a timeout could post twice, or hit a spent URL.
Json kakao(const Send& s) {
  if (s.reply_token.empty())
    throw Error("missing_field", "/to/reply_token (the utterance's callbackUrl) is required to answer on kakao_chat later than 5 s", "/to/reply_token");
  if (s.parts.size() > kMaxOutputs)
    throw Error("text_too_long", "/text needs " + std::to_string(s.parts.size()) + " simpleText outputs; a skill answer takes at most 3", "/text");
  Json outputs = Json::array();
  for (const auto& p : s.parts) outputs.push_back({{"simpleText", {{"text", p}}}});
  const Json body{{"version", "2.0"}, {"template", {{"outputs", outputs}}}};
  Json out = Json::array();
  out.push_back(http_post(s.reply_token, {{"Content-Type", "application/json"}}, body.dump(), nullptr, false));
  return out;
}
}  // namespace outbound
}  // namespace parley::channels
