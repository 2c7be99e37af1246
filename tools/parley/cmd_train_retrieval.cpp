// `parley train retrieval`: the retrieval encoder (models/retrieval.bin), reproducibly, from the
// intent corpora of ../shared/data and the project's own messages; `--history` adds a workspace's
// past conversations (message → the article that answered it) as one more source.
#include "parley/command.h"
#include "retrieval_data.h"

#include <chrono>
#include <fstream>
#include <iostream>

namespace parley::cli {
namespace {
int run_train_retrieval(const Args& args) {
  const std::string out = option(args, "--out", source_dir() + "/models/retrieval.bin");
  try {
    std::set<std::string> exclude;
    for (const auto& x : options(args, "--exclude")) exclude.insert(x);
    knowledge::EncoderTrainOptions o = retrieval_train_options();
    o.seed = std::stoull(option(args, "--seed", std::to_string(o.seed)));
    o.steps = std::stoull(option(args, "--steps", std::to_string(o.steps)));
    o.dim = static_cast<std::uint32_t>(std::stoul(option(args, "--dim", std::to_string(o.dim))));
    o.rows = static_cast<std::uint32_t>(std::stoul(option(args, "--rows", std::to_string(o.rows))));
    auto t0 = std::chrono::steady_clock::now();
    std::map<std::string, std::size_t> counts;
    auto data = retrieval_training_data(exclude, &counts);
    if (std::string h = option(args, "--history"); !h.empty()) {
      auto history = retrieval_history(h);
      counts["history"] = history.size();
      data.insert(data.end(), history.begin(), history.end());
    }
    std::string log;
    knowledge::Encoder e = knowledge::train_encoder(data, o, retrieval_source_weights(), &log);
    std::string bytes = e.serialize();
    std::ofstream f(out, std::ios::binary);
    if (!(f << bytes)) throw std::runtime_error("cannot write " + out);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cerr << log;
    for (const auto& [s, n] : counts) std::cerr << s << ": " << n << " messages\n";
    std::cerr << "wrote " << out << ": " << bytes.size() << " bytes, " << e.stored_rows() << " of " << e.rows() << " rows, d "
              << e.dim() << ", " << seconds << " s\n";
    return 0;
  } catch (const std::exception& ex) {
    std::cerr << "train retrieval: " << ex.what() << "\n";
    return 1;
  }
}
PARLEY_COMMAND("train retrieval", run_train_retrieval,
               "train the retrieval encoder (models/retrieval.bin): contrastive, on the intent corpora and the project's messages",
               "--exclude DATASET  leave a dataset out (banking77, clinc150, bitext, project; repeatable)\n"
               "--history FILE     JSON Lines {\"text\",\"article_id\"}: a workspace's answered messages as one more source\n"
               "--out FILE         where to write it (models/retrieval.bin)\n"
               "--seed N           seed of the initial table and the batches (1)\n"
               "--steps N          training steps (4000)\n"
               "--dim N            embedding size (64)\n"
               "--rows N           hashed feature rows (57344)\n");
}  // namespace
}  // namespace parley::cli
