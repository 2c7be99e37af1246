// `parley bench studio [--json] [--runs N] [--frames N]`: the Studio's figures, measured in Chromium
// by tools/bench/studio.mjs against this binary's relay on loopback; this command runs that script
// and passes its output through (the JSON object is the last stdout line).
#include "parley/command.h"

#include <string>

namespace parley::cli {
namespace {
int run_bench_studio(const Args& args) {
  std::string flags = has_flag(args, "--json") ? " --json" : "";
  for (const char* o : {"--runs", "--frames"}) {
    const std::string v = option(args, o);
    if (!v.empty()) flags += std::string(" ") + o + "=" + shell_quote(v);
  }
  return run_browser_bench("bench studio", "studio.mjs", flags);
}
PARLEY_COMMAND("bench studio", run_bench_studio,
               "Studio figures in Chromium: first-open gzip bytes, matrix cells, open time, frame CPU time p50/p99 on the demo pack",
               "--json      print one JSON object with the figures\n"
               "--runs N    page loads for the open time\n"
               "--frames N  frames measured with the whole matrix on screen\n");
}  // namespace
}  // namespace parley::cli
