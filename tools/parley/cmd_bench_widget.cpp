// `parley bench widget [--json] [--runs N]`: the widget's figures, measured in Chromium by
// tools/bench/widget.mjs (playwright-core + Debian's Chromium against this binary's relay on
// loopback). This command only runs that script and passes its output through, so the JSON object
// it prints is the last stdout line.
#include "parley/command.h"

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

namespace parley::cli {
namespace {
std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

int run_bench_widget(const Args& args) {
  const std::filesystem::path script = std::filesystem::path(source_dir()) / "tools/bench/widget.mjs";
  if (!std::filesystem::exists(script)) {
    std::cerr << "parley bench widget: " << script << " not found\n";
    return 1;
  }
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);  // the relay under test is this binary
  std::string cmd;
  if (!ec) cmd += "PARLEY_BIN=" + quoted(self.string()) + " ";
  cmd += "node " + quoted(script.string());
  if (has_flag(args, "--json")) cmd += " --json";
  const std::string runs = option(args, "--runs");
  if (!runs.empty()) cmd += " --runs=" + quoted(runs);
  std::cout.flush();
  const int rc = std::system(cmd.c_str());
  if (rc == -1) return 1;
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : 1;
}
PARLEY_COMMAND("bench widget", run_bench_widget,
               "widget figures in Chromium: loader and first-open gzip bytes, click-to-ready at 4x CPU throttling, peers' bundles",
               "--json    print one JSON object with the figures\n"
               "--runs N  page loads per measurement\n");
}  // namespace
}  // namespace parley::cli
