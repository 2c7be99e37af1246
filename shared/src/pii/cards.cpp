// Payment cards: 13–19 digits in one block or groups split by spaces/dashes, a known network
// prefix and a valid Luhn check. The masked form keeps the last four digits.
#include "detect.h"

namespace parley::pii::detect {
namespace {
const char* network(const std::string& d) {
  auto prefix = [&](int len) { return std::stoi(d.substr(0, len)); };
  const std::size_t n = d.size();
  if (d[0] == '4' && (n == 13 || n == 16 || n == 19)) return "visa";
  if (n == 16 && ((prefix(2) >= 51 && prefix(2) <= 55) || (prefix(4) >= 2221 && prefix(4) <= 2720))) return "mastercard";
  if (n == 15 && (prefix(2) == 34 || prefix(2) == 37)) return "amex";
  if (n >= 16 && (prefix(4) == 6011 || prefix(2) == 65 || (prefix(3) >= 644 && prefix(3) <= 649))) return "discover";
  if (n >= 16 && prefix(4) >= 3528 && prefix(4) <= 3589) return "jcb";
  if (n >= 16 && prefix(2) == 62) return "unionpay";
  if (n >= 14 && (prefix(2) == 36 || prefix(2) == 38 || prefix(2) == 39 || (prefix(3) >= 300 && prefix(3) <= 305))) return "diners";
  return nullptr;
}
}  // namespace

void cards(std::string_view text, const std::vector<NumberRun>& runs, std::vector<Finding>& out) {
  for (const auto& r : runs) {
    if (r.plus || r.paren || r.digits.size() < 13 || r.digits.size() > 19 || ascii_alnum(r.after)) continue;
    if (r.separators.find_first_not_of(" -") != std::string::npos) continue;
    if (!r.separators.empty() && r.separators.find_first_not_of(r.separators[0]) != std::string::npos) continue;
    const char* net = network(r.digits);
    if (!net || !luhn_valid(r.digits)) continue;
    std::string_view original = text.substr(r.start, r.end - r.start);
    out.push_back({"card", net, r.start, r.end - r.start, mask_keep_last(original, 4)});
  }
}
}  // namespace parley::pii::detect
