// `parley train langid`: build models/langid.bin from open text (see data/langid/README.md).
#include "langid_data.h"
#include "parley/command.h"
#include "parley/langid.h"

#include <fstream>
#include <iostream>
#include <map>

namespace parley::cli {
namespace {
int run_train_langid(const Args& args) {
  const std::string out_path = option(args, "--out", source_dir() + "/models/langid.bin");
  langid::TrainingOptions options;
  options.buckets = static_cast<std::uint32_t>(std::stoul(option(args, "--buckets", std::to_string(options.buckets))));
  options.smoothing = std::stod(option(args, "--smoothing", std::to_string(options.smoothing)));
  const double project_weight = std::stod(option(args, "--project-weight", "3"));
  std::vector<langid::TrainingExample> examples;
  std::map<std::string, int> per_language;
  for (auto& line : langid_data::lines(true)) {
    ++per_language[line.language];
    examples.push_back({line.language, std::move(line.text), line.source == "project" ? project_weight : 1.0});
  }
  langid_data::chinese_script_characters(examples, options.simplified_only, options.traditional_only);
  std::string bytes = langid::train(examples, langid_data::model_languages(), options);
  langid::Model::from_bytes(bytes);  // never write a model the core would refuse
  std::ofstream out(out_path, std::ios::binary);
  if (!out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
    std::cerr << "parley train langid: cannot write " << out_path << "\n";
    return 1;
  }
  Json summary{{"model", out_path}, {"bytes", bytes.size()}, {"buckets", options.buckets}, {"examples", examples.size()},
               {"per_language", per_language}, {"simplified_only", options.simplified_only.size()},
               {"traditional_only", options.traditional_only.size()}};
  std::cout << summary.dump() << "\n";
  return 0;
}
PARLEY_COMMAND("train langid", run_train_langid, "train the language-id model",
               "--out FILE     where to write it (models/langid.bin)\n"
               "--buckets N    hash buckets (32768)\n"
               "--smoothing X  additive smoothing (0.05)\n"
               "--project-weight X  weight of the project's own chat-style lines (data/langid) beside the open text (3, chosen on the held-out project lines)\n");
}  // namespace
}  // namespace parley::cli
