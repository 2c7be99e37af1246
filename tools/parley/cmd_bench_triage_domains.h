// `parley bench triage`: the unseen-domain and adaptation sections (cmd_bench_triage_domains.cpp).
#pragma once
#include "cmd_triage_common.h"

#include <functional>

namespace parley::cli::triage_tools {
using Log = std::function<void(const std::string&)>;
// Public sets as domains the model never trained on, the familiarity calibrator fitted without the
// tested one's family, beside the same model without it ("current"). Adds unseen_* keys to `out`.
void bench_unseen(const triage::TrainOptions& options, const std::string& taxonomy, double in_domain_share, Json& out, const Log& log);
// Adaptation to a domain held out from base training: `train triage --add` with its train split,
// accuracy on its test split before and after, beside fastText on the same union. Adds adapted_* keys.
void bench_adapted(const triage::TrainOptions& options, const std::string& taxonomy, std::size_t add_weight, bool with_fasttext, Json& out,
                   const Log& log);
// The held-out set through triage.classify with `model` and with the same model without its
// calibrator: auto share / precision and ECE of the reported confidence. Adds heldout_* keys.
void bench_heldout_tiers(const std::string& model_bytes, const std::vector<Row>& held, Json& out);
}  // namespace parley::cli::triage_tools
