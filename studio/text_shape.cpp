// Studio — Arabic shaping and bidi reordering for display (ICU), line wrapping before reordering.
#include "text_shape.h"

#include <unicode/ubidi.h>
#include <unicode/ushape.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <memory>

namespace studio {
namespace {
std::u16string to_u16(const std::string& s) {
  UErrorCode st = U_ZERO_ERROR;
  int32_t n = 0;
  u_strFromUTF8(nullptr, 0, &n, s.data(), static_cast<int32_t>(s.size()), &st);
  std::u16string out(static_cast<std::size_t>(n), u'\0');
  st = U_ZERO_ERROR;
  u_strFromUTF8(out.data(), n, nullptr, s.data(), static_cast<int32_t>(s.size()), &st);
  return U_SUCCESS(st) ? out : std::u16string();
}
std::string to_u8(const std::u16string& s) {
  UErrorCode st = U_ZERO_ERROR;
  int32_t n = 0;
  u_strToUTF8(nullptr, 0, &n, s.data(), static_cast<int32_t>(s.size()), &st);
  std::string out(static_cast<std::size_t>(n), '\0');
  st = U_ZERO_ERROR;
  u_strToUTF8(out.data(), n, nullptr, s.data(), static_cast<int32_t>(s.size()), &st);
  return U_SUCCESS(st) ? out : std::string();
}
}  // namespace

bool needs_shaping(const std::string& s) {
  // Hebrew, Arabic, Syriac, Thaana, NKo … (U+0590–08FF) and their presentation forms.
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c = 0;
    U8_NEXT(p, i, n, c);
    if ((c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF)) return true;
  }
  return false;
}

std::string visual_line(const std::string& logical) {
  if (!needs_shaping(logical)) return logical;
  std::u16string u = to_u16(logical);
  if (u.empty()) return logical;
  UErrorCode st = U_ZERO_ERROR;
  std::u16string shaped(u.size() * 2 + 8, u'\0');
  int32_t n = u_shapeArabic(u.data(), static_cast<int32_t>(u.size()), shaped.data(), static_cast<int32_t>(shaped.size()),
                            U_SHAPE_LETTERS_SHAPE | U_SHAPE_TEXT_DIRECTION_LOGICAL | U_SHAPE_LENGTH_GROW_SHRINK, &st);
  if (U_FAILURE(st)) return logical;
  shaped.resize(static_cast<std::size_t>(n));
  std::unique_ptr<UBiDi, decltype(&ubidi_close)> bidi(ubidi_open(), &ubidi_close);
  ubidi_setPara(bidi.get(), shaped.data(), n, UBIDI_DEFAULT_RTL, nullptr, &st);
  std::u16string visual(static_cast<std::size_t>(n) + 8, u'\0');
  int32_t m = ubidi_writeReordered(bidi.get(), visual.data(), static_cast<int32_t>(visual.size()),
                                   UBIDI_DO_MIRRORING | UBIDI_REMOVE_BIDI_CONTROLS, &st);
  if (U_FAILURE(st)) return logical;
  visual.resize(static_cast<std::size_t>(m));
  return to_u8(visual);
}

std::vector<std::string> visual_lines(const std::string& logical, float width, const std::function<float(const std::string&)>& measure) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= logical.size()) {
    std::size_t end = logical.find('\n', start);
    if (end == std::string::npos) end = logical.size();
    const std::string para = logical.substr(start, end - start);
    // Greedy breaks at spaces, measured on what will be drawn.
    std::string line;
    std::size_t i = 0;
    while (i <= para.size()) {
      std::size_t sp = para.find(' ', i);
      if (sp == std::string::npos) sp = para.size();
      const std::string word = para.substr(i, sp - i);
      const std::string candidate = line.empty() ? word : line + " " + word;
      if (!line.empty() && measure(visual_line(candidate)) > width) {
        out.push_back(visual_line(line));
        line = word;
      } else {
        line = candidate;
      }
      i = sp + 1;
    }
    out.push_back(visual_line(line));
    start = end + 1;
  }
  return out;
}
}  // namespace studio
