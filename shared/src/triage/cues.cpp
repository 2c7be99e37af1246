#include "cues.h"

#include "parley/text.h"
#include "parley/triage.h"

namespace parley::triage::cues {
namespace {
bool word_char(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  // Letters of alphabetic scripts (Latin, Greek, Cyrillic, Arabic, Devanagari, Hangul…), but not CJK/Thai.
  return !((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x9FFF) || (c >= 0x0E00 && c <= 0x0EFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) ||
           c >= 0x1F000);  // Hangul: Korean particles attach to words, so its cues match inside them
}
char32_t before(std::string_view s, std::size_t at) {
  if (at == 0) return ' ';
  std::size_t i = at - 1;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return text::next_code_point(s, i);
}
char32_t after(std::string_view s, std::size_t at) {
  if (at >= s.size()) return ' ';
  return text::next_code_point(s, at);
}
}  // namespace

bool contains(std::string_view s, std::string_view cue) {
  bool stem = !cue.empty() && cue.back() == '*';
  if (stem) cue.remove_suffix(1);
  if (cue.empty()) return false;
  std::size_t i0 = 0, i1 = cue.size();
  while (i1 > 0 && (static_cast<unsigned char>(cue[i1 - 1]) & 0xC0) == 0x80) --i1;
  char32_t first = text::next_code_point(cue, i0), last = text::next_code_point(cue, i1);
  bool wfirst = word_char(first), wlast = word_char(last) && !stem;
  for (std::size_t at = s.find(cue); at != std::string_view::npos; at = s.find(cue, at + 1)) {
    if (wfirst && word_char(before(s, at))) continue;
    if (wlast && word_char(after(s, at + cue.size()))) continue;
    return true;
  }
  return false;
}

std::vector<std::string> prepare(std::initializer_list<const char*> list) {
  std::vector<std::string> out;
  for (const char* c : list) out.push_back(normalize(c));
  return out;
}

std::vector<std::string> find(std::string_view s, const std::vector<std::string>& list) {
  std::vector<std::string> out;
  for (const auto& c : list)
    if (contains(s, c)) out.emplace_back(c);
  return out;
}
}  // namespace parley::triage::cues
