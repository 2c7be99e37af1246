// How familiar a message is to the model (feature coverage, agreement of dropout views) and the
// calibrator that turns it, with the top probability, into the probability of being right.
#include "parley/triage.h"

#include <algorithm>
#include <cmath>

namespace parley::triage {
namespace {
constexpr int kViews = 8;  // 4 hash bits × both halves

// Scores of the 8 views in one pass: view 2·bit + side holds the features whose hash bit `bit`
// (of 4) equals `side`, doubled as in training with dropout 0.5 (the model saw such halves at every
// step). `rows` are the features' rows (−1 when absent), looked up once.
std::vector<std::vector<double>> view_scores(const Model& m, const std::vector<Feature>& features, const std::vector<long>& rows) {
  const std::size_t k = m.classes(), h = m.hidden;
  std::vector<std::vector<double>> z(kViews, std::vector<double>(m.bias.begin(), m.bias.end()));
  std::vector<std::vector<double>> a(kViews, std::vector<double>(m.hidden_bias.begin(), m.hidden_bias.end()));
  for (std::size_t i = 0; i < features.size(); ++i) {
    if (rows[i] < 0) continue;
    const double v = 2.0 * features[i].value;
    const float* w = &m.weights[static_cast<std::size_t>(rows[i]) * k];
    const float* e = h ? &m.embed[static_cast<std::size_t>(rows[i]) * h] : nullptr;
    for (int bit = 0; bit < kViews / 2; ++bit) {
      // Bits above the low ones: FNV's low bits mix least.
      const int view = 2 * bit + static_cast<int>((features[i].id >> (7 + 5 * bit)) & 1u);
      for (std::size_t c = 0; c < k; ++c) z[view][c] += double(w[c]) * v;
      for (std::size_t j = 0; j < h; ++j) a[view][j] += double(e[j]) * v;
    }
  }
  for (int view = 0; view < kViews; ++view)
    for (std::size_t j = 0; j < h; ++j) {
      if (a[view][j] <= 0) continue;
      const float* o = &m.out[j * k];
      for (std::size_t c = 0; c < k; ++c) z[view][c] += double(o[c]) * a[view][j];
    }
  return z;
}

double clamp(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }
double logit(double p) {
  p = clamp(p, 1e-6, 1 - 1e-6);
  return log_det(p / (1 - p));
}
double sigmoid(double s) { return 1.0 / (1.0 + exp_det(-s)); }
}  // namespace

Familiarity familiarity(const Model& m, const Prediction& prediction) {
  const auto& features = prediction.features;
  const auto& probs = prediction.probs;
  Familiarity f;
  f.features = features.size();
  if (probs.empty()) return f;
  double mass = 0, covered = 0;
  std::size_t words = 0, known_words = 0, seen_words = 0;
  std::vector<long> rows(features.size());
  for (std::size_t i = 0; i < features.size(); ++i) {
    const double v = double(features[i].value) * features[i].value;
    rows[i] = m.row_index(features[i].id);
    const bool known = rows[i] >= 0;
    mass += v;
    if (known) covered += v;
    if (i < prediction.lexical.size() && prediction.lexical[i]) {
      ++words;
      known_words += known;
      seen_words += m.seen_word(features[i].id);
    }
  }
  f.seen = words ? double(seen_words) / double(words) : 1.0;
  f.coverage = mass > 0 ? covered / mass : 0;
  f.vocabulary = words ? double(known_words) / double(words) : f.coverage;  // emoji only: no words
  const std::size_t top = static_cast<std::size_t>(std::max_element(probs.begin(), probs.end()) - probs.begin());
  int agree = 0;
  double conf = 0;
  for (const auto& z : view_scores(m, features, rows)) {
    auto p = probabilities(m, z);
    agree += static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin()) == top;
    conf += p[top];
  }
  f.agreement = double(agree) / kViews;
  f.view_confidence = conf / kViews;
  return f;
}

std::vector<double> familiarity_inputs(const std::vector<double>& probs, const Familiarity& f) {
  double p1 = 0, p2 = 0;
  for (double p : probs) {
    if (p > p1) { p2 = p1; p1 = p; }
    else if (p > p2) p2 = p;
  }
  const double l1 = clamp(logit(p1), -12, 12);
  return {1.0,
          l1,
          clamp(log_det(std::max(p1, 1e-12) / std::max(p2, 1e-12)), 0, 24),
          f.coverage,
          f.vocabulary,
          f.seen,
          f.agreement,
          clamp(logit(f.view_confidence), -12, 12),
          log_det(double(std::max<std::size_t>(1, f.features))),
          l1 * f.seen,
          l1 * f.agreement};
}

double familiar_confidence(const Model& m, const std::vector<double>& probs, const Familiarity& f) {
  if (probs.empty()) return 0;
  if (m.familiarity_weights.empty()) return *std::max_element(probs.begin(), probs.end());
  auto x = familiarity_inputs(probs, f);
  double s = 0;
  for (std::size_t i = 0; i < x.size() && i < m.familiarity_weights.size(); ++i) s += m.familiarity_weights[i] * x[i];
  return sigmoid(s);
}

std::vector<double> fit_familiarity(const std::vector<std::vector<double>>& x, const std::vector<int>& y, const std::vector<double>& w) {
  if (x.empty()) return {};
  const std::size_t d = x[0].size();
  std::vector<double> beta(d, 0.0);
  const double l2 = 1e-3;  // keeps the weights finite when a signal separates the data
  for (int iter = 0; iter < 40; ++iter) {
    std::vector<double> g(d, 0.0), H(d * d, 0.0);
    double total = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      double s = 0;
      for (std::size_t a = 0; a < d; ++a) s += beta[a] * x[i][a];
      const double p = sigmoid(s), r = w[i] * (p - y[i]), q = w[i] * p * (1 - p);
      total += w[i];
      for (std::size_t a = 0; a < d; ++a) {
        g[a] += r * x[i][a];
        for (std::size_t b = 0; b < d; ++b) H[a * d + b] += q * x[i][a] * x[i][b];
      }
    }
    for (std::size_t a = 0; a < d; ++a) {
      g[a] = g[a] / total + l2 * beta[a];
      for (std::size_t b = 0; b < d; ++b) H[a * d + b] /= total;
      H[a * d + a] += l2;
    }
    // Solve H · step = g by Gaussian elimination with partial pivoting (d is 8).
    std::vector<double> step = g;
    for (std::size_t c = 0; c < d; ++c) {
      std::size_t piv = c;
      for (std::size_t r = c + 1; r < d; ++r)
        if (std::fabs(H[r * d + c]) > std::fabs(H[piv * d + c])) piv = r;
      if (piv != c) {
        for (std::size_t b = 0; b < d; ++b) std::swap(H[c * d + b], H[piv * d + b]);
        std::swap(step[c], step[piv]);
      }
      for (std::size_t r = c + 1; r < d; ++r) {
        const double f = H[r * d + c] / H[c * d + c];
        for (std::size_t b = c; b < d; ++b) H[r * d + b] -= f * H[c * d + b];
        step[r] -= f * step[c];
      }
    }
    for (std::size_t c = d; c-- > 0;) {
      for (std::size_t b = c + 1; b < d; ++b) step[c] -= H[c * d + b] * step[b];
      step[c] /= H[c * d + c];
    }
    double moved = 0;
    for (std::size_t a = 0; a < d; ++a) { beta[a] -= step[a]; moved += std::fabs(step[a]); }
    if (moved < 1e-10) break;
  }
  return beta;
}
}  // namespace parley::triage
