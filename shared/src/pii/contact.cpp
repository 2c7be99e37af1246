// E-mail addresses and IBANs: text shapes with their own checks (domain with a TLD; mod 97).
#include "detect.h"

namespace parley::pii::detect {
namespace {
bool local_char(char c) { return ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; }
bool domain_char(char c) { return ascii_alnum(c) || c == '-' || c == '.'; }
}  // namespace

// The masked form keeps the first letter and the domain: "m***@example.com" still tells an agent
// which account the customer means.
void emails(std::string_view s, std::vector<Finding>& out) {
  for (std::size_t at = s.find('@'); at != std::string_view::npos; at = s.find('@', at + 1)) {
    std::size_t b = at;
    while (b > 0 && local_char(s[b - 1])) --b;
    while (b < at && (s[b] == '.' || s[b] == '-')) ++b;
    std::size_t e = at + 1;
    while (e < s.size() && domain_char(s[e])) ++e;
    while (e > at + 1 && (s[e - 1] == '.' || s[e - 1] == '-')) --e;
    if (b == at || e == at + 1) continue;
    std::string_view domain = s.substr(at + 1, e - at - 1);
    std::size_t dot = domain.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || domain.size() - dot - 1 < 2) continue;
    bool tld_alpha = true;
    for (char c : domain.substr(dot + 1)) tld_alpha = tld_alpha && ascii_alpha(c);
    if (!tld_alpha || domain.find("..") != std::string_view::npos) continue;
    std::string replacement = std::string(1, s[b]) + "***@" + std::string(domain);
    out.push_back({"email", std::string(domain), b, e - b, replacement});
    at = e - 1;
  }
}

// "DE89 3704 0044 0532 0130 00" or compact; the masked form keeps the country, check digits and last 4.
void ibans(std::string_view s, std::vector<Finding>& out) {
  for (std::size_t i = 0; i + 4 < s.size(); ++i) {
    if ((i > 0 && ascii_alnum(s[i - 1])) || !ascii_alpha(s[i]) || !ascii_alpha(s[i + 1]) || !(s[i + 2] >= '0' && s[i + 2] <= '9') ||
        !(s[i + 3] >= '0' && s[i + 3] <= '9'))
      continue;
    std::string compact;
    std::size_t j = i, best_end = 0;
    std::string best;
    while (j < s.size() && compact.size() < 34) {
      if (ascii_alnum(s[j])) {
        char c = s[j];
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        compact += c;
        ++j;
        if ((j >= s.size() || !ascii_alnum(s[j])) && iban_valid(compact)) best = compact, best_end = j;
      } else if (s[j] == ' ' && j + 1 < s.size() && ascii_alnum(s[j + 1]) && !compact.empty()) {
        ++j;
      } else {
        break;
      }
    }
    if (best.empty()) continue;
    std::string masked = mask_keep_last(s.substr(i, best_end - i), 4, true);
    masked.replace(0, 4, s.substr(i, 4));
    out.push_back({"iban", best.substr(0, 2), i, best_end - i, masked});
    i = best_end;
  }
}
}  // namespace parley::pii::detect
