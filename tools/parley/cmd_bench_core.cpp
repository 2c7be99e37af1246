// `parley bench core`: what the cores weigh on the wire and what a call costs, native beside wasm.
#include "parley/command.h"
#include "cmd_triage_common.h"

#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <vector>

namespace parley::cli {
namespace {
// A missing build output reads as empty: the caller names what to build.
std::string read_built(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::exists(p, ec) ? triage_tools::read_file(p.string()) : std::string();
}

std::size_t gzip_size(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);  // gzip -9, as servers send it
  std::vector<unsigned char> out(deflateBound(&z, data.size()) + 32);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  std::size_t n = z.total_out;
  deflateEnd(&z);
  return n;
}

const Json kRequests = Json::array({
    {{"method", "text.validate"}, {"request", {{"text", "Olá! Cadê meu pedido #48213? Paguei com cartão ontem 🙏"}}}},
    {{"method", "text.analyze"}, {"request", {{"text", "ご注文の商品はまだ届いていません。注文番号は48213です。"}}}},
    {{"method", "digest.sha256"}, {"request", {{"data", std::string(300, 'x')}}}},
});

int run_bench_core(const Args& args) {
  const bool json = has_flag(args, "--json");
  const std::filesystem::path dist = std::filesystem::path(source_dir()) / "build/wasm/dist";
  Json sizes = Json::object();
  for (const char* flavor : {"widget", "full"}) {
    std::string wasm = read_built(dist / (std::string("parley-") + flavor + ".wasm"));
    std::string js = read_built(dist / (std::string("parley-") + flavor + ".mjs"));
    if (wasm.empty() || js.empty()) {
      std::cerr << "parley bench core: " << dist.string() << " has no " << flavor << " core; run tools/dev build\n";
      return 1;
    }
    sizes[flavor] = {{"wasm_bytes", wasm.size()}, {"wasm_gzip_bytes", gzip_size(wasm)}, {"js_bytes", js.size()},
                     {"js_gzip_bytes", gzip_size(js)}, {"total_gzip_bytes", gzip_size(wasm) + gzip_size(js)}};
  }
  std::string icu = read_built(dist / "icudt72l.dat");
  sizes["full"]["icu_data_bytes"] = icu.size();
  sizes["full"]["icu_data_gzip_bytes"] = gzip_size(icu);

  // Native latency: the same requests, the same text entry point the wasm boundary uses.
  Json latency = Json::object();
  const int iterations = std::stoi(option(args, "--iterations", "2000"));
  for (const auto& r : kRequests) {
    const std::string method = r["method"], text = r["request"].dump();
    for (int i = 0; i < 200; ++i) api::call_text(method, text);
    std::vector<double> t;
    for (int i = 0; i < iterations; ++i) {
      auto t0 = std::chrono::steady_clock::now();
      api::call_text(method, text);
      t.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(t.begin(), t.end());
    latency["native:" + method] = {{"p50_us", t[t.size() / 2]}, {"p99_us", t[t.size() * 99 / 100]}};
  }
  const auto tmp = std::filesystem::temp_directory_path() / "parley-bench-core.json";
  std::ofstream(tmp) << kRequests.dump();
  std::string wasm_out = run_command("node " + source_dir() + "/tools/bench/core.mjs " + tmp.string() + " " +
                                     std::to_string(iterations));
  Json wasm = Json::parse(wasm_out, nullptr, false);
  if (wasm.is_discarded()) {
    std::cerr << "parley bench core: the node side failed: " << wasm_out << "\n";
    return 1;
  }
  latency.update(wasm);

  Json result = {{"sizes", sizes},
                 {"widget_core_gzip_bytes", sizes["widget"]["total_gzip_bytes"]},
                 {"full_core_gzip_bytes", sizes["full"]["total_gzip_bytes"]},
                 {"icu_data_gzip_bytes", sizes["full"]["icu_data_gzip_bytes"]},
                 {"latency", latency}};
  if (json) {
    std::cout << result.dump() << "\n";
    return 0;
  }
  std::cout << "core sizes (gzip -9)           wasm        js     total\n";
  for (const char* f : {"widget", "full"})
    std::cout << "  " << std::left << std::setw(28) << f << std::right << std::setw(8) << sizes[f]["wasm_gzip_bytes"].get<int>()
              << std::setw(10) << sizes[f]["js_gzip_bytes"].get<int>() << std::setw(10) << sizes[f]["total_gzip_bytes"].get<int>() << "\n";
  std::cout << "  ICU data (full core)         " << icu.size() << " bytes, " << sizes["full"]["icu_data_gzip_bytes"] << " gzip\n\n";
  std::cout << "latency per call (µs)          native p50/p99   widget-wasm p50/p99   full-wasm p50/p99\n";
  for (const auto& r : kRequests) {
    const std::string m = r["method"];
    auto cell = [&](const std::string& k) {
      if (!latency.contains(k)) return std::string("—");
      std::ostringstream s;
      s << std::fixed << std::setprecision(1) << latency[k]["p50_us"].get<double>() << "/" << latency[k]["p99_us"].get<double>();
      return s.str();
    };
    std::cout << "  " << std::left << std::setw(28) << m << std::setw(17) << cell("native:" + m) << std::setw(22)
              << cell("widget:" + m) << cell("full:" + m) << "\n";
  }
  return 0;
}
PARLEY_COMMAND("bench core", run_bench_core, "core sizes (gzip) and per-call latency, native beside wasm in node",
               "--json          print one JSON object with the figures\n"
               "--iterations N  calls per method (2000)\n");
}  // namespace
}  // namespace parley::cli
