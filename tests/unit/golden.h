// Golden cases: tests/golden/*.jsonl, one {"name","method","request","expect"} per line.
// `expect` is a subset of the answer (objects: listed keys must match; arrays: same length,
// each element matched). The same files run in node against the wasm cores (tests/wasm).
#pragma once
#include "parley/api.h"

#include <string>
#include <vector>

namespace parley::testing {
struct GoldenCase {
  std::string file, name, method;
  Json request, expect;
};
std::vector<GoldenCase> load_golden_cases();
// Put every models/<name>.bin into the core as asset <name> (the wasm runner does the same).
void load_model_assets();
// Empty when `answer` contains `expect`; otherwise where it differs.
std::string mismatch(const Json& expect, const Json& answer, const std::string& path = "");
}  // namespace parley::testing
