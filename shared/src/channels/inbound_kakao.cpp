// KakaoTalk chatbot (Kakao i Open Builder "skill", i.kakao.com/docs/skill-response-format and
// skill-callback-dev-guide): the bot engine POSTs a SkillPayload for each utterance. One message:
// userRequest.utterance from userRequest.user.id (the botUserKey), in the conversation of that
// user; a one-time callbackUrl (AI-chatbot callback, valid 1 minute) rides along as the message's
// reply token. The payload has no event id and Kakao documents no redelivery, so the dedupe key
// is the hash of the raw body: a request sent twice byte for byte is one message.
#include "inbound.h"

#include "parley/digest.h"

namespace parley::channels::inbound {
Batch kakao(const Json& body, const std::string& raw, std::int64_t received_at) {
  const Json user_request = field(body, "userRequest");
  if (!user_request.is_object()) throw Error("invalid_payload", "/body/userRequest must be an object", "/body/userRequest");
  const Json user = field(user_request, "user");
  const Json id = field(user, "id");
  if (!id.is_string() || id.get<std::string>().empty())
    throw Error("invalid_payload", "/body/userRequest/user/id must be a non-empty string (the botUserKey)", "/body/userRequest/user/id");
  const Json utterance = field(user_request, "utterance");
  if (!utterance.is_string()) throw Error("invalid_payload", "/body/userRequest/utterance must be a string", "/body/userRequest/utterance");
  const std::string hash = digest::hex(digest::sha256(raw));
  const std::string from = id.get<std::string>();
  std::string text = utterance.get<std::string>();
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) text = "[empty]";
  Json msg{{"id", "kakao:" + hash.substr(0, 32)},
           {"conversation_id", "kakao_chat:" + from},
           {"channel", "kakao_chat"},
           {"direction", "inbound"},
           {"sender", {{"type", "customer"}, {"id", from}}},
           {"text", text},
           {"at", received_at}};
  Json extra = Json::object();
  const Json callback = field(user_request, "callbackUrl");
  if (callback.is_string()) {
    const std::string url = callback.get<std::string>();
    if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0)
      throw Error("invalid_payload", "/body/userRequest/callbackUrl must be an http(s) URL", "/body/userRequest/callbackUrl");
    extra["reply_token"] = url;  // single use, about a minute: the same bookkeeping as LINE's reply token
  }
  if (const std::string lang = str(user_request, "lang"); !lang.empty()) extra["lang"] = lang;
  if (const std::string bot = str(field(body, "bot"), "id"); !bot.empty()) extra["bot_id"] = bot;
  Batch b;
  b.messages.push_back({msg, body, "kakao_chat:sha256:" + hash, extra});
  return b;
}
}  // namespace parley::channels::inbound
