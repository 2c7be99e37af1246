// Studio — glyph ranges from the shown text; atlas rebuilt only when new code points appear.
#include "fonts.h"

#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <set>

namespace studio {
namespace {
std::set<unsigned> g_seen[han_count];  // the code points shown in each Han face's text

bool add_code_points(const std::string& s, std::set<unsigned>& seen) {
  bool added = false;
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    unsigned int c = 0;
    int n = ImTextCharFromUtf8(&c, p, end);
    if (n <= 0) break;
    p += n;
    // Up to U+FFFF where ImWchar is 16-bit (the native build's Debian libimgui); the wasm build
    // has 32-bit ImWchar (IMGUI_USE_WCHAR32), for the emoji above the BMP.
    if (c >= 0x20 && c <= IM_UNICODE_CODEPOINT_MAX && seen.insert(c).second) added = true;
  }
  return added;
}

// Han, kana, Hangul, CJK punctuation and compatibility forms: what only the CJK faces draw.
bool is_cjk(unsigned c) {
  return (c >= 0x1100 && c <= 0x11FF) || (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xA960 && c <= 0xA97F) || (c >= 0xAC00 && c <= 0xD7FF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF);
}

// Note the shown CJK code points the subsets lack (none once the collection is there).
void check_coverage(Fonts& f, const std::set<unsigned>& seen) {
  if (!f.cjk.empty() || f.cjk_covered.empty()) return;
  for (unsigned c : seen)
    if (is_cjk(c) && !f.cjk_covered.count(c) && f.cjk_missing.size() < 16 &&
        std::find(f.cjk_missing.begin(), f.cjk_missing.end(), c) == f.cjk_missing.end())
      f.cjk_missing.push_back(c);
}

std::vector<ImWchar> ranges_of(const std::set<unsigned>& seen) {
  std::vector<ImWchar> r;
  for (unsigned c : seen) {
    if (!r.empty() && static_cast<unsigned>(r.back()) + 1 == c) { r.back() = static_cast<ImWchar>(c); continue; }
    r.push_back(static_cast<ImWchar>(c));
    r.push_back(static_cast<ImWchar>(c));
  }
  r.push_back(0);
  return r;
}

uint32_t be32(const unsigned char* p) { return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3]; }
int be16s(const unsigned char* p) { return static_cast<int16_t>((p[0] << 8) | p[1]); }

// (ascent - descent) / units per em, from the hhea and head tables of face `face`. ImGui sizes a
// font by its ascent-to-descent height; Noto Sans Arabic's is 1.55 times Noto Sans' (room for
// stacked marks), so at one pixel size its letters would come out a third smaller.
float height_per_em(const std::vector<unsigned char>& f, int face) {
  const std::size_t n = f.size();
  if (n < 12) return 0;
  std::size_t off = 0;
  if (std::memcmp(f.data(), "ttcf", 4) == 0) {
    if (n < 16 + 4 * static_cast<std::size_t>(face)) return 0;
    off = be32(&f[12 + 4 * face]);
  }
  if (off + 12 > n) return 0;
  const int tables = (f[off + 4] << 8) | f[off + 5];
  std::size_t hhea = 0, head = 0;
  for (int i = 0; i < tables && off + 28 + 16 * i <= n; ++i) {
    const unsigned char* rec = &f[off + 12 + 16 * i];
    if (std::memcmp(rec, "hhea", 4) == 0) hhea = be32(rec + 8);
    if (std::memcmp(rec, "head", 4) == 0) head = be32(rec + 8);
  }
  if (!hhea || !head || hhea + 8 > n || head + 20 > n) return 0;
  const int upem = (f[head + 18] << 8) | f[head + 19];
  return upem ? float(be16s(&f[hhea + 4]) - be16s(&f[hhea + 6])) / float(upem) : 0;
}

ImFont* add(ImFontAtlas* atlas, std::vector<unsigned char>& bytes, float size, const ImWchar* ranges, bool merge, int face = 0,
            const std::vector<unsigned char>* em_reference = nullptr) {
  if (bytes.empty()) return nullptr;
  if (em_reference) {  // the same em size as the reference font, not the same line height
    const float mine = height_per_em(bytes, face), theirs = height_per_em(*em_reference, 0);
    if (mine > 0 && theirs > 0) size *= mine / theirs;
  }
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;  // the bytes stay ours: the atlas is rebuilt from them
  cfg.MergeMode = merge;
  cfg.FontNo = face;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  return atlas->AddFontFromMemoryTTF(bytes.data(), static_cast<int>(bytes.size()), size, &cfg, ranges);
}
}  // namespace

Han han_for_locale(const std::string& locale) {
  auto has = [&](const char* s) { return locale.find(s) != std::string::npos; };
  if (locale.rfind("ko", 0) == 0) return han_kr;
  if (locale.rfind("zh", 0) == 0) return has("Hant") || has("-TW") || has("-HK") || has("-MO") ? han_tc : han_sc;
  return han_jp;
}

const char* han_name(Han h) {
  static const char* const names[han_count] = {"jp", "kr", "sc", "tc"};
  return names[h];
}

ImFont* font_for(const Fonts& f, const std::string& locale) {
  ImFont* font = f.han[han_for_locale(locale)];
  return font ? font : f.main;
}

const char* face_of(const Fonts& f, const ImFont* font) {
  for (int h = han_count - 1; h >= 0; --h)
    if (font && f.han[h] == font) return han_name(static_cast<Han>(h));
  return "jp";
}

std::vector<unsigned> missing_glyphs(const Fonts& f, Han han) {
  std::vector<unsigned> out;
  const ImFont* font = f.han[han];
  if (!font) return out;
  for (unsigned c : g_seen[han])
    if (c > 0x20 && !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) out.push_back(c);
  return out;
}

std::vector<unsigned> drawn_emoji(const Fonts& f) {
  std::set<unsigned> out;
  for (int h = 0; h < han_count; ++h)
    for (unsigned c : g_seen[h])
      if (((c >= 0x2600 && c <= 0x27BF) || c >= 0x1F000) && f.han[h] && f.han[h]->FindGlyphNoFallback(static_cast<ImWchar>(c)))
        out.insert(c);
  return {out.begin(), out.end()};
}

void set_cjk_coverage(Fonts& f, const std::string& utf8) {
  f.cjk_covered.clear();
  add_code_points(utf8, f.cjk_covered);
  for (const auto& seen : g_seen) check_coverage(f, seen);
}

bool wants_full_cjk(const Fonts& f) { return !f.cjk_missing.empty() && f.cjk.empty() && !f.cjk_requested; }

void want_text(Fonts& f, const std::string& utf8, Han han) {
  // Printable ASCII always, in every face: numbers, units and the core's codes.
  if (g_seen[han_jp].empty())
    for (auto& seen : g_seen)
      for (unsigned c = 0x20; c < 0x7F; ++c) seen.insert(c);
  std::set<unsigned>& seen = g_seen[han];
  if (add_code_points(utf8, seen)) {
    f.dirty = true;
    check_coverage(f, seen);
  }
}

bool rebuild_atlas(Fonts& f, float size) {
  if (!f.dirty) return false;
  f.dirty = false;
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  atlas->Clear();
  for (int h = 0; h < han_count; ++h) f.ranges[h] = ranges_of(g_seen[h]);
  f.main = add(atlas, f.latin, size, f.ranges[han_jp].data(), false);
  if (!f.main) f.main = atlas->AddFontDefault();
  add(atlas, f.arabic, size, f.ranges[han_jp].data(), true, 0, &f.latin);
  // Each Han face: the collection's once it is there (its face number is Han's), else its subset.
  const bool whole = !f.cjk.empty();
  for (int h = 0; h < han_count; ++h) {
    ImFont* font = h == han_jp ? f.main : add(atlas, f.latin, size, f.ranges[h].data(), false);
    add(atlas, whole ? f.cjk : f.cjk_face[h], size, f.ranges[h].data(), true, whole ? h : 0, &f.latin);
    // Emoji last: ImGui keeps the first glyph merged for a code point, so this fills only gaps.
    add(atlas, f.emoji, size, f.ranges[h].data(), true, 0, &f.latin);
    f.han[h] = font ? font : f.main;
  }
  atlas->Build();
  return true;
}
}  // namespace studio
