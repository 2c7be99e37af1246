// Studio — the native side of platform.h, for development: GLFW + desktop OpenGL 3.0, the demo
// pack (or --pack) and Debian's fonts read from disk and handed to the app through the shell's own
// functions (shell_api.h), a file dropped on the window opened as File → Open does in the browser.
//
//   parley-studio [--pack PATH/pack.json] [--root DIR] [--lang en|ja|ar] [--view matrix|replay|metrics]
//                 [--size WxH] [--frames N] [--state FILE] [--pixels FILE]
//
// --root is the checkout (default: the one it was built from), for studio/fills.json and the demo
// exports; --frames N draws N frames and exits, then --state FILE writes what the browser's
// window.parleyStudio state() and views() give ({"state":…, "views":…}) and --pixels FILE the last
// frame as RGBA rows, top down: the smoke test under Xvfb (tests/e2e/studio-native.test.mjs).
#ifndef __EMSCRIPTEN__
#include "platform.h"

#include "parley/api.h"
#include "shell_api.h"

#include <GLFW/glfw3.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace studio::platform {
namespace {
namespace fs = std::filesystem;

std::string arg(int argc, char** argv, const char* name, const std::string& fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  return fallback;
}

bool read(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return true;
}

bool put(const char* kind, const std::string& name, const fs::path& path) {
  std::string bytes;
  if (!read(path, bytes)) {
    std::fprintf(stderr, "parley-studio: cannot read %s\n", path.c_str());
    return false;
  }
  if (studio_put(kind, name.c_str(), bytes.data(), bytes.size()) == 0) return true;
  std::fprintf(stderr, "parley-studio: %s does not parse\n", path.c_str());
  return false;
}

// What the metrics are computed for: now, in the machine's time zone (ICU's default).
std::string now_iso() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}
std::string local_zone() {
  std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createDefault());
  icu::UnicodeString id;
  std::string out;
  zone->getID(id).toUTF8String(out);
  return out.empty() ? "UTC" : out;
}

void load(const char* kind, const fs::path& path) {
  std::string text;
  if (!read(path, text)) return;
  char* answer = studio_load(kind, path.filename().c_str(), text.data(), text.size(), now_iso().c_str(), local_zone().c_str());
  std::fprintf(stderr, "parley-studio: %s: %s\n", path.c_str(), answer);
  studio_free(answer);
}

// A dropped .jsonl is a chain when its first record has a prev_hash, else an event export (as shell.js decides).
void on_drop(GLFWwindow*, int count, const char** paths) {
  for (int i = 0; i < count; ++i) {
    std::string text;
    if (!read(paths[i], text)) continue;
    load(text.substr(0, text.find('\n')).find("\"prev_hash\"") != std::string::npos ? "evidence" : "events", paths[i]);
  }
}
// The frame just drawn (before the swap), as RGBA rows from the top (GL reads bottom up).
void write_pixels(GLFWwindow* window, const std::string& path) {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window, &w, &h);
  std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  std::ofstream out(path, std::ios::binary);
  for (int y = h - 1; y >= 0; --y) out.write(reinterpret_cast<const char*>(&pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(w) * 4]), w * 4);
}
}  // namespace

Options parse(int argc, char** argv) {
  static const char* const kUsage =
      "usage: parley-studio [--pack PATH/pack.json] [--root DIR] [--lang en|ja|ar] [--view matrix|replay|metrics]\n"
      "                     [--size WxH] [--frames N] [--state FILE] [--pixels FILE]\n"
      "The Studio natively (GLFW + OpenGL), for development; the browser build is served at /studio/.\n";
  static const char* const kOptions[] = {"--pack", "--root", "--lang", "--view", "--size", "--frames", "--state", "--pixels"};
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0) {
      std::fputs(kUsage, stdout);
      std::exit(0);
    }
    bool known = false;
    for (const char* o : kOptions) known = known || std::strcmp(argv[i], o) == 0;
    if (!known || i + 1 >= argc) {
      std::fprintf(stderr, "parley-studio: %s %s\n%s", known ? "missing value for" : "unknown option", argv[i], kUsage);
      std::exit(2);
    }
    ++i;
  }
  Options o;
  const std::string size = arg(argc, argv, "--size", "1280x800");
  if (std::sscanf(size.c_str(), "%dx%d", &o.width, &o.height) != 2) o.width = 1280, o.height = 800;
  o.max_frames = std::atoi(arg(argc, argv, "--frames", "0").c_str());
  o.state_file = arg(argc, argv, "--state", "");
  o.pixels_file = arg(argc, argv, "--pixels", "");
  return o;
}

double now_ms() { return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

void save_file(const char* name, const char* text) {
  const fs::path out = fs::path(name).filename();
  std::ofstream(out, std::ios::binary) << text;
  std::fprintf(stderr, "parley-studio: saved %s\n", fs::absolute(out).c_str());
}
void open_file() { std::fprintf(stderr, "parley-studio: drop a .jsonl file (evidence chain or event export) on the window\n"); }
void need_font(const char*) {}  // the whole collection is read at start: nothing is downloaded natively
void text_field(const char*, float, float, float, float, float, float, float) {}

void window_hints() {
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
}
const char* glsl_version() { return "#version 130"; }

bool load_startup(int argc, char** argv) {
  const fs::path root = arg(argc, argv, "--root", PARLEY_SOURCE_DIR);
  const fs::path pack = arg(argc, argv, "--pack", (root / "site/packs/demo/pack.json").string());
  studio_set_ui_language(arg(argc, argv, "--lang", "en").c_str());
  const fs::path noto = "/usr/share/fonts/truetype/noto", cjk = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
  if (!put("font", "latin", noto / "NotoSans-Regular.ttf") || !put("font", "arabic", noto / "NotoSansArabic-Regular.ttf") ||
      !put("font", "cjk", cjk) || !put("fills", "fills.json", root / "studio/fills.json") || !put("manifest", "pack.json", pack))
    return false;
  std::string manifest_text;
  read(pack, manifest_text);
  const parley::Json manifest = parley::Json::parse(manifest_text);
  const parley::Json files = manifest.value("files", parley::Json::object());
  std::vector<std::string> names;
  for (const auto& t : files.value("templates", parley::Json::array())) names.push_back(t.get<std::string>());
  if (files.contains("lint")) names.push_back(files["lint"].get<std::string>());
  for (const std::string& n : names)
    if (!put("file", n, pack.parent_path() / n)) return false;
  char* opened = studio_open();
  std::fprintf(stderr, "parley-studio: %s: %s\n", pack.c_str(), opened);
  const bool ok = std::strstr(opened, "\"ok\":true") != nullptr;
  studio_free(opened);
  load("evidence", root / "studio/demo-evidence.jsonl");
  load("events", root / "studio/demo-events.jsonl");
  return ok && studio_show_tab(arg(argc, argv, "--view", "matrix").c_str()) == 0;
}

void run(GLFWwindow* window, void (*frame)(void*), const Options& options) {
  glfwSetDropCallback(window, on_drop);
  glfwSwapInterval(1);
  for (int n = 0; !glfwWindowShouldClose(window) && (options.max_frames <= 0 || n < options.max_frames); ++n) {
    frame(nullptr);
    if (!options.pixels_file.empty() && n + 1 == options.max_frames) write_pixels(window, options.pixels_file);
    glfwSwapBuffers(window);
  }
  if (!options.state_file.empty()) {
    char* state = studio_state();
    char* views = studio_views_state();
    std::ofstream(options.state_file) << "{\"state\":" << state << ",\"views\":" << views << "}\n";
    studio_free(state);
    studio_free(views);
  }
  glfwDestroyWindow(window);
  glfwTerminate();
}
}  // namespace studio::platform
#endif
