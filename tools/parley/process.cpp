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
}  // namespace parley::cli
