// `parley langid`: language of each JSON line {"text", "locale"?, "country"?, "channel"?}.
#include "langid_model_file.h"
#include "parley/command.h"

#include <iostream>

namespace parley::cli {
namespace {
int run_langid(const Args& args) {
  std::string error = load_langid_model(option(args, "--model"));
  if (!error.empty()) {
    std::cerr << "parley langid: " << error << "\n";
    return 1;
  }
  return batch("langid.identify");
}
PARLEY_COMMAND("langid", run_langid, "identify languages: JSON Lines {\"text\",\"locale\"?,\"country\"?,\"channel\"?}",
               "--model FILE  language-id model (the built-in one)\n");
}  // namespace
}  // namespace parley::cli
