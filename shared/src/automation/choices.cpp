// Quick replies in each channel's own form, within its limits (channel profiles), and reading a
// customer's pick back: every channel returns a tapped option as its label (WhatsApp's
// button_reply title, LINE's message action text, Messenger's quick-reply title), SMS and e-mail
// customers type its number.
#include "parley/automation.h"
#include "parley/channels.h"
#include "parley/text.h"
#include "parley/triage.h"

namespace parley::automation {
namespace {
std::size_t limit(const Json& profile, const char* group, const char* key) {
  if (profile.contains(group) && profile[group].contains(key) && profile[group][key].is_number())
    return profile[group][key].get<std::size_t>();
  return 0;
}

// A title cut to `max` code points (WhatsApp buttons 20, list rows 24) so a send never fails on
// a translated label; the cut ends with an ellipsis.
std::string fit(const std::string& s, std::size_t max) {
  if (max == 0 || text::code_point_count(s) <= max) return s;
  std::string out;
  std::size_t i = 0, n = 0;
  while (i < s.size() && n + 1 < max) {
    text::append_utf8(out, text::next_code_point(s, i));
    ++n;
  }
  return out + "…";
}

Json listed(const std::vector<Choice>& choices, std::size_t title_max) {
  Json out = Json::array();
  for (const auto& c : choices) out.push_back({{"id", c.id}, {"label", fit(c.label, title_max)}});
  return out;
}

std::string numbered(const std::vector<Choice>& choices, const std::string& intro) {
  std::string s = intro;
  for (std::size_t i = 0; i < choices.size(); ++i) s += "\n" + std::to_string(i + 1) + ". " + choices[i].label;
  return s;
}
}  // namespace

Json channel_form(const std::string& channel, const std::vector<Choice>& choices, const std::string& intro,
                  const std::string& list_button) {
  if (choices.empty()) return Json{{"kind", "none"}, {"choices", Json::array()}};
  const Json profile = channels::profile(channel.empty() ? "webchat" : channel, nullptr);
  const std::size_t n = choices.size();
  auto numbered_form = [&](const char* why) {
    return Json{{"kind", "numbered"}, {"choices", listed(choices, 0)}, {"numbered_text", numbered(choices, intro)}, {"why", why}};
  };
  if (channel == "whatsapp") {
    const std::size_t buttons = limit(profile, "buttons", "max"), rows = limit(profile, "list", "rows_total_max");
    if (n <= buttons) return Json{{"kind", "buttons"}, {"max", buttons}, {"choices", listed(choices, limit(profile, "buttons", "title_max"))}};
    if (n <= rows && !list_button.empty())
      return Json{{"kind", "list"}, {"max", rows}, {"button", fit(list_button, limit(profile, "list", "button_max"))},
                  {"choices", listed(choices, limit(profile, "list", "row_title_max"))}};
    if (n <= rows) return numbered_form("the pack has no list_button string for a WhatsApp list");
    return numbered_form("more options than a WhatsApp list holds");
  }
  if (channel == "telegram") return Json{{"kind", "keyboard"}, {"choices", listed(choices, 0)}};
  if (channel == "webchat" || channel.empty()) return Json{{"kind", "quick_replies"}, {"choices", listed(choices, 0)}};
  const std::size_t qr = limit(profile, "quick_replies", "max");
  if (qr > 0) {
    if (n <= qr) return Json{{"kind", "quick_replies"}, {"max", qr}, {"choices", listed(choices, limit(profile, "quick_replies", "title_max"))}};
    return numbered_form("more options than the channel's quick replies hold");
  }
  return numbered_form("the channel has no buttons");
}

std::optional<std::string> pick(const std::string& text, const std::vector<Choice>& offered) {
  if (offered.empty() || text::invalid_utf8_offset(text)) return std::nullopt;
  std::string t = triage::normalize(text);
  while (!t.empty() && (t.back() == '.' || t.back() == ')' || t.back() == ' ')) t.pop_back();  // "2." "2)"
  for (const auto& c : offered)
    if (t == triage::normalize(c.label) || t == triage::normalize(c.id)) return c.id;
  // A cut label (WhatsApp's 20-character titles) comes back cut: match what precedes the "…".
  if (auto cut = t.rfind("…"); cut != std::string::npos && cut > 0)
    for (const auto& c : offered)
      if (triage::normalize(c.label).compare(0, cut, t, 0, cut) == 0) return c.id;
  // "２" is folded to "2" by normalize; Arabic-Indic digits are not, so read them here.
  std::string digits;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = text::next_code_point(text, i);
    if (cp >= U'0' && cp <= U'9') digits += static_cast<char>(cp);
    else if (cp >= 0xFF10 && cp <= 0xFF19) digits += static_cast<char>('0' + (cp - 0xFF10));
    else if (cp >= 0x0660 && cp <= 0x0669) digits += static_cast<char>('0' + (cp - 0x0660));
    else if (cp >= 0x06F0 && cp <= 0x06F9) digits += static_cast<char>('0' + (cp - 0x06F0));
    else if (cp == U' ' || cp == U'.' || cp == U')' || cp == U'#') continue;
    else return std::nullopt;
  }
  if (digits.empty() || digits.size() > 2) return std::nullopt;
  std::size_t k = std::stoul(digits);
  if (k >= 1 && k <= offered.size()) return offered[k - 1].id;
  return std::nullopt;
}
}  // namespace parley::automation
