// Studio — the Studio's own chrome in the UI's direction. ImGui 1.86 lays everything out left to
// right; for a right-to-left UI language (ar) these helpers put labels against the right edge, run
// rows of items from the right and put side panes on the other side. Labels are composed in
// logical order, then shaped and reordered as one line (text_shape.h) before they are measured.
// Where things landed is recorded by name (note) and read back as JSON (layout_json): tests assert
// "Arabic is mirrored" on positions the app reports, not on pixels.
#pragma once
#include "parley/api.h"

#include <imgui.h>

#include <functional>
#include <string>

namespace studio {
using parley::Json;

bool rtl();  // the UI language is right to left
// Once per frame, before any view: clears the notes, aligns selectable labels to the UI's side.
void layout_frame_start();

// printf into a string: labels are composed whole, then shaped (numbers and words reorder together).
std::string format(const char* fmt, ...) IM_FMTARGS(1);
// One line of UI text, shaped; against the right edge of the region when rtl(). `colour` 0: the
// style's text colour.
void label(const std::string& logical, ImU32 colour = 0);
void label_disabled(const std::string& logical);
// Wrapped text: right-to-left text (or any text in a right-to-left UI) is broken into lines
// first, then each line reordered and right-aligned (approximate, as text_shape.h says).
void paragraph(const std::string& logical);

// Items in a row from the UI's start edge: in a right-to-left UI the first item is rightmost.
// place(w) positions the next item of width w (call it before the item).
class Row {
 public:
  Row();
  void place(float width);
 private:
  float edge_;  // left to right: the next item's left edge; right to left: its right edge (window x)
  bool first_ = true;
};

// Two panes side by side: `first` (first_width wide) at the UI's start edge (left, or right in a
// right-to-left UI), `second` in the rest. Their rectangles are noted as "<id>.first" / ".second".
void panes(const char* id, float first_width, bool first_border, bool second_border, const std::function<void()>& first,
           const std::function<void()>& second);

// Record the last item's rectangle (screen = canvas pixels) under `name`, or a rectangle given.
void note(const std::string& name);
void note_rect(const std::string& name, const ImVec2& min, const ImVec2& max);
// Call after each text field: when it is the one being edited, its rectangle is what the shell's
// IME overlay covers (editing_text).
void note_text_field(const std::string& name);
// The text field being edited this frame, if any: its name and rectangle (screen px).
bool editing_text(std::string* name, ImVec4* rect);
// {"rtl": bool, "items": {name: {"x0","y0","x1","y1"}}}: this frame's notes.
Json layout_json();
}  // namespace studio
