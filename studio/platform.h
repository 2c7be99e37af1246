// Studio — what differs between the browser build (wasm + WebGL2; shell.js loads the data and
// does the file dialogs) and the native development build (GLFW + desktop OpenGL; files read from
// disk): the clock, the shell's callbacks, the GL context and the main loop. platform_web.cpp and
// platform_native.cpp each compile to nothing on the other side.
#pragma once
#ifdef __EMSCRIPTEN__
#include <emscripten/emscripten.h>
#define STUDIO_API EMSCRIPTEN_KEEPALIVE  // called by shell.js
#else
#define STUDIO_API
#endif

#include <string>

struct GLFWwindow;

namespace studio::platform {
struct Options {
  int width = 1280, height = 800;
  int max_frames = 0;      // natively: stop after this many frames (0: until the window closes)
  std::string state_file;  // natively: where to write the app's state on exit ("" none)
  std::string pixels_file; // natively: the last frame's pixels, RGBA rows top down ("" none)
};
// The browser passes the canvas size as argv; natively: --size WxH, --frames N, --state FILE, --pixels FILE
// (and --pack, --root, --lang for load_startup).
Options parse(int argc, char** argv);

double now_ms();
// "Save pack file": a download in the browser; natively the file is written to the working directory.
void save_file(const char* name, const char* text);
// File → Open: the shell's file picker; natively, files dropped on the window (see run) instead.
void open_file();
// Shown text needs the whole CJK collection (fonts.h): the shell fetches it; natively it is read at start.
void need_font(const char* name);
// The text field being edited ("" none): the shell's IME overlay; natively GLFW 3.3 has no
// composition events, so nothing to do.
void text_field(const char* name, float x0, float y0, float x1, float y1, float caret_x, float caret_y, float size);

// The GL context to ask GLFW for, and the GLSL version the ImGui backend compiles for.
void window_hints();
const char* glsl_version();
// Natively: the pack, fonts, fill values and demo exports read from disk and handed to the app
// through the same functions the shell calls (shell_api.h). In the browser the shell does it.
bool load_startup(int argc, char** argv);
// Draws frames: handed to the browser's animation loop, or natively until the window closes.
void run(GLFWwindow* window, void (*frame)(void*), const Options& options);
}  // namespace studio::platform
