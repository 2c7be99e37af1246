// Studio — fonts from Debian's Noto packages, with an atlas holding only the glyphs of the text
// actually shown (UI strings, every cell, the editor), never a full CJK atlas. One Han face per
// locale, since the same code point has a different glyph in each (骨, 直): Noto Sans CJK JP for
// Japanese and everything not CJK-localised, KR for ko, SC for zh-Hans, TC for zh-Hant.
// The first open carries those four faces subset at build time to the text the Studio ships with
// (studio/subset-fonts.py instead of the 15.6 MB collection); when shown text needs a
// CJK character outside them, the app asks the shell for the whole collection, once.
#pragma once
#include <imgui.h>

#include <set>
#include <string>
#include <vector>

namespace studio {
// The Han faces, in the collection's order (NotoSansCJK-Regular.ttc: JP 0, KR 1, SC 2, TC 3).
enum Han { han_jp, han_kr, han_sc, han_tc, han_count };
// The face for text in a BCP 47 locale: ko → KR; zh-Hant, zh-TW, zh-HK, zh-MO → TC; other zh → SC;
// everything else (ja, and text with no locale) → JP.
Han han_for_locale(const std::string& locale);
const char* han_name(Han h);  // "jp" | "kr" | "sc" | "tc": the subset files' and the shell's names

struct Fonts {
  // Raw font files, handed in by the shell (shell.js fetches them from /studio/fonts/).
  std::vector<unsigned char> latin, arabic;   // NotoSans-Regular.ttf, NotoSansArabic-Regular.ttf (whole)
  std::vector<unsigned char> cjk_face[han_count];  // NotoSansCJK{jp,kr,sc,tc}-subset.otf: one face each
  std::vector<unsigned char> cjk;             // NotoSansCJK-Regular.ttc (faces in Han's order), once fetched
  std::vector<unsigned char> emoji;           // Symbola-subset.ttf: monochrome emoji, the last fallback of every face
  std::set<unsigned> cjk_covered;             // the CJK code points the subsets hold (cjk-subset.txt)
  std::vector<unsigned> cjk_missing;          // CJK code points shown that the subsets lack (the first few)
  bool cjk_requested = false;                 // the shell was asked for the collection
  ImFont* main = nullptr;            // Latin + Arabic + CJK JP face (han[han_jp] too)
  ImFont* han[han_count] = {};       // Latin + that Han face
  std::vector<ImWchar> ranges[han_count];  // kept alive: the atlas reads them when it builds
  bool dirty = true;
};

// The subsets' coverage (UTF-8 text of their CJK characters, as subset-fonts.py writes it).
void set_cjk_coverage(Fonts& f, const std::string& utf8);
// Shown text needs the whole CJK collection, which has not been asked for yet.
bool wants_full_cjk(const Fonts& f);
// Remember text that will be shown; marks the atlas for rebuild when it brings new code points.
void want_text(Fonts& f, const std::string& utf8, Han han = han_jp);
// The font for text in `locale` (main for JP), and which Han face a font is ("jp" … "tc").
ImFont* font_for(const Fonts& f, const std::string& locale);
const char* face_of(const Fonts& f, const ImFont* font);
// Code points shown in a face's text that its font has no glyph for (ImGui would draw its
// fallback): what state() reports, so a test can tell a drawn glyph from '?'.
std::vector<unsigned> missing_glyphs(const Fonts& f, Han han);
// Emoji shown in any face's text that its font draws (the Symbola fallback's, unless a face has one).
std::vector<unsigned> drawn_emoji(const Fonts& f);
// Rebuild the atlas if needed (call between frames, before NewFrame). Returns true if rebuilt.
bool rebuild_atlas(Fonts& f, float size_px);
}  // namespace studio
