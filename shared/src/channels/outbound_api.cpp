// channels.outbound: an agent's reply → the provider request(s) that send it. The text is
// rendered in the channel's dialect and split to its limit by the formatter (one part per
// request, except LINE, whose messages array carries up to five); every field the request
// needs and lacks is an error naming it.
#include "format.h"
#include "outbound.h"

#include "parley/api.h"
#include "parley/digest.h"
#include "parley/model.h"
#include "parley/text.h"

namespace parley::channels {
Json draft_of_text(const std::string& text) {
  Json blocks = Json::array();
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find("\n\n", start);
    if (end == std::string::npos) end = text.size();
    std::string para = text.substr(start, end - start);
    while (!para.empty() && para.front() == '\n') para.erase(0, 1);
    if (!para.empty()) blocks.push_back({{"type", "paragraph"}, {"text", para}});
    start = end + 2;
  }
  return {{"blocks", blocks}};
}

namespace {

// The draft's plain text, for e-mail's text/plain (the agent's words without markup).
std::string plain_of(const draft::Draft& d) {
  std::string out;
  for (const auto& b : d.blocks) {
    if (!out.empty()) out += "\n\n";
    for (std::size_t i = 0; i < b.lines.size(); ++i) {
      const auto& l = b.lines[i];
      if (i) out += "\n";
      if (l.item) out += l.ordered ? std::to_string(l.number) + ". " : "- ";
      for (const auto& s : l.spans) out += s.link.empty() || s.link == s.text ? s.text : s.text + " (" + s.link + ")";
    }
  }
  return out;
}

Json outbound_method(const Json& r) {
  const Json p = profile_for_request(r);
  outbound::Send s;
  s.channel = p["id"];
  s.account = require(r, "account", Json::value_t::object);
  const Json& to = require(r, "to", Json::value_t::object);
  s.to = require_string(to, "id", "/to");
  if (s.to.empty()) throw Error("invalid_value", "/to/id must not be empty", "/to/id");
  s.reply_token = optional_string(to, "reply_token", "", "/to");
  s.open_kfid = optional_string(to, "open_kfid", "", "/to");
  s.idempotency_key = require_string(r, "idempotency_key");
  if (s.idempotency_key.empty()) throw Error("invalid_value", "/idempotency_key must not be empty", "/idempotency_key");
  s.now = model::require_time(r, "now");
  s.tag = optional_string(r, "tag", "");
  s.delivery = optional_string(r, "delivery", "");
  s.status_callback = optional_string(r, "status_callback", "");
  if (!s.delivery.empty() && s.delivery != "reply" && s.delivery != "push")
    throw Error("invalid_value", "/delivery must be \"reply\" or \"push\"", "/delivery");
  if (const Json* t = optional(r, "template", Json::value_t::object)) s.template_ = *t;
  if (const Json* th = optional(r, "thread", Json::value_t::object)) s.thread = *th;
  if (const Json* c = optional(r, "choices", Json::value_t::object)) {
    // Native options go on the last part: WhatsApp reply buttons, LINE / Messenger / Instagram quick replies.
    const std::string kind = optional_string(*c, "kind", "", "/choices");
    const Json& list = require(*c, "choices", Json::value_t::array, "/choices");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string at = "/choices/choices/" + std::to_string(i);
      require_string(list[i], "id", at);
      require_string(list[i], "label", at);
    }
    if (s.channel == "whatsapp" && kind == "list") {  // the menu button and each row's title have their own limits
      const std::string button = require_string(*c, "button", "/choices");
      if (button.empty() || text::code_point_count(button) > 20)
        throw Error("invalid_value", "/choices/button: a WhatsApp list's button takes 1–20 characters", "/choices/button");
      for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string at = "/choices/choices/" + std::to_string(i);
        if (text::code_point_count(list[i]["label"].get<std::string>()) > 24)
          throw Error("invalid_value", at + "/label: a WhatsApp list row's title takes at most 24 characters", at + "/label");
        if (list[i]["id"].get<std::string>().size() > 200)
          throw Error("invalid_value", at + "/id: a WhatsApp list row's id takes at most 200 characters", at + "/id");
      }
    }
    const bool native = (s.channel == "whatsapp" && kind == "buttons" && list.size() <= 3) ||
                        (s.channel == "whatsapp" && kind == "list" && !list.empty() && list.size() <= 10) ||
                        ((s.channel == "line" || s.channel == "messenger" || s.channel == "instagram") && kind == "quick_replies" && list.size() <= 13);
    if (!native) throw Error("invalid_value", "/choices: a " + kind + " form cannot be sent natively on " + s.channel + "; send its numbered text", "/choices/kind");
    s.choices = *c;
  }

  const bool has_text = r.contains("text") && !r["text"].is_null();
  if (has_text && r.contains("draft")) throw Error("invalid_request", "/text and /draft: give one, not both", "/draft");
  if (!has_text && !r.contains("draft") && s.template_.is_null()) throw Error("missing_field", "/text is required (or /draft, or /template)", "/text");
  if (has_text || r.contains("draft")) {
    Json draft_json;
    if (has_text) {
      const std::string text = require_string(r, "text");
      if (auto bad = text::invalid_utf8_offset(text))
        throw Error("invalid_utf8", "/text is not valid UTF-8: bad byte at offset " + std::to_string(*bad), "/text");
      draft_json = draft_of_text(text);
    } else {
      draft_json = require(r, "draft", Json::value_t::object);
    }
    const draft::Draft d = draft::parse(draft_json, has_text ? "/text" : "/draft");
    const dialect::Kind kind = dialect::parse(p["markup"]["dialect"].get<std::string>(), "/overrides/markup/dialect");
    s.parts = format::render(d, kind, format::limit_of(p), true).parts;
    s.plain = plain_of(d);
    if (kind == dialect::Kind::email) s.html = format::render_html(d);
    if (s.parts.empty() && s.template_.is_null()) throw Error("invalid_value", has_text ? "/text is empty" : "/draft has no text", has_text ? "/text" : "/draft");
  }
  if (!s.template_.is_null() && s.channel != "whatsapp")
    throw Error("invalid_request", "/template: only WhatsApp sends approved templates", "/template");
  if (!s.tag.empty() && s.channel != "messenger" && s.channel != "instagram")
    throw Error("invalid_request", "/tag applies to Messenger and Instagram only", "/tag");

  Json requests;
  if (s.channel == "whatsapp") requests = outbound::whatsapp(s);
  else if (s.channel == "messenger" || s.channel == "instagram") requests = outbound::meta_messaging(s);
  else if (s.channel == "line") requests = outbound::line(s);
  else if (s.channel == "telegram") requests = outbound::telegram(s);
  else if (s.channel == "sms") requests = outbound::sms(s);
  else if (s.channel == "wechat") requests = outbound::wechat(s);
  else if (s.channel == "wecom") requests = outbound::wecom(s);
  else if (s.channel == "email") requests = outbound::email(s);
  else if (s.channel == "kakao_chat") requests = outbound::kakao(s);
  else throw Error("unsupported_channel", "/channel: no outbound request builder for \"" + s.channel + "\"", "/channel");
  return {{"channel", s.channel}, {"requests", requests}};
}
PARLEY_METHOD("channels.outbound", outbound_method,
              "Build the provider request(s) for a reply {channel, account, to, text|draft, template?, tag?, delivery?, idempotency_key, "
              "thread?, now}");
}  // namespace

namespace outbound {
std::string account_string(const Send& s, const char* key) {
  auto it = s.account.find(key);
  if (it == s.account.end() || !it->is_string() || it->get<std::string>().empty())
    throw Error("missing_field", std::string("/account/") + key + " is required to send on " + s.channel, std::string("/account/") + key);
  return it->get<std::string>();
}

Json http_post(const std::string& url, Json headers, const std::string& body, Json idempotency, bool safe) {
  return {{"transport", "http"}, {"method", "POST"}, {"url", url}, {"headers", std::move(headers)}, {"body", body},
          {"idempotency", std::move(idempotency)}, {"resend_after_timeout", safe ? "safe" : "unsafe"}};
}

std::string uuid_from(const std::string& seed) {
  std::string h = digest::hex(digest::sha256(seed)).substr(0, 32);
  h[12] = '4';
  h[16] = "89ab"[(h[16] >= 'a' ? h[16] - 'a' + 10 : h[16] - '0') & 3];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20, 12);
}
}  // namespace outbound
}  // namespace parley::channels
