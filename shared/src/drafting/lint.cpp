// The draft lint: a reply must answer or set a specific expectation, must not promise money before
// a person approves it, must keep the template's register and fit the channel. ICU-free so the
// widget core and the CLI run the same rules.
#include "lint_phrases.h"
#include "parley/drafting.h"
#include "parley/knowledge.h"

#include <algorithm>

namespace parley::drafting {
namespace {
using knowledge::Token;

std::string language_of(const std::string& locale) {
  std::string l = locale.substr(0, locale.find_first_of("-_"));
  std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return l;
}

struct Match { std::size_t start, end; };

// Find `phrase` as a run of whole search terms. `word_final`: the match must end where the word
// ends (Korean: "할게" is casual, "할게요" is polite).
std::optional<Match> find_phrase(const std::vector<Token>& text, std::string_view phrase, bool word_final = false) {
  auto p = knowledge::tokenize(phrase, false);
  if (p.empty() || p.size() > text.size()) return std::nullopt;
  for (std::size_t i = 0; i + p.size() <= text.size(); ++i) {
    bool ok = true;
    for (std::size_t j = 0; ok && j < p.size(); ++j) ok = text[i + j].term == p[j].term;
    if (!ok) continue;
    std::size_t last = i + p.size() - 1;
    if (word_final && last + 1 < text.size() && text[last + 1].start < text[last].end) continue;  // bigram run goes on
    return Match{text[i].start, text[last].end};
  }
  return std::nullopt;
}

bool has_digit(const std::vector<Token>& tokens) {
  for (const Token& t : tokens)
    for (char c : t.term) if (c >= '0' && c <= '9') return true;
  return false;
}

Finding make(std::string code, std::string severity, std::string message, std::string_view text, std::optional<Match> m, Json params = Json::object()) {
  Finding f;
  f.code = std::move(code);
  f.severity = std::move(severity);
  f.message = std::move(message);
  if (m) { f.start = m->start; f.end = m->end; f.phrase = std::string(text.substr(m->start, m->end - m->start)); }
  f.params = std::move(params);
  return f;
}

std::vector<std::string> strings_at(const Json& pack, std::string_view key, const std::string& language) {
  std::vector<std::string> out;
  auto it = pack.find(key);
  if (it == pack.end() || !it->is_object()) return out;
  auto l = it->find(language);
  if (l == it->end() || !l->is_array()) return out;
  for (const Json& s : *l) if (s.is_string()) out.push_back(s.get<std::string>());
  return out;
}

// What a reply for `intent` must mention: the pack says so, else the defaults of taxonomy v1.
std::vector<std::string> requirements(const Json& pack, const std::string& intent) {
  auto it = pack.find("requires");
  if (it != pack.end() && it->is_object()) {
    std::vector<std::string> out;
    if (auto r = it->find(intent); r != it->end() && r->is_array())
      for (const Json& s : *r) if (s.is_string()) out.push_back(s.get<std::string>());
    return out;
  }
  if (intent == "order_status") return {"order_number", "date"};
  if (intent == "return_refund" || intent == "cancellation") return {"order_number"};
  return {};
}

bool contains_folded(std::string_view text, const std::string& needle) {
  auto lower = [](std::string_view s) {
    std::string o(s);
    std::transform(o.begin(), o.end(), o.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return o;
  };
  return !needle.empty() && lower(text).find(lower(needle)) != std::string::npos;
}
}  // namespace

std::vector<Finding> lint(const LintRequest& r) {
  std::vector<Finding> out;
  const std::string language = language_of(r.locale);
  auto tokens = knowledge::tokenize(r.text, false);
  const bool specific = has_digit(tokens);
  const PhraseSet* set = phrases_for(language);

  // Non-committal: a promise to answer later is not an answer. With a concrete date or number in
  // the reply it may be a real expectation ("we'll confirm by 25 Nov"), so it only warns then.
  std::vector<std::string> later;
  if (set) for (auto p : set->non_committal) later.emplace_back(p);
  for (auto& p : strings_at(r.pack, "non_committal", language)) later.push_back(p);
  for (const auto& p : later)
    if (auto m = find_phrase(tokens, p))
      out.push_back(make("non_committal", specific ? "warning" : "error",
                         "promises to answer later instead of answering; give the answer or a specific time", r.text, m));

  if (set) {
    for (auto p : set->refund_promise)
      if (auto m = find_phrase(tokens, p))
        out.push_back(make("promise", "warning", "promises a refund: a person must approve it first", r.text, m, {{"kind", "refund"}}));
    for (auto p : set->compensation_promise)
      if (auto m = find_phrase(tokens, p))
        out.push_back(make("promise", "warning", "promises compensation: a person must approve it first", r.text, m, {{"kind", "compensation"}}));
    const auto& markers = r.register_ == "formal" ? set->informal_markers : set->formal_markers;
    if (!r.register_.empty())
      for (auto p : markers)
        if (auto m = find_phrase(tokens, p, language == "ko"))
          out.push_back(make("wrong_register", "warning", "does not match the template's " + r.register_ + " register", r.text, m,
                             {{"expected", r.register_}}));
  }

  for (const auto& need : requirements(r.pack, r.intent)) {
    bool ok = false;
    if (need == "order_number") {
      auto given = r.specifics.find("order_number");
      if (given != r.specifics.end() && given->is_string()) ok = contains_folded(r.text, given->get<std::string>());
      else for (const Token& t : tokens) ok = ok || (t.term.size() >= 4 && std::any_of(t.term.begin(), t.term.end(), [](char c) { return c >= '0' && c <= '9'; }));
    } else {
      ok = specific;  // dates and amounts are written with digits in every locale Parley formats
    }
    if (!ok)
      out.push_back(make("missing_specifics", "warning", "a reply about " + r.intent + " should mention the " + need, r.text, std::nullopt,
                         {{"missing", need}}));
  }

  if (r.limit && r.limit->max > 0) {
    Measure m = measure(r.text, r.limit->unit);
    if (m.value > r.limit->max)
      out.push_back(make("over_limit", "error", "longer than the channel allows", r.text, std::nullopt,
                         {{"value", m.value}, {"max", r.limit->max}, {"unit", r.limit->unit}}));
  }

  if (auto banned = r.pack.find("banned"); banned != r.pack.end() && banned->is_array()) {
    for (const Json& b : *banned) {
      std::string phrase = b.is_string() ? b.get<std::string>() : b.is_object() ? b.value("phrase", "") : "";
      std::string locale = b.is_object() ? b.value("locale", "") : "";
      if (phrase.empty() || (!locale.empty() && language_of(locale) != language)) continue;
      if (auto m = find_phrase(tokens, phrase))
        out.push_back(make("banned_phrase", "error", "uses a phrase the workspace bans", r.text, m,
                           {{"reason", b.is_object() ? b.value("reason", "") : ""}}));
    }
  }

  for (std::size_t at = r.text.find(kSlotOpen); at != std::string::npos; at = r.text.find(kSlotOpen, at + 1)) {
    std::size_t close = r.text.find(kSlotClose, at);
    std::size_t end = close == std::string::npos ? at + kSlotOpen.size() : close + kSlotClose.size();
    out.push_back(make("unfilled_slot", "error", "a required detail is still missing", r.text, Match{at, end}));
  }
  return out;
}

Json to_json(const Finding& f) {
  Json j{{"code", f.code}, {"severity", f.severity}, {"message", f.message}, {"params", f.params}};
  if (!f.phrase.empty()) { j["phrase"] = f.phrase; j["start"] = f.start; j["end"] = f.end; }
  return j;
}

LintRequest parse_lint_request(const Json& request) {
  LintRequest r;
  r.text = require_string(request, "text");
  r.locale = require_string(request, "locale");
  r.channel = optional_string(request, "channel", "");
  r.intent = optional_string(request, "intent", "");
  r.register_ = optional_string(request, "register", "");
  if (!r.register_.empty() && r.register_ != "formal" && r.register_ != "informal")
    throw Error("invalid_value", "/register must be \"formal\" or \"informal\"", "/register");
  if (const Json* s = optional(request, "specifics", Json::value_t::object)) r.specifics = *s;
  if (const Json* p = optional(request, "pack", Json::value_t::object)) r.pack = *p;
  if (const Json* l = optional(request, "limit", Json::value_t::object, "")) {
    Limit lim;
    lim.unit = optional_string(*l, "unit", "code_points", "/limit");
    if (lim.unit != "utf16" && lim.unit != "code_points" && lim.unit != "sms_segments")
      throw Error("invalid_value", "/limit/unit must be utf16, code_points or sms_segments", "/limit/unit");
    double max = optional_number(*l, "max", 0, "/limit");
    if (max < 0) throw Error("invalid_value", "/limit/max must not be negative", "/limit/max");
    lim.max = static_cast<std::size_t>(max);
    r.limit = lim;
  } else if (!r.channel.empty()) {
    r.limit = channel_limit(r.channel);
  }
  return r;
}
}  // namespace parley::drafting
