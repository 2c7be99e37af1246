// Studio — text as ImGui can draw it. ImGui draws code points left to right, one glyph each; it
// neither shapes nor reorders. For right-to-left lines the Studio shapes Arabic with ICU
// (u_shapeArabic: contextual presentation forms, lam-alef ligatures) and reorders with ICU's bidi
// (ubidi, mirrored, controls removed). That is APPROXIMATE: no mark positioning, kerning or
// contextual alternates beyond Unicode's presentation forms; cells drawn this way say so.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace studio {
bool needs_shaping(const std::string& utf8);
// One logical line (no '\n') → the code points to draw left to right.
std::string visual_line(const std::string& logical_line);
// Wrap logical text to `width` (measured on the visual form by `measure`), then reorder each line:
// RTL paragraphs must be broken before they are reordered, or their lines come out in the wrong order.
std::vector<std::string> visual_lines(const std::string& logical, float width, const std::function<float(const std::string&)>& measure);
}  // namespace studio
