// Static files: where each URL prefix comes from, with the right types and a strict CSP.
#include "relay/relay.h"

#include <httplib.h>

#include <filesystem>

namespace parley::relay {
void mount_static(httplib::Server& server, const Options& o) {
  server.set_file_extension_and_mimetype_mapping("wasm", "application/wasm");
  server.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");
  server.set_file_extension_and_mimetype_mapping("js", "text/javascript");
  server.set_file_extension_and_mimetype_mapping("dat", "application/octet-stream");
  server.set_file_extension_and_mimetype_mapping("jsonl", "application/x-ndjson");

  const std::filesystem::path root(o.root);
  const std::pair<const char*, std::filesystem::path> mounts[] = {
      {"/core/", root / "build/wasm/dist"},  // parley-widget.{mjs,wasm}, parley-full.{mjs,wasm}, icudt72l.dat
      {"/wasm-js/", root / "wasm/js"},      // the ES module wrapper and the worker
      {"/widget/", root / "widget"},
      {"/assist/", root / "assist"},
      {"/models/", root / "models"},        // langid.bin, triage.bin: assets the cores load
      {"/", root / "site"},
  };
  for (const auto& [prefix, dir] : mounts) {
    if (std::filesystem::is_directory(dir)) server.set_mount_point(prefix, dir.string());
  }

  server.set_file_request_handler([](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Security-Policy", kContentSecurityPolicy);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
    res.set_header("Cache-Control", "no-cache");  // revalidate: the demo rebuilds often
  });
}
}  // namespace parley::relay
