// Parley Studio — a Dear ImGui app for designers: every template of a pack across channels ×
// locales, as the core renders and measures it. Runs in the browser (wasm + WebGL2, GLFW) and, for
// development, natively (GLFW + OpenGL); calls the core's dispatcher directly (C++), the same
// methods every other surface calls.
//
// Index
//   [SECTION] State      the one App: pack, matrix, fonts, view
//   [SECTION] Shell API  extern "C" functions studio/shell.js calls (data in, state out)
//   [SECTION] Frame      one frame: fonts, menu bar, the views as tabs (matrix, replay, metrics)
//   [SECTION] Main       window, ImGui context, main loop (platform.h: browser or native)
#include "app_state.h"
#include "fonts.h"
#include "layout.h"
#include "matrix_view.h"
#include "metrics_view.h"
#include "platform.h"
#include "replay_view.h"
#include "shell_api.h"
#include "strings.h"
#include "text_shape.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h>  // the caret's position (GImGui->PlatformImePos), for the IME overlay
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <unicode/udata.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

//-----------------------------------------------------------------------------
// [SECTION] State
//-----------------------------------------------------------------------------
namespace {
using studio::Json;

struct App {
  std::vector<char> icu_data;  // ICU keeps a pointer to it: alive for the whole run
  Json manifest, files = Json::object(), fills = Json::object();
  studio::Pack pack;
  studio::Matrix matrix;
  studio::Fonts fonts;
  studio::MatrixView view;
  studio::Replay replay;
  studio::Metrics metrics;
  std::string tab = "matrix";       // the view shown: matrix | replay | metrics
  bool tab_requested = false;       // the shell asked for `tab`: select it on the next frame
  GLFWwindow* window = nullptr;
  bool open = false;
  std::string error;  // why the pack could not be opened, as the core said it
  float font_size = 16.0f;
  std::vector<double> frame_ms;  // CPU time of the last frames (build + submit), for `parley bench studio`
  std::size_t next_frame = 0;
  std::uint64_t frames = 0;  // frames drawn: tests wait on it (ImGui 1.86 reads key state once per frame)
};
App g_app;

char* answer(const Json& j) {
  const std::string s = j.dump();
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (out) std::memcpy(out, s.c_str(), s.size() + 1);
  return out;
}
}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Shell API
//-----------------------------------------------------------------------------
extern "C" {
// kind: "icu" (ICU data package), "font" (name: latin | arabic | emoji | cjk-jp | cjk-kr | cjk-sc | cjk-tc, the CJK subsets |
// cjk, the whole collection), "font-coverage" (the subsets' CJK characters), "manifest" (pack.json),
// "file" (a pack file by its name in the manifest), "fills" (fills.json). Returns 0, or -1 if
// a JSON document does not parse.
STUDIO_API int studio_put(const char* kind, const char* name, const char* data, size_t len) {
  const std::string k = kind ? kind : "", n = name ? name : "";
  if (k == "icu") {  // the browser build's ICU has no data of its own (natively: the system's)
    g_app.icu_data.assign(data, data + len);
    UErrorCode st = U_ZERO_ERROR;
    udata_setCommonData(g_app.icu_data.data(), &st);
    return U_FAILURE(st) ? -1 : 0;
  }
  if (k == "font") {
    std::vector<unsigned char> bytes(reinterpret_cast<const unsigned char*>(data), reinterpret_cast<const unsigned char*>(data) + len);
    studio::Fonts& f = g_app.fonts;
    std::vector<unsigned char>* slot = n == "arabic" ? &f.arabic : n == "cjk" ? &f.cjk : n == "emoji" ? &f.emoji : &f.latin;
    for (int h = 0; h < studio::han_count; ++h)
      if (n == std::string("cjk-") + studio::han_name(static_cast<studio::Han>(h))) slot = &f.cjk_face[h];
    *slot = std::move(bytes);
    if (n == "cjk") f.cjk_missing.clear();
    f.dirty = true;
    return 0;
  }
  if (k == "font-coverage") {
    studio::set_cjk_coverage(g_app.fonts, std::string(data, len));
    return 0;
  }
  Json doc = parley::api::parse(std::string_view(data, len), n);
  if (doc.is_object() && doc.contains("error") && doc.size() == 1) {
    g_app.error = doc["error"].dump();
    return -1;
  }
  if (k == "manifest") g_app.manifest = doc;
  else if (k == "fills") g_app.fills = doc;
  else g_app.files[n] = doc;
  return 0;
}

// Build the matrix from what was put. Returns {"ok":true,"cells":N} or {"error":…}.
STUDIO_API char* studio_open() {
  try {
    g_app.pack = studio::load_pack(g_app.manifest, g_app.files, g_app.fills);
    g_app.matrix = studio::build_matrix(g_app.pack);
    studio::want_matrix_text(g_app.fonts, g_app.matrix, g_app.pack);
    g_app.open = true;
    g_app.error.clear();
    return answer({{"ok", true}, {"cells", g_app.matrix.cells.size()}});
  } catch (const parley::Error& e) {
    g_app.error = e.what();
    return answer(e.to_json());
  }
}

// Everything tests and the page may read: {"open","ui_language","show_worst","editing","editor_text"
// (the editor's buffer, as typed),"frame","layout":{rtl, items},"matrix":{…}}.
STUDIO_API char* studio_state() {
  Json s{{"open", g_app.open}, {"ui_language", studio::ui_language()}, {"show_worst", g_app.view.show_worst},
         {"editing", g_app.view.editing_id}, {"editor_text", g_app.view.buffer}, {"frame", g_app.frames}};
  if (g_app.open) {
    s["matrix"] = studio::to_json(g_app.matrix);
    // Each drawn cell's Han face ("jp" | "kr" | "sc" | "tc"), as the preview was drawn: fonts.h.
    for (const auto& [i, face] : g_app.view.drawn_face)
      if (i < static_cast<int>(s["matrix"]["cells"].size())) s["matrix"]["cells"][i]["face"] = face;
  }
  s["layout"] = studio::layout_json();
  if (!g_app.error.empty()) s["error"] = g_app.error;
  return answer(s);
}

// The same edit the editor's Apply makes. Returns {"ok":true} or {"error":…}.
STUDIO_API char* studio_edit(const char* id, const char* body) {
  try {
    studio::edit_template(g_app.pack, g_app.matrix, id ? id : "", body ? body : "");
    studio::want_matrix_text(g_app.fonts, g_app.matrix, g_app.pack);
    return answer({{"ok", true}});
  } catch (const parley::Error& e) {
    return answer(e.to_json());
  }
}

// The pack file holding template `id`, as "Save pack file" writes it: {"name","text"}.
STUDIO_API char* studio_template_file(const char* id) {
  try {
    auto [name, text] = studio::template_file_for(g_app.pack, id ? id : "");
    return answer({{"name", name}, {"text", text}});
  } catch (const parley::Error& e) {
    return answer(e.to_json());
  }
}

// A file the supervisor opened or dropped, or the shell loaded from ?evidence= / ?events=:
// kind "evidence" (an exported chain) or "events" (the relay's metrics event export), both JSON
// Lines; `now` (ISO-8601 or Unix ms) is the moment metrics are computed for, `time_zone` the IANA
// zone their days are counted in (the browser's; "" for UTC). The view is shown.
// Returns {"ok":true,"count":N} or {"error":…}.
STUDIO_API char* studio_load(const char* kind, const char* name, const char* data, size_t len, const char* now, const char* time_zone) {
  const std::string k = kind ? kind : "", n = name ? name : "", text(data, len);
  try {
    if (k == "evidence") {
      studio::load_evidence(g_app.replay, n, text);
      studio::want_replay_text(g_app.fonts, g_app.replay);
      g_app.tab = "replay";
      g_app.tab_requested = true;
      return answer({{"ok", true}, {"count", g_app.replay.records.size()}});
    }
    if (k == "events") {
      studio::load_events(g_app.metrics, n, text, now ? now : "", time_zone && *time_zone ? time_zone : "UTC");
      studio::want_metrics_text(g_app.fonts, g_app.metrics);
      g_app.tab = "metrics";
      g_app.tab_requested = true;
      return answer({{"ok", true}, {"count", g_app.metrics.events.size()}});
    }
    return answer(parley::Error("invalid_value", "kind must be evidence or events", "/kind").to_json());
  } catch (const parley::Error& e) {
    (k == "evidence" ? g_app.replay.error : g_app.error) = e.what();
    return answer(e.to_json());
  }
}

// {"replay":{…}, "metrics":{…}, "tab", "layout":{rtl, items}}: the two views' state (docs/studio.md).
STUDIO_API char* studio_views_state() {
  return answer({{"tab", g_app.tab}, {"replay", studio::to_json(g_app.replay)}, {"metrics", studio::to_json(g_app.metrics)}, {"layout", studio::layout_json()}});
}

// What the replay view's record editor does: record `index` becomes `line`, the chain is verified again.
STUDIO_API char* studio_replay_record(int index, const char* line) {
  try {
    studio::replace_record(g_app.replay, static_cast<std::size_t>(std::max(0, index)), line ? line : "");
    studio::want_replay_text(g_app.fonts, g_app.replay);
    return answer({{"ok", true}, {"verification", g_app.replay.result["verification"]}});
  } catch (const parley::Error& e) {
    return answer(e.to_json());
  }
}

// Steps, measure and point, as the keyboard or mouse choose them. Each returns 0, or -1 if there is no such thing.
STUDIO_API int studio_replay_step(int step) {
  if (step < 0 || step >= static_cast<int>(g_app.replay.records.size())) return -1;
  g_app.replay.step = step;
  return 0;
}
STUDIO_API int studio_metrics_measure(const char* id) { return studio::set_measure(g_app.metrics, id ? id : "") ? 0 : -1; }
STUDIO_API int studio_metrics_select(const char* channel, const char* day) {
  return studio::select_point(g_app.metrics, channel ? channel : "", day ? day : "") ? 0 : -1;
}
STUDIO_API int studio_show_tab(const char* tab) {
  const std::string t = tab ? tab : "";
  if (t != "matrix" && t != "replay" && t != "metrics") return -1;
  g_app.tab = t;
  g_app.tab_requested = true;
  return 0;
}

// {"cjk": "subset"|"full", "missing": [code points shown that the subsets lack], "requested",
//  "no_glyph": {face: [code points shown in that face's text that its font cannot draw]},
//  "emoji": [emoji shown that have a glyph (monochrome, Symbola)]}.
STUDIO_API char* studio_fonts_state() {
  const studio::Fonts& f = g_app.fonts;
  Json no_glyph = Json::object();
  for (int h = 0; h < studio::han_count; ++h)
    no_glyph[studio::han_name(static_cast<studio::Han>(h))] = studio::missing_glyphs(f, static_cast<studio::Han>(h));
  return answer({{"cjk", f.cjk.empty() ? "subset" : "full"}, {"missing", f.cjk_missing}, {"requested", f.cjk_requested}, {"no_glyph", no_glyph},
                 {"emoji", studio::drawn_emoji(f)}});
}

// Text the IME overlay committed (compositionend): typed into the field being edited, as if by keys.
STUDIO_API void studio_text_input(const char* utf8) {
  if (utf8 && *utf8) ImGui::GetIO().AddInputCharactersUTF8(utf8);
}

// Frames drawn so far, without the state's JSON (tests poll it between key presses).
STUDIO_API double studio_frame() { return static_cast<double>(g_app.frames); }

STUDIO_API void studio_set_ui_language(const char* code) { studio::set_ui_language(code ? code : "en"); }
STUDIO_API void studio_show_worst(int worst) { g_app.view.show_worst = worst != 0; }
STUDIO_API void studio_resize(int w, int h) { if (g_app.window) glfwSetWindowSize(g_app.window, w, h); }
STUDIO_API void studio_free(char* p) { std::free(p); }

// The CPU time of the last frames in ms (at most 600, oldest first): {"frame_ms":[…]}.
STUDIO_API char* studio_frame_times() {
  Json out = Json::array();
  const std::size_t n = g_app.frame_ms.size();
  for (std::size_t i = 0; i < n; ++i) out.push_back(g_app.frame_ms[(g_app.next_frame + i) % n]);
  return answer({{"frame_ms", out}});
}
}

//-----------------------------------------------------------------------------
// [SECTION] Frame
//-----------------------------------------------------------------------------
namespace {
// The menu bar runs from the UI's start edge: the title, then the menus (from the right in Arabic).
void draw_menu() {
  if (!ImGui::BeginMenuBar()) return;
  using studio::S;
  const auto shown = [](S id) { return studio::visual_line(studio::tr(id)); };
  const float menu_pad = ImGui::GetStyle().ItemSpacing.x;  // BeginMenu in a menu bar: half a spacing each side
  studio::Row row;
  const std::string title = shown(S::app_title);
  row.place(ImGui::CalcTextSize(title.c_str()).x);
  ImGui::TextUnformatted(title.c_str());
  studio::note("menu.title");
  const auto menu = [&](S id, const char* name) {
    const std::string label = shown(id) + "###" + name;
    row.place(ImGui::CalcTextSize(label.c_str(), nullptr, true).x + menu_pad);
    const bool open = ImGui::BeginMenu(label.c_str());
    studio::note(std::string("menu.") + name);
    return open;
  };
  if (menu(S::menu_file, "file")) {
    if (ImGui::MenuItem(shown(S::file_open).c_str())) studio::platform::open_file();
    ImGui::TextDisabled("%s", shown(S::file_hint).c_str());
    ImGui::EndMenu();
  }
  if (menu(S::menu_language, "language")) {
    for (const auto& l : studio::ui_languages())
      if (ImGui::MenuItem(studio::visual_line(l.name).c_str(), l.code, studio::ui_language() == l.code)) studio::set_ui_language(l.code);
    ImGui::EndMenu();
  }
  if (menu(S::menu_fill, "fill")) {
    if (ImGui::MenuItem(shown(S::fill_sample).c_str(), nullptr, !g_app.view.show_worst)) g_app.view.show_worst = false;
    if (ImGui::MenuItem(shown(S::fill_worst).c_str(), nullptr, g_app.view.show_worst)) g_app.view.show_worst = true;
    ImGui::EndMenu();
  }
  ImGui::EndMenuBar();
}

// One tab per view; the labels are translated, the ids ("###matrix") are not, so a language
// change keeps the tab shown. In a right-to-left UI the tabs sit at the right end, first tab
// rightmost: submitted in reverse to a bar of its own (ImGui keeps a bar's tabs in the order they
// first appeared) that starts where the tabs end at the right edge.
void draw_tabs() {
  struct Tab { const char* id; studio::S label; };
  std::vector<Tab> tabs = {Tab{"matrix", studio::S::tab_matrix}, Tab{"replay", studio::S::tab_replay}, Tab{"metrics", studio::S::tab_metrics}};
  const bool mirrored = studio::rtl();
  static bool was_mirrored = false;
  if (mirrored != was_mirrored) g_app.tab_requested = true;  // the other bar: show the same view
  was_mirrored = mirrored;
  const float start_x = ImGui::GetCursorPosX();
  if (mirrored) {
    std::reverse(tabs.begin(), tabs.end());
    const ImGuiStyle& style = ImGui::GetStyle();
    // Each tab: its label, the frame padding both sides, the spacing after it, and a frame
    // padding's slack so ImGui never has to shrink (and clip) a label.
    float width = 0;
    for (const Tab& t : tabs) width += ImGui::CalcTextSize(studio::visual_line(studio::tr(t.label)).c_str()).x + style.FramePadding.x * 3 + style.ItemInnerSpacing.x;
    ImGui::SetCursorPosX(std::max(start_x, ImGui::GetContentRegionMax().x - width));
  }
  if (!ImGui::BeginTabBar(mirrored ? "views-rtl" : "views")) return;
  for (const Tab& t : tabs) {
    const std::string label = studio::visual_line(studio::tr(t.label)) + "###" + t.id;
    const ImGuiTabItemFlags flags = g_app.tab_requested && g_app.tab == t.id ? ImGuiTabItemFlags_SetSelected : 0;
    const bool shown = ImGui::BeginTabItem(label.c_str(), nullptr, flags);
    studio::note(std::string("tab.") + t.id);
    if (!shown) continue;
    ImGui::SetCursorPosX(start_x);  // the view below spans the whole window, not just the bar
    if (!g_app.tab_requested) g_app.tab = t.id;
    const std::string id = t.id;
    if (id == "matrix" && g_app.open)
      studio::draw_matrix_view(g_app.view, g_app.pack, g_app.matrix, g_app.fonts,
                               [](const std::string& name, const std::string& text) { studio::platform::save_file(name.c_str(), text.c_str()); });
    else if (id == "replay")
      studio::draw_replay_view(g_app.replay, g_app.fonts);
    else if (id == "metrics")
      studio::draw_metrics_view(g_app.metrics);
    ImGui::EndTabItem();
  }
  g_app.tab_requested = false;
  ImGui::EndTabBar();
}

void record_frame_time(double ms) {
  constexpr std::size_t kKept = 600;
  // A ring: next_frame is where the next sample goes, which is also the oldest one kept.
  if (g_app.frame_ms.size() < kKept) {
    g_app.frame_ms.push_back(ms);
    g_app.next_frame = g_app.frame_ms.size() % kKept;
  } else {
    g_app.frame_ms[g_app.next_frame] = ms;
    g_app.next_frame = (g_app.next_frame + 1) % kKept;
  }
}

// Tell the shell which text field is being edited, only when that (or the caret) changed.
void report_text_field() {
  std::string name;
  ImVec4 r(0, 0, 0, 0);
  const bool editing = studio::editing_text(&name, &r);
  const ImVec2 caret = editing ? GImGui->PlatformImePos : ImVec2(0, 0);  // InputText's caret: x, top of the line
  static std::string last;
  const std::string now = editing ? studio::format("%s %.0f %.0f %.0f %.0f %.0f %.0f", name.c_str(), r.x, r.y, r.z, r.w, caret.x, caret.y) : "";
  if (now == last) return;
  last = now;
  studio::platform::text_field(editing ? name.c_str() : "", r.x, r.y, r.z, r.w, caret.x, caret.y, ImGui::GetFontSize());
}

void frame(void*) {
  const double start = studio::platform::now_ms();
  glfwPollEvents();
  if (studio::wants_full_cjk(g_app.fonts)) {
    g_app.fonts.cjk_requested = true;
    studio::platform::need_font("cjk");
  }
  if (studio::rebuild_atlas(g_app.fonts, g_app.font_size)) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  studio::layout_frame_start();

  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGui::Begin("Parley Studio", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_MenuBar | ImGuiWindowFlags_NoBringToFrontOnFocus);
  draw_menu();
  if (!g_app.error.empty()) studio::paragraph(g_app.error);
  draw_tabs();
  ImGui::End();

  ImGui::Render();
  report_text_field();
  int w = 0, h = 0;
  glfwGetFramebufferSize(g_app.window, &w, &h);
  glViewport(0, 0, w, h);
  glClearColor(0.08f, 0.08f, 0.1f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (g_app.open) record_frame_time(studio::platform::now_ms() - start);
  ++g_app.frames;
}
}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Main
//-----------------------------------------------------------------------------
// The shell calls main once the canvas exists; data arrives through studio_put/studio_open and
// frames start at once (the first frames show an empty window until the pack is open). Natively
// the data is read before the first frame.
int main(int argc, char** argv) {
  const studio::platform::Options options = studio::platform::parse(argc, argv);
  if (!glfwInit()) {
    std::fprintf(stderr, "parley-studio: GLFW could not start (no display?)\n");
    return 1;
  }
  studio::platform::window_hints();
  g_app.window = glfwCreateWindow(options.width, options.height, "Parley Studio", nullptr, nullptr);
  if (!g_app.window) {
    std::fprintf(stderr, "parley-studio: no OpenGL window\n");
    return 1;
  }
  glfwMakeContextCurrent(g_app.window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  io.IniFilename = nullptr;  // no file system: layout is not persisted
  ImGui::StyleColorsDark();
  ImGui::GetStyle().CellPadding = ImVec2(6, 4);
  ImGui_ImplGlfw_InitForOpenGL(g_app.window, true);
  ImGui_ImplOpenGL3_Init(studio::platform::glsl_version());
  if (!studio::platform::load_startup(argc, argv)) return 1;
  studio::platform::run(g_app.window, frame, options);
  return 0;
}
