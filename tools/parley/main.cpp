// `parley` — the one command-line entry point: batch commands, train, eval, bench, relay.
#include "parley/command.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>

namespace parley::cli {
namespace {
struct Command { Run run; std::string summary; };
std::map<std::string, Command>& commands() {
  static std::map<std::string, Command> c;
  return c;
}

int usage(std::ostream& out) {
  out << "usage: parley <command> [options]\n\ncommands:\n";
  for (const auto& [name, c] : commands()) {
    out << "  " << name << std::string(name.size() < 18 ? 18 - name.size() : 1, ' ') << c.summary << "\n";
  }
  out << "\nBatch commands read JSON Lines on stdin and write one JSON line per input line.\n"
         "`parley bench …` and `parley eval …` take --json to print one JSON object.\n";
  return 2;
}
}  // namespace

bool register_command(const char* name, Run run, const char* summary) {
  commands()[name] = Command{run, summary};
  return true;
}

bool has_flag(const Args& args, const std::string& flag) {
  return std::find(args.begin(), args.end(), flag) != args.end();
}

std::string option(const Args& args, const std::string& name, const std::string& fallback) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == name && i + 1 < args.size()) return args[i + 1];
    if (args[i].rfind(name + "=", 0) == 0) return args[i].substr(name.size() + 1);
  }
  return fallback;
}

Args positional(const Args& args) {
  Args out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i].rfind("--", 0) == 0) {
      // An option's value follows it unless it is a flag or written --name=value.
      if (args[i].find('=') == std::string::npos && i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0 &&
          args[i] != "--json" && args[i] != "--verbose")
        ++i;
      continue;
    }
    out.push_back(args[i]);
  }
  return out;
}

std::string source_dir() {
  if (const char* r = std::getenv("PARLEY_ROOT")) return r;
  return PARLEY_SOURCE_DIR;
}

std::string shared_dir() {
  if (const char* s = std::getenv("PARLEY_SHARED")) return s;
  return source_dir() + "/../shared";
}
}  // namespace parley::cli

int main(int argc, char** argv) {
  using namespace parley::cli;
  std::ios::sync_with_stdio(false);
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "help") return usage(argc < 2 ? std::cerr : std::cout);
  // Two-word commands ("bench text", "train triage") are registered whole, so each lives in its own
  // file; they win over a one-word command of the same first word.
  if (argc >= 3) {
    auto two = commands().find(std::string(argv[1]) + " " + argv[2]);
    if (two != commands().end()) return two->second.run(Args(argv + 3, argv + argc));
  }
  auto it = commands().find(argv[1]);
  if (it == commands().end()) {
    std::cerr << "parley: unknown command \"" << argv[1] << (argc >= 3 ? std::string(" ") + argv[2] : "") << "\"\n";
    return usage(std::cerr);
  }
  return it->second.run(Args(argv + 2, argv + argc));
}
