// Child processes for the benchmarks: one place that reads a command's output.
#include "parley/command.h"

#include <cstdio>

namespace parley::cli {
std::string run_command(const std::string& command, int* status) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) {
    if (status) *status = -1;
    return output;
  }
  char buffer[65536];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  int rc = pclose(pipe);
  if (status) *status = rc;
  return output;
}
Json run_node_json(const std::string& command) {
  const std::string out = run_command(command + " 2>&1");
  std::string last = out.substr(0, out.find_last_not_of('\n') + 1);
  last = last.substr(last.find_last_of('\n') == std::string::npos ? 0 : last.find_last_of('\n') + 1);
  try {
    return Json::parse(last);
  } catch (const std::exception&) {
    return Json{{"error", "node script failed: " + out.substr(0, 300)}};
  }
}
}  // namespace parley::cli
