// channels.consent: opt-out/opt-in/help keywords in the customer's languages and the sending rules
// that follow from consent, quiet hours and (in Korea) advertising law. Everything is returned as
// reasons the agent sees; nothing is dropped silently. Time is an input: `now` plus the recipient's
// UTC offset (no tz database in the core).
#include "parley/api.h"
#include "parley/channels.h"
#include "parley/model.h"
#include "parley/text.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace parley::channels {
namespace {
struct Keyword {
  const char* word;  // upper-case form for Latin scripts, as typed for others
  const char* kind;  // opt_out | opt_in | help
  const char* lang;
  bool in_sentence = false;  // also flag it inside a longer message ("please stop texting me")
};

// English: Twilio's default keywords and the TCPA per-se revocation words (FCC 24-24). The other
// languages are Parley's own list (not from a carrier); a workspace adds more per request. Only
// unambiguous words count inside a sentence: "cancel my order" or "when will it end" are service
// requests, "please stop texting me" is a revocation to confirm.
constexpr Keyword kKeywords[] = {
    {"STOP", "opt_out", "en", true}, {"STOPALL", "opt_out", "en", true}, {"UNSUBSCRIBE", "opt_out", "en", true}, {"END", "opt_out", "en"},
    {"QUIT", "opt_out", "en"}, {"REVOKE", "opt_out", "en", true}, {"OPTOUT", "opt_out", "en", true}, {"OPT OUT", "opt_out", "en", true},
    {"OPT-OUT", "opt_out", "en", true}, {"CANCEL", "opt_out", "en"},
    {"PARAR", "opt_out", "es"}, {"BAJA", "opt_out", "es"}, {"DETENER", "opt_out", "es"}, {"CANCELAR", "opt_out", "es"},
    {"SAIR", "opt_out", "pt"}, {"DESCADASTRAR", "opt_out", "pt", true},
    {"ARRET", "opt_out", "fr"}, {"ARRÊT", "opt_out", "fr"}, {"DESABONNER", "opt_out", "fr", true}, {"DÉSABONNER", "opt_out", "fr", true},
    {"STOPP", "opt_out", "de"}, {"ABMELDEN", "opt_out", "de", true}, {"ABBESTELLEN", "opt_out", "de", true},
    {"停止", "opt_out", "ja"}, {"配信停止", "opt_out", "ja", true}, {"解除", "opt_out", "ja"},
    {"退订", "opt_out", "zh", true}, {"退訂", "opt_out", "zh", true}, {"取消订阅", "opt_out", "zh", true},
    {"수신거부", "opt_out", "ko", true}, {"수신 거부", "opt_out", "ko", true}, {"거부", "opt_out", "ko"}, {"중지", "opt_out", "ko"},
    {"START", "opt_in", "en"}, {"YES", "opt_in", "en"}, {"UNSTOP", "opt_in", "en"},
    {"HELP", "help", "en"}, {"INFO", "help", "en"}, {"AYUDA", "help", "es"}, {"AJUDA", "help", "pt"},
    {"AIDE", "help", "fr"}, {"HILFE", "help", "de"}, {"ヘルプ", "help", "ja"}, {"帮助", "help", "zh"}, {"도움말", "help", "ko"},
};

// Upper-case ASCII and Latin-1 letters; trim spaces and trailing punctuation (STOP. / stop! / 停止。).
std::string normalize(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = text::next_code_point(s, i);
    if (cp >= 'a' && cp <= 'z') cp -= 32;
    else if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) cp -= 32;
    if (cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000) cp = ' ';
    text::append_utf8(out, cp);
  }
  auto strip = [](std::string& t) {
    for (bool changed = true; changed;) {
      changed = false;
      for (std::string_view p : {" ", ".", "!", "?", ",", "\"", "'", "。", "！", "？", "、"}) {
        while (t.size() >= p.size() && t.compare(t.size() - p.size(), p.size(), p) == 0) t.erase(t.size() - p.size()), changed = true;
        while (t.size() >= p.size() && t.compare(0, p.size(), p) == 0) t.erase(0, p.size()), changed = true;
      }
    }
  };
  strip(out);
  return out;
}

bool is_word_byte(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c & 0x80); }

// `word` inside `text` on word boundaries (for Latin keywords) or anywhere (CJK/Hangul).
bool contains_word(const std::string& text, const std::string& word) {
  bool latin = !(static_cast<unsigned char>(word[0]) & 0x80);
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    if (!latin) return true;
    bool left = at == 0 || !is_word_byte(text[at - 1]);
    bool right = at + word.size() >= text.size() || !is_word_byte(text[at + word.size()]);
    if (left && right) return true;
  }
  return false;
}

int minutes_of(const std::string& hhmm, const std::string& path) {
  int h = 0, m = 0;
  if (hhmm.size() != 5 || hhmm[2] != ':' || std::sscanf(hhmm.c_str(), "%2d:%2d", &h, &m) != 2 || h > 24 || m > 59)
    throw Error("invalid_value", path + " must be a local time like \"21:00\"", path);
  return h * 60 + m;
}

struct Quiet {
  int start = 0, end = 0;  // minutes after local midnight; the quiet period wraps midnight
  std::string rule, source;
  bool verified = true;
  bool needs_consent = false;  // Korea: allowed with separate night-time consent
};

// Quiet hours for marketing by country/region (CHANNELS.md §5, §10). Other countries: none known
// here — a workspace passes its own `quiet_hours`.
std::optional<Quiet> quiet_for(const std::string& country, const std::string& region) {
  if (country == "US") {
    if (region == "FL" || region == "OK")
      return Quiet{20 * 60, 8 * 60, "us_state_quiet_hours", region + " telephone solicitation 8:00-20:00 local (stricter than federal)", false, false};
    return Quiet{21 * 60, 8 * 60, "us_tcpa_quiet_hours", "47 CFR 64.1200(c)(1): not before 8:00 or after 21:00 recipient local", true, false};
  }
  if (country == "KR")
    return Quiet{21 * 60, 8 * 60, "kr_night_ads", "정보통신망법 §50: ads 21:00-08:00 need separate consent", true, true};
  return std::nullopt;
}

bool in_quiet(int minute, const Quiet& q) {
  return q.start > q.end ? (minute >= q.start || minute < q.end) : (minute >= q.start && minute < q.end);
}

std::string local_iso(std::int64_t utc_ms, int offset) {
  std::string t = model::format_time(utc_ms + static_cast<std::int64_t>(offset) * 60000);
  char off[32];
  std::snprintf(off, sizeof off, "%c%02d:%02d", offset < 0 ? '-' : '+', std::abs(offset) / 60, std::abs(offset) % 60);
  return t.substr(0, 19) + off;
}

Json consent_method(const Json& r) {
  Json p = profile_for_request(r);
  const std::int64_t now = model::require_time(r, "now");
  std::string purpose = optional_string(r, "purpose", "service");
  if (purpose != "service" && purpose != "transactional" && purpose != "marketing")
    throw Error("invalid_value", "/purpose must be service, transactional or marketing", "/purpose");
  std::string country = optional_string(r, "country", "");
  std::string region = optional_string(r, "region", "");
  Json reasons = Json::array();
  bool may_send = true;
  auto reason = [&](const std::string& code, const std::string& message, bool blocks, Json extra = Json::object()) {
    extra["code"] = code;
    extra["message"] = message;
    extra["blocks"] = blocks;
    reasons.push_back(extra);
    if (blocks) may_send = false;
  };
  Json out = Json::object();

  // 1. What the customer's message says.
  Json keyword = nullptr;
  if (const Json* t = optional(r, "text", Json::value_t::string)) {
    std::string n = normalize(t->get<std::string>());
    std::vector<Keyword> extra_words;
    std::vector<std::string> extra_store;
    if (const Json* k = optional(r, "keywords", Json::value_t::object)) {
      for (const char* kind : {"opt_out", "opt_in", "help"}) {
        if (const Json* list = optional(*k, kind, Json::value_t::array, "/keywords")) {
          for (std::size_t i = 0; i < list->size(); ++i) {
            if (!(*list)[i].is_string())
              throw Error("invalid_type", "/keywords/" + std::string(kind) + "/" + std::to_string(i) + " must be a string",
                          "/keywords/" + std::string(kind) + "/" + std::to_string(i));
            extra_store.push_back(normalize((*list)[i].get<std::string>()));
          }
          for (std::size_t i = extra_store.size() - list->size(); i < extra_store.size(); ++i)
            extra_words.push_back({nullptr, kind, "workspace", true});
        }
      }
    }
    auto word_of = [&](std::size_t i) { return i < std::size(kKeywords) ? std::string(kKeywords[i].word) : extra_store[i - std::size(kKeywords)]; };
    auto entry = [&](std::size_t i) { return i < std::size(kKeywords) ? kKeywords[i] : extra_words[i - std::size(kKeywords)]; };
    const std::size_t total = std::size(kKeywords) + extra_words.size();
    for (std::size_t i = 0; i < total && keyword.is_null(); ++i)
      if (n == word_of(i)) keyword = {{"kind", entry(i).kind}, {"keyword", word_of(i)}, {"language", entry(i).lang}, {"exact", true}};
    // Revocation "by any reasonable means" (TCPA): a short message containing an opt-out word is
    // flagged for a person to confirm rather than guessed either way.
    if (keyword.is_null() && text::code_point_count(n) <= 80) {
      for (std::size_t i = 0; i < total && keyword.is_null(); ++i)
        if (std::string(entry(i).kind) == "opt_out" && entry(i).in_sentence && contains_word(n, word_of(i)))
          keyword = {{"kind", "possible_opt_out"}, {"keyword", word_of(i)}, {"language", entry(i).lang}, {"exact", false}};
    }
    if (!keyword.is_null()) {
      std::string kind = keyword["kind"];
      if (kind == "opt_out")
        reason("opt_out_received", "the customer opted out: record it, send at most one confirmation, nothing else on this channel", true,
               {{"confirmation_allowed", true}, {"honor_within_business_days", 10}});
      else if (kind == "possible_opt_out")
        reason("possible_opt_out", "the message may revoke consent: a person should confirm before anything else is sent", true);
      else if (kind == "opt_in")
        reason("opt_in_received", "the customer opted back in: record it", false);
      else
        reason("help_requested", "answer with who you are and how to opt out", false);
    }
  }
  out["keyword"] = keyword;

  // 2. What we know about the contact.
  const Json* contact = optional(r, "contact", Json::value_t::object);
  auto flag = [&](const char* key) {
    const Json* v = contact ? optional(*contact, key, Json::value_t::boolean, "/contact") : nullptr;
    return v && v->get<bool>();
  };
  if (flag("opted_out") && !(keyword.is_object() && keyword["kind"] == "opt_in"))
    reason("opted_out", "the contact has opted out of this channel", true);
  if (purpose == "marketing" && !flag("marketing_opt_in"))
    reason("no_marketing_consent", "marketing needs the contact's prior opt-in", true);
  if (purpose == "marketing" && p["window"]["kind"] == "template_only")
    reason("channel_not_for_marketing", "this channel carries informational messages only", true);

  // 3. Quiet hours (marketing only: service replies to the customer are not solicitations).
  std::optional<Quiet> quiet = quiet_for(country, region);
  if (const Json* q = optional(r, "quiet_hours", Json::value_t::object)) {
    Quiet own;
    own.start = minutes_of(require_string(*q, "start", "/quiet_hours"), "/quiet_hours/start");
    own.end = minutes_of(require_string(*q, "end", "/quiet_hours/end"), "/quiet_hours/end");
    own.rule = "workspace_quiet_hours";
    own.source = "workspace quiet hours " + q->at("start").get<std::string>() + "-" + q->at("end").get<std::string>() + " local";
    quiet = own;
  }
  if (quiet && purpose == "marketing") {
    const Json* off = r.contains("utc_offset") ? &r["utc_offset"] : nullptr;
    if (!off || off->is_null())
      throw Error("missing_field", "/utc_offset is required to check quiet hours (the recipient's offset, e.g. \"+09:00\" or minutes)", "/utc_offset");
    int offset = 0;
    if (off->is_number_integer()) {
      offset = off->get<int>();
      if (offset < -14 * 60 || offset > 14 * 60) throw Error("invalid_value", "/utc_offset must be within ±14:00", "/utc_offset");
    } else if (off->is_string()) {
      auto o = model::parse_utc_offset(off->get<std::string>());
      if (!o) throw Error("invalid_value", "/utc_offset must look like \"+09:00\"", "/utc_offset");
      offset = *o;
    } else {
      throw Error("invalid_type", "/utc_offset must be a string or minutes", "/utc_offset");
    }
    std::int64_t local = now + static_cast<std::int64_t>(offset) * 60000;
    int minute = static_cast<int>(((local / 60000) % 1440 + 1440) % 1440);
    out["local_time"] = local_iso(now, offset);
    if (in_quiet(minute, *quiet)) {
      bool allowed = quiet->needs_consent && flag("night_ad_consent");
      // Next allowed moment: the end of the quiet period, today or tomorrow (local).
      int wait = (quiet->end - minute + 1440) % 1440;
      std::int64_t next = (now / 60000 + wait) * 60000;
      if (!allowed) out["next_allowed"] = model::format_time(next);
      reason(quiet->rule, quiet->source + (allowed ? " (separate night-time consent on record)" : ""), !allowed,
             {{"verified", quiet->verified}});
    }
  }

  // 4. Korean advertising form (applies to every channel, SMS included).
  if (purpose == "marketing" && country == "KR") {
    if (const Json* d = optional(r, "draft_text", Json::value_t::string)) {
      std::string draft = d->get<std::string>();
      if (draft.rfind("(광고)", 0) != 0)
        reason("kr_ad_prefix_missing", "정보통신망법 §50: an advertising message must start with \"(광고)\"", true);
      if (draft.find("수신거부") == std::string::npos && draft.find("수신 거부") == std::string::npos)
        reason("kr_opt_out_notice_missing", "the message must show a free way to opt out (무료수신거부)", true);
    }
  }

  out["channel"] = p["id"];
  out["purpose"] = purpose;
  out["may_send"] = may_send;
  out["reasons"] = reasons;
  return out;
}
PARLEY_METHOD("channels.consent", consent_method,
              "Opt-out/opt-in/help keywords in {text}, consent and quiet hours {now, utc_offset, country, region, purpose, contact}; reasons, never silent drops");
}  // namespace
}  // namespace parley::channels
