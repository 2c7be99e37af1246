// The familiarity signal: what the model has seen of a message, dropout views that agree or not,
// and the calibrator that lowers the confidence of unfamiliar messages.
#include "parley/api.h"
#include "parley/assets.h"
#include "parley/triage.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace parley;
using namespace parley::triage;

namespace {
Model support_model() {
  TrainOptions o;
  o.epochs = 30;
  return train({{"where is my order", "order_status"},         {"my parcel has not arrived yet", "order_status"},
                {"tracking number for my order please", "order_status"}, {"the courier lost my parcel", "order_status"},
                {"i want my money back for this order", "return_refund"}, {"refund for the broken item please", "return_refund"},
                {"how do i return this jacket", "return_refund"},   {"return label for my order", "return_refund"}},
               o);
}
}  // namespace

TEST_CASE("the deterministic log agrees with the library", "[triage]") {
  for (double x : {1e-300, 1e-9, 0.001, 0.3, 0.5, 0.7071, 1.0, 1.5, 2.0, 10.0, 12345.678, 1e200})
    CHECK(log_det(x) == Approx(std::log(x)).epsilon(1e-14));
  CHECK(log_det(0) < -700);
}

TEST_CASE("familiarity: words seen in training, and dropout views that agree", "[triage]") {
  Model m = support_model();
  REQUIRE(!m.vocabulary.empty());
  auto known = predict(m, "where is my parcel, the tracking number please");
  auto unknown = predict(m, "quantum chromodynamics lecture syllabus tomorrow");
  Familiarity a = familiarity(m, known), b = familiarity(m, unknown);
  CHECK(a.seen == 1.0);          // every word occurs in the training messages
  CHECK(b.seen < 0.5);           // these do not (a Bloom filter may let one through)
  CHECK(a.coverage > b.coverage);
  CHECK(a.agreement == 1.0);     // every half of the n-grams points to order_status
  for (const auto& f : {a, b}) {
    CHECK((f.agreement >= 0 && f.agreement <= 1));
    CHECK((f.view_confidence > 0 && f.view_confidence <= 1));
  }
  CHECK(familiarity_inputs(known.probs, a).size() == 11);
}

TEST_CASE("the familiarity calibrator learns which answers are right", "[triage]") {
  // One signal decides: right when the second input is high.
  std::vector<std::vector<double>> x;
  std::vector<int> y;
  std::vector<double> w;
  for (int i = 0; i < 200; ++i) {
    double s = (i % 20) / 19.0;
    x.push_back({1.0, s});
    y.push_back(i % 7 < (s > 0.5 ? 6 : 1));  // 6 in 7 right above 0.5, 1 in 7 below
    w.push_back(1.0);
  }
  auto beta = fit_familiarity(x, y, w);
  REQUIRE(beta.size() == 2);
  CHECK(beta[1] > 0);
  CHECK(fit_familiarity(x, y, w) == beta);  // deterministic
}

TEST_CASE("with a calibrator, triage.classify lowers the confidence of an unfamiliar message", "[triage]") {
  Model m = support_model();
  // A calibrator that trusts the top probability only as far as the message's words were seen.
  m.familiarity_weights = {-4, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0};
  m.taxonomy = R"({"tiers":{"auto":0.8,"prequalify":0.4}})";
  assets::put("triage", serialize(m));
  Json familiar = api::call("triage.classify", Json{{"text", "where is my order"}, {"lang", "en"}});
  Json strange = api::call("triage.classify", Json{{"text", "quantum chromodynamics lecture syllabus"}, {"lang", "en"}});
  REQUIRE(!strange.contains("error"));
  CHECK(familiar["familiarity"]["calibrated"] == true);
  CHECK(familiar["confidence"].get<double>() > 0.95);  // sigmoid(−4 + 8): every word seen
  CHECK(strange["confidence"].get<double>() < strange["familiarity"]["model_confidence"].get<double>());
  CHECK(strange["confidence"].get<double>() < 0.4);
  CHECK(strange["tier"] == "human");
  CHECK(strange["alternatives"][0]["confidence"] == strange["confidence"]);
  CHECK(strange["alternatives"][1]["confidence"].get<double>() <= strange["alternatives"][0]["confidence"].get<double>());
  // The weights survive the file; a file whose weights are not finite is refused.
  CHECK(parse(serialize(m)).familiarity_weights == m.familiarity_weights);
  m.familiarity_weights[0] = std::nan("");
  CHECK_THROWS_AS(parse(serialize(m)), Error);
  // Without a calibrator the confidence is the top probability, as before.
  m.familiarity_weights.clear();
  assets::put("triage", serialize(m));
  Json plain = api::call("triage.classify", Json{{"text", "quantum chromodynamics lecture syllabus"}, {"lang", "en"}});
  CHECK(plain["confidence"] == plain["familiarity"]["model_confidence"]);
  CHECK(plain["familiarity"]["calibrated"] == false);
}

TEST_CASE("a correction teaches the familiarity signal the message's words", "[triage]") {
  Model m = support_model();
  const std::string text = "quantum chromodynamics lecture syllabus";
  CHECK(familiarity(m, predict(m, text)).seen < 0.5);
  correct(m, text, "return_refund");
  CHECK(familiarity(m, predict(m, text)).seen == 1.0);
  CHECK(parse(serialize(m)).vocabulary == m.vocabulary);
}
