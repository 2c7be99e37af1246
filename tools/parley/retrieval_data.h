// The retrieval encoder's training messages, shared by `parley train retrieval` and
// `parley bench retrieval` (which trains without the tested dataset for its zero-shot figures).
#pragma once
#include "parley/encoder.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace parley::cli {
// Datasets: banking77 (train split, with the Arabic version's train split), clinc150 (in-scope
// train split), bitext (both files, deduplicated), project (data/triage/messages; never the
// held-out split). `counts` receives the messages read per source.
extern const std::vector<std::string> kRetrievalDatasets;
std::vector<knowledge::LabelledText> retrieval_training_data(const std::set<std::string>& exclude,
                                                             std::map<std::string, std::size_t>* counts = nullptr);
// History lines {"text","article_id"} as labelled messages (source "history").
std::vector<knowledge::LabelledText> retrieval_history(const std::string& jsonl);
// Each source's share of the pairs (see encoder.h): every corpus counts alike however large.
std::vector<std::pair<std::string, double>> retrieval_source_weights();
knowledge::EncoderTrainOptions retrieval_train_options();  // the shipped model's options
}  // namespace parley::cli
