// Studio — template matrix view and its editor.
//
// Index
//   [SECTION] Text       wrapped, shaped, clipped text inside a cell
//   [SECTION] Cells      one cell: status line, preview, colours
//   [SECTION] Editor     the selected template: edit, apply, save
//   [SECTION] View       legend, table, editor beside it
#include "matrix_view.h"

#include "layout.h"
#include "strings.h"
#include "text_shape.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <cstring>

namespace studio {
namespace {
const ImU32 kOver = IM_COL32(150, 30, 40, 255), kMissing = IM_COL32(60, 60, 66, 255),
            kFallback = IM_COL32(110, 80, 20, 255), kError = IM_COL32(90, 40, 120, 255);

// The UI string, shaped and reordered when the UI language is right-to-left.
std::string ui(S id) { return visual_line(tr(id)); }

//-----------------------------------------------------------------------------
// [SECTION] Text
//-----------------------------------------------------------------------------
// Up to `max_lines` lines of `text` wrapped to `width`; right-aligned when right-to-left. A
// preview (`preview`) drops blank lines: a cell has room for a few lines only.
void draw_text(const std::string& text, float width, int max_lines, bool rtl, bool preview = false) {
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  auto measure = [&](const std::string& s) { return font->CalcTextSizeA(size, FLT_MAX, 0.0f, s.c_str()).x; };
  std::vector<std::string> lines;
  if (rtl) {
    lines = visual_lines(text, width, measure);
  } else {
    const char* p = text.c_str();
    const char* end = p + text.size();
    while (p < end && static_cast<int>(lines.size()) < max_lines + 1) {
      const char* nl = static_cast<const char*>(memchr(p, '\n', end - p));
      const char* para_end = nl ? nl : end;
      const char* cut = font->CalcWordWrapPositionA(size / font->FontSize, p, para_end, width);
      if (cut == p) cut = p + 1;
      lines.emplace_back(p, cut);
      p = cut;
      while (p < para_end && *p == ' ') ++p;
      if (p == para_end && nl) ++p;
    }
  }
  if (preview) lines.erase(std::remove_if(lines.begin(), lines.end(), [](const std::string& l) { return l.find_first_not_of(' ') == std::string::npos; }), lines.end());
  const float x0 = ImGui::GetCursorPosX();
  for (int i = 0; i < static_cast<int>(lines.size()) && i < max_lines; ++i) {
    std::string line = lines[i];
    if (i == max_lines - 1 && static_cast<int>(lines.size()) > max_lines) line += "…";
    if (rtl) ImGui::SetCursorPosX(x0 + std::max(0.0f, width - measure(line)));
    ImGui::TextUnformatted(line.c_str());
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Cells
//-----------------------------------------------------------------------------
std::string length_line(const Fill& f) {
  char buf[160];
  if (f.limit) std::snprintf(buf, sizeof buf, "%zu / %zu %s", f.length, f.limit, f.unit.c_str());
  else std::snprintf(buf, sizeof buf, "%zu %s (%s)", f.length, f.unit.c_str(), tr(S::cell_no_limit));
  return buf;
}
// SMS only: "3/2 segments GSM-7" (segments against the budget), or "".
std::string sms_line(const Fill& f) {
  if (f.sms_encoding.empty()) return "";
  char buf[160];
  std::snprintf(buf, sizeof buf, "%zu/%zu %s %s", f.sms_segments, f.sms_max_segments, tr(S::segments), f.sms_encoding.c_str());
  return buf;
}

void draw_cell(MatrixView& view, const Matrix& matrix, int index, Fonts& fonts) {
  const Cell& c = matrix.cells[index];
  const float width = ImGui::GetContentRegionAvail().x;
  ImU32 bg = 0;
  if (c.variant == Variant::none) bg = kMissing;
  else if (!c.error_code.empty()) bg = kError;
  else if (c.over_limit()) bg = kOver;
  else if (c.variant == Variant::fallback) bg = kFallback;
  if (bg) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, bg);

  ImGui::PushID(index);
  const bool selected = view.selected == index;
  // The whole cell is one selectable: keyboard navigation moves between cells, Enter opens the editor.
  const ImVec2 start = ImGui::GetCursorPos();
  if (ImGui::Selectable("##cell", selected, ImGuiSelectableFlags_AllowItemOverlap, ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 4.2f))) {
    view.selected = index;
    view.status.clear();
    if (!c.template_id.empty()) {
      view.editing_id = c.template_id;
      view.buffer.clear();
    }
  }
  ImGui::SetCursorPos(start);
  // Status and flags are the Studio's own labels (the UI's side); the preview is the content's.
  if (c.variant == Variant::none) {
    label(tr(S::cell_missing));
  } else if (!c.error_code.empty()) {
    label(std::string(tr(S::cell_error)) + ": " + c.error_code);
  } else {
    const Fill& f = view.show_worst ? c.worst : c.sample;
    label(std::string(f.over_limit ? tr(S::cell_over) : tr(S::cell_fits)) + "  " + length_line(f));
    // One line of flags: SMS segments, missing variant, approximate shaping.
    std::string flags = sms_line(f);
    if (c.variant == Variant::fallback) flags += (flags.empty() ? "" : " · ") + std::string(tr(S::cell_fallback));
    if (c.rtl) flags += (flags.empty() ? "(" : " · (") + std::string(tr(S::cell_approximate)) + ")";
    int lines = 3;
    if (!flags.empty()) { label(flags); lines = 2; }
    ImGui::PushFont(font_for(fonts, c.locale));
    view.drawn_face[index] = face_of(fonts, ImGui::GetFont());  // what the preview was drawn with
    const ImVec2 at = ImGui::GetCursorScreenPos();
    draw_text(f.text, width, lines, c.rtl, true);
    note_rect("matrix.cell." + std::to_string(index) + ".text", at, ImVec2(at.x + width, ImGui::GetCursorScreenPos().y));
    ImGui::PopFont();
  }
  ImGui::PopID();
}

//-----------------------------------------------------------------------------
// [SECTION] Editor
//-----------------------------------------------------------------------------
void draw_fill_detail(const char* title, const Fill& f, bool rtl, float width) {
  ImGui::Separator();
  label(title);
  label(format("%s: %s %s  %s", tr(S::detail_length), length_line(f).c_str(), sms_line(f).c_str(), f.over_limit ? tr(S::cell_over) : ""));
  if (!f.missing_slots.empty()) {
    std::string s;
    for (const auto& m : f.missing_slots) s += (s.empty() ? "" : ", ") + m;
    label(format("%s: %s", tr(S::detail_missing_slots), s.c_str()));
  }
  if (!f.findings.empty()) {
    std::string s;
    for (const auto& m : f.findings) s += (s.empty() ? "" : ", ") + m;
    label(format("%s: %s", tr(S::detail_findings), s.c_str()));
  }
  draw_text(f.text, width, 40, rtl);
}

void draw_editor(MatrixView& view, Pack& pack, Matrix& matrix, Fonts& fonts,
                 const std::function<void(const std::string&, const std::string&)>& save) {
  label(tr(S::editor_title));
  note("matrix.editor.title");
  ImGui::Separator();
  if (view.selected < 0 || view.editing_id.empty()) {
    paragraph(tr(S::editor_pick));
    return;
  }
  Json* t = find_template(pack, view.editing_id);
  if (!t) return;
  if (view.buffer.empty()) view.buffer = t->value("body", "");
  const Cell& c = matrix.cells[view.selected];
  label(format("%s: %s", tr(S::editor_template), view.editing_id.c_str()));
  label_disabled(format("%s · %s · %s", c.intent.c_str(), c.locale.c_str(), c.channel.c_str()));
  const Han han = han_for_locale(c.locale);
  ImGui::PushFont(font_for(fonts, c.locale));
  if (ImGui::InputTextMultiline("##body", view.buffer.data(), view.buffer.capacity() + 1,
                                ImVec2(-1, ImGui::GetTextLineHeight() * 9), ImGuiInputTextFlags_CallbackResize, input_text_resize, &view.buffer))
    want_text(fonts, view.buffer, han);
  note_text_field("matrix.editor.body");
  ImGui::PopFont();
  const std::string apply = ui(S::editor_apply), save_label = ui(S::editor_save);
  const float pad = ImGui::GetStyle().FramePadding.x * 2;
  Row row;
  row.place(ImGui::CalcTextSize(apply.c_str()).x + pad);
  if (ImGui::Button(apply.c_str())) {
    try {
      edit_template(pack, matrix, view.editing_id, view.buffer.c_str());
      want_matrix_text(fonts, matrix, pack);
      view.status.clear();
    } catch (const parley::Error& e) {
      view.status = e.what();
    }
  }
  row.place(ImGui::CalcTextSize(save_label.c_str()).x + pad);
  if (ImGui::Button(save_label.c_str())) {
    auto [name, text] = template_file_for(pack, view.editing_id);
    save(name, text);
    view.status = tr(S::editor_saved) + std::string(": ") + name;
  }
  if (!view.status.empty()) paragraph(view.status);
  if (c.variant != Variant::none && c.error_code.empty()) {
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::PushFont(font_for(fonts, c.locale));
    draw_fill_detail(tr(S::detail_sample), c.sample, c.rtl, width);
    draw_fill_detail(tr(S::detail_worst), c.worst, c.rtl, width);
    ImGui::PopFont();
  } else if (!c.error_message.empty()) {
    paragraph(c.error_message);
  }
}

// A legend entry: its swatch, then its label, in a row from the UI's start edge.
void legend_item(Row& row, ImU32 colour, S id) {
  const float h = ImGui::GetTextLineHeight();
  row.place(h);
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + h, p.y + h), colour);
  ImGui::Dummy(ImVec2(h, h));
  const std::string text = ui(id);
  row.place(ImGui::CalcTextSize(text.c_str()).x + h);
  ImGui::TextUnformatted(text.c_str());
}
}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] View
//-----------------------------------------------------------------------------
int input_text_resize(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* s = static_cast<std::string*>(data->UserData);
    s->resize(static_cast<std::size_t>(data->BufTextLen));
    data->Buf = s->data();
  }
  return 0;
}

void want_matrix_text(Fonts& fonts, const Matrix& matrix, const Pack& pack) {
  for (const auto& s : all_strings()) want_text(fonts, s + visual_line(s));
  for (const auto& v : {matrix.intents, matrix.locales, matrix.channels})
    for (const auto& s : v) want_text(fonts, s);
  for (const Cell& c : matrix.cells) {
    const Han han = han_for_locale(c.locale);
    for (const Fill* f : {&c.sample, &c.worst}) {
      std::size_t start = 0;
      while (start <= f->text.size()) {
        std::size_t end = f->text.find('\n', start);
        if (end == std::string::npos) end = f->text.size();
        want_text(fonts, visual_line(f->text.substr(start, end - start)), han);
        start = end + 1;
      }
      want_text(fonts, f->text, han);
    }
    want_text(fonts, c.error_message);
  }
  for (const Json& file : pack.template_files)
    for (const Json& t : file["templates"]) want_text(fonts, t.value("body", ""), han_for_locale(t.value("locale", "")));
  for (int h = 0; h < han_count; ++h) want_text(fonts, "…·×⟦⟧", static_cast<Han>(h));
}

namespace {
// The table: the intent column at the start edge, channels after it in the pack's order; in a
// right-to-left UI the columns are mirrored (intent rightmost, the first channel next to it) and
// the table opens scrolled to its right end.
void draw_table(MatrixView& view, const Matrix& matrix, Fonts& fonts) {
  const bool mirrored = rtl();
  const int channels = static_cast<int>(matrix.channels.size()), columns = channels + 1;
  const auto column_of = [&](int ch) { return mirrored ? channels - 1 - ch : ch + 1; };  // ch -1: intent
  const int intent_column = mirrored ? channels : 0;
  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX | ImGuiTableFlags_RowBg;
  if (!ImGui::BeginTable("cells", columns, flags)) return;
  // ImGui freezes leading columns only: in the mirrored table just the header row stays put.
  ImGui::TableSetupScrollFreeze(mirrored ? 0 : 1, 1);
  for (int col = 0; col < columns; ++col) {
    if (col == intent_column) ImGui::TableSetupColumn(ui(S::col_intent).c_str(), ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 8);
    else {
      const int ch = mirrored ? channels - 1 - col : col - 1;
      ImGui::TableSetupColumn(matrix.channels[static_cast<std::size_t>(ch)].c_str(), ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 17);
    }
  }
  ImGui::TableHeadersRow();
  if (view.scrolled_for != ui_language() && (!mirrored || ImGui::GetScrollMaxX() > 0)) {
    ImGui::SetScrollX(mirrored ? ImGui::GetScrollMaxX() : 0.0f);
    view.scrolled_for = ui_language();
  }
  for (std::size_t i = 0; i < matrix.intents.size(); ++i)
    for (std::size_t l = 0; l < matrix.locales.size(); ++l) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(intent_column);
      label(matrix.intents[i]);
      if (i == 0 && l == 0) note("matrix.col.intent");
      label_disabled(matrix.locales[l]);
      for (int ch = 0; ch < channels; ++ch) {
        ImGui::TableSetColumnIndex(column_of(ch));
        draw_cell(view, matrix, static_cast<int>((i * matrix.locales.size() + l) * matrix.channels.size() + static_cast<std::size_t>(ch)), fonts);
        if (i == 0 && l == 0) note("matrix.col." + matrix.channels[static_cast<std::size_t>(ch)]);
      }
    }
  ImGui::EndTable();
}
}  // namespace

void draw_matrix_view(MatrixView& view, Pack& pack, Matrix& matrix, Fonts& fonts,
                      const std::function<void(const std::string&, const std::string&)>& save) {
  std::size_t over = 0;
  for (const Cell& c : matrix.cells) over += c.over_limit() ? 1 : 0;
  label(format("%s · %zu × %zu × %zu · %zu %s", tr(S::matrix_title), matrix.intents.size(), matrix.locales.size(),
               matrix.channels.size(), over, tr(S::cells_over)));
  note("matrix.title");
  paragraph(tr(S::matrix_help));
  Row row;
  legend_item(row, kOver, S::legend_over);
  legend_item(row, kFallback, S::legend_fallback);
  legend_item(row, kMissing, S::legend_missing);
  legend_item(row, kError, S::legend_error);

  const float editor_width = ImGui::GetContentRegionAvail().x * 0.3f;
  panes("matrix", ImGui::GetContentRegionAvail().x - editor_width, false, true, [&] { draw_table(view, matrix, fonts); },
        [&] { draw_editor(view, pack, matrix, fonts, save); });
}
}  // namespace studio
