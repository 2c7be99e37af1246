// Studio — the template matrix view: rows intent × locale, columns channels; each cell the
// template as the core renders it for that channel, its length against the channel's limit
// (sample and worst-case fills), SMS segments and encoding, missing variants, lint codes.
// Beside it the editor of the selected cell's template (apply, save the pack file).
#pragma once
#include "app_state.h"
#include "fonts.h"

#include <imgui.h>

#include <functional>
#include <map>
#include <string>

namespace studio {
struct MatrixView {
  bool show_worst = true;            // which fill the cells preview (both are always measured)
  int selected = -1;                 // index into Matrix::cells
  std::string editing_id;            // template in the editor
  std::string buffer;                // the editor's text (InputTextMultiline grows it)
  std::string status;                // last editor message (saved, or the core's error)
  std::string scrolled_for;          // the UI language the table's scroll was last set for (RTL starts at the right end)
  std::map<int, std::string> drawn_face;  // cell index → the Han face its preview was last drawn with (state())
};

// ImGui's InputText resize callback for a std::string buffer (UserData: the string).
int input_text_resize(ImGuiInputTextCallbackData* data);

// Register every string the view may draw with the font atlas (after the matrix changed).
void want_matrix_text(Fonts& fonts, const Matrix& matrix, const Pack& pack);
// Draw the view. `save` is how a pack file leaves the app (a Blob download in the browser).
void draw_matrix_view(MatrixView& view, Pack& pack, Matrix& matrix, Fonts& fonts,
                      const std::function<void(const std::string& name, const std::string& text)>& save);
}  // namespace studio
