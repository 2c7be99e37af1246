// The values a customer might have to give twice: order or ticket numbers, e-mail addresses and
// phone numbers. Found by their shape, never guessed from wording, so a re-explanation is
// counted only when the very same value comes back.
#include "parley/metrics.h"

#include <algorithm>

namespace parley::metrics {
namespace {
bool digit(char c) { return c >= '0' && c <= '9'; }
bool alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; }
}  // namespace

Entities entities(const std::string& s) {
  Entities out;
  auto add = [&](std::string v) {
    if (std::find(out.values.begin(), out.values.end(), v) == out.values.end()) out.values.push_back(std::move(v));
  };
  for (std::size_t i = 0; i < s.size();) {
    // A token: everything up to whitespace, with sentence punctuation trimmed.
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\n' && s[j] != '\t') ++j;
    std::string t = s.substr(i, j - i);
    i = j + 1;
    while (!t.empty() && (t.back() == '.' || t.back() == ',' || t.back() == '!' || t.back() == '?' || t.back() == ')' || t.back() == ':'))
      t.pop_back();
    while (!t.empty() && (t.front() == '(' || t.front() == '#')) t.erase(0, 1);
    if (t.empty()) continue;
    const auto at = t.find('@');
    if (at != std::string::npos && at > 0 && t.find('.', at) != std::string::npos) {
      std::string e;
      for (char c : t) e += c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
      add(e);
      continue;
    }
    // Order-like: up to 4 letters, an optional separator, then 4+ digits (PD-104233, A12345);
    // or 5+ digits alone (10023).
    std::size_t k = 0, letters = 0, digits = 0;
    while (k < t.size() && alpha(t[k])) ++k, ++letters;
    if (k < t.size() && (t[k] == '-' || t[k] == '_') && letters) ++k;
    while (k < t.size() && digit(t[k])) ++k, ++digits;
    if (k == t.size() && letters <= 4 && ((letters && digits >= 4) || digits >= 5)) {
      std::string v;
      for (char c : t) if (alpha(c) || digit(c)) v += upper(c);
      add(v);
    }
  }
  // Phone numbers: a run of digits with spaces, dashes, dots or parentheses between, 8 to 15 digits.
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!(digit(s[i]) || (s[i] == '+' && i + 1 < s.size() && digit(s[i + 1])))) continue;
    if (i > 0 && (digit(s[i - 1]) || alpha(s[i - 1]))) continue;
    std::string d;
    std::size_t k = i + (s[i] == '+'), end = k;  // end: just after the last digit
    for (; k < s.size(); ++k) {
      if (digit(s[k])) d += s[k], end = k + 1;
      else if (!(s[k] == ' ' || s[k] == '-' || s[k] == '.' || s[k] == '(' || s[k] == ')')) break;
    }
    if (end < s.size() && alpha(s[end])) continue;  // "12345abc" is no phone number
    if (d.size() >= 8 && d.size() <= 15) add("TEL:" + d);
    i = k;
  }
  return out;
}
}  // namespace parley::metrics
