// Native and wasm latency of one core method (see bench_latency.h).
#include "bench_latency.h"

#include "parley/command.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <unistd.h>
#include <vector>

namespace parley::cli {
std::string message_300() {
  std::string s = "Hello, I ordered a pair of running shoes three weeks ago (order 48213) and the tracking page still says "
                  "the parcel is waiting at the depot. I paid for express delivery and I need them before my race on Saturday. "
                  "Could you please tell me where the package is and whether you can refund the shipping fee? Thanks, Maria. "
                  "P.S. The app also crashes when I open my orders.";
  return s.substr(0, 300);
}

Latency native_latency_us(const std::string& method, const Json& request, int n) {
  const std::string body = request.dump();
  std::vector<double> us;
  for (int i = 0; i < n + 50; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    std::string a = api::call_text(method, body);
    auto t1 = std::chrono::steady_clock::now();
    if (i >= 50) us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  std::sort(us.begin(), us.end());
  return {us[us.size() / 2], us[static_cast<std::size_t>(double(us.size()) * 0.99)]};
}

std::optional<Json> wasm_latency(const std::string& root, const Json& assets, const Json& setup, const std::string& method, const Json& request) {
  namespace fs = std::filesystem;
  if (!fs::exists(root + "/build/wasm/dist/parley-full.wasm")) return std::nullopt;
  // The job goes through a file: a pack's automation.json is too long for a command line.
  const std::string script = R"JS(
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [root, jobPath] = process.argv.slice(2);  // argv: node, script, then ours
const job = JSON.parse(readFileSync(jobPath, 'utf8'));
// tests/wasm/cores.mjs loads a core in node the way the tests do (Emscripten's node shims included).
const { loadCore } = await import(pathToFileURL(root + '/tests/wasm/cores.mjs').href);
const core = await loadCore('full');
for (const [name, file] of Object.entries(job.assets)) core.putAsset(name, readFileSync(file));
for (const [m, r] of job.setup) {
  const a = JSON.parse(core.callJson(m, JSON.stringify(r)));
  if (a.error) { console.log(JSON.stringify({ error: { setup: m, ...a.error } })); process.exit(0); }
}
const req = JSON.stringify(job.request);
const us = [];
let answer = '';
for (let i = 0; i < 1200; i++) {  // the first 200 warm up the JIT tiers, as tools/bench/core.mjs does
  const t0 = process.hrtime.bigint();
  answer = core.callJson(job.method, req);
  const t1 = process.hrtime.bigint();
  if (i >= 200) us.push(Number(t1 - t0) / 1000);
}
us.sort((a, b) => a - b);
const a = JSON.parse(answer);
if (a.error) console.log(JSON.stringify({ error: a.error }));
else console.log(JSON.stringify({ p50: us[us.length >> 1], p99: us[Math.floor(us.length * 0.99)], answer: a }));
)JS";
  const std::string stem = (fs::temp_directory_path() / ("parley-bench-latency-" + std::to_string(::getpid()))).string();
  const std::string script_path = stem + ".mjs", job_path = stem + ".json";
  auto write = [](const std::string& path, const std::string& text) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f) return false;
    std::fputs(text.c_str(), f);
    return std::fclose(f) == 0;
  };
  if (!write(script_path, script) || !write(job_path, Json{{"assets", assets}, {"setup", setup}, {"method", method}, {"request", request}}.dump())) return std::nullopt;
  auto quote = [](const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
  };
  int status = 0;
  std::string out = run_command("node " + quote(script_path) + " " + quote(root) + " " + quote(job_path) + " 2>&1", &status);
  fs::remove(script_path);
  fs::remove(job_path);
  if (status == -1) return std::nullopt;
  auto nl = out.find_last_of('\n', out.size() > 1 ? out.size() - 2 : 0);
  const std::string last = nl == std::string::npos ? out : out.substr(nl + 1);
  Json j = Json::parse(last, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Json{{"error", out.substr(0, 300)}};
  return j;
}
}  // namespace parley::cli
