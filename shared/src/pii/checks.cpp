// Checksums for card numbers, IBANs and national ids: a number that fails its check is not reported,
// which keeps order numbers and tracking codes out of the findings.
#include "parley/pii.h"

#include <array>
#include <cctype>
#include <cstring>

namespace parley::pii {
namespace {
bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}
int digit(char c) { return c - '0'; }

// Registry lengths (SWIFT IBAN registry) for the countries that issue IBANs.
int iban_length(std::string_view country) {
  static const struct { const char* cc; int len; } table[] = {
      {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22}, {"BH", 22},
      {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DK", 18}, {"DO", 28},
      {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23},
      {"GL", 18}, {"GR", 27}, {"GT", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26},
      {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20},
      {"LV", 21}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NL", 18},
      {"NO", 15}, {"PK", 24}, {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"SA", 24},
      {"SC", 31}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"ST", 25}, {"SV", 28}, {"TL", 23}, {"TN", 24},
      {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20}};
  for (const auto& e : table)
    if (country == e.cc) return e.len;
  return 0;
}
}  // namespace

bool luhn_valid(std::string_view digits) {
  if (!all_digits(digits) || digits.size() < 2) return false;
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it, twice = !twice) {
    int d = digit(*it);
    if (twice && (d *= 2) > 9) d -= 9;
    sum += d;
  }
  return sum % 10 == 0;
}

bool iban_valid(std::string_view s) {
  if (s.size() < 5 || !std::isupper(static_cast<unsigned char>(s[0])) || !std::isupper(static_cast<unsigned char>(s[1])) ||
      !all_digits(s.substr(2, 2)))
    return false;
  if (static_cast<int>(s.size()) != iban_length(s.substr(0, 2))) return false;
  // Move the first four characters to the end, letters become 10..35, then mod 97 must be 1.
  int rem = 0;
  for (std::size_t k = 0; k < s.size(); ++k) {
    char c = s[(k + 4) % s.size()];
    if (c >= '0' && c <= '9') rem = (rem * 10 + digit(c)) % 97;
    else if (c >= 'A' && c <= 'Z') rem = (rem * 100 + (c - 'A' + 10)) % 97;
    else return false;
  }
  return rem == 1;
}

bool cpf_valid(std::string_view d) {
  if (d.size() != 11 || !all_digits(d)) return false;
  if (d.find_first_not_of(d[0]) == std::string_view::npos) return false;  // 111.111.111-11 passes the sums
  for (int check = 9; check <= 10; ++check) {
    int sum = 0;
    for (int i = 0; i < check; ++i) sum += digit(d[i]) * (check + 1 - i);
    int v = (sum * 10) % 11 % 10;
    if (v != digit(d[check])) return false;
  }
  return true;
}

bool dni_valid(std::string_view id) {
  static const char* letters = "TRWAGMYFPDXBNJZSQVHLCKE";
  if (id.size() != 9) return false;
  std::string number(id.substr(0, 8));
  if (number[0] == 'X' || number[0] == 'Y' || number[0] == 'Z') number[0] = static_cast<char>('0' + (number[0] - 'X'));  // NIE
  if (!all_digits(number)) return false;
  long n = std::stol(number);
  return letters[n % 23] == id[8];
}

bool rrn_valid(std::string_view d) {
  if (d.size() != 13 || !all_digits(d)) return false;
  int month = digit(d[2]) * 10 + digit(d[3]), day = digit(d[4]) * 10 + digit(d[5]);
  if (month < 1 || month > 12 || day < 1 || day > 31 || d[6] < '1' || d[6] > '8') return false;
  static const int weights[12] = {2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5};
  int sum = 0;
  for (int i = 0; i < 12; ++i) sum += digit(d[i]) * weights[i];
  return (11 - sum % 11) % 10 == digit(d[12]);
}

bool cn_resident_id_valid(std::string_view id) {
  if (id.size() != 18 || !all_digits(id.substr(0, 17))) return false;
  int month = digit(id[10]) * 10 + digit(id[11]), day = digit(id[12]) * 10 + digit(id[13]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += digit(id[i]) * weights[i];
  static const char* checks = "10X98765432";
  char last = id[17] == 'x' ? 'X' : id[17];
  return checks[sum % 11] == last;
}

bool aadhaar_valid(std::string_view d) {
  if (d.size() != 12 || !all_digits(d) || d[0] < '2') return false;
  static const int mul[10][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
                                  {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
                                  {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
                                  {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
  static const int perm[8][10] = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
                                  {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
                                  {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
  int c = 0;
  for (std::size_t i = 0; i < d.size(); ++i) c = mul[c][perm[i % 8][digit(d[d.size() - 1 - i])]];
  return c == 0;
}
}  // namespace parley::pii
