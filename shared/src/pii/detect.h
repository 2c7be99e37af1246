// Internal to pii/: the detectors scan() runs, each adding findings for one kind of data.
#pragma once
#include "parley/pii.h"

#include <string>
#include <string_view>
#include <vector>

namespace parley::pii::detect {
// A run of digits with single separators between groups ("+81 90-1234-5678", "123.456.789-09"),
// bounded by characters that are not ASCII letters or digits.
struct NumberRun {
  std::size_t start = 0, end = 0;  // byte offsets in the text, end exclusive
  std::string digits;              // the digits only
  std::vector<int> groups;         // digit count of each group
  std::string separators;          // the separator between each pair of groups (' ' for ") ")
  bool plus = false;               // starts with '+'
  bool paren = false;              // contains a parenthesised group
  char before = 0;                 // the character before the run (0 at the start)
  char after = 0;                  // the character after it (0 at the end)
};
std::vector<NumberRun> number_runs(std::string_view text);

bool ascii_alnum(char c);
bool ascii_alpha(char c);
// Lower-case ASCII letters within the `window` bytes before `pos` (for context words like "cpf").
std::string lower_before(std::string_view text, std::size_t pos, std::size_t window);
// The region of a locale tag ("pt-BR" → "BR", "ja" → ""): which national formats to expect.
std::string locale_region(std::string_view locale);

// Each detector appends findings; scan() keeps the first of overlapping ones in this order.
void secrets(std::string_view text, std::vector<Finding>& out);
void emails(std::string_view text, std::vector<Finding>& out);
void ibans(std::string_view text, std::vector<Finding>& out);
void cards(std::string_view text, const std::vector<NumberRun>& runs, std::vector<Finding>& out);
void national_ids(std::string_view text, const std::vector<NumberRun>& runs, std::string_view locale, std::vector<Finding>& out);
void phones(std::string_view text, const std::vector<NumberRun>& runs, std::string_view locale, std::vector<Finding>& out);

// Mask all digits (or letters and digits) except the last `keep`, keeping separators.
std::string mask_keep_last(std::string_view original, std::size_t keep, bool letters_too = false);
}  // namespace parley::pii::detect
