// channels.format: one neutral draft → the channel's dialect, split to its limit, with reasons.
#include "format.h"

#include "parley/api.h"

namespace parley::channels {
namespace {
Json warning(const std::string& code) { return Json{{"code", code}}; }

Json format_method(const Json& r) {
  Json p = profile_for_request(r);
  const Json& draft_json = require(r, "draft", Json::value_t::object);
  draft::Draft d = draft::parse(draft_json, "/draft");
  bool split = true;
  if (const Json* s = optional(r, "split", Json::value_t::boolean)) split = s->get<bool>();

  dialect::Kind kind = dialect::parse(p["markup"]["dialect"].get<std::string>(), "/overrides/markup/dialect");
  const format::Limit limit = format::limit_of(p);

  format::Result res = format::render(d, kind, limit, split);
  Json out{{"channel", p["id"]}, {"dialect", p["markup"]["dialect"]}, {"unit", name(limit.unit)}, {"max", limit.max}};
  if (kind == dialect::Kind::telegram_markdown_v2) out["parse_mode"] = "MarkdownV2";
  Json parts = Json::array();
  for (const auto& t : res.parts) {
    Json part{{"text", t}, {"length", measure(t, limit.unit)}};
    if (p["id"] == "sms") {
      SmsResult s = sms_segments(t);
      part["encoding"] = s.encoding;
      part["segments"] = s.segments.size();
      if (!s.non_gsm.empty()) part["non_gsm"] = s.non_gsm;
    }
    parts.push_back(part);
  }
  out["parts"] = parts;
  if (kind == dialect::Kind::email) out["html"] = format::render_html(d);

  Json warnings = Json::array();
  if (res.parts.size() > 1) warnings.push_back({{"code", "split"}, {"parts", res.parts.size()}});
  for (const auto& w : res.warnings) warnings.push_back(warning(w));
  if ((d.uses_bold || d.uses_italic) && !dialect::has_emphasis(kind) && kind != dialect::Kind::email)
    warnings.push_back({{"code", "formatting_dropped"}, {"reason", "the channel shows plain text only"}});
  if (!p["text"]["verified"].get<bool>())
    warnings.push_back({{"code", "unverified_limit"}, {"reason", "the text limit is not confirmed by a second source; a workspace pack may override it"}});
  if (kind == dialect::Kind::email && p.contains("lines")) {
    const std::size_t line_max = p["lines"]["max"].get<std::size_t>();
    for (const auto& t : res.parts) {
      std::size_t start = 0;
      while (start <= t.size()) {
        std::size_t end = t.find('\n', start);
        if (end == std::string::npos) end = t.size();
        if (line_max && end - start > line_max) {
          warnings.push_back({{"code", "line_too_long"}, {"limit", line_max}, {"actual", end - start}});
          break;
        }
        start = end + 1;
      }
    }
  }
  out["warnings"] = warnings;
  return out;
}
PARLEY_METHOD("channels.format", format_method,
              "Render a neutral draft {channel, draft, overrides?, split?} in the channel's dialect, split to its limit");
}  // namespace
}  // namespace parley::channels
