// `parley automate`: JSON Lines in ({"text", "channel"?, "lang"?, "context"?, "state"?, "facts"?,
// "choice"?, "now"?}), one automation.decide answer per line out. A decision that needs the shop's
// data carries `call`; send the same line again with the result in "facts" ({step id: {status, body}}).
#include "automation_pack.h"
#include "parley/command.h"

#include <iostream>

namespace parley::cli {
namespace {
AutomationPack* g_pack = nullptr;  // batch() takes a plain function
Json prepare(Json line) { return automation_request(*g_pack, std::move(line)); }

int run_automate(const Args& args) {
  const std::string dir = option(args, "--pack", source_dir() + "/site/packs/demo");
  AutomationPack pack;
  try {
    pack = load_automation_pack(dir, option(args, "--model", source_dir() + "/models/triage.bin"),
                                option(args, "--retrieval-model", source_dir() + "/models/retrieval.bin"));
  } catch (const std::exception& e) {
    std::cerr << "automate: " << e.what() << "\n";
    return 1;
  }
  g_pack = &pack;
  return batch("automation.decide", prepare);
}
PARLEY_COMMAND("automate", run_automate,
               "self-service decisions: JSON Lines {\"text\",\"channel\"?,\"lang\"?,\"context\"?:{\"state\"?,\"messages\"?},\"facts\"?,\"choice\"?}",
               "--pack DIR    workspace pack (site/packs/demo)\n"
               "--model FILE  triage model (models/triage.bin)\n"
               "--retrieval-model FILE  retrieval encoder (models/retrieval.bin; \"none\": words and n-grams only)\n");
}  // namespace
}  // namespace parley::cli
