// Studio — mirrored placement for a right-to-left UI, and the record of where things were drawn.
#include "layout.h"

#include "strings.h"
#include "text_shape.h"

#include <algorithm>
#include <cfloat>
#include <cstdarg>
#include <cstdio>
#include <map>

namespace studio {
namespace {
std::map<std::string, ImVec4> g_notes;  // this frame's: name → (x0, y0, x1, y1)
std::string g_editing;                   // the text field being edited this frame ("" none)
ImVec4 g_editing_rect;

float text_width(const std::string& visual) {
  return ImGui::GetFont()->CalcTextSizeA(ImGui::GetFontSize(), FLT_MAX, 0.0f, visual.c_str()).x;
}

// In a right-to-left UI, move the cursor so an item `width` wide ends at the region's right edge.
void align_end(float width) {
  if (!rtl()) return;
  const float x = ImGui::GetContentRegionMax().x - width;
  if (x > ImGui::GetCursorPosX()) ImGui::SetCursorPosX(x);
}
}  // namespace

bool rtl() { return ui_rtl(); }

void layout_frame_start() {
  g_notes.clear();
  g_editing.clear();
  ImGui::GetStyle().SelectableTextAlign = ImVec2(rtl() ? 1.0f : 0.0f, 0.0f);
}

std::string format(const char* fmt, ...) {
  char buf[1024];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  return buf;
}

void label(const std::string& logical, ImU32 colour) {
  const std::string visual = visual_line(logical);
  align_end(text_width(visual));
  if (colour) ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::TextUnformatted(visual.c_str());
  if (colour) ImGui::PopStyleColor();
}

void label_disabled(const std::string& logical) { label(logical, ImGui::GetColorU32(ImGuiCol_TextDisabled)); }

void paragraph(const std::string& logical) {
  if (!rtl() && !needs_shaping(logical)) {
    ImGui::TextWrapped("%s", logical.c_str());
    return;
  }
  const float width = ImGui::GetContentRegionAvail().x, x0 = ImGui::GetCursorPosX();
  for (const std::string& line : visual_lines(logical, width, text_width)) {
    ImGui::SetCursorPosX(x0 + std::max(0.0f, width - text_width(line)));
    ImGui::TextUnformatted(line.c_str());
  }
}

Row::Row() : edge_(rtl() ? ImGui::GetContentRegionMax().x : ImGui::GetCursorPosX()) {}

void Row::place(float width) {
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const float x = rtl() ? edge_ - width : edge_;
  if (first_) ImGui::SetCursorPosX(x);
  else ImGui::SameLine(x);
  edge_ = rtl() ? x - spacing : x + width + spacing;
  first_ = false;
}

void panes(const char* id, float first_width, bool first_border, bool second_border, const std::function<void()>& first,
           const std::function<void()>& second) {
  const std::string first_id = std::string(id) + ".first", second_id = std::string(id) + ".second";
  const float rest = ImGui::GetContentRegionAvail().x - first_width - ImGui::GetStyle().ItemSpacing.x;
  const auto pane = [](const std::string& name, float width, bool border, const std::function<void()>& draw) {
    ImGui::BeginChild(name.c_str(), ImVec2(width, 0), border);
    draw();
    ImGui::EndChild();
    note(name);
  };
  if (rtl()) {  // drawn left to right: the second pane first
    pane(second_id, std::max(1.0f, rest), second_border, second);
    ImGui::SameLine();
    pane(first_id, 0.0f, first_border, first);
  } else {
    pane(first_id, first_width, first_border, first);
    ImGui::SameLine();
    pane(second_id, 0.0f, second_border, second);
  }
}

void note(const std::string& name) { note_rect(name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax()); }
void note_rect(const std::string& name, const ImVec2& min, const ImVec2& max) { g_notes[name] = ImVec4(min.x, min.y, max.x, max.y); }

void note_text_field(const std::string& name) {
  note(name);
  if (!ImGui::IsItemActive()) return;
  g_editing = name;
  g_editing_rect = g_notes[name];
}

bool editing_text(std::string* name, ImVec4* rect) {
  if (g_editing.empty()) return false;
  *name = g_editing;
  *rect = g_editing_rect;
  return true;
}

Json layout_json() {
  Json items = Json::object();
  for (const auto& [name, r] : g_notes) items[name] = {{"x0", r.x}, {"y0", r.y}, {"x1", r.z}, {"y1", r.w}};
  return {{"rtl", rtl()}, {"items", items}};
}
}  // namespace studio
