// Static files: where each URL prefix comes from, with the right types and a strict CSP.
#include "relay/relay.h"

#include "relay/embedding.h"
#include "relay/http_error.h"
#include "relay/pack_access.h"
#include "relay/router.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <iostream>
#include <optional>
#include <vector>

namespace parley::relay {
namespace {
// build/wasm/widget-app/ (widget/build-app.mjs), unless a source in widget/app/ (or the core's
// wrapper bundled with it) changed after it was built: then the sources are served, and the relay
// says so, rather than a stale app.
std::filesystem::path built_chat_app(const std::filesystem::path& root) {
  const auto built = root / "build/wasm/widget-app";
  std::error_code ec;
  const auto stamp = std::filesystem::last_write_time(built / "app.js", ec);
  if (ec) return {};
  std::vector<std::filesystem::path> sources{root / "wasm/js/parley-core.js"};  // bundled into app.js
  for (const auto& e : std::filesystem::recursive_directory_iterator(root / "widget/app", ec))
    if (e.is_regular_file(ec)) sources.push_back(e.path());
  for (const auto& source : sources) {
    const auto changed = std::filesystem::last_write_time(source, ec);
    if (!ec && changed > stamp) {
      std::cerr << "parley relay: " << source.string() << " is newer than " << built.string()
                << ": serving the chat app's sources (rebuild: cmake --build --preset wasm)\n";
      return {};
    }
  }
  return built;
}
// By extension, as the browser needs them (a module script must be text/javascript, a core
// application/wasm for streaming compilation). Anything else is an opaque download.
const char* content_type(const std::filesystem::path& file) {
  static const std::pair<const char*, const char*> types[] = {
      {".html", "text/html"}, {".htm", "text/html"}, {".css", "text/css"}, {".js", "text/javascript"},
      {".mjs", "text/javascript"}, {".json", "application/json"}, {".jsonl", "application/x-ndjson"},
      {".txt", "text/plain"}, {".csv", "text/csv"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
      {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".gif", "image/gif"}, {".webp", "image/webp"},
      {".ico", "image/x-icon"}, {".avif", "image/avif"}, {".woff", "font/woff"}, {".woff2", "font/woff2"},
      {".ttf", "font/ttf"}, {".otf", "font/otf"}, {".wasm", "application/wasm"}, {".pdf", "application/pdf"},
      {".xml", "application/xml"}, {".map", "application/json"}, {".dat", "application/octet-stream"},
      {".webmanifest", "application/manifest+json"}};
  const std::string ext = file.extension().string();
  for (const auto& [e, type] : types)
    if (iequals(ext, e)) return type;
  return "application/octet-stream";
}

struct Mount {
  std::string prefix;
  std::filesystem::path dir;
};

// Whether `file` is `dir` or inside it, comparing whole path components.
bool inside_folder(const std::filesystem::path& file, const std::filesystem::path& dir) {
  if (dir.empty()) return false;
  auto f = file.begin();
  for (const auto& part : dir)
    if (f == file.end() || *f++ != part) return false;
  return true;
}

// The file `rel` names inside the mount `dir` (canonical), resolved; empty when it would leave the
// mount. A `rel` with a root ("//etc/passwd" under "/" leaves "/etc/passwd") would replace the
// mount's folder in `dir / rel`, and a symbolic link may point anywhere: so the resolved path is
// what is checked against the folder.
std::filesystem::path resolve_inside(const std::filesystem::path& dir, const std::string& rel) {
  const std::filesystem::path r(rel);
  if (r.has_root_name() || r.has_root_directory()) return {};
  std::error_code ec;
  auto full = std::filesystem::weakly_canonical(dir / r, ec);
  if (ec || !inside_folder(full, dir)) return {};
  return full;
}
}  // namespace

void mount_static(Router& server, const Options& o, const std::vector<std::string>& embed_origins,
                  const std::vector<std::string>& assist_hosts, const std::vector<std::string>& connect_origins) {
  const std::filesystem::path root(o.root);
  const std::pair<const char*, std::filesystem::path> candidates[] = {
      {"/core/", root / "build/wasm/dist"},  // parley-widget.{mjs,wasm}, parley-full.{mjs,wasm}, icudt72l.dat
      {"/wasm-js/", root / "wasm/js"},      // the ES module wrapper and the worker
      {"/widget/app/", built_chat_app(root)},  // bundled and minified; a file not there comes from widget/app/
      {"/widget/", root / "widget"},
      {"/assist/", root / "assist"},
      {"/models/", root / "models"},        // langid.bin, triage.bin: assets the cores load
      {"/console/vendor/", root / "build/wasm/console-vendor"},  // npm libraries bundled at build time (Observable Plot)
      {"/studio/", root / "build/wasm/studio"},  // the Studio (ImGui + full core, wasm): shell, module, fonts
      {"/", root / "site"},
  };
  std::error_code packs_ec;
  const auto packs = std::filesystem::canonical(root / "site/packs", packs_ec);  // pack_access.h decides what of it is public
  std::vector<Mount> mounts;
  for (const auto& [prefix, dir] : candidates) {
    if (!dir.empty() && std::filesystem::is_directory(dir)) mounts.push_back({prefix, std::filesystem::canonical(dir)});
  }

  // Only the chat app's documents may be framed by the embedding sites, and the Assist panel by the
  // helpdesks it is installed in; the console and the demo pages stay same-origin only.
  // Range requests are ignored (the whole file, 200): nothing the relay serves needs them.
  server.set_static([mounts, packs = packs_ec ? std::filesystem::path() : packs, strict = content_security_policy(), chat = content_security_policy(embed_origins, connect_origins),
                     assist = content_security_policy(assist_hosts)](const Request& req, Response& res) {
    // The path is already percent-decoded, without NUL or ".." segments (http_parser.cpp).
    for (const auto& m : mounts) {
      if (req.path.rfind(m.prefix, 0) != 0) continue;
      std::string rel = req.path.substr(m.prefix.size());
      if (rel.empty() || rel.back() == '/') rel += "index.html";
      if (rel.find('\\') != std::string::npos) continue;
      // Outside its mount a path names nothing the relay serves: 404, not a look in the next mount.
      const auto file = resolve_inside(m.dir, rel);
      if (file.empty()) throw not_found("file");
      std::error_code ec;
      if (!std::filesystem::is_regular_file(file, ec)) continue;
      std::ifstream in(file, std::ios::binary);
      if (!in) continue;
      std::ostringstream read;
      read << in.rdbuf();
      std::optional<std::string> bytes = read.str();
      if (inside_folder(file, packs)) bytes = public_pack_bytes(file, std::move(*bytes));
      if (!bytes) throw not_found("file");
      const bool in_chat = req.path.rfind("/widget/app/", 0) == 0, in_assist = req.path.rfind("/assist/", 0) == 0;
      res.status = 200;
      res.set_content(std::move(*bytes), content_type(file));
      res.set_header("Content-Security-Policy", in_chat ? chat : in_assist ? assist : strict);
      res.set_header("X-Content-Type-Options", "nosniff");
      res.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
      res.set_header("Cache-Control", "no-cache");  // revalidate: the demo rebuilds often
      return true;
    }
    return false;
  });
}
}  // namespace parley::relay
