// Number runs: the shape shared by card numbers, phone numbers and national ids.
#include "detect.h"

namespace parley::pii::detect {
namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

bool ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool ascii_alnum(char c) { return ascii_alpha(c) || is_digit(c); }

std::string lower_before(std::string_view text, std::size_t pos, std::size_t window) {
  std::size_t from = pos > window ? pos - window : 0;
  std::string out(text.substr(from, pos - from));
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string locale_region(std::string_view locale) {
  auto dash = locale.find_first_of("-_");
  return dash == std::string_view::npos ? "" : std::string(locale.substr(dash + 1));
}

std::vector<NumberRun> number_runs(std::string_view s) {
  std::vector<NumberRun> runs;
  const std::size_t n = s.size();
  auto digit_at = [&](std::size_t k) { return k < n && is_digit(s[k]); };
  for (std::size_t i = 0; i < n;) {
    const char before = i > 0 ? s[i - 1] : 0;
    const bool can_start = digit_at(i) || ((s[i] == '+' || s[i] == '(') && digit_at(i + 1));
    if (!can_start || ascii_alnum(before) || (s[i] != '+' && before == '+')) {
      ++i;
      continue;
    }
    NumberRun r;
    r.start = i;
    r.before = before;
    std::size_t j = i;
    if (s[j] == '+') { r.plus = true; ++j; }
    bool ok = true;
    while (true) {
      bool in_paren = s[j] == '(';
      if (in_paren) { r.paren = true; ++j; }
      std::size_t g = j;
      while (digit_at(j)) r.digits += s[j++];
      if (j == g) { ok = false; break; }
      r.groups.push_back(static_cast<int>(j - g));
      if (in_paren) {
        if (j >= n || s[j] != ')') { ok = false; break; }
        ++j;
        if (digit_at(j)) { r.separators += ' '; continue; }  // "(11)98765-4321"
        if (j + 1 < n && (s[j] == ' ' || s[j] == '-') && digit_at(j + 1)) { r.separators += ' '; ++j; continue; }
        break;
      }
      if (j + 1 < n && (s[j] == ' ' || s[j] == '-' || s[j] == '.' || s[j] == '/') && (digit_at(j + 1) || (s[j + 1] == '(' && digit_at(j + 2)))) {
        r.separators += s[j];
        ++j;
        continue;
      }
      break;
    }
    if (!ok || r.groups.empty()) {
      i = j > i ? j : i + 1;
      continue;
    }
    r.end = j;
    r.after = j < n ? s[j] : 0;
    runs.push_back(r);
    i = j;
  }
  return runs;
}

std::string mask_keep_last(std::string_view original, std::size_t keep, bool letters_too) {
  std::string out(original);
  std::size_t seen = 0;
  for (std::size_t k = out.size(); k-- > 0;) {
    char c = out[k];
    bool significant = is_digit(c) || (letters_too && ascii_alpha(c));
    if (!significant) continue;
    if (seen++ >= keep) out[k] = '*';
  }
  return out;
}
}  // namespace parley::pii::detect
