// `parley triage`: JSON Lines in ({"text", "channel"?, "lang"?, "headers"?, "context"?}), one
// triage result per line out. Loads models/triage.bin (or --model FILE) as the "triage" asset.
#include "cmd_triage_common.h"
#include "parley/assets.h"

#include <iostream>

namespace parley::cli {
namespace {
int run_triage(const Args& args) {
  const std::string path = option(args, "--model", source_dir() + "/models/triage.bin");
  try {
    assets::put("triage", triage_tools::read_file(path));
  } catch (const std::exception& e) {
    std::cerr << "triage: " << e.what() << " (train it with `parley train triage`)\n";
    return 1;
  }
  return batch("triage.classify");
}
PARLEY_COMMAND("triage", run_triage,
               "triage messages: JSON Lines {\"text\",\"channel\"?,\"lang\"?,\"headers\"?,\"context\"?}",
               "--model FILE  triage model (models/triage.bin)\n");
}  // namespace
}  // namespace parley::cli
