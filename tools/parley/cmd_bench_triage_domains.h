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
// Rows through triage.classify with `model_bytes` as the product runs it (the row's lang and
// channel): the tier beside the top intent and its confidence. Also the baseline of `bench automation`.
struct TierAnswer {
  Scored scored;
  std::string tier;
};
std::vector<TierAnswer> classify_all(const std::string& model_bytes, const std::vector<Row>& rows);
// {accuracy, auto_share, auto_precision, auto_n, prequalify_share, prequalify_precision, human_share,
// ece, auroc}; a precision is null when its tier is empty. Precision: top intent = the row's label.
Json tier_figures(const std::vector<TierAnswer>& answers);
}  // namespace parley::cli::triage_tools
