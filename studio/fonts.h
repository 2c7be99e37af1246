// Studio — fonts from Debian's Noto packages, with an atlas holding only the glyphs of the text
// actually shown (UI strings, every cell, the editor), never a full CJK atlas. Two faces for Han:
// Japanese (Noto Sans CJK JP) for everything but Korean text, which gets the KR face.
// The first open carries those two faces subset at build time to the text the Studio ships with
// (studio/subset-fonts.py: ~0.2 MB instead of the 15.6 MB collection); when shown text needs a
// CJK character outside them, the app asks the shell for the whole collection, once.
#pragma once
#include <imgui.h>

#include <set>
#include <string>
#include <vector>

namespace studio {
struct Fonts {
  // Raw font files, handed in by the shell (shell.js fetches them from /studio/fonts/).
  std::vector<unsigned char> latin, arabic;   // NotoSans-Regular.ttf, NotoSansArabic-Regular.ttf (whole)
  std::vector<unsigned char> cjk_jp, cjk_kr;  // NotoSansCJK{jp,kr}-subset.otf: one face each
  std::vector<unsigned char> cjk;             // NotoSansCJK-Regular.ttc (JP face 0, KR face 1), once fetched
  std::set<unsigned> cjk_covered;             // the CJK code points the subsets hold (cjk-subset.txt)
  std::vector<unsigned> cjk_missing;          // CJK code points shown that the subsets lack (the first few)
  bool cjk_requested = false;                 // the shell was asked for the collection
  ImFont* main = nullptr;    // Latin + Arabic + CJK JP face
  ImFont* korean = nullptr;  // Latin + CJK KR face
  std::vector<ImWchar> ranges, korean_ranges;  // kept alive: the atlas reads them when it builds
  bool dirty = true;
};

// The subsets' coverage (UTF-8 text of their CJK characters, as subset-fonts.py writes it).
void set_cjk_coverage(Fonts& f, const std::string& utf8);
// Shown text needs the whole CJK collection, which has not been asked for yet.
bool wants_full_cjk(const Fonts& f);
// Remember text that will be shown; marks the atlas for rebuild when it brings new code points.
void want_text(Fonts& f, const std::string& utf8, bool korean = false);
// Rebuild the atlas if needed (call between frames, before NewFrame). Returns true if rebuilt.
bool rebuild_atlas(Fonts& f, float size_px);
}  // namespace studio
