// draft.render: a tone template filled from the conversation, cited, framed for the channel
// (e-mail greeting, signature and threading subject), measured against the channel's limit and
// linted. Full core only (ICU MessageFormat).
#include "parley/api.h"
#include "parley/drafting.h"

#include <algorithm>
#include <cctype>

namespace parley::drafting {
namespace {
bool already_reply(const std::string& subject) {
  std::string lower;
  for (char c : subject.substr(0, 8)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view p : {"re:", "aw:", "sv:", "rif:", "r:", "antw:", "réf:", "回复:", "答复:", "رد:"})
    if (lower.rfind(p, 0) == 0 || subject.rfind(p, 0) == 0) return true;
  return false;
}

bool has_method(std::string_view name) {
  for (const auto& m : api::methods()) if (m.name == name) return true;
  return false;
}

Json render(const Json& request) {
  Template t = parse_template(require(request, "template", Json::value_t::object), "/template");
  std::string locale = optional_string(request, "locale", t.locale);
  std::string time_zone = optional_string(request, "time_zone", "UTC");
  Json slots = Json::object();
  if (const Json* s = optional(request, "slots", Json::value_t::object)) slots = *s;

  Json citations = Json::array();
  if (const Json* c = optional(request, "citation", Json::value_t::object)) {
    std::string snippet = require_string(*c, "snippet", "/citation");
    slots["citation"] = snippet;
    slots["citation_title"] = optional_string(*c, "title", "", "/citation");
    citations.push_back({{"article_id", require_string(*c, "article_id", "/citation")}, {"title", slots["citation_title"]}, {"snippet", snippet}});
  }
  slots["has_citation"] = citations.empty() ? "no" : "yes";

  std::vector<std::string> missing;
  std::string body = format_message(t.body, locale, time_zone, slots, t.slots, missing, "/template/body");
  Json answer{{"template_id", t.id}, {"locale", locale}, {"channel", t.channel}, {"intent", t.intent}};

  std::string text = body;
  if (t.channel == "email") {
    Frame frame;
    if (const Json* f = optional(request, "frame", Json::value_t::object)) frame = parse_frame(*f, "/frame");
    std::string greeting = frame.greeting.empty() ? "" : format_message(frame.greeting, locale, time_zone, slots, t.slots, missing, "/frame/greeting");
    std::string signature = frame.signature.empty() ? "" : format_message(frame.signature, locale, time_zone, slots, t.slots, missing, "/frame/signature");
    text = (greeting.empty() ? "" : greeting + "\n\n") + body + (signature.empty() ? "" : "\n\n" + signature);
    std::string subject;
    if (const Json* th = optional(request, "thread", Json::value_t::object)) {
      std::string original = optional_string(*th, "subject", "", "/thread");
      if (!original.empty()) subject = already_reply(original) ? original : frame.reply_prefix + original;
    }
    if (subject.empty() && !t.subject.empty()) subject = format_message(t.subject, locale, time_zone, slots, t.slots, missing, "/template/subject");
    answer["subject"] = subject;
  }
  std::sort(missing.begin(), missing.end());
  missing.erase(std::unique(missing.begin(), missing.end()), missing.end());

  // The channels module, when the core has it, owns platform formatting; otherwise measure here.
  LintRequest lr;
  lr.locale = locale;
  lr.channel = t.channel;
  lr.intent = t.intent;
  lr.register_ = t.register_;
  if (slots.contains("order_number") && slots["order_number"].is_string()) lr.specifics["order_number"] = slots["order_number"];
  if (const Json* p = optional(request, "lint", Json::value_t::object)) lr.pack = *p;
  if (has_method("channels.format")) {
    Json formatted = api::call("channels.format", Json{{"channel", t.channel}, {"text", text}, {"locale", locale}});
    if (formatted.is_object() && !formatted.contains("error")) {
      if (formatted.contains("text") && formatted["text"].is_string()) text = formatted["text"].get<std::string>();
      answer["channel_format"] = formatted;
    }
  }
  lr.text = text;
  lr.limit = channel_limit(t.channel);
  if (lr.limit) {
    Measure m = measure(text, lr.limit->unit);
    Json length{{"unit", lr.limit->unit}, {"value", m.value}, {"max", lr.limit->max}, {"over", lr.limit->max > 0 && m.value > lr.limit->max}};
    if (!m.encoding.empty()) { length["encoding"] = m.encoding; length["segments"] = m.segments; }
    answer["length"] = length;
  }
  Json findings = Json::array();
  bool blocking = false;
  for (const Finding& f : lint(lr)) { blocking = blocking || f.severity == "error"; findings.push_back(to_json(f)); }

  answer["text"] = text;
  answer["citations"] = citations;
  answer["missing_slots"] = missing;
  answer["findings"] = findings;
  answer["ok"] = !blocking;
  return answer;
}
PARLEY_METHOD("draft.render", render,
              "Render a tone template {template, slots, citation?, frame?, thread?, time_zone?, lint?} -> {text, subject?, citations, findings, length}");
}  // namespace
}  // namespace parley::drafting
