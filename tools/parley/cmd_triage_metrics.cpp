// Metrics for triage evaluations (accuracy, macro-F1, per-label F1, ECE, confusion) and the
// train-then-calibrate recipe the benchmarks share with `parley train triage`.
#include "cmd_triage_common.h"

#include <cmath>
#include <set>

namespace parley::cli::triage_tools {

Metrics metrics(const std::vector<Scored>& scored, std::size_t bins) {
  Metrics m;
  m.n = scored.size();
  if (scored.empty()) return m;
  std::set<std::string> labels;
  std::size_t right = 0;
  std::vector<double> conf(bins, 0), acc(bins, 0), count(bins, 0);
  for (const auto& s : scored) {
    labels.insert(s.truth);
    ++m.confusion[s.truth][s.predicted];
    bool ok = s.truth == s.predicted;
    right += ok;
    std::size_t b = std::min(bins - 1, static_cast<std::size_t>(s.confidence * static_cast<double>(bins)));
    conf[b] += s.confidence;
    acc[b] += ok;
    count[b] += 1;
  }
  m.accuracy = double(right) / double(scored.size());
  for (std::size_t b = 0; b < bins; ++b)
    if (count[b] > 0) m.ece += std::fabs(acc[b] - conf[b]) / double(scored.size());
  double sum = 0;
  for (const auto& l : labels) {
    double tp = 0, fp = 0, fn = 0;
    for (const auto& s : scored) {
      if (s.predicted == l && s.truth == l) ++tp;
      else if (s.predicted == l) ++fp;
      else if (s.truth == l) ++fn;
    }
    double f1 = tp == 0 ? 0 : 2 * tp / (2 * tp + fp + fn);
    m.f1[l] = f1;
    sum += f1;
  }
  m.macro_f1 = sum / double(labels.size());
  return m;
}

double r4(double v) { return std::round(v * 10000) / 10000; }

Json to_json(const Metrics& m, bool with_confusion) {
  Json f1 = Json::object();
  for (const auto& [l, v] : m.f1) f1[l] = r4(v);
  Json j{{"n", m.n}, {"accuracy", r4(m.accuracy)}, {"macro_f1", r4(m.macro_f1)}, {"ece", r4(m.ece)}, {"f1", f1}};
  if (with_confusion) j["confusion"] = m.confusion;
  return j;
}

std::vector<Scored> score(const triage::Model& model, const std::vector<Row>& rows) {
  std::vector<Scored> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    auto p = triage::predict(model, r.text);
    out.push_back(Scored{r.intent, model.labels[p.order[0]], r.lang, p.probs[p.order[0]]});
  }
  return out;
}

namespace {
double accuracy_on(const triage::Model& model, const std::vector<Row>& rows) {
  std::size_t right = 0;
  for (const auto& s : score(model, rows)) right += s.truth == s.predicted;
  return rows.empty() ? 0 : double(right) / double(rows.size());
}
}  // namespace

std::vector<std::size_t> hidden_choices(const std::string& option) {
  if (option == "auto") return {0, 32};
  return {static_cast<std::size_t>(std::stoul(option))};
}

triage::Model train_calibrated(const std::vector<Row>& train, const std::vector<Row>& val, const triage::TrainOptions& options,
                               const std::vector<std::size_t>& hidden, Selection* chosen, const Families* familiar,
                               double in_domain_share) {
  auto finish = [&](triage::Model m) {
    triage::prune(m, options.max_bytes);
    return triage::parse(triage::serialize(m));  // exactly what ships: int8 rows
  };
  auto with = [&](std::size_t units) {
    triage::TrainOptions o = options;
    o.hidden = units;
    return o;
  };
  std::vector<std::size_t> choices = hidden.empty() ? std::vector<std::size_t>{options.hidden} : hidden;
  Selection sel;
  // Every candidate is trained on `fit` and judged on `judge`; the better one (the first on a tie) is kept.
  auto choose = [&](const std::vector<Row>& fit, const std::vector<Row>& judge) {
    triage::Model best;
    for (std::size_t units : choices) {
      triage::Model m = finish(triage::train(examples(fit), with(units)));
      double acc = choices.size() > 1 ? accuracy_on(m, judge) : 0;
      sel.validation_accuracy[units] = acc;
      if (best.labels.empty() || acc > sel.validation_accuracy[sel.hidden]) { best = std::move(m); sel.hidden = units; }
    }
    return best;
  };
  if (!val.empty()) {
    triage::Model best = choose(train, val);
    triage::calibrate(best, examples(val));
    if (familiar) best.familiarity_weights = familiarity_calibrator(best, val, *familiar, in_domain_share);
    sel.probe = std::make_shared<const triage::Model>(best);
    sel.held = val;
    if (chosen) *chosen = std::move(sel);
    return best;
  }
  // No validation split given: choose and fit the temperature on 10% held back, then train on everything.
  std::vector<Row> kept, held;
  split(train, 10, kept, held);
  triage::Model probe = choose(kept, held);
  double t = triage::calibrate(probe, examples(held));
  triage::Model m = finish(triage::train(examples(train), with(sel.hidden)));
  m.temperature = t;
  // Fitted on the probe's answers, like the temperature: the probe never saw `held`.
  if (familiar) m.familiarity_weights = familiarity_calibrator(probe, held, *familiar, in_domain_share);
  sel.probe = std::make_shared<const triage::Model>(std::move(probe));
  sel.held = std::move(held);
  if (chosen) *chosen = std::move(sel);
  return m;
}
}  // namespace parley::cli::triage_tools
