// Studio — fonts from Debian's Noto packages, with an atlas holding only the glyphs of the text
// actually shown (UI strings, every cell, the editor), never a full CJK atlas. Two faces for Han:
// Japanese (Noto Sans CJK JP) for everything but Korean text, which gets the KR face.
#pragma once
#include <imgui.h>

#include <string>
#include <vector>

namespace studio {
struct Fonts {
  // Raw font files, handed in by the shell (shell.js fetches them from /studio/fonts/).
  std::vector<unsigned char> latin, arabic, cjk;  // NotoSans-Regular.ttf, NotoSansArabic-Regular.ttf, NotoSansCJK-Regular.ttc
  ImFont* main = nullptr;    // Latin + Arabic + CJK JP face
  ImFont* korean = nullptr;  // Latin + CJK KR face
  std::vector<ImWchar> ranges, korean_ranges;  // kept alive: the atlas reads them when it builds
  bool dirty = true;
};

// Remember text that will be shown; marks the atlas for rebuild when it brings new code points.
void want_text(Fonts& f, const std::string& utf8, bool korean = false);
// Rebuild the atlas if needed (call between frames, before NewFrame). Returns true if rebuilt.
bool rebuild_atlas(Fonts& f, float size_px);
}  // namespace studio
