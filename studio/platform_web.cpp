// Studio — the browser side of platform.h: the shell's callbacks (Module.on…, shell.js), WebGL2
// through GLFW's Emscripten port, the browser's animation loop.
#ifdef __EMSCRIPTEN__
#include "platform.h"

#include <GLFW/glfw3.h>

#include <cstdlib>

// The browser saves what the Studio hands it (shell.js: a Blob download).
EM_JS(void, studio_js_save_file, (const char* name, const char* text), {
  if (Module.onSaveFile) Module.onSaveFile(UTF8ToString(name), UTF8ToString(text));
});
// Shown text needs the whole CJK collection: the shell fetches it and hands it in ("font", "cjk").
EM_JS(void, studio_js_need_font, (const char* name), {
  if (Module.onNeedFont) Module.onNeedFont(UTF8ToString(name));
});
// The text field being edited (or none): where the shell puts its IME overlay, an HTML textarea
// over the caret, so the browser's input method composes there (ImGui has no composition).
EM_JS(void, studio_js_text_field, (const char* name, float x0, float y0, float x1, float y1, float caret_x, float caret_y, float size), {
  if (Module.onTextField) Module.onTextField(UTF8ToString(name), x0, y0, x1, y1, caret_x, caret_y, size);
});
// File → Open: the shell's file picker (an <input type=file>; the click that chose the menu item
// is still the page's user activation).
EM_JS(void, studio_js_open_file, (), {
  if (Module.onOpenFile) Module.onOpenFile();
});

namespace studio::platform {
Options parse(int argc, char** argv) {
  Options o;
  if (argc > 1) o.width = std::atoi(argv[1]);
  if (argc > 2) o.height = std::atoi(argv[2]);
  return o;
}
double now_ms() { return emscripten_get_now(); }
void save_file(const char* name, const char* text) { studio_js_save_file(name, text); }
void open_file() { studio_js_open_file(); }
void need_font(const char* name) { studio_js_need_font(name); }
void text_field(const char* name, float x0, float y0, float x1, float y1, float caret_x, float caret_y, float size) {
  studio_js_text_field(name, x0, y0, x1, y1, caret_x, caret_y, size);
}
void window_hints() {
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);  // WebGL2 is OpenGL ES 3.0
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
}
const char* glsl_version() { return "#version 300 es"; }
bool load_startup(int, char**) { return true; }  // the shell hands the data in
void run(GLFWwindow*, void (*frame)(void*), const Options&) { emscripten_set_main_loop_arg(frame, nullptr, 0, false); }
}  // namespace studio::platform
#endif
