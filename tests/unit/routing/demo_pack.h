// The demo workspace pack (site/packs/demo) as the assist-core tests read it.
#pragma once
#include "parley/api.h"

#include <fstream>
#include <sstream>
#include <string>

namespace parley::testing {
inline Json demo_pack(const std::string& file) {
  std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/site/packs/demo/" + file);
  std::stringstream text;
  text << in.rdbuf();
  return Json::parse(text.str());
}
}  // namespace parley::testing
