// Training: multinomial logistic regression by SGD over hashed n-gram features (deterministic for a
// seed), temperature scaling on held-out data, and pruning to a size budget.
#include "parley/triage.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace parley::triage {
namespace {
using Rng = text::SplitMix64;

struct Sparse {
  std::vector<std::uint32_t> index;
  std::vector<float> value;
  std::size_t label;
};
}  // namespace

namespace {
Model train_on(std::vector<std::vector<Feature>> feats, const std::vector<std::string>& labels, const std::vector<std::uint32_t>& words,
               const TrainOptions& o);
}  // namespace

Model train(const std::vector<Example>& examples, const TrainOptions& o) {
  std::vector<std::vector<Feature>> feats;
  std::vector<std::string> labels;
  feats.reserve(examples.size());
  std::vector<std::uint32_t> words;  // the training messages' words, for the vocabulary filter
  std::vector<bool> lexical;
  for (const auto& e : examples) {
    labels.push_back(e.label);
    feats.push_back(featurize(normalize(e.text), o.features, nullptr, &lexical));
    for (std::size_t i = 0; i < feats.back().size(); ++i)
      if (lexical[i]) words.push_back(feats.back()[i].id);
  }
  return train_on(std::move(feats), labels, words, o);
}

Model train(const std::vector<std::vector<Feature>>& features, const std::vector<std::string>& labels, const TrainOptions& o) {
  TrainOptions no_vocabulary = o;
  no_vocabulary.vocabulary_bits = 0;
  return train_on(features, labels, {}, no_vocabulary);
}

namespace {
Model train_on(std::vector<std::vector<Feature>> feats, const std::vector<std::string>& labels, const std::vector<std::uint32_t>& words_in,
               const TrainOptions& o) {
  Model m;
  m.features = o.features;
  std::unordered_map<std::uint32_t, std::uint32_t> counts;
  std::vector<std::uint32_t> words = words_in;
  for (std::size_t e = 0; e < feats.size(); ++e) {
    if (m.label_index(labels[e]) < 0) m.labels.push_back(labels[e]);
    for (const auto& f : feats[e]) ++counts[f.id];
  }
  if (o.vocabulary_bits > 0) {
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    m.vocabulary.assign(std::max<std::size_t>(1, (words.size() * o.vocabulary_bits + 7) / 8), 0);
    for (auto id : words) m.add_word(id);
  }
  for (const auto& [id, n] : counts)
    if (static_cast<int>(n) >= o.min_count) m.keys.push_back(id);
  std::sort(m.keys.begin(), m.keys.end());
  std::unordered_map<std::uint32_t, std::uint32_t> row;
  row.reserve(m.keys.size());
  for (std::size_t i = 0; i < m.keys.size(); ++i) row[m.keys[i]] = static_cast<std::uint32_t>(i);

  std::vector<Sparse> data(feats.size());
  for (std::size_t i = 0; i < feats.size(); ++i) {
    data[i].label = static_cast<std::size_t>(m.label_index(labels[i]));
    for (const auto& f : feats[i]) {
      auto it = row.find(f.id);
      if (it == row.end()) continue;
      data[i].index.push_back(it->second);
      data[i].value.push_back(f.value);
    }
  }
  feats.clear();

  const std::size_t k = m.classes();
  m.weights.assign(m.keys.size() * k, 0.0f);
  m.bias.assign(k, 0.0f);
  m.exact.assign(m.keys.size(), 0);
  std::vector<std::size_t> order(data.size());
  std::iota(order.begin(), order.end(), 0);
  Rng rng{o.seed};
  auto uniform = [&rng](double scale) { return static_cast<float>((rng.unit() * 2 - 1) * scale); };
  const std::size_t h = o.hidden;
  m.hidden = h;
  if (h) {
    m.embed.resize(m.keys.size() * h);
    for (auto& e : m.embed) e = uniform(0.1);
    m.hidden_bias.assign(h, 0.0f);
    m.out.resize(h * k);
    for (auto& v : m.out) v = uniform(1.0 / std::sqrt(double(h)));
  }
  std::vector<double> act(h), grad_h(h);
  const double total = double(o.epochs) * double(data.size());
  double done = 0;
  std::vector<float> z(k);
  std::vector<double> p(k);
  std::vector<std::size_t> active;
  active.reserve(k);
  // Averaging the end-of-epoch weights of the later epochs smooths SGD's noise (Polyak-style).
  std::vector<double> avg;
  int averaged = 0;
  for (int epoch = 0; epoch < o.epochs; ++epoch) {
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.next() % i]);
    Sparse kept;
    for (std::size_t idx : order) {
      const Sparse* xp = &data[idx];
      if (o.dropout > 0) {
        // Input dropout: a message must be recognised from a random part of its n-grams, so the
        // model cannot lean on a few of them (an adaptive regulariser: Wager et al., 2013).
        kept.index.clear();
        kept.value.clear();
        kept.label = xp->label;
        const double keep = 1.0 - o.dropout;
        for (std::size_t j = 0; j < xp->index.size(); ++j)
          if (rng.unit() < keep) {
            kept.index.push_back(xp->index[j]);
            kept.value.push_back(static_cast<float>(xp->value[j] / keep));
          }
        xp = &kept;
      }
      const Sparse& x = *xp;
      double lr = o.learning_rate * (1.0 - done / total);
      done += 1;
      std::copy(m.bias.begin(), m.bias.end(), z.begin());
      for (std::size_t j = 0; j < x.index.size(); ++j) {
        const float* w = &m.weights[std::size_t(x.index[j]) * k];
        const float v = x.value[j];
        for (std::size_t c = 0; c < k; ++c) z[c] += w[c] * v;
      }
      if (h) {
        std::copy(m.hidden_bias.begin(), m.hidden_bias.end(), act.begin());
        for (std::size_t j = 0; j < x.index.size(); ++j) {
          const float* e = &m.embed[std::size_t(x.index[j]) * h];
          for (std::size_t u = 0; u < h; ++u) act[u] += double(e[u]) * x.value[j];
        }
        for (std::size_t u = 0; u < h; ++u) {
          if (act[u] <= 0) { act[u] = 0; continue; }
          const float* ou = &m.out[u * k];
          for (std::size_t c = 0; c < k; ++c) z[c] += static_cast<float>(ou[c] * act[u]);
        }
      }
      float top = *std::max_element(z.begin(), z.end());
      double sum = 0;
      for (std::size_t c = 0; c < k; ++c) sum += p[c] = exp_det(double(z[c] - top));
      // Only labels with a noticeable gradient are updated: late in training that is a handful,
      // which keeps the pass over a row's memory short.
      active.clear();
      for (std::size_t c = 0; c < k; ++c) {
        p[c] = p[c] / sum - (c == x.label ? 1.0 : 0.0);
        if (std::fabs(p[c]) > 1e-4) active.push_back(c);
      }
      for (std::size_t j = 0; j < x.index.size(); ++j) {
        float* w = &m.weights[std::size_t(x.index[j]) * k];
        const double step = lr * x.value[j];
        for (std::size_t c : active) w[c] = static_cast<float>(w[c] - step * p[c]);
      }
      for (std::size_t c : active) m.bias[c] = static_cast<float>(m.bias[c] - 0.1 * lr * p[c]);
      if (h) {
        const double lr_h = lr * o.hidden_rate;
        for (std::size_t u = 0; u < h; ++u) {
          grad_h[u] = 0;
          if (act[u] <= 0) continue;
          float* ou = &m.out[u * k];
          for (std::size_t c : active) {
            grad_h[u] += double(ou[c]) * p[c];
            ou[c] = static_cast<float>(ou[c] - lr_h * act[u] * p[c]);
          }
          m.hidden_bias[u] = static_cast<float>(m.hidden_bias[u] - lr_h * grad_h[u]);
        }
        for (std::size_t j = 0; j < x.index.size(); ++j) {
          float* e = &m.embed[std::size_t(x.index[j]) * h];
          const double step = lr_h * x.value[j];
          for (std::size_t u = 0; u < h; ++u)
            if (grad_h[u] != 0) e[u] = static_cast<float>(e[u] - step * grad_h[u]);
        }
      }
    }
    if (o.average_from > 0 && epoch + 1 >= o.average_from) {
      if (avg.empty()) avg.assign(m.weights.size() + k, 0.0);
      for (std::size_t i = 0; i < m.weights.size(); ++i) avg[i] += m.weights[i];
      for (std::size_t c = 0; c < k; ++c) avg[m.weights.size() + c] += m.bias[c];
      ++averaged;
    }
  }
  if (averaged > 0) {
    for (std::size_t i = 0; i < m.weights.size(); ++i) m.weights[i] = static_cast<float>(avg[i] / averaged);
    for (std::size_t c = 0; c < k; ++c) m.bias[c] = static_cast<float>(avg[m.weights.size() + c] / averaged);
  }
  return m;
}
}  // namespace

// The Bloom filter's three probes of a word: double hashing over the filter's bits.
void Model::add_word(std::uint32_t id) {
  if (vocabulary.empty()) return;
  const std::uint64_t n = vocabulary.size() * 8ull, h2 = (std::uint64_t(id) * 0x9E3779B97F4A7C15ull >> 32) | 1;
  for (std::uint64_t i = 0; i < 3; ++i) {
    std::uint64_t b = (id + i * h2) % n;
    vocabulary[b / 8] = static_cast<std::uint8_t>(vocabulary[b / 8] | (1u << (b % 8)));
  }
}

bool Model::seen_word(std::uint32_t id) const {
  if (vocabulary.empty()) return true;
  const std::uint64_t n = vocabulary.size() * 8ull, h2 = (std::uint64_t(id) * 0x9E3779B97F4A7C15ull >> 32) | 1;
  for (std::uint64_t i = 0; i < 3; ++i) {
    std::uint64_t b = (id + i * h2) % n;
    if (!(vocabulary[b / 8] & (1u << (b % 8)))) return false;
  }
  return true;
}

double calibrate(Model& m, const std::vector<Example>& validation) {
  std::vector<std::vector<Feature>> features;
  std::vector<std::string> labels;
  for (const auto& e : validation) {
    if (m.label_index(e.label) < 0) continue;  // e.g. out-of-scope examples: not a label of the model
    features.push_back(featurize(normalize(e.text), m.features));
    labels.push_back(e.label);
  }
  return calibrate(m, features, labels);
}

double calibrate(Model& m, const std::vector<std::vector<Feature>>& features, const std::vector<std::string>& labels) {
  std::vector<std::vector<double>> z;
  std::vector<int> y;
  for (std::size_t i = 0; i < features.size(); ++i) {
    int label = m.label_index(labels[i]);
    if (label < 0) continue;
    z.push_back(scores(m, features[i]));
    y.push_back(label);
  }
  if (z.empty()) return m.temperature;
  auto nll = [&](double t) {
    double s = 0;
    for (std::size_t i = 0; i < z.size(); ++i) {
      double top = *std::max_element(z[i].begin(), z[i].end()), sum = 0;
      for (double v : z[i]) sum += std::exp((v - top) / t);
      s += std::log(sum) - (z[i][y[i]] - top) / t;
    }
    return s;
  };
  // Golden-section search over log T (the NLL is unimodal in T for temperature scaling).
  double a = std::log(0.02), b = std::log(20.0);
  const double g = (std::sqrt(5.0) - 1) / 2;
  double c = b - g * (b - a), d = a + g * (b - a);
  double fc = nll(std::exp(c)), fd = nll(std::exp(d));
  for (int i = 0; i < 60; ++i) {
    if (fc < fd) { b = d; d = c; fd = fc; c = b - g * (b - a); fc = nll(std::exp(c)); }
    else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = nll(std::exp(d)); }
  }
  m.temperature = std::exp((a + b) / 2);
  return m.temperature;
}

void prune(Model& m, std::size_t max_bytes) {
  const std::size_t k = m.classes();
  Model empty = m;
  empty.keys.clear();
  empty.weights.clear();
  empty.exact.clear();
  empty.embed.clear();
  std::size_t fixed = serialize(empty).size();
  // A v6 row: its key's gap (≈3 bytes), a 2-byte scale and k int8 weights (plus the hidden layer's
  // row). Gaps grow as rows go, so the estimate is checked below and tightened until it fits.
  std::size_t per_row = 3 + 2 + k + (m.hidden ? 2 + m.hidden : 0);
  std::size_t fit = max_bytes > fixed ? (max_bytes - fixed) / per_row : 0;
  if (m.keys.size() <= fit && serialize(m).size() <= max_bytes) return;
  std::vector<std::pair<float, std::size_t>> rank;
  const std::size_t h = m.hidden;
  for (std::size_t r = 0; r < m.keys.size(); ++r) {
    float top = 0;
    for (std::size_t c = 0; c < k; ++c) top = std::max(top, std::fabs(m.weights[r * k + c]));
    for (std::size_t j = 0; j < h; ++j) top = std::max(top, std::fabs(m.embed[r * h + j]));
    rank.emplace_back(top, r);
  }
  std::stable_sort(rank.begin(), rank.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  auto keep = [&](std::size_t count) {
    std::vector<std::pair<float, std::size_t>> kept(rank.begin(), rank.begin() + long(std::min(count, rank.size())));
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    Model out = m;
    out.keys.clear();
    out.weights.clear();
    out.exact.clear();
    out.embed.clear();
    for (const auto& [score, r] : kept) {
      if (h) out.embed.insert(out.embed.end(), m.embed.begin() + long(r * h), m.embed.begin() + long((r + 1) * h));
      out.keys.push_back(m.keys[r]);
      out.weights.insert(out.weights.end(), m.weights.begin() + long(r * k), m.weights.begin() + long((r + 1) * k));
      out.exact.push_back(m.exact.empty() ? 0 : m.exact[r]);
    }
    return out;
  };
  // The most rows that fit: the size only grows with the count, so bracket the estimate and bisect.
  auto fits = [&](std::size_t count) { return serialize(keep(count)).size() <= max_bytes; };
  std::size_t lo = 0, hi = rank.size() + 1;  // fits(lo); !fits(hi) or hi past the end
  fit = std::min(fit, rank.size());
  if (fits(fit)) {
    lo = fit;
    for (std::size_t step = std::max<std::size_t>(1, fit / 64); lo + step <= rank.size(); step *= 2) {
      if (!fits(lo + step)) { hi = lo + step; break; }
      lo += step;
    }
  } else {
    hi = fit;
  }
  while (hi - lo > 1) {
    std::size_t mid = lo + (hi - lo) / 2;
    (fits(mid) ? lo : hi) = mid;
  }
  m = keep(lo);
}
}  // namespace parley::triage
