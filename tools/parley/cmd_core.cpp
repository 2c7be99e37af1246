// `parley methods`, `parley call METHOD` and `parley text`: the core, from the shell.
#include "parley/command.h"

#include <iostream>
#include <iterator>

namespace parley::cli {
namespace {
int run_methods(const Args&) {
  for (const auto& m : api::methods()) std::cout << m.name << "\t" << m.summary << "\n";
  return 0;
}
PARLEY_COMMAND("methods", run_methods, "list the core's methods");

// One request on stdin (a whole JSON document), one answer on stdout; exit 1 on an error answer.
int run_call(const Args& args) {
  Args pos = positional(args);
  if (pos.empty()) {
    std::cerr << "usage: parley call METHOD < request.json\n";
    return 2;
  }
  std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  std::string answer = api::call_text(pos[0], input);
  std::cout << answer << "\n";
  return answer.rfind("{\"error\":", 0) == 0 ? 1 : 0;
}
PARLEY_COMMAND("call", run_call, "run one core method: JSON request on stdin, JSON answer on stdout",
               "METHOD  the core method (parley methods lists them)\n");

int run_text(const Args&) { return batch("text.analyze"); }
PARLEY_COMMAND("text", run_text, "analyse text (normalisation, scripts, lengths): JSON Lines {\"text\":…}");
}  // namespace
}  // namespace parley::cli
