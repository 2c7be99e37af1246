// `parley bench text [--json] [--seconds S]`: text-layer figures, each beside a baseline in the same run.
//   - throughput of normalise / segment / sanitize / language id / PII scan through the core's JSON
//     entry point, natively and in the wasm core under node on the same lines, and their ratio;
//   - language-id accuracy on the held-out lines (lingua sentences, word pairs, single words; xSID
//     test; the project's own lines) for the languages Parley must identify, beside cld3-asm,
//     franc, eld and tinyld run on the same lines by tools/bench/text-peers.mjs; and the model size.
#include "langid_data.h"
#include "langid_model_file.h"
#include "parley/command.h"
#include "parley/langid.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <set>
#include <sstream>

namespace parley::cli {
namespace {
namespace fs = std::filesystem;

const char* const kMethods[][2] = {{"normalize", "text.normalize"}, {"segment", "text.segment"}, {"sanitize", "text.sanitize"},
                                   {"langid", "langid.identify"},   {"pii", "pii.scan"}};
const char* const kPeers[] = {"cld3", "franc", "eld", "tinyld"};
const char* const kSources[] = {"lingua-sentences", "lingua-word-pairs", "lingua-single-words", "xsid", "project"};

Json throughput(const std::vector<langid_data::Line>& lines, const std::string& method, double seconds) {
  std::vector<std::string> requests;
  std::size_t bytes = 0;
  for (const auto& l : lines) {
    requests.push_back(Json{{"text", l.text}}.dump());
    bytes += l.text.size();
  }
  using clock = std::chrono::steady_clock;
  std::size_t passes = 0, sink = 0;
  const auto start = clock::now();
  double elapsed = 0;
  do {
    for (const auto& r : requests) sink += api::call_text(method, r).size();
    ++passes;
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  } while (elapsed < seconds);
  if (sink == 0) throw std::runtime_error(method + " answered nothing");
  return Json{{"lines_per_s", static_cast<long long>(passes * lines.size() / elapsed)},
              {"mb_per_s", std::round(passes * bytes / elapsed / 1e4) / 100}};
}

std::string cell(const Json& v, int width) {
  std::ostringstream s;
  if (v.is_number()) s << std::fixed << std::setprecision(1) << v.get<double>();
  else s << "-";
  std::string t = s.str();
  return std::string(width > static_cast<int>(t.size()) ? width - t.size() : 1, ' ') + t;
}

int run_bench_text(const Args& args) {
  const bool json = has_flag(args, "--json");
  const double seconds = std::stod(option(args, "--seconds", "0.5"));
  const std::string model_path = option(args, "--model", source_dir() + "/models/langid.bin");
  if (std::string e = load_langid_model(model_path); !e.empty()) {
    std::cerr << "parley bench text: " << e << "\n";
    return 1;
  }
  const langid::Model& model = langid::current_model();

  std::vector<langid_data::Line> lines;
  const auto& targets = langid_data::target_languages();
  for (auto& l : langid_data::lines(false))
    if (targets.count(l.language)) lines.push_back(std::move(l));

  // Parley, natively; its answers go to node so the wasm core can be compared line by line.
  langid_data::Tally parley;
  const fs::path work = fs::path(source_dir()) / "build" / "bench";
  fs::create_directories(work);
  const fs::path lines_file = work / "text-lines.jsonl";
  {
    std::ofstream out(lines_file);
    for (const auto& l : lines) {
      std::string answer = api::call_text("langid.identify", Json{{"text", l.text}}.dump());
      parley.add(l, langid_data::correct(Json::parse(answer).value("language", "und"), l));
      out << Json{{"language", l.language}, {"text", l.text}, {"source", l.source}, {"native", answer}}.dump() << "\n";
    }
  }
  if (has_flag(args, "--accuracy-only")) {  // quick loop while tuning the model
    std::cout << Json{{"model_bytes", fs::file_size(model_path)}, {"parley", parley.to_json()}}.dump() << "\n";
    return 0;
  }
  Json native = Json::object();
  for (const auto& m : kMethods) native[m[0]] = throughput(lines, m[1], seconds);

  // The wasm core and the npm peers, in node, on the same lines.
  const std::string script = source_dir() + "/tools/bench/text-peers.mjs";
  const Json node = run_node_json("node '" + script + "' '" + lines_file.string() + "' '" + model_path + "' --seconds " + std::to_string(seconds));

  Json result{{"model_bytes", fs::file_size(model_path)},
              {"model_languages", model.languages().size()},
              {"lines", lines.size()},
              {"accuracy", Json{{"parley", parley.to_json()}}},
              {"throughput", Json{{"native", native}}}};
  if (node.contains("wasm") && node["wasm"].is_object()) {
    Json ratio = Json::object();
    for (const auto& m : kMethods) {
      double n = native[m[0]]["lines_per_s"], w = node["wasm"]["throughput"][m[0]]["lines_per_s"];
      ratio[m[0]] = w > 0 ? std::round(100.0 * n / w) / 100 : 0;
    }
    result["throughput"]["wasm"] = node["wasm"]["throughput"];
    result["throughput"]["native_over_wasm"] = ratio;
    result["wasm_native_langid_mismatches"] = node["wasm"]["langid_mismatches"];
  } else {
    result["throughput"]["wasm"] = nullptr;
    result["wasm_error"] = node.value("wasm_error", node.value("error", std::string("no wasm result")));
  }
  Json peers = Json::object();
  for (const char* p : kPeers) {
    peers[p] = langid_data::score_peer(node, p, lines);
    if (!peers[p].contains("error")) result["accuracy"][p] = peers[p];
  }
  result["peers"] = Json::array();
  for (const char* p : kPeers) result["peers"].push_back(p);

  // Table.
  std::ostringstream o;  // the table; with --json only the JSON object is printed
  o << "parley bench text — " << lines.size() << " held-out lines, " << targets.size() << " languages; model "
    << result["model_bytes"] << " bytes (" << model.languages().size() << " languages, " << model.buckets() << " buckets)\n\n";
  o << "accuracy %            parley    cld3   franc     eld  tinyld\n";
  auto row = [&](const std::string& label, const std::string& group, const std::string& key) {
    o << label << std::string(label.size() < 20 ? 20 - label.size() : 1, ' ');
    for (const char* who : {"parley", "cld3", "franc", "eld", "tinyld"}) {
      const Json& acc = result["accuracy"];
      Json v = acc.contains(who) ? (group.empty() ? acc[who]["overall"] : acc[who][group].value(key, Json())) : Json();
      o << cell(v, 8);
    }
    o << "\n";
  };
  for (const char* s : kSources) row(s, "by_source", s);
  row("all", "", "");
  o << "\n";
  for (const auto& [lang, scripts] : targets) row("  " + lang, "by_language", lang);
  o << "\nthroughput (lines/s)   native      wasm   native/wasm\n";
  for (const auto& m : kMethods) {
    o << m[0] << std::string(20 - std::string(m[0]).size(), ' ') << std::setw(9) << native[m[0]]["lines_per_s"].get<long long>();
    if (result["throughput"]["wasm"].is_object())
      o << std::setw(10) << result["throughput"]["wasm"][m[0]]["lines_per_s"].get<long long>() << std::setw(14)
        << result["throughput"]["native_over_wasm"][m[0]].get<double>();
    o << "\n";
  }
  if (result.contains("wasm_native_langid_mismatches"))
    o << "\nwasm vs native language ids: " << result["wasm_native_langid_mismatches"] << " lines differ\n";
  if (result.contains("wasm_error")) o << "\nwasm: " << result["wasm_error"].get<std::string>() << "\n";
  if (json) std::cout << result.dump() << "\n";
  else std::cout << o.str();
  return 0;
}
PARLEY_COMMAND("bench text", run_bench_text,
               "text throughput (native vs wasm) and langid accuracy vs cld3/franc/eld/tinyld",
               "--json           print one JSON object with the figures\n"
               "--seconds X      time per throughput measurement (0.5)\n"
               "--model FILE     language-id model (models/langid.bin)\n"
               "--accuracy-only  langid accuracy only (a quick loop while tuning)\n");
}  // namespace
}  // namespace parley::cli
