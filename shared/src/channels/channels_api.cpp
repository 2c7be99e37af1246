// channels.profile and channels.sms: the channel facts and SMS segments, in every core.
#include "parley/api.h"
#include "parley/channels.h"
#include "parley/model.h"
#include "parley/text.h"

namespace parley::channels {
namespace {
Json profile_method(const Json& r) {
  if (!r.contains("channel")) {
    if (r.contains("overrides")) throw Error("missing_field", "/channel is required with /overrides", "/channel");
    Json all = Json::array();
    for (const auto& id : model::channel_ids()) all.push_back(profile(id, nullptr));
    return Json{{"profiles", all}};
  }
  return Json{{"profile", profile_for_request(r)}};
}
PARLEY_METHOD("channels.profile", profile_method,
              "A channel's limits, markup, window and signature facts {channel, overrides?}; all profiles without channel");

std::string valid_text(const Json& r, std::string_view key = "text") {
  std::string s = require_string(r, key);
  if (auto bad = text::invalid_utf8_offset(s))
    throw Error("invalid_utf8", "/" + std::string(key) + " is not valid UTF-8: bad byte at offset " + std::to_string(*bad), "/" + std::string(key));
  return s;
}

Json sms_method(const Json& r) {
  std::string s = valid_text(r);
  Json p = profile("sms", optional(r, "overrides", Json::value_t::object));
  const Json& seg = p["segments"];
  SmsSizes sizes{seg["gsm7_single"].get<std::size_t>(), seg["gsm7_concat"].get<std::size_t>(), seg["ucs2_single"].get<std::size_t>(),
                 seg["ucs2_concat"].get<std::size_t>()};
  if (sizes.gsm7_concat == 0 || sizes.ucs2_concat == 0)
    throw Error("invalid_value", "/overrides/segments: segment capacities must be positive", "/overrides/segments");
  SmsResult res = sms_segments(s, sizes);
  Json parts = Json::array();
  for (const auto& g : res.segments) parts.push_back({{"text", g.text}, {"units", g.units}});
  const std::size_t max_segments = seg["max"].get<std::size_t>();
  const std::size_t max_chars = p["text"]["max"].get<std::size_t>();
  Json warnings = Json::array();
  if (max_segments && res.segments.size() > max_segments)
    warnings.push_back({{"code", "too_many_segments"}, {"limit", max_segments}, {"actual", res.segments.size()}});
  if (max_chars && res.characters > max_chars)
    warnings.push_back({{"code", "over_text_limit"}, {"limit", max_chars}, {"actual", res.characters}});
  if (!res.non_gsm.empty())
    warnings.push_back({{"code", "ucs2_fallback"}, {"characters", res.non_gsm}});
  const bool gsm = res.encoding == "GSM-7";
  return Json{{"encoding", res.encoding},
              {"unit", gsm ? "septets" : "utf16"},
              {"units", res.units},
              {"characters", res.characters},
              {"segments", res.segments.size()},
              {"capacity", {{"single", gsm ? sizes.gsm7_single : sizes.ucs2_single}, {"concatenated", gsm ? sizes.gsm7_concat : sizes.ucs2_concat}}},
              {"parts", parts},
              {"non_gsm", res.non_gsm},
              {"warnings", warnings}};
}
PARLEY_METHOD("channels.sms", sms_method, "SMS encoding (GSM-7 or UCS-2) and segments of {text}, never splitting an escape or surrogate pair");

Json measure_method(const Json& r) {
  std::string s = valid_text(r);
  Json out = Json::object();
  for (Unit u : {Unit::code_points, Unit::utf16, Unit::utf8_bytes, Unit::graphemes, Unit::sms_segments})
    out[std::string(name(u))] = measure(s, u);
  if (r.contains("channel")) {
    Json p = profile_for_request(r);
    Unit u = parse_unit(p["text"]["unit"].get<std::string>(), "/overrides/text/unit");
    std::size_t max = p["text"]["max"].get<std::size_t>();
    std::size_t len = measure(s, u);
    out["channel"] = {{"unit", name(u)}, {"length", len}, {"max", max}, {"fits", max == 0 || len <= max}, {"verified", p["text"]["verified"]}};
  }
  return out;
}
PARLEY_METHOD("channels.measure", measure_method, "Length of {text} in every unit, and against {channel}'s text limit in its own unit");
}  // namespace
}  // namespace parley::channels
