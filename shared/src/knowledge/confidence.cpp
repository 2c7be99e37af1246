// Hit confidence: P(article answers the message) as a logistic over the fused score, the lead over
// the runner-up and the part of the score the pack's example questions gave. Coefficients fitted by
// logistic regression on CLINC150's validation split (in-scope messages: was the top hit right;
// out-of-scope ones: never) against data/knowledge-bench/clinc150.json with every other article
// given 8 train messages as example questions, so one fit serves packs with and without them; the
// encoder trained without CLINC150 — never on a test split (`parley bench retrieval --validation
// --only clinc150 --fit-confidence --questions-per-article 8`). The questions' part weighs against
// the score's: a short chat message close to one of eight questions is weaker evidence than the
// same score from the article's own text. Re-fit when the fusion changes. exp_det: the same bits
// natively and in wasm.
#include "parley/knowledge.h"
#include "parley/text.h"

namespace parley::knowledge {
namespace {
constexpr double kBias = -1.53;
constexpr double kScore = 1.16;
constexpr double kMargin = 2.86;
constexpr double kQuestions = -3.44;
}  // namespace

double confidence(double score, double margin, double questions) {
  return 1.0 / (1.0 + text::exp_det(-(kBias + kScore * score + kMargin * margin + kQuestions * questions)));
}
}  // namespace parley::knowledge
