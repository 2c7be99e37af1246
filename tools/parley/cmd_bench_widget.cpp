// `parley bench widget [--json] [--runs N]`: the widget's figures, measured in Chromium by
// tools/bench/widget.mjs (playwright-core + Debian's Chromium against this binary's relay on
// loopback). This command only runs that script and passes its output through, so the JSON object
// it prints is the last stdout line.
#include "parley/command.h"

#include <string>

namespace parley::cli {
namespace {
int run_bench_widget(const Args& args) {
  std::string flags = has_flag(args, "--json") ? " --json" : "";
  const std::string runs = option(args, "--runs");
  if (!runs.empty()) flags += " --runs=" + shell_quote(runs);
  return run_browser_bench("bench widget", "widget.mjs", flags);
}
PARLEY_COMMAND("bench widget", run_bench_widget,
               "widget figures in Chromium: loader and first-open gzip bytes, click-to-ready at 4x CPU throttling, peers' bundles",
               "--json    print one JSON object with the figures\n"
               "--runs N  page loads per measurement\n");
}  // namespace
}  // namespace parley::cli
