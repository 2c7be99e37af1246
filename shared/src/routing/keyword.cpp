// Keyword matching without ICU: ASCII case folding and word boundaries for Latin-script words,
// plain substring search for scripts written without spaces.
#include "parley/routing.h"

namespace parley::routing {
namespace {
bool word_char(unsigned char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }
bool ascii_alnum(unsigned char c) { return c < 0x80 && word_char(c); }
char fold(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

bool contains_keyword(std::string_view text, std::string_view keyword) {
  bool prefix = !keyword.empty() && keyword.back() == '*';
  if (prefix) keyword.remove_suffix(1);
  if (keyword.empty()) return false;
  // Boundaries matter only where the keyword itself begins/ends with an ASCII letter or digit:
  // "sue" must not match "issue", but "返金" matches inside "返金して".
  bool start_boundary = ascii_alnum(static_cast<unsigned char>(keyword.front()));
  bool end_boundary = !prefix && ascii_alnum(static_cast<unsigned char>(keyword.back()));
  for (std::size_t i = 0; i + keyword.size() <= text.size(); ++i) {
    std::size_t j = 0;
    while (j < keyword.size() && fold(text[i + j]) == fold(keyword[j])) ++j;
    if (j != keyword.size()) continue;
    if (start_boundary && i > 0 && word_char(static_cast<unsigned char>(text[i - 1]))) continue;
    std::size_t end = i + keyword.size();
    if (end_boundary && end < text.size() && word_char(static_cast<unsigned char>(text[end]))) continue;
    return true;
  }
  return false;
}
}  // namespace parley::routing
