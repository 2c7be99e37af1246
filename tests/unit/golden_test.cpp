// Runs every golden case through the same entry point the wasm boundary uses (JSON text in and
// out), checks its expectations, and writes the answers for the wasm test to compare byte for byte.
#include "golden.h"

#include "parley/assets.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

using namespace parley;

TEST_CASE("golden cases hold natively and are recorded for the wasm comparison", "[golden]") {
  testing::load_model_assets();  // models/<name>.bin as asset <name>, as the browser hosts do
  auto cases = testing::load_golden_cases();
  REQUIRE(cases.size() >= 10);
  const char* out_path = std::getenv("PARLEY_GOLDEN_OUT");
  std::ofstream out;
  if (out_path) out.open(out_path);
  for (const auto& c : cases) {
    std::string answer = api::call_text(c.method, c.request.dump());
    INFO(c.file << ": " << c.name << "\n  answer: " << answer);
    CHECK(testing::mismatch(c.expect, Json::parse(answer)) == "");
    if (out) out << Json{{"name", c.name}, {"method", c.method}, {"answer", answer}}.dump() << "\n";
  }
}
