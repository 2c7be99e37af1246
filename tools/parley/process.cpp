// Child processes for the benchmarks: one place that reads a command's output.
#include "parley/command.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

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

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

int run_browser_bench(const std::string& command_name, const std::string& script, const std::string& flags) {
  const std::filesystem::path path = std::filesystem::path(source_dir()) / "tools/bench" / script;
  if (!std::filesystem::exists(path)) {
    std::cerr << "parley " << command_name << ": " << path << " not found\n";
    return 1;
  }
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);  // the relay under test is this binary
  std::string cmd = ec ? "" : "PARLEY_BIN=" + shell_quote(self.string()) + " ";
  cmd += "node " + shell_quote(path.string()) + flags;
  std::cout.flush();
  const int rc = std::system(cmd.c_str());
  if (rc == -1) return 1;
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : 1;
}
}  // namespace parley::cli
