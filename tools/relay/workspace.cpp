// Workspace settings: business hours in the workspace's time zone (ICU, so any IANA zone works),
// the away state, the expected reply time and the widget's settings. Defaults suit the demo:
// open every day, away only when no agent has the console open.
#include "relay/app.h"

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace parley::relay {
namespace {
Json defaults() {
  Json hours = Json::array();
  for (int d = 0; d < 7; ++d) hours.push_back({{"day", d}, {"open", "00:00"}, {"close", "24:00"}});
  return {{"name", "Parley demo store"},
          {"timezone", "UTC"},
          {"business_hours", hours},
          {"expected_reply_minutes", 5},
          {"widget",
           {{"accent_color", "#1f5fbf"},
            {"default_locale", "en"},
            {"attachments",
             {{"max_bytes", 10 * 1024 * 1024},
              {"content_types", {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain"}}}},
            {"offline_email_capture", true},
            {"csat", true}}},
          // Per client address (visitors) or per visitor (messages, uploads); agents are not limited.
          {"rate_limits",
           {{"visitors", {{"per_minute", 30}, {"burst", 60}}},
            {"messages", {{"per_minute", 60}, {"burst", 60}}},
            {"uploads", {{"per_minute", 10}, {"burst", 10}}}}}};
}

int minutes(const std::string& hhmm) {
  if (hhmm.size() != 5 || hhmm[2] != ':') throw std::runtime_error("business hours must be HH:MM, not " + hhmm);
  return std::stoi(hhmm.substr(0, 2)) * 60 + std::stoi(hhmm.substr(3, 2));
}
}  // namespace

Json load_workspace(const std::string& file) {
  Json w = defaults();
  if (file.empty()) return w;
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read workspace file " + file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  w.merge_patch(api::parse(text, file));
  return w;
}

void read_whole_number_settings(const Json& workspace, const std::string& section,
                                const std::vector<std::pair<std::string, std::int64_t*>>& fields) {
  const auto it = workspace.find(section);
  if (it == workspace.end() || it->is_null()) return;
  if (!it->is_object()) throw std::runtime_error("workspace " + section + " must be an object");
  for (const auto& [key, v] : it->items()) {
    if (!v.is_number_unsigned() || v.get<std::int64_t>() < 1)
      throw std::runtime_error("workspace " + section + "." + key + " must be a positive whole number");
    const auto field = std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.first == key; });
    if (field == fields.end()) {
      std::string known;
      for (const auto& f : fields) known += (known.empty() ? "" : ", ") + f.first;
      throw std::runtime_error("workspace " + section + "." + key + " is not a known key (" + known + ")");
    }
    *field->second = v.get<std::int64_t>();
  }
}

Json workspace_state(App& app, std::int64_t now) {
  Json w = app.workspace;
  w.erase("rate_limits");  // server configuration, not for the widget
  w.erase("channels");     // provider accounts hold secrets: only the list of channels is public
  w.erase("public_url");
  w["channels_configured"] = app.channels.ids();
  const std::string zone = w.value("timezone", "UTC");
  std::unique_ptr<icu::TimeZone> tz(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(zone)));
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  tz->getOffset(static_cast<UDate>(now), false, raw, dst, status);
  const std::int64_t local_min = (now + (U_SUCCESS(status) ? raw + dst : 0)) / 60000;
  const int day = static_cast<int>(((local_min / 1440) + 4) % 7);  // 1970-01-01 was a Thursday
  const int minute = static_cast<int>(local_min % 1440);
  bool open_now = false;
  for (const auto& h : w["business_hours"])
    if (h.value("day", -1) == day && minutes(h.value("open", "00:00")) <= minute && minute < minutes(h.value("close", "00:00")))
      open_now = true;
  const int agents = app.hub.agent_streams.load();
  w["open_now"] = open_now;
  w["agents_online"] = agents;
  w["away"] = !open_now || agents == 0;
  w["away_message_key"] = !open_now ? "away.closed" : agents == 0 ? "away.no_agent" : "";
  w["now"] = now;
  return w;
}
}  // namespace parley::relay
