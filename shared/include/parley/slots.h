// Parley — draft slots from what the conversation already says: order numbers (the pack's prefix
// + digits, or a plain number the customer calls an order), e-mails, phones, dates, amounts and
// tracking numbers, with where each came from. Digits in any script (Arabic-Indic, Persian,
// full-width, Devanagari …) count; values come out with ASCII digits. ICU-free: every core.
#pragma once
#include "parley/api.h"

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace parley::slots {
struct Found {
  std::string value;        // normalised (ASCII digits, upper-case order/tracking numbers)
  std::size_t message = 0;  // which message of the input
  std::size_t start = 0, end = 0;  // UTF-8 byte span of the original text in that message
  std::string kind;         // how it was recognised: "pattern", "keyword", "email", …
};
struct Options {
  std::string order_prefix = "PD-";  // the pack's order-number prefix
  std::size_t order_digits = 6;
};
// The newest mention wins (messages are oldest first). Slot names: order_number, email, phone,
// date, amount, tracking_number.
std::map<std::string, Found> extract(const std::vector<std::string>& messages, const Options& options);
}  // namespace parley::slots
