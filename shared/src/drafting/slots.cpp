// Slot extraction: the text is first mapped to a folded copy (any decimal digit → ASCII, full-width
// ASCII → ASCII, lower case) with a byte map back to the original, so the patterns are plain ASCII
// scans and every value still points at what the customer typed.
#include "parley/slots.h"

#include <cctype>
#include <cstdint>

namespace parley::slots {
namespace {
struct Folded { std::string text; std::vector<std::size_t> from; };  // from[i]: original byte of text[i]

std::uint32_t decode(const std::string& s, std::size_t i, std::size_t& n) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (i + n > s.size()) { n = 1; return c; }
  if (n == 1) return c;
  std::uint32_t cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
  for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

// Zero of each decimal-digit block that customers type in (Unicode Nd blocks of the pack's scripts).
int digit_value(std::uint32_t cp) {
  for (std::uint32_t zero : {0x0660u, 0x06F0u, 0x0966u, 0x09E6u, 0x0E50u, 0xFF10u})
    if (cp >= zero && cp <= zero + 9) return static_cast<int>(cp - zero);
  return -1;
}

Folded fold(const std::string& s) {
  Folded f;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n;
    std::uint32_t cp = decode(s, i, n);
    char out = 0;
    if (int d = digit_value(cp); d >= 0) out = static_cast<char>('0' + d);
    else if (cp >= 0xFF01 && cp <= 0xFF5E) out = static_cast<char>(cp - 0xFF01 + 0x21);  // full-width ASCII
    else if (cp == 0x066B) out = '.';  // Arabic decimal separator
    else if (cp == 0x066C) out = ',';  // Arabic thousands separator
    else if (cp < 0x80) out = static_cast<char>(cp);
    if (out) { f.text += static_cast<char>(std::tolower(static_cast<unsigned char>(out))); f.from.push_back(i); }
    else for (std::size_t k = 0; k < n; ++k) { f.text += '\x01'; f.from.push_back(i); }  // a letter of another script
    i += n;
  }
  f.from.push_back(s.size());
  return f;
}

bool digit(char c) { return c >= '0' && c <= '9'; }
bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
std::size_t run(const std::string& t, std::size_t i, bool (*pred)(char)) {
  while (i < t.size() && pred(t[i])) ++i;
  return i;
}
std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Words that make a bare number an order number, in the pack's languages (folded, ASCII or UTF-8).
const char* const kOrderWords[] = {"order", "pedido", "encomenda", "commande", "bestellung", "#", "no.", "n\xc2\xba"};
bool order_word_before(const std::string& original, std::size_t at) {
  std::string before = original.substr(at >= 40 ? at - 40 : 0, at >= 40 ? 40 : at);
  for (char& c : before) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* w : kOrderWords) if (before.find(w) != std::string::npos) return true;
  // ja/ko/zh/ar: 注文, 주문, 订单/訂單, طلب
  for (const char* w : {"\xe6\xb3\xa8\xe6\x96\x87", "\xec\xa3\xbc\xeb\xac\xb8", "\xe8\xae\xa2\xe5\x8d\x95", "\xe8\xa8\x82\xe5\x96\xae", "\xd8\xb7\xd9\x84\xd8\xa8"})
    if (before.find(w) != std::string::npos) return true;
  return false;
}
}  // namespace

std::map<std::string, Found> extract(const std::vector<std::string>& messages, const Options& options) {
  std::map<std::string, Found> out;
  std::string prefix;
  for (char c : options.order_prefix) prefix += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::size_t m = 0; m < messages.size(); ++m) {
    const std::string& original = messages[m];
    Folded f = fold(original);
    const std::string& t = f.text;
    auto put = [&](const std::string& slot, std::string value, std::size_t a, std::size_t b, const char* kind) {
      out[slot] = Found{std::move(value), m, f.from[a], f.from[b], kind};  // later messages overwrite earlier
    };
    std::map<std::size_t, bool> used;  // start offsets already taken by a stronger reading
    // e-mail: local@domain.tld
    for (std::size_t at = t.find('@'); at != std::string::npos; at = t.find('@', at + 1)) {
      std::size_t a = at;
      while (a > 0 && (alnum(t[a - 1]) || t[a - 1] == '.' || t[a - 1] == '_' || t[a - 1] == '-' || t[a - 1] == '+')) --a;
      std::size_t b = at + 1;
      while (b < t.size() && (alnum(t[b]) || t[b] == '.' || t[b] == '-')) ++b;
      while (b > at + 1 && t[b - 1] == '.') --b;
      std::string domain = t.substr(at + 1, b - at - 1);
      if (a < at && domain.find('.') != std::string::npos) { put("email", t.substr(a, b - a), a, b, "email"); used[a] = true; }
    }
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (used.count(i) || (i > 0 && alnum(t[i - 1]))) continue;
      // order number by the pack's pattern: prefix + N digits
      if (!prefix.empty() && t.compare(i, prefix.size(), prefix) == 0) {
        std::size_t e = run(t, i + prefix.size(), digit);
        if (e - i - prefix.size() == options.order_digits && (e == t.size() || !alnum(t[e]))) {
          put("order_number", upper(t.substr(i, e - i)), i, e, "pattern");
          i = e;
          continue;
        }
      }
      // tracking: UPU S10 (2 letters, 9 digits, 2 letters) or UPS 1Z + 16
      if (std::isalpha(static_cast<unsigned char>(t[i]))) {
        std::size_t e = run(t, i, alnum);
        std::string w = t.substr(i, e - i);
        bool s10 = w.size() == 13 && std::isalpha((unsigned char)w[0]) && std::isalpha((unsigned char)w[1]) && std::isalpha((unsigned char)w[11]) &&
                   std::isalpha((unsigned char)w[12]) && run(w, 2, digit) == 11;
        bool ups = w.size() == 18 && w.compare(0, 2, "1z") == 0;
        if (s10 || ups) put("tracking_number", upper(w), i, e, s10 ? "s10" : "ups");
        i = e - 1;
        continue;
      }
      // amounts: currency sign or code before or after the number
      if (digit(t[i]) || t[i] == '+') {
        // phone: + and 8–15 digits with spaces, dashes, dots or brackets between
        if (t[i] == '+') {
          std::size_t e = i + 1, digits = 0;
          auto separator = [&](std::size_t k) { return t[k] == ' ' || t[k] == '-' || t[k] == '.' || t[k] == '(' || t[k] == ')'; };
          // A separator counts only when a digit follows within two characters: "(11) 9…", not "… call".
          while (e < t.size() && (digit(t[e]) || (separator(e) && ((e + 1 < t.size() && digit(t[e + 1])) ||
                                                                  (e + 2 < t.size() && separator(e + 1) && digit(t[e + 2]))))))
            digits += digit(t[e++]);
          if (digits >= 8 && digits <= 15) {
            std::string v = "+";
            for (std::size_t k = i; k < e; ++k) if (digit(t[k])) v += t[k];
            put("phone", v, i, e, "phone");
            i = e - 1;
          }
          continue;
        }
        std::size_t e = run(t, i, digit);
        // date: yyyy-mm-dd or dd/mm/yyyy (kept as written, digits folded)
        if (e - i == 4 && e + 5 < t.size() + 0 && (t[e] == '-' || t[e] == '/') && digit(t[e + 1]) && digit(t[e + 2]) && t[e + 3] == t[e] && digit(t[e + 4]) && e + 5 <= t.size() && digit(t[e + 5])) {
          put("date", t.substr(i, 10), i, e + 6, "iso");
          i = e + 5;
          continue;
        }
        if (e - i <= 2 && e < t.size() && (t[e] == '/' || t[e] == '.')) {
          std::size_t e2 = run(t, e + 1, digit);
          if (e2 - e - 1 >= 1 && e2 - e - 1 <= 2 && e2 < t.size() && t[e2] == t[e]) {
            std::size_t e3 = run(t, e2 + 1, digit);
            if (e3 - e2 - 1 == 4 || e3 - e2 - 1 == 2) { put("date", t.substr(i, e3 - i), i, e3, "dmy"); i = e3 - 1; continue; }
          }
        }
        // a number with decimals, then a currency before or after it
        std::size_t end = e;
        if (end + 2 < t.size() && (t[end] == '.' || t[end] == ',') && digit(t[end + 1]) && digit(t[end + 2]) && !(end + 3 < t.size() && digit(t[end + 3]))) end += 3;
        auto currency_at = [&](std::size_t p, bool after) -> std::string {
          if (after && p < t.size() && t[p] == ' ') ++p;
          for (const char* c : {"R$", "$", "\xe2\x82\xac", "\xc2\xa3", "\xc2\xa5"}) {
            std::string sym = c;
            std::size_t len = sym.size();
            if (after) { if (original.compare(f.from[p], len, sym) == 0) return sym; }
            else {
              std::size_t o = f.from[p];
              if (o > 0 && original[o - 1] == ' ') --o;  // "R$ 149,90"
              if (o >= len && original.compare(o - len, len, sym) == 0) return sym;
            }
          }
          for (const char* c : {"usd", "eur", "gbp", "brl", "jpy", "krw", "sar", "aed"}) {
            std::string code = c;
            std::size_t q = p;
            if (after && t.compare(q, 3, code) == 0) return upper(code);
            if (!after && q >= 4 && t.compare(q - 4, 3, code) == 0 && t[q - 1] == ' ') return upper(code);
            if (!after && q >= 3 && t.compare(q - 3, 3, code) == 0) return upper(code);
          }
          return "";
        };
        std::string cur = currency_at(i, false);
        if (cur.empty()) cur = currency_at(end, true);
        if (!cur.empty()) {
          std::string n = t.substr(i, end - i);
          for (char& c : n) if (c == ',') c = '.';
          put("amount", cur + " " + n, i, end, "amount");
          i = end - 1;
          continue;
        }
        // a plain number the customer calls an order (4–10 digits after an order word)
        if (e - i >= 4 && e - i <= 10 && (e == t.size() || !alnum(t[e])) && order_word_before(original, f.from[i]))
          put("order_number", t.substr(i, e - i), i, e, "keyword");
        i = e - 1;
      }
    }
  }
  return out;
}
}  // namespace parley::slots
