// The new text of a reply: quoted history and the signature are cut so the agent (and triage,
// drafting) read what the customer wrote now. What is cut is kept in `quoted`, never thrown away.
// Recognised: an attribution line ("On … wrote:", Gmail's wrapped two-line form, German
// "Am … schrieb …:", French "Le … a écrit :", Spanish "El … escribió:", Japanese "…書きました:" and
// Gmail's "2026年12月3日(木) … <a@b>:"), Outlook's "-----Original Message-----" (and its
// translations) or its "From:/Sent:" block, "> " lines anywhere, and the "-- " signature line.
#include "mail.h"

namespace parley::channels::mail {
namespace {
bool ends(std::string_view s, std::string_view suffix) { return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix; }
bool starts(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool has(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

bool attribution(std::string_view l, std::string_view next) {
  if (starts(l, "On ") && (ends(l, "wrote:") || ends(next, "wrote:"))) return true;
  if (starts(l, "Am ") && has(l, "schrieb") && ends(l, ":")) return true;
  if (starts(l, "Le ") && has(l, "a \xC3\xA9" "crit") && ends(l, ":")) return true;
  if (starts(l, "El ") && has(l, "escribi\xC3\xB3") && ends(l, ":")) return true;
  if (ends(l, "\xE6\x9B\xB8\xE3\x81\x8D\xE3\x81\xBE\xE3\x81\x97\xE3\x81\x9F:") ||           // 書きました:
      ends(l, "\xE6\x9B\xB8\xE3\x81\x8D\xE3\x81\xBE\xE3\x81\x97\xE3\x81\x9F\xEF\xBC\x9A"))  // 書きました：
    return true;
  if (!l.empty() && l[0] >= '0' && l[0] <= '9' && has(l, "\xE5\xB9\xB4") && ends(l, ">:")) return true;  // 年 … <a@b>:
  return ends(l, "wrote:") && starts(next, ">");
}

bool original_message(std::string_view l) {
  if (starts(l, "-----") && ends(l, "-----") && l.size() > 12) {
    const std::string t = lower(l);
    return has(t, "original") || has(t, "ursprüngliche") || has(t, "d'origine") || has(t, "message");
  }
  return false;
}

bool header_block(const std::vector<std::string>& lines, std::size_t i) {
  auto header_start = [](std::string_view l) {
    return starts(l, "From:") || starts(l, "Von:") || starts(l, "De :") || starts(l, "De:") ||
           starts(l, "\xE5\xB7\xAE\xE5\x87\xBA\xE4\xBA\xBA:") || starts(l, "\xE9\x80\x81\xE4\xBF\xA1\xE8\x80\x85:");  // 差出人: 送信者:
  };
  std::string_view l = lines[i];
  if (l.size() >= 20 && l.find_first_not_of('_') == std::string_view::npos) return i + 1 < lines.size() && header_start(trim(lines[i + 1]));
  if (!header_start(l)) return false;
  for (std::size_t k = i + 1; k < lines.size() && k <= i + 4; ++k) {
    std::string_view n = lines[k];
    if (starts(n, "Sent:") || starts(n, "Gesendet:") || starts(n, "Envoy\xC3\xA9 :") || starts(n, "Enviado el:") || starts(n, "Date:"))
      return true;
  }
  return false;
}

std::string join(const std::vector<std::string>& lines, std::size_t from, std::size_t to) {
  // Blank lines at either end are not part of what was said.
  while (from < to && trim(lines[from]).empty()) ++from;
  while (to > from && trim(lines[to - 1]).empty()) --to;
  std::string out;
  for (std::size_t i = from; i < to; ++i) out += (i > from ? "\n" : "") + lines[i];
  return out;
}
}  // namespace

Reply strip_quoted(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t s = 0;
  while (s <= text.size()) {
    std::size_t e = text.find('\n', s);
    if (e == std::string_view::npos) e = text.size();
    std::string line(text.substr(s, e - s));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
    s = e + 1;
  }
  std::size_t cut = lines.size();
  for (std::size_t i = 0; i < lines.size() && cut == lines.size(); ++i) {
    const std::string l = trim(lines[i]);
    const std::string next = i + 1 < lines.size() ? trim(lines[i + 1]) : "";
    if (attribution(l, next) || original_message(l) || header_block(lines, i)) cut = i;
  }
  std::size_t signature = cut;
  for (std::size_t i = 0; i < cut; ++i)
    if (lines[i] == "-- " || lines[i] == "--") {
      signature = i;
      break;
    }
  std::vector<std::string> kept, quoted;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const bool cited = i >= signature || starts(lines[i], ">");
    (cited ? quoted : kept).push_back(lines[i]);
  }
  Reply r{join(kept, 0, kept.size()), join(quoted, 0, quoted.size())};
  if (r.text.empty()) r = {join(lines, 0, lines.size()), ""};  // all of it quoted (a bare forward): keep it whole
  return r;
}
}  // namespace parley::channels::mail
