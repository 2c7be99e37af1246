// Hit confidence: P(article answers the message) as a logistic over the fused score and the lead
// over the runner-up. Coefficients fitted by logistic regression on CLINC150's validation split
// (in-scope messages: was the top hit right; out-of-scope ones: never) against
// data/knowledge-bench/clinc150.json — never on a test split. Re-fit when the fusion changes.
#include "parley/knowledge.h"

#include <cmath>

namespace parley::knowledge {
namespace {
constexpr double kBias = -2.18;
constexpr double kScore = 2.46;
constexpr double kMargin = 6.81;
}  // namespace

double confidence(double score, double margin) {
  return 1.0 / (1.0 + std::exp(-(kBias + kScore * score + kMargin * margin)));
}
}  // namespace parley::knowledge
