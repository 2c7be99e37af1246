// Hit confidence: P(article answers the message) as a logistic over the fused score and the lead
// over the runner-up. Coefficients fitted by logistic regression on CLINC150's validation split
// (in-scope messages: was the top hit right; out-of-scope ones: never) against
// data/knowledge-bench/clinc150.json, with the encoder trained without CLINC150 — never on a test
// split (`parley bench retrieval --validation --only clinc150 --fit-confidence`). Re-fit when the
// fusion changes. exp_det: the same bits natively and in wasm.
#include "parley/knowledge.h"
#include "parley/text.h"

namespace parley::knowledge {
namespace {
constexpr double kBias = -1.82;
constexpr double kScore = 1.74;
constexpr double kMargin = 3.07;
}  // namespace

double confidence(double score, double margin) {
  return 1.0 / (1.0 + text::exp_det(-(kBias + kScore * score + kMargin * margin)));
}
}  // namespace parley::knowledge
