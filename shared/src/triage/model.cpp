// Scoring with the sparse linear model, calibrated probabilities, and online correction.
#include "parley/triage.h"

#include <algorithm>
#include <numeric>

namespace parley::triage {

int Model::label_index(std::string_view label) const {
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (labels[i] == label) return static_cast<int>(i);
  return -1;
}

long Model::row_index(std::uint32_t key) const {
  auto it = std::lower_bound(keys.begin(), keys.end(), key);
  if (it == keys.end() || *it != key) return -1;
  return it - keys.begin();
}

namespace {
std::vector<double> softmax(const std::vector<double>& z, double temperature) {
  std::vector<double> p(z.size());
  if (z.empty()) return p;
  double top = *std::max_element(z.begin(), z.end());
  double sum = 0;
  for (std::size_t i = 0; i < z.size(); ++i) sum += p[i] = exp_det((z[i] - top) / temperature);
  for (auto& v : p) v /= sum;
  return p;
}
}  // namespace

std::vector<double> scores(const Model& m, const std::vector<Feature>& features) {
  const std::size_t k = m.classes();
  std::vector<double> z(m.bias.begin(), m.bias.end());
  const std::size_t h = m.hidden;
  std::vector<double> a(m.hidden_bias.begin(), m.hidden_bias.end());
  for (const auto& f : features) {
    long r = m.row_index(f.id);
    if (r < 0) continue;
    const float* w = &m.weights[static_cast<std::size_t>(r) * k];
    for (std::size_t c = 0; c < k; ++c) z[c] += double(w[c]) * f.value;
    if (h) {
      const float* e = &m.embed[static_cast<std::size_t>(r) * h];
      for (std::size_t j = 0; j < h; ++j) a[j] += double(e[j]) * f.value;
    }
  }
  for (std::size_t j = 0; j < h; ++j) {
    if (a[j] <= 0) continue;
    const float* o = &m.out[j * k];
    for (std::size_t c = 0; c < k; ++c) z[c] += double(o[c]) * a[j];
  }
  return z;
}

std::vector<double> probabilities(const Model& m, const std::vector<double>& z) { return softmax(z, m.temperature); }

Prediction predict(const Model& m, std::string_view text) {
  Prediction p;
  p.features = featurize(normalize(text), m.features, nullptr, &p.lexical);
  p.probs = probabilities(m, scores(m, p.features));
  p.order.resize(p.probs.size());
  std::iota(p.order.begin(), p.order.end(), 0);
  std::stable_sort(p.order.begin(), p.order.end(), [&](std::size_t a, std::size_t b) { return p.probs[a] > p.probs[b]; });
  return p;
}

void correct(Model& m, std::string_view text, const std::string& intent) {
  int target = m.label_index(intent);
  if (target < 0) {  // a new intent from the pack: add a column, starting below every other label
    std::size_t k = m.classes();
    std::vector<float> w(m.keys.size() * (k + 1), 0.0f);
    for (std::size_t r = 0; r < m.keys.size(); ++r) std::copy_n(&m.weights[r * k], k, &w[r * (k + 1)]);
    m.weights = std::move(w);
    std::vector<float> o(m.hidden * (k + 1), 0.0f);  // the hidden layer says nothing about it yet
    for (std::size_t j = 0; j < m.hidden; ++j) std::copy_n(&m.out[j * k], k, &o[j * (k + 1)]);
    m.out = std::move(o);
    m.labels.push_back(intent);
    m.bias.push_back(m.bias.empty() ? 0.0f : *std::min_element(m.bias.begin(), m.bias.end()));
    target = static_cast<int>(k);
  }
  const std::size_t k = m.classes();
  std::vector<bool> lexical;
  auto feats = featurize(normalize(text), m.features, nullptr, &lexical);
  // The model has now seen this message's words: the familiarity signal should say so.
  for (std::size_t i = 0; i < feats.size(); ++i)
    if (lexical[i]) m.add_word(feats[i].id);
  // Make sure every feature of this message has a row, so the correction can reach it.
  for (const auto& f : feats) {
    auto it = std::lower_bound(m.keys.begin(), m.keys.end(), f.id);
    if (it != m.keys.end() && *it == f.id) continue;
    std::size_t r = static_cast<std::size_t>(it - m.keys.begin());
    m.keys.insert(it, f.id);
    m.weights.insert(m.weights.begin() + static_cast<long>(r * k), k, 0.0f);
    m.exact.insert(m.exact.begin() + static_cast<long>(r), 1);
    m.embed.insert(m.embed.begin() + static_cast<long>(r * m.hidden), m.hidden, 0.0f);
  }
  // Gradient steps on this message alone until the corrected intent clearly wins (bounded).
  for (int step = 0; step < 60; ++step) {
    auto z = scores(m, feats);
    auto p = softmax(z, m.temperature);
    std::size_t best = static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin());
    if (best == static_cast<std::size_t>(target) && p[target] >= 0.6) break;
    const double lr = 1.0;
    for (const auto& f : feats) {
      std::size_t r = static_cast<std::size_t>(m.row_index(f.id));
      m.exact[r] = 1;
      float* w = &m.weights[r * k];
      for (std::size_t c = 0; c < k; ++c) {
        double g = p[c] - (c == static_cast<std::size_t>(target) ? 1.0 : 0.0);
        w[c] = static_cast<float>(w[c] - lr * g * f.value);
      }
    }
  }
  m.corrections.push_back(Correction{std::string(text), intent});
}
}  // namespace parley::triage
