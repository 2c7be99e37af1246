// `parley bench langid [--json] [--model FILE]`: language id on short customer messages (2–30
// characters, data/langid/short, never trained on) for every language Parley identifies, and on
// text with no language in it (digits, ids, URLs, emoji: the answer must be "und"), beside cld3,
// franc, eld and tinyld (npm, run by tools/bench/text-peers.mjs --peers-only) on the same lines.
// Aims (issue 21): ≥ 95% overall, ≥ 90% in every language, ahead of every peer in every language.
#include "langid_data.h"
#include "langid_model_file.h"
#include "parley/command.h"
#include "parley/langid.h"

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <iostream>
#include <set>

namespace parley::cli {
namespace {
namespace fs = std::filesystem;
const char* const kPeers[] = {"cld3", "franc", "eld", "tinyld"};

int run_bench_langid(const Args& args) {
  const bool json = has_flag(args, "--json");
  const std::string model_path = option(args, "--model", source_dir() + "/models/langid.bin");
  if (std::string e = load_langid_model(model_path); !e.empty()) {
    std::cerr << "parley bench langid: " << e << "\n";
    return 1;
  }
  std::vector<langid_data::Line> lines;
  try {
    lines = langid_data::short_lines();
  } catch (const std::exception& e) {
    std::cerr << "parley bench langid: " << e.what() << "\n";
    return 1;
  }
  // A benchmark line the model was trained on would measure memory, not identification.
  std::set<std::string> trained;
  for (const auto& l : langid_data::lines(true)) trained.insert(l.text);
  Json leaked = Json::array();
  for (const auto& l : lines)
    if (trained.count(l.text)) leaked.push_back(l.text);

  langid_data::Tally parley;
  long unreliable_und = 0, und_lines = 0;
  const fs::path work = fs::path(source_dir()) / "build" / "bench";
  fs::create_directories(work);
  const fs::path lines_file = work / "langid-short.jsonl";
  {
    std::ofstream out(lines_file);
    for (const auto& l : lines) {
      const std::string answer = api::call_text("langid.identify", Json{{"text", l.text}}.dump());
      const Json a = Json::parse(answer);
      parley.add(l, langid_data::correct(a.value("language", "und"), l));
      if (l.language == "und") ++und_lines, unreliable_und += !a.value("reliable", true);
      out << Json{{"language", l.language}, {"text", l.text}, {"source", l.source}, {"native", answer}}.dump() << "\n";
    }
  }
  const std::string script = source_dir() + "/tools/bench/text-peers.mjs";
  const Json node = run_node_json("node '" + script + "' '" + lines_file.string() + "' '" + model_path + "' --peers-only");

  Json accuracy{{"parley", parley.to_json()}};
  for (const char* p : kPeers) accuracy[p] = langid_data::score_peer(node, p, lines);
  // Languages only: "und" lines are scored apart (a detector that never abstains gets none).
  langid_data::Tally languages_only;
  for (const auto& [lang, counts] : parley.by_language)
    if (lang != "und") languages_only.right += counts.first, languages_only.total += counts.second;
  double worst = 100;
  std::string worst_language;
  bool ahead_everywhere = true;
  Json behind = Json::array();
  Json unmeasured = Json::array();  // a peer that could not run leaves the comparison unknown, not won
  for (const char* p : kPeers)
    if (!accuracy[p].contains("by_language")) unmeasured.push_back(p);
  for (const auto& [lang, counts] : parley.by_language) {
    if (lang == "und") continue;
    const double mine = langid_data::Tally::pct(counts);
    if (mine < worst) worst = mine, worst_language = lang;
    for (const char* p : kPeers) {
      if (!accuracy[p].contains("by_language")) continue;
      const double theirs = accuracy[p]["by_language"].value(lang, 0.0);
      if (theirs > mine) {  // level (both at 100% on ja, ko, th …) is not behind
        ahead_everywhere = false;
        behind.push_back({{"language", lang}, {"peer", p}, {"parley", mine}, {"peer_accuracy", theirs}});
      }
    }
  }
  Json result{{"lines", lines.size()},
              {"model_bytes", fs::file_size(model_path)},
              {"accuracy", accuracy},
              {"languages_overall", langid_data::Tally::pct({languages_only.right, languages_only.total})},
              {"worst_language", {{"language", worst_language}, {"accuracy", worst}}},
              {"und", {{"lines", und_lines}, {"accuracy", accuracy["parley"]["by_language"].value("und", 0.0)}, {"marked_unreliable", unreliable_und}}},
              {"ahead_or_level_in_every_language", unmeasured.empty() ? Json(ahead_everywhere) : Json(nullptr)},
              {"behind_a_peer", behind},
              {"peers_not_measured", unmeasured},
              {"lines_also_in_training", leaked}};
  if (node.contains("error")) result["peers_error"] = node["error"];

  std::ostringstream o;  // the table; with --json only the JSON object is printed
  o << "parley bench langid — " << lines.size() << " short messages (2–30 characters), " << parley.by_language.size()
    << " labels incl. und; model " << result["model_bytes"] << " bytes\n\n"
    << "accuracy %     parley    cld3   franc     eld  tinyld\n";
  auto cell = [](const Json& v) {
    std::ostringstream s;
    if (v.is_number()) s << std::fixed << std::setprecision(1) << v.get<double>();
    else s << "-";
    return std::string(8 - std::min<std::size_t>(7, s.str().size()), ' ') + s.str();
  };
  for (const auto& [lang, counts] : parley.by_language) {
    o << "  " << lang << std::string(lang.size() < 11 ? 11 - lang.size() : 1, ' ');
    for (const char* who : {"parley", "cld3", "franc", "eld", "tinyld"})
      o << cell(accuracy[who].contains("by_language") ? accuracy[who]["by_language"].value(lang, Json()) : Json());
    o << "\n";
  }
  o << "  all        ";
  for (const char* who : {"parley", "cld3", "franc", "eld", "tinyld"}) o << cell(accuracy[who].value("overall", Json()));
  o << "\n\nlanguages (without und): " << result["languages_overall"] << "%; worst " << worst_language << " " << worst
    << "%; ahead of or level with every peer in every language: " << (ahead_everywhere ? "yes" : "no") << "\n";
  for (const auto& b : behind)
    o << "  behind " << b["peer"].get<std::string>() << " on " << b["language"].get<std::string>() << ": " << b["parley"] << " vs "
      << b["peer_accuracy"] << "\n";
  if (!leaked.empty()) o << "warning: " << leaked.size() << " benchmark lines are also training lines\n";
  if (json) std::cout << result.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
  else std::cout << o.str();
  return 0;
}
PARLEY_COMMAND("bench langid", run_bench_langid,
               "language id on short messages (2-30 characters) per language, and und on text with none, vs cld3/franc/eld/tinyld",
               "--json        print one JSON object with the figures\n"
               "--model FILE  language-id model (models/langid.bin)\n");
}  // namespace
}  // namespace parley::cli
