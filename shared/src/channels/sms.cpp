// SMS segments: GSM 03.38 default alphabet (basic table 1 septet, extension table ESC + char = 2),
// otherwise UCS-2 (UTF-16 code units). Tables compiled from ../shared/specs/sms-gsm0338/gsm0338.json
// (3GPP TS 23.038); national shift tables are not used because carrier support varies.
#include "parley/channels.h"
#include "parley/text.h"

#include <algorithm>
#include <iterator>
#include <vector>

namespace parley::channels {
namespace {
// Unicode code points of the 127 basic-table characters (ESC 0x1B excluded), sorted.
constexpr char32_t kBasic[] = {
    0x000A, 0x000D, 0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A,
    0x002B, 0x002C, 0x002D, 0x002E, 0x002F, 0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
    0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F, 0x0040, 0x0041, 0x0042, 0x0043, 0x0044,
    0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F, 0x0050, 0x0051,
    0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005F, 0x0061, 0x0062, 0x0063,
    0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F, 0x0070,
    0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x00A1, 0x00A3, 0x00A4,
    0x00A5, 0x00A7, 0x00BF, 0x00C4, 0x00C5, 0x00C6, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00D8, 0x00DC, 0x00DF,
    0x00E0, 0x00E4, 0x00E5, 0x00E6, 0x00E8, 0x00E9, 0x00EC, 0x00F1, 0x00F2, 0x00F6, 0x00F8, 0x00F9, 0x00FC,
    0x0393, 0x0394, 0x0398, 0x039B, 0x039E, 0x03A0, 0x03A3, 0x03A6, 0x03A8, 0x03A9};
// The 10 extension-table characters (sent as ESC + code), sorted.
constexpr char32_t kExtension[] = {
    0x000C, 0x005B, 0x005C, 0x005D, 0x005E, 0x007B, 0x007C, 0x007D, 0x007E, 0x20AC};
static_assert(std::size(kBasic) == 127 && std::size(kExtension) == 10);

template <std::size_t N>
bool contains(const char32_t (&t)[N], char32_t cp) { return std::binary_search(std::begin(t), std::end(t), cp); }
}  // namespace

int gsm7_septets(char32_t cp) {
  if (contains(kBasic, cp)) return 1;
  if (contains(kExtension, cp)) return 2;
  return 0;
}

SmsResult sms_segments(std::string_view s, const SmsSizes& sizes) {
  SmsResult r;
  // Pass 1: the encoding (one non-GSM character switches the whole message) and total units.
  bool gsm = true;
  std::size_t septets = 0, utf16 = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t at = i;
    char32_t cp = text::next_code_point(s, i);
    ++r.characters;
    int n = gsm7_septets(cp);
    if (n == 0) {
      gsm = false;
      std::string ch(s.substr(at, i - at));
      if (std::find(r.non_gsm.begin(), r.non_gsm.end(), ch) == r.non_gsm.end()) r.non_gsm.push_back(ch);
    }
    septets += static_cast<std::size_t>(n);
    utf16 += cp > 0xFFFF ? 2 : 1;
  }
  r.encoding = gsm ? "GSM-7" : "UCS-2";
  r.units = gsm ? septets : utf16;
  if (s.empty()) return r;
  const std::size_t single = gsm ? sizes.gsm7_single : sizes.ucs2_single;
  const std::size_t concat = gsm ? sizes.gsm7_concat : sizes.ucs2_concat;
  if (r.units <= single) {
    r.segments.push_back({std::string(s), r.units});
    return r;
  }
  // Pass 2: fill concatenated segments. A character's units (ESC pair, surrogate pair) never
  // straddle two segments, so a segment may hold 152 septets or 66 units; a whole grapheme
  // (emoji ZWJ sequence, flag, CR LF) moves to the next segment when it would not fit, unless it
  // is longer than a segment on its own. Greedy filling gives the fewest such segments.
  SmsSegment cur;
  auto units_of = [&](char32_t cp) -> std::size_t {
    return gsm ? static_cast<std::size_t>(gsm7_septets(cp)) : (cp > 0xFFFF ? 2u : 1u);
  };
  auto push = [&](std::string_view piece, std::size_t n) {
    if (cur.units + n > concat && cur.units > 0) {
      r.segments.push_back(std::move(cur));
      cur = SmsSegment{};
    }
    cur.text.append(piece);
    cur.units += n;
  };
  // Whole graphemes in both encodings: in GSM-7 text the only multi-character cluster is CR LF,
  // which must not be cut into two messages either.
  const std::vector<std::size_t> bounds = grapheme_boundaries(s);
  for (std::size_t b = 0; b + 1 < bounds.size(); ++b) {
    std::string_view cluster = s.substr(bounds[b], bounds[b + 1] - bounds[b]);
    std::size_t n = 0;
    for (std::size_t i = 0; i < cluster.size();) n += units_of(text::next_code_point(cluster, i));
    if (n <= concat) {
      push(cluster, n);
      continue;
    }
    for (std::size_t i = 0; i < cluster.size();) {  // a cluster longer than a segment: by code point
      std::size_t at = i;
      char32_t cp = text::next_code_point(cluster, i);
      push(cluster.substr(at, i - at), units_of(cp));
    }
  }
  r.segments.push_back(std::move(cur));
  return r;
}
}  // namespace parley::channels
