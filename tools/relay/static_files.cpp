// Static files: where each URL prefix comes from, with the right types and a strict CSP.
#include "relay/relay.h"

#include "relay/embedding.h"

#include <httplib.h>

#include <filesystem>
#include <iostream>
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
}  // namespace

void mount_static(httplib::Server& server, const Options& o, const std::vector<std::string>& embed_origins,
                  const std::vector<std::string>& assist_hosts) {
  server.set_file_extension_and_mimetype_mapping("wasm", "application/wasm");
  server.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");
  server.set_file_extension_and_mimetype_mapping("js", "text/javascript");
  server.set_file_extension_and_mimetype_mapping("dat", "application/octet-stream");
  server.set_file_extension_and_mimetype_mapping("jsonl", "application/x-ndjson");

  const std::filesystem::path root(o.root);
  const std::pair<const char*, std::filesystem::path> mounts[] = {
      {"/core/", root / "build/wasm/dist"},  // parley-widget.{mjs,wasm}, parley-full.{mjs,wasm}, icudt72l.dat
      {"/wasm-js/", root / "wasm/js"},      // the ES module wrapper and the worker
      {"/widget/app/", built_chat_app(root)},  // bundled and minified; a file not there comes from widget/app/
      {"/widget/", root / "widget"},
      {"/assist/", root / "assist"},
      {"/models/", root / "models"},        // langid.bin, triage.bin: assets the cores load
      {"/", root / "site"},
  };
  for (const auto& [prefix, dir] : mounts) {
    if (!dir.empty() && std::filesystem::is_directory(dir)) server.set_mount_point(prefix, dir.string());
  }

  // Only the chat app's documents may be framed by the embedding sites, and the Assist panel by the
  // helpdesks it is installed in; the console and the demo pages stay same-origin only.
  server.set_file_request_handler([strict = content_security_policy(), chat = content_security_policy(embed_origins),
                                   assist = content_security_policy(assist_hosts)](const httplib::Request& req, httplib::Response& res) {
    const bool in_chat = req.path.rfind("/widget/app/", 0) == 0, in_assist = req.path.rfind("/assist/", 0) == 0;
    res.set_header("Content-Security-Policy", in_chat ? chat : in_assist ? assist : strict);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
    res.set_header("Cache-Control", "no-cache");  // revalidate: the demo rebuilds often
  });
}
}  // namespace parley::relay
