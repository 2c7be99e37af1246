// Channel length limits as the platforms count them. The channels module owns the full profiles;
// this table is what drafting needs to warn on its own when that module is not in the core.
#include "parley/drafting.h"
#include "parley/text.h"

namespace parley::drafting {
namespace {
struct Entry { std::string_view channel; Limit limit; };
const Entry kLimits[] = {
    {"line", {"utf16", 5000}},           // LINE Messaging API text message
    {"whatsapp", {"utf16", 4096}},       // WhatsApp Cloud API text body
    {"kakao_chat", {"code_points", 1000}},  // KakaoTalk chatbot simpleText (CHANNELS.md §5, unverified)
    {"kakao_alimtalk", {"code_points", 1000}},  // AlimTalk body
    {"kakaotalk", {"code_points", 1000}},  // the name packs used before the channel ids were unified
    {"telegram", {"utf16", 4096}},
    {"messenger", {"utf16", 2000}},
    {"instagram", {"utf16", 1000}},
    {"wechat", {"utf16", 2048}},
    {"x", {"code_points", 280}},
    {"sms", {"sms_segments", 10}},       // concatenated SMS: most carriers stop at 10 parts
    {"webchat", {"code_points", 5000}},
    {"email", {"code_points", 0}},
};

// GSM 03.38 basic set (one septet) and extension set (escape + septet), as code points.
bool gsm7_basic(char32_t c) {
  static const std::u32string basic =
      U"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  return basic.find(c) != std::u32string::npos;
}
bool gsm7_extension(char32_t c) {
  static const std::u32string ext = U"^{}\\[~]|€\f";
  return ext.find(c) != std::u32string::npos;
}
}  // namespace

std::optional<Limit> channel_limit(std::string_view channel) {
  for (const Entry& e : kLimits) if (e.channel == channel) return e.limit;
  return std::nullopt;
}

Measure measure(std::string_view s, const std::string& unit) {
  Measure m;
  if (unit == "utf16") { m.value = text::utf16_length(s); return m; }
  if (unit != "sms_segments") { m.value = text::code_point_count(s); return m; }
  std::size_t septets = 0;
  bool gsm = true;
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = text::next_code_point(s, i);
    if (gsm7_basic(c)) septets += 1;
    else if (gsm7_extension(c)) septets += 2;
    else gsm = false;
  }
  std::size_t units = gsm ? septets : text::utf16_length(s);
  std::size_t single = gsm ? 160 : 70, part = gsm ? 153 : 67;
  m.encoding = gsm ? "gsm7" : "ucs2";
  m.segments = units == 0 ? 0 : units <= single ? 1 : (units + part - 1) / part;
  m.value = m.segments;
  return m;
}
}  // namespace parley::drafting
