// Send-time rules (see send_rules.h): the core decides, the relay enforces and records why.
#include "relay/send_rules.h"

#include "relay/http_error.h"
#include "relay/ids.h"

namespace parley::relay {
namespace {
Json core(const char* method, const Json& request) {
  Json answer = api::call(method, request);
  if (answer.contains("error"))  // the relay built the request: an error here is the relay's bug
    throw std::runtime_error(std::string(method) + ": " + answer["error"].value("message", ""));
  return answer;
}

Json window(const std::string& channel, const Json& context, std::int64_t now) {
  return core("channels.window", {{"channel", channel}, {"now", now}, {"sender", "human"}, {"history", context["history"]}});
}

Json consent(const std::string& channel, const Json& context, std::int64_t now) {
  const bool opted_out = context.contains("contact") && context["contact"].value("opted_out", false);
  return core("channels.consent", {{"channel", channel}, {"now", now}, {"purpose", "service"}, {"contact", {{"opted_out", opted_out}}}});
}

Json template_names(const ChannelAccounts& accounts, const std::string& channel) {
  Json names = Json::array();
  if (channel == "whatsapp")
    for (const auto& [name, t] : accounts.account(channel)["templates"].items()) names.push_back(name);
  return names;
}

// The agent's template, checked against the workspace's approved ones: {name, language, parameters}.
Json approved_template(const ChannelAccounts& accounts, const std::string& channel, const Json& given) {
  if (channel != "whatsapp")
    throw HttpError(422, "template_not_supported", "/template: only WhatsApp sends approved templates", "/template");
  const std::string name = given.value("name", "");
  const Json& templates = accounts.account(channel)["templates"];
  if (!templates.contains(name)) {
    HttpError e(422, "unknown_template", "/template/name is not an approved template of this workspace", "/template/name");
    e.details["templates"] = template_names(accounts, channel);
    throw e;
  }
  const Json& t = templates[name];
  Json params = given.value("parameters", Json::array());
  const std::size_t want = t.value("body_parameters", 0u);
  if (params.size() != want)
    throw HttpError(422, "invalid_value",
                    "/template/parameters: template " + name + " takes " + std::to_string(want) + " parameters, not " +
                        std::to_string(params.size()),
                    "/template/parameters");
  return {{"name", name}, {"language", given.value("language", t["language"].get<std::string>())}, {"parameters", params}};
}

// 409 with what the window answered: the code of its first reason, what is required, the options.
[[noreturn]] void refuse(const std::string& message, const Json& w, Json details = Json::object()) {
  const Json reasons = w.value("reasons", Json::array());
  HttpError e(409, reasons.empty() ? "window_closed" : reasons[0].value("code", "window_closed"), message);
  e.details = std::move(details);
  e.details["requires"] = w.value("requires", Json(nullptr));
  e.details["reasons"] = reasons;
  if (w.contains("options") && !w["options"].empty()) e.details["options"] = w["options"];
  if (w.contains("messages_left")) e.details["messages_left"] = w["messages_left"];
  throw e;
}
// KakaoTalk: an agent's words reach the customer only through the one-time callbackUrl of their
// last utterance, within a minute, once (i.kakao.com/docs/skill-callback-dev-guide). There is no
// free-form push for agents; AlimTalk is template-only through Kakao's dealers. Returns why a
// reply cannot go now ({code, message}), or null.
Json kakao_refusal(const Json& context, std::int64_t now) {
  constexpr std::int64_t kCallbackMs = 60 * 1000;
  const std::string after = "; KakaoTalk has no free-form message an agent may send later (AlimTalk takes only approved templates, "
                            "through Kakao's dealers): the customer's next message opens a new callback";
  const auto why = [&](const char* code, const std::string& text) { return Json{{"code", code}, {"message", text + after}}; };
  if (!context.contains("reply_token"))
    return why("kakao_no_callback", "the customer's utterance carried no callbackUrl (the block's callback is off), so only the skill's own "
                                    "answer could reach them");
  const Json& t = context["reply_token"];
  if (t.value("used", false)) return why("kakao_callback_used", "the utterance's callbackUrl was already used (it is single use)");
  if (now - t["received_at"].get<std::int64_t>() > kCallbackMs)
    return why("kakao_callback_expired", "the utterance's callbackUrl expired: it is valid for one minute after the customer wrote");
  return nullptr;
}

void kakao_callback(const Json& context, std::int64_t now, Json& request, Json& plan) {
  if (const Json r = kakao_refusal(context, now); !r.is_null()) {
    HttpError e(409, r["code"], r["message"]);
    e.details["requires"] = "customer_message";
    throw e;
  }
  const Json& t = context["reply_token"];
  request["to"]["reply_token"] = t["token"];
  plan["reply_token"] = t["token"];  // spent by this send
}
}  // namespace

Json plan_send(const ChannelAccounts& accounts, const std::string& channel, const SendFields& fields, const Json& context,
               std::int64_t now) {
  if (!accounts.configured(channel))
    throw HttpError(409, "channel_not_configured", "channel " + channel + " has no account in the workspace: nothing can be sent");
  if (!context.contains("contact")) throw HttpError(409, "no_contact", "this conversation has no " + channel + " contact to send to");
  const Json w = window(channel, context, now);
  const Json c = consent(channel, context, now);
  if (!c.value("may_send", true)) {
    std::string code = "consent_blocked";
    for (const auto& r : c["reasons"])
      if (r.value("blocks", false)) {
        code = r.value("code", code);
        break;
      }
    HttpError e(409, code, "the contact's consent does not allow sending on " + channel + " now");
    e.details["requires"] = "opt_in";
    e.details["reasons"] = c["reasons"];
    throw e;
  }

  Json request{{"to", {{"id", context["contact"]["id"]}}}, {"text", fields.text}};
  if (fields.choices) request["choices"] = *fields.choices;
  Json data{{"window", {{"free_form", w["free_form"]}, {"until", w["until"]}, {"reasons", w["reasons"]}}}};
  Json plan = Json::object();
  const bool free_form = w.value("free_form", false);

  if (channel == "kakao_chat") kakao_callback(context, now, request, plan);

  if (fields.message_template) {  // an approved template may go inside or outside the window
    const Json t = approved_template(accounts, channel, *fields.message_template);
    request["template"] = t;
    data["template"] = t;
  } else if (fields.tag) {
    if (channel != "messenger" && channel != "instagram")
      throw HttpError(422, "tag_not_supported", "/tag: message tags exist on Messenger and Instagram only", "/tag");
    bool offered = free_form;
    for (const auto& o : w.value("options", Json::array())) offered = offered || o.value("tag", "") == *fields.tag;
    if (!offered) refuse("/tag " + *fields.tag + " does not apply to this conversation now", w);
    request["tag"] = *fields.tag;
    data["tag"] = *fields.tag;
  } else if (!free_form) {
    Json details = Json::object();
    if (channel == "whatsapp") details["templates"] = template_names(accounts, channel);
    refuse("a free-form message cannot be sent on " + channel + " now", w, details);
  }

  if (channel == "line") {  // a valid reply token is free; otherwise push, which is safe to retry with its key
    const std::string delivery = w.value("delivery", "push");
    request["delivery"] = delivery;
    data["delivery"] = delivery;
    if (delivery == "reply" && context.contains("reply_token")) {
      request["to"]["reply_token"] = context["reply_token"]["token"];
      plan["reply_token"] = context["reply_token"]["token"];
    }
  }
  if (channel == "wecom") {  // the thread is "<open_kfid>/<external_userid>": reply on the account the customer wrote to
    const std::string thread = context.value("thread_key", Json("")).is_string() ? context["thread_key"].get<std::string>() : "";
    request["to"]["open_kfid"] = thread.substr(0, thread.find('/'));
  }
  if (channel == "email") {
    const Json e = context.value("email", Json::object());
    Json thread{{"subject", fields.subject.value_or(e.value("subject", ""))}};
    if (!e.value("in_reply_to", std::string()).empty()) thread["in_reply_to"] = e["in_reply_to"];
    if (e.contains("references")) thread["references"] = e["references"];
    request["thread"] = thread;
  }
  plan["request"] = request;
  plan["idempotency_key"] = random_uuid();
  plan["channel_data"] = data;
  return plan;
}

Json channel_state(const ChannelAccounts& accounts, const std::string& channel, const Json& context, std::int64_t now) {
  Json out{{"channel", channel}, {"configured", accounts.configured(channel)}};
  if (context.contains("contact")) out["contact"] = context["contact"];
  if (channel == "webchat") return out;
  out["window"] = window(channel, context, now);
  if (channel == "kakao_chat")  // the core's window knows the minute; the callback's use and presence are the relay's
    if (const Json r = kakao_refusal(context, now); !r.is_null()) {
      out["window"]["free_form"] = false;
      out["window"]["until"] = nullptr;
      out["window"]["requires"] = "customer_message";
      out["window"]["reasons"] = Json::array({r});
    }
  out["consent"] = consent(channel, context, now);
  if (channel == "whatsapp" && accounts.configured(channel)) {
    out["templates"] = template_names(accounts, channel);
    // What the console needs to offer a template: its language and how many body parameters it takes.
    Json details = Json::array();
    for (const auto& [name, t] : accounts.account(channel)["templates"].items())
      details.push_back({{"name", name}, {"language", t.value("language", "")}, {"parameters", t.value("body_parameters", 0u)}});
    out["template_details"] = details;
  }
  if (context.contains("reply_token")) {  // LINE: when the token stops being usable (its value stays here)
    const Json& t = context["reply_token"];
    out["reply_token"] = {{"received_at", t["received_at"]}, {"used", t["used"]}};
  }
  return out;
}
}  // namespace parley::relay
