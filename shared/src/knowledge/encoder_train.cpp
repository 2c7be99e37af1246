// Contrastive training of the retrieval encoder (see parley/encoder.h).
//
// Each step draws `batch` pairs: a source by its weight, one of its labels uniformly, two of that
// label's messages (or a message and the label's name). Every message must pick its partner out of
// the other pairs' partners: a softmax over cosines / temperature, both directions (anchor → positive
// and back). A partner with the same label is neither the answer nor a negative (masked), so small
// label sets (13 support intents) still fill large batches. Gradients flow through the L2
// normalisation into the summed rows; each row has its own Adagrad accumulator (row-wise, as sparse
// embedding tables are trained), the learning rate decays linearly to 0.
#include "parley/encoder.h"
#include "parley/text.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace parley::knowledge {
namespace {
struct Label {
  std::size_t source;
  std::vector<std::size_t> messages;  // positions in `features`
  std::size_t name;                   // position of the label's name in `features`
};

struct Batch {
  std::vector<std::size_t> item;   // 2 × pairs: anchor, positive, anchor, positive …
  std::vector<std::size_t> label;  // per pair
};

std::string json_escape(const std::string& s) { return Json(s).dump(); }
}  // namespace

Encoder train_encoder(const std::vector<LabelledText>& data, const EncoderTrainOptions& o,
                      const std::vector<std::pair<std::string, double>>& source_weight, std::string* log) {
  if (o.dim == 0 || o.rows == 0 || o.batch < 2) throw Error("invalid_value", "encoder training needs dim, rows > 0 and batch ≥ 2");
  // Messages and label names as feature rows; labels grouped per source.
  std::vector<std::vector<std::uint32_t>> features;
  std::vector<std::string> sources;
  std::map<std::pair<std::string, std::string>, std::size_t> label_of;
  std::vector<Label> labels;
  std::map<std::string, std::size_t> per_source;
  for (const auto& d : data) {
    auto rows = encoder_rows(d.text, o.rows);
    if (rows.empty()) continue;
    auto s = std::find(sources.begin(), sources.end(), d.source);
    std::size_t source = static_cast<std::size_t>(s - sources.begin());
    if (s == sources.end()) sources.push_back(d.source);
    auto [it, fresh] = label_of.emplace(std::make_pair(d.source, d.label), labels.size());
    if (fresh) {
      features.push_back(encoder_rows(label_text(d.label), o.rows));
      labels.push_back({source, {}, features.size() - 1});
    }
    features.push_back(std::move(rows));
    labels[it->second].messages.push_back(features.size() - 1);
    ++per_source[d.source];
  }
  if (labels.empty()) throw Error("invalid_value", "no training messages with features");
  std::vector<std::vector<std::size_t>> labels_of_source(sources.size());
  for (std::size_t l = 0; l < labels.size(); ++l) labels_of_source[labels[l].source].push_back(l);
  std::vector<double> weight(sources.size(), 1.0);
  for (const auto& [name, w] : source_weight)
    for (std::size_t s = 0; s < sources.size(); ++s) if (sources[s] == name) weight[s] = w;
  double total_weight = 0;
  for (double w : weight) total_weight += w;

  // Rows every training message touches: only those are stored (and counted for min_count).
  std::vector<std::uint32_t> seen(o.rows, 0);
  for (const auto& f : features) for (std::uint32_t r : f) ++seen[r];

  const std::size_t d = o.dim;
  text::SplitMix64 rng{o.seed};
  std::vector<float> table(std::size_t(o.rows) * d);
  for (float& x : table) x = static_cast<float>((rng.unit() * 2 - 1) * 0.1);
  std::vector<double> accum(o.rows, 0.0);

  const std::size_t pairs = o.batch, n = 2 * pairs;
  std::vector<double> e(n * d), v(n * d), g(n * d), norm(n);
  std::vector<double> sim(pairs * pairs), grad_sim(pairs * pairs);
  std::vector<std::int32_t> slot(o.rows, -1);
  std::vector<std::uint32_t> touched;
  std::vector<double> row_grad;
  double loss_sum = 0;
  std::size_t loss_n = 0;

  for (std::size_t step = 0; step < o.steps; ++step) {
    // Draw the batch.
    Batch b;
    for (std::size_t p = 0; p < pairs; ++p) {
      double pick = rng.unit() * total_weight;
      std::size_t s = 0;
      while (s + 1 < sources.size() && pick >= weight[s]) pick -= weight[s++];
      const auto& ls = labels_of_source[s];
      std::size_t l = ls[static_cast<std::size_t>(rng.next() % (ls.size()))];
      const auto& m = labels[l].messages;
      std::size_t a = static_cast<std::size_t>(rng.next() % (m.size()));
      std::size_t positive = labels[l].name;
      if (m.size() > 1 && !(rng.unit() < o.label_name_share)) {
        std::size_t q = static_cast<std::size_t>(rng.next() % (m.size() - 1));
        positive = m[q >= a ? q + 1 : q];
      }
      b.item.push_back(m[a]);
      b.item.push_back(positive);
      b.label.push_back(l);
    }
    // Forward: summed rows, L2-normalised.
    std::fill(e.begin(), e.end(), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      double* ei = &e[i * d];
      for (std::uint32_t r : features[b.item[i]]) {
        const float* row = &table[std::size_t(r) * d];
        for (std::size_t k = 0; k < d; ++k) ei[k] += row[k];
      }
      double s = 0;
      for (std::size_t k = 0; k < d; ++k) s += ei[k] * ei[k];
      norm[i] = std::sqrt(s);
      for (std::size_t k = 0; k < d; ++k) v[i * d + k] = norm[i] > 0 ? ei[k] / norm[i] : 0;
    }
    for (std::size_t i = 0; i < pairs; ++i)
      for (std::size_t j = 0; j < pairs; ++j) {
        double s = 0;
        const double* a = &v[(2 * i) * d];
        const double* p = &v[(2 * j + 1) * d];
        for (std::size_t k = 0; k < d; ++k) s += a[k] * p[k];
        sim[i * pairs + j] = s / o.temperature;
      }
    // Softmax both ways, same-label partners masked; grad_sim = dLoss/dsim.
    std::fill(grad_sim.begin(), grad_sim.end(), 0.0);
    auto masked = [&](std::size_t i, std::size_t j) { return i != j && b.label[i] == b.label[j]; };
    double loss = 0;
    for (int direction = 0; direction < 2; ++direction)
      for (std::size_t i = 0; i < pairs; ++i) {
        auto at = [&](std::size_t j) { return direction == 0 ? i * pairs + j : j * pairs + i; };
        double top = -1e300;
        for (std::size_t j = 0; j < pairs; ++j) if (!masked(i, j)) top = std::max(top, sim[at(j)]);
        double z = 0;
        for (std::size_t j = 0; j < pairs; ++j) if (!masked(i, j)) z += text::exp_det(sim[at(j)] - top);
        for (std::size_t j = 0; j < pairs; ++j) {
          if (masked(i, j)) continue;
          double p = text::exp_det(sim[at(j)] - top) / z;
          grad_sim[at(j)] += (p - (i == j ? 1.0 : 0.0)) / double(2 * pairs);
        }
        loss += -(sim[at(i)] - top - text::log_det(z)) / double(2 * pairs);
      }
    loss_sum += loss;
    ++loss_n;
    // Back through the cosines and the normalisation: dL/de = (g − (g·v) v) / |e|.
    std::fill(g.begin(), g.end(), 0.0);
    for (std::size_t i = 0; i < pairs; ++i)
      for (std::size_t j = 0; j < pairs; ++j) {
        double w = grad_sim[i * pairs + j] / o.temperature;
        if (w == 0) continue;
        double* ga = &g[(2 * i) * d];
        double* gp = &g[(2 * j + 1) * d];
        const double* a = &v[(2 * i) * d];
        const double* p = &v[(2 * j + 1) * d];
        for (std::size_t k = 0; k < d; ++k) { ga[k] += w * p[k]; gp[k] += w * a[k]; }
      }
    for (std::size_t i = 0; i < n; ++i) {
      if (norm[i] <= 0) continue;
      double* gi = &g[i * d];
      const double* vi = &v[i * d];
      double along = 0;
      for (std::size_t k = 0; k < d; ++k) along += gi[k] * vi[k];
      for (std::size_t k = 0; k < d; ++k) gi[k] = (gi[k] - along * vi[k]) / norm[i];
    }
    // Sum the gradient per row (rows in first-touch order: the same every run), then Adagrad.
    touched.clear();
    row_grad.clear();
    for (std::size_t i = 0; i < n; ++i) {
      if (norm[i] <= 0) continue;
      for (std::uint32_t r : features[b.item[i]]) {
        if (slot[r] < 0) {
          slot[r] = static_cast<std::int32_t>(touched.size());
          touched.push_back(r);
          row_grad.resize(row_grad.size() + d, 0.0);
        }
        double* rg = &row_grad[std::size_t(slot[r]) * d];
        for (std::size_t k = 0; k < d; ++k) rg[k] += g[i * d + k];
      }
    }
    double lr = o.learning_rate * (1.0 - double(step) / double(o.steps));
    for (std::size_t t = 0; t < touched.size(); ++t) {
      std::uint32_t r = touched[t];
      const double* rg = &row_grad[t * d];
      double sq = 0;
      for (std::size_t k = 0; k < d; ++k) sq += rg[k] * rg[k];
      accum[r] += sq / double(d);
      double rate = lr / std::sqrt(accum[r] + 1e-10);
      float* row = &table[std::size_t(r) * d];
      for (std::size_t k = 0; k < d; ++k) row[k] = static_cast<float>(row[k] - rate * rg[k]);
      slot[r] = -1;
    }
    if (log && ((step + 1) % 500 == 0 || step + 1 == o.steps)) {
      std::ostringstream line;
      line << "step " << step + 1 << " loss " << loss_sum / double(loss_n) << "\n";
      *log += line.str();
      loss_sum = 0;
      loss_n = 0;
    }
  }

  std::vector<bool> trained(o.rows);
  for (std::uint32_t r = 0; r < o.rows; ++r) trained[r] = seen[r] >= std::max<std::uint32_t>(1, o.min_count);
  std::ostringstream info;
  info << "{\"dim\":" << o.dim << ",\"rows\":" << o.rows << ",\"steps\":" << o.steps << ",\"batch\":" << o.batch
       << ",\"learning_rate\":" << o.learning_rate << ",\"temperature\":" << o.temperature
       << ",\"label_name_share\":" << o.label_name_share << ",\"seed\":" << o.seed << ",\"min_count\":" << o.min_count
       << ",\"labels\":" << labels.size() << ",\"sources\":{";
  bool first = true;
  for (const auto& [name, count] : per_source) {
    info << (first ? "" : ",") << json_escape(name) << ":" << count;
    first = false;
  }
  info << "}}";
  return Encoder::quantize(table, o.rows, o.dim, trained, info.str());
}
}  // namespace parley::knowledge
