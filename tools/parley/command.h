// The `parley` CLI: one executable, one file per command, each registering itself with the options
// it takes. The declaration is the one source for `--help` and for rejecting unknown options:
//   PARLEY_COMMAND("bench text", run_bench_text, "text throughput and langid accuracy",
//                  "--json        print one JSON object\n"
//                  "--seconds S   time per measurement (0.5)\n");
// Each line is `--name`, or `--name VALUE` for an option that takes a value, then two or more spaces
// and its description. A line starting with an upper-case word (`TEXT  the text to measure`)
// describes positional arguments; a command without one takes none. Value placeholders N (a whole
// number) and X (a number) are checked before the command runs.
#pragma once
#include "parley/api.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace parley::cli {
using Args = std::vector<std::string>;
using Run = int (*)(const Args& args);  // args after the command name; returns the exit code

bool register_command(const char* name, Run run, const char* summary, const char* options);

// Options, already checked against the command's declaration: `--name value` / `--name=value` / `--flag`.
bool has_flag(const Args& args, const std::string& flag);
std::string option(const Args& args, const std::string& name, const std::string& fallback = "");
std::vector<std::string> options(const Args& args, const std::string& name);  // every value of a repeatable option
Args positional(const Args& args);  // arguments that are neither options nor option values

// JSON Lines batch: every stdin line goes through `method` (the line is the request);
// exactly one output line per input line, {"error":…} for a bad one. `prepare` may
// rewrite the request (e.g. add defaults) before the call. Returns 0.
int batch(const std::string& method, Json (*prepare)(Json) = nullptr);

// Where the repository is (for data such as ../shared/data and models): $PARLEY_ROOT or the
// source directory this binary was built from.
std::string source_dir();
// Run a shell command (benchmarks drive node and fastText) and return what it printed on stdout;
// `status`, when given, receives pclose's status.
std::string run_command(const std::string& command, int* status = nullptr);
// Run a node half of a benchmark, which prints one JSON object as its last stdout line: that
// object, or {"error": "node script failed: …"} with the start of what it printed instead.
Json run_node_json(const std::string& command);
// Run a benchmark's browser half, tools/bench/<script>, with this binary as the relay under test
// (PARLEY_BIN) and `flags` appended (already "--name=value"); its output passes through, so with
// --json the last stdout line is its JSON object. Returns its exit code.
int run_browser_bench(const std::string& command_name, const std::string& script, const std::string& flags);
// `s` as one single-quoted shell word.
std::string shell_quote(const std::string& s);
std::string shared_dir();  // ../shared beside the repository
}  // namespace parley::cli

// The options argument is optional: `"" __VA_ARGS__` is "" without it and the literal with it.
#define PARLEY_COMMAND(name, run, summary, ...)                                                        \
  static const bool PARLEY_CONCAT(parley_command_registered_, __COUNTER__) =                              \
      ::parley::cli::register_command(name, run, summary, "" __VA_ARGS__)
