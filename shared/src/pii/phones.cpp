// Phone numbers: international (+…) and the common national shapes (trunk prefix 0, area code in
// parentheses, North American 3-3-4). Bare digit runs are only phones after a phone word, so order
// numbers, amounts and dates stay as they are. The masked form keeps the last two digits.
#include "detect.h"

#include <array>

namespace parley::pii::detect {
namespace {
bool contains_any(const std::string& haystack, std::initializer_list<const char*> needles) {
  for (const char* n : needles)
    if (haystack.find(n) != std::string::npos) return true;
  return false;
}

bool after_order_word(std::string_view text, const NumberRun& r) {
  if (r.before == '#') return true;
  std::string ctx = lower_before(text, r.start, 24);
  return contains_any(ctx, {"order", "invoice", "tracking", "ref", "no.", "nº", "n°", "pedido", "commande", "bestellung",
                            "auftrag", "ordine", "sipariş", "pesanan", "đơn", "заказ", "注文", "订单", "訂單", "주문", "طلب",
                            "הזמנה", "คำสั่งซื้อ", "ऑर्डर", "amount", "total", "$", "€", "¥", "円", "원"});
}

bool after_phone_word(std::string_view text, const NumberRun& r) {
  std::string ctx = lower_before(text, r.start, 28);
  return contains_any(ctx, {"tel", "phone", "call", "mobile", "cell", "whatsapp", "fone", "celular", "teléfono", "móvil",
                            "telefon", "handy", "portable", "numero", "número", "number", "電話", "电话", "전화", "手机",
                            "携帯", "số", "โทร", "هاتف", "جوال", "телефон", "nomor", "hp", "wa ", "टेलीफोन", "फोन", "טלפון"});
}

// 2024-05-12, 12/05/2024, 12.05.24: three groups with one separator kind, a plausible day and month.
bool looks_like_date(const NumberRun& r) {
  if (r.groups.size() != 3 || r.separators.size() != 2 || r.separators[0] != r.separators[1] || r.separators[0] == ' ') return false;
  const auto& g = r.groups;
  return (g[0] == 4 && g[1] <= 2 && g[2] <= 2) || (g[0] <= 2 && g[1] <= 2 && (g[2] == 4 || g[2] == 2));
}

}  // namespace

void phones(std::string_view text, const std::vector<NumberRun>& runs, std::string_view locale, std::vector<Finding>& out) {
  const std::string reg = locale_region(locale);
  for (const auto& r : runs) {
    const std::size_t d = r.digits.size();
    if (ascii_alpha(r.after) || d < 7 || d > 15 || looks_like_date(r)) continue;
    if (r.separators.find('/') != std::string::npos) continue;  // fractions, dates, ranges
    bool phone = false;
    const char* detail = "national";
    if (r.plus) {
      phone = d >= 8 && r.digits[0] != '0';
      detail = "international";
    } else if (after_order_word(text, r)) {
      phone = false;
    } else if (r.paren) {
      phone = d >= 10 && d <= 11;
    } else if (r.digits[0] == '0') {
      phone = d >= 9 && d <= 11 && (r.groups.size() >= 2 || d >= 10);
    } else if (r.groups == std::vector<int>{3, 3, 4} && r.digits[0] >= '2' && r.separators.find('.') != 0) {
      phone = true;  // North American 415-555-0132 / 415 555 0132
    } else if ((reg == "US" || reg == "CA") && d == 10 && r.groups.size() == 1 && r.digits[0] >= '2' && r.digits[3] >= '2') {
      phone = true;
    }
    if (!phone && !r.plus && after_phone_word(text, r) && !after_order_word(text, r)) phone = true;
    if (!phone) continue;
    std::string_view original = text.substr(r.start, r.end - r.start);
    out.push_back({"phone", detail, r.start, r.end - r.start, mask_keep_last(original, 2)});
  }
}
}  // namespace parley::pii::detect
