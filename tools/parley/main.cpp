// `parley` — the one command-line entry point: batch commands, train, eval, bench, relay.
//
// Index:
//   1. The registry: commands and their declared options
//   2. Checking a command line against the declaration
//   3. Option access for the commands
//   4. main
#include "parley/command.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <map>

namespace parley::cli {
namespace {
// ---------------------------------------------------------------------------------------------
// 1. The registry
// ---------------------------------------------------------------------------------------------
struct OptionSpec {
  std::string name;   // "--port"
  std::string value;  // "N", "FILE", … or empty for a flag
  std::string help;
};
struct Command {
  Run run;
  std::string summary;
  std::vector<OptionSpec> options;
  std::string positional;  // usage of positional arguments ("TEXT"); empty: none accepted
  std::string positional_help;
};

std::map<std::string, Command>& commands() {
  static std::map<std::string, Command> c;
  return c;
}
const Command* current = nullptr;  // the command being run (positional() needs its flags)

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(' ');
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(' ') - b + 1);
}

// One declaration line: `--name[ VALUE]  help` or `WORD…  help`. A malformed declaration is a
// programming error, caught by the CLI test that runs every command's --help.
void parse_declaration(Command& c, const char* text) {
  std::string all(text), line;
  for (std::size_t start = 0; start < all.size();) {
    auto end = all.find('\n', start);
    if (end == std::string::npos) end = all.size();
    line = all.substr(start, end - start);
    start = end + 1;
    if (trim(line).empty()) continue;
    const auto gap = line.find("  ");
    const std::string head = trim(line.substr(0, gap));
    const std::string help = gap == std::string::npos ? "" : trim(line.substr(gap));
    if (head.rfind("--", 0) == 0) {
      const auto sp = head.find(' ');
      c.options.push_back({head.substr(0, sp), sp == std::string::npos ? "" : trim(head.substr(sp)), help});
    } else {
      c.positional = head;
      c.positional_help = help;
    }
  }
}

const OptionSpec* find_option(const Command& c, const std::string& name) {
  for (const auto& o : c.options)
    if (o.name == name) return &o;
  return nullptr;
}

int list_commands(std::ostream& out, int code) {
  out << "usage: parley <command> [options]     (parley <command> --help for its options)\n\ncommands:\n";
  for (const auto& [name, c] : commands()) {
    out << "  " << name << std::string(name.size() < 22 ? 22 - name.size() : 1, ' ') << c.summary << "\n";
  }
  out << "\nBatch commands read JSON Lines on stdin and write one JSON line per input line.\n"
         "`parley bench …` and `parley eval …` take --json to print one JSON object.\n";
  return code;
}

int command_usage(const std::string& name, const Command& c) {
  std::cout << "usage: parley " << name << (c.options.empty() ? "" : " [options]")
            << (c.positional.empty() ? "" : " " + c.positional) << "\n\n"
            << c.summary << "\n";
  if (!c.positional.empty() && !c.positional_help.empty())
    std::cout << "\n  " << c.positional << "  " << c.positional_help << "\n";
  std::cout << "\noptions:\n";
  std::size_t width = 6;
  for (const auto& o : c.options) width = std::max(width, o.name.size() + (o.value.empty() ? 0 : o.value.size() + 1));
  for (const auto& o : c.options) {
    const std::string head = o.name + (o.value.empty() ? "" : " " + o.value);
    std::cout << "  " << head << std::string(width - head.size() + 2, ' ') << o.help << "\n";
  }
  std::cout << "  --help" << std::string(width - 4, ' ') << "print this and exit\n";
  return 0;
}

// ---------------------------------------------------------------------------------------------
// 2. Checking a command line: unknown options, missing or malformed values, stray arguments
// ---------------------------------------------------------------------------------------------
bool is_number(const std::string& v, bool whole) {
  if (v.empty()) return false;
  char* end = nullptr;
  if (whole) {
    if (!std::all_of(v.begin(), v.end(), [](unsigned char ch) { return std::isdigit(ch); })) return false;
    errno = 0;
    std::strtoull(v.c_str(), &end, 10);
    return errno == 0;
  }
  std::strtod(v.c_str(), &end);
  return *end == '\0';
}

// Empty when the line is acceptable; otherwise the message naming what is wrong.
std::string check_args(const Command& c, const Args& args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.rfind("--", 0) != 0 || a == "--") {
      if (c.positional.empty()) return "unexpected argument \"" + a + "\" (this command takes none)";
      continue;
    }
    const auto eq = a.find('=');
    const std::string name = a.substr(0, eq);
    const OptionSpec* spec = find_option(c, name);
    if (!spec) return "unknown option " + name;
    if (spec->value.empty()) {
      if (eq != std::string::npos) return "option " + name + " takes no value";
      continue;
    }
    std::string value;
    if (eq != std::string::npos) {
      value = a.substr(eq + 1);
    } else {
      if (i + 1 >= args.size()) return "option " + name + " needs a value (" + spec->value + ")";
      value = args[++i];
    }
    if (spec->value == "N" && !is_number(value, true)) return "option " + name + " needs a whole number, not \"" + value + "\"";
    if (spec->value == "X" && !is_number(value, false)) return "option " + name + " needs a number, not \"" + value + "\"";
  }
  return "";
}
}  // namespace

bool register_command(const char* name, Run run, const char* summary, const char* options) {
  Command c{run, summary, {}, "", ""};
  parse_declaration(c, options);
  commands()[name] = std::move(c);
  return true;
}

// ---------------------------------------------------------------------------------------------
// 3. Option access
// ---------------------------------------------------------------------------------------------
bool has_flag(const Args& args, const std::string& flag) {
  return std::find(args.begin(), args.end(), flag) != args.end();
}

std::string option(const Args& args, const std::string& name, const std::string& fallback) {
  const auto all = options(args, name);
  return all.empty() ? fallback : all.back();
}

std::vector<std::string> options(const Args& args, const std::string& name) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == name && i + 1 < args.size()) out.push_back(args[++i]);
    else if (args[i].rfind(name + "=", 0) == 0) out.push_back(args[i].substr(name.size() + 1));
  }
  return out;
}

Args positional(const Args& args) {
  Args out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i].rfind("--", 0) == 0) {
      // An option's value follows it unless it is a declared flag or written --name=value.
      const OptionSpec* spec = current ? find_option(*current, args[i]) : nullptr;
      if (spec && !spec->value.empty() && i + 1 < args.size()) ++i;
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

// ---------------------------------------------------------------------------------------------
// 4. main
// ---------------------------------------------------------------------------------------------
int main(int argc, char** argv) {
  using namespace parley::cli;
  std::ios::sync_with_stdio(false);
  if (argc < 2) return list_commands(std::cerr, 2);
  const std::string first = argv[1];
  if (first == "--help" || first == "-h" || first == "help") return list_commands(std::cout, 0);
  // Two-word commands ("bench text", "train triage") are registered whole, so each lives in its own
  // file; they win over a one-word command of the same first word.
  std::string name = first;
  int skip = 2;
  if (argc >= 3 && commands().count(first + " " + argv[2])) {
    name = first + " " + argv[2];
    skip = 3;
  }
  auto it = commands().find(name);
  if (it == commands().end()) {
    bool group = false;  // "parley bench" alone: list the bench commands
    for (const auto& [n, c] : commands()) group = group || n.rfind(first + " ", 0) == 0;
    std::cerr << "parley: " << (group ? "\"" + first + "\" needs a subcommand" : "unknown command \"" + first + "\"") << "\n";
    return list_commands(std::cerr, 2);
  }
  const Args args(argv + skip, argv + argc);
  if (has_flag(args, "--help") || has_flag(args, "-h")) return command_usage(name, it->second);
  if (const std::string problem = check_args(it->second, args); !problem.empty()) {
    std::cerr << "parley " << name << ": " << problem << " (see parley " << name << " --help)\n";
    return 2;
  }
  current = &it->second;
  try {
    return it->second.run(args);
  } catch (const std::exception& e) {  // a command's own failure, reported instead of an abort
    std::cerr << "parley " << name << ": " << e.what() << "\n";
    return 1;
  }
}
