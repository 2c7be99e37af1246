// The triage classifier: features, training, calibration, serialisation, online correction.
#include "parley/api.h"
#include "parley/triage.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <numeric>

using namespace parley;
using namespace parley::triage;

namespace {
std::vector<Example> tiny_examples() {
  return {{"where is my order", "order_status"},       {"my package has not arrived", "order_status"},
          {"tracking number for my parcel", "order_status"}, {"注文した商品がまだ届きません", "order_status"},
          {"i want my money back", "return_refund"},   {"refund for the broken item please", "return_refund"},
          {"how do i return this", "return_refund"},   {"返品して返金してほしい", "return_refund"},
          {"thanks!", "no_action"},                    {"thank you so much", "no_action"},
          {"ok great", "no_action"},                   {"ありがとうございます", "no_action"}};
}
Model tiny_model() {
  TrainOptions o;
  o.epochs = 40;
  return train(tiny_examples(), o);
}
}  // namespace

TEST_CASE("normalisation folds case, width and Latin diacritics", "[triage]") {
  CHECK(normalize("ＨＥＬＬＯ  Wörld\n¡Não!") == "hello world ¡nao!");
  CHECK(normalize("  İstanbul   ŞEHİR ") == "istanbul sehir");
  CHECK(normalize("ДОСТАВКА") == "доставка");
  CHECK(normalize("注文　まだ") == "注文 まだ");
}

TEST_CASE("features need no word segmentation and are L2-normalised", "[triage]") {
  FeatureConfig c;
  std::vector<std::string> names;
  auto f = featurize(normalize("注文が届かない"), c, &names);
  REQUIRE(f.size() == names.size());
  CHECK(std::find(names.begin(), names.end(), "j:注文") != names.end());  // a character bigram inside the run
  double norm = 0;
  for (const auto& x : f) norm += double(x.value) * x.value;
  CHECK(norm == Approx(1.0));
  CHECK(std::is_sorted(f.begin(), f.end(), [](const Feature& a, const Feature& b) { return a.id < b.id; }));
  auto g = featurize(normalize("order 12345 refund"), c, &names);
  CHECK(std::find(names.begin(), names.end(), "w:00000") != names.end());  // digits keep their shape only
  CHECK(std::find(names.begin(), names.end(), "b:order 00000") != names.end());
  CHECK(featurize("", c).size() == 1);  // empty text still has the "empty" feature
}

TEST_CASE("the deterministic exp agrees with the library", "[triage]") {
  for (double x : {-30.0, -5.5, -1.0, -0.1, 0.0, 0.3, 2.0, 10.0, 40.0}) CHECK(exp_det(x) == Approx(std::exp(x)).epsilon(1e-14));
  CHECK(exp_det(-1000) == 0.0);
}

TEST_CASE("training is deterministic for a seed and learns the examples", "[triage]") {
  Model a = tiny_model(), b = tiny_model();
  CHECK(serialize(a) == serialize(b));
  CHECK(a.labels == std::vector<std::string>{"order_status", "return_refund", "no_action"});
  for (const auto& e : tiny_examples()) {
    auto p = predict(a, e.text);
    CHECK(a.labels[p.order[0]] == e.label);
  }
  TrainOptions o;
  o.seed = 7;
  CHECK(serialize(train(tiny_examples(), o)) != serialize(a));
}

TEST_CASE("calibrated probabilities are valid and sum to one", "[triage]") {
  Model m = tiny_model();
  double t = calibrate(m, {{"where's my parcel", "order_status"}, {"money back please", "return_refund"}, {"thanks a lot", "no_action"}});
  CHECK(t > 0);
  CHECK(m.temperature == t);
  for (const char* text : {"where is my refund", "???", "ありがとう", "x"}) {
    auto p = predict(m, text);
    double sum = std::accumulate(p.probs.begin(), p.probs.end(), 0.0);
    CHECK(sum == Approx(1.0).epsilon(1e-12));
    for (double v : p.probs) CHECK((v >= 0 && v <= 1));
    CHECK(p.probs[p.order[0]] >= p.probs[p.order[1]]);
  }
  // A higher temperature flattens the distribution.
  Model hot = m;
  hot.temperature = m.temperature * 4;
  CHECK(predict(hot, "where is my order").probs[0] < predict(m, "where is my order").probs[0]);
}

TEST_CASE("the model file round-trips and rejects damage", "[triage]") {
  Model m = tiny_model();
  m.taxonomy = R"({"tiers":{"auto":0.9,"prequalify":0.5}})";
  std::string bytes = serialize(m);
  Model back = parse(bytes);
  CHECK(back.labels == m.labels);
  CHECK(back.taxonomy == m.taxonomy);
  CHECK(serialize(back) == serialize(parse(serialize(back))));  // quantisation is stable
  auto p1 = predict(m, "where is my order"), p2 = predict(back, "where is my order");
  CHECK(p1.order[0] == p2.order[0]);
  CHECK_THROWS_AS(parse("nope"), Error);
  CHECK_THROWS_AS(parse(bytes.substr(0, bytes.size() / 2)), Error);
  CHECK_THROWS_AS(parse(bytes + "x"), Error);
  try {
    parse(std::string("PTRG\x09\0\0\0", 8));
  } catch (const Error& e) {
    CHECK(e.code == "invalid_model");
  }
}

TEST_CASE("feature options survive the file, and version 1, 2, 3, 4 and 5 files still load", "[triage]") {
  Model m = tiny_model();
  m.features.word_weight = 0.5f;
  REQUIRE(!m.vocabulary.empty());  // training keeps its words for the familiarity signal
  CHECK(parse(serialize(m)).vocabulary == m.vocabulary);
  m.vocabulary.clear();
  Model back = parse(serialize(m));
  CHECK(back.features.sublinear == m.features.sublinear);
  CHECK(back.features.word_weight == 0.5f);
  // A linear v5 file without a tone classifier, a familiarity calibrator or a vocabulary ends with
  // the hidden layer's size (0), the lexicon count, the corrections count, the tone classifier's
  // length (0), the calibrator's weight count (0) and the vocabulary's length (0); version 4 is the
  // same without the last two, version 3 also without the tone classifier's length, version 2 also
  // without the hidden layer's size.
  REQUIRE(serialize(m).substr(4, 4) == std::string("\x06\0\0\0", 4));
  std::string v5 = serialize(m, 5);
  REQUIRE(v5.substr(4, 4) == std::string("\x05\0\0\0", 4));
  // v5 keeps float scales where v6 rounds them to bfloat16: the same rows and keys, weights within
  // a rounding step, the same answer.
  Model five = parse(v5);
  CHECK(five.keys == back.keys);
  REQUIRE(five.weights.size() == back.weights.size());
  const std::size_t k = five.classes();
  for (std::size_t r = 0; r < five.keys.size(); ++r) {
    float top = 0, worst = 0;
    for (std::size_t c = 0; c < k; ++c) top = std::max(top, std::fabs(five.weights[r * k + c]));
    for (std::size_t c = 0; c < k; ++c) worst = std::max(worst, std::fabs(five.weights[r * k + c] - back.weights[r * k + c]));
    CHECK(worst <= top / 127.0f + 1e-7f);  // at most one int8 step of the row apart
  }
  CHECK(predict(five, "where is my order").order == predict(back, "where is my order").order);
  CHECK(serialize(five, 5) == v5);
  REQUIRE(v5.substr(v5.size() - 24) == std::string(24, '\0'));
  std::string v4 = v5.substr(0, 4) + std::string("\x04\0\0\0", 4) + v5.substr(8, v5.size() - 8 - 8);
  CHECK(predict(parse(v4), "where is my order").probs == predict(five, "where is my order").probs);
  std::string v3 = v4.substr(0, 4) + std::string("\x03\0\0\0", 4) + v4.substr(8, v4.size() - 8 - 4);
  Model three = parse(v3);
  CHECK(!three.tone);
  CHECK(predict(three, "where is my order").probs == predict(five, "where is my order").probs);
  std::string v2 = v3.substr(0, 4) + std::string("\x02\0\0\0", 4) + v3.substr(8, v3.size() - 8 - 12) + std::string(8, '\0');
  Model two = parse(v2);
  CHECK(two.hidden == 0);
  CHECK(two.features.word_weight == 0.5f);
  CHECK(predict(two, "where is my order").probs == predict(five, "where is my order").probs);
  // Version 1 is the v2 layout without the sublinear byte and the word weight (5 bytes).
  std::string v1 = v2.substr(0, 4) + std::string("\x01\0\0\0", 4) + v2.substr(8, 5) + v2.substr(8 + 5 + 5);
  Model old = parse(v1);
  CHECK(old.features.sublinear == 0);
  CHECK(old.features.word_weight == 1.0f);
  CHECK(old.labels == m.labels);
}

TEST_CASE("version 6 holds the same rows in fewer bytes, keeps corrected rows exact and rejects bad gaps", "[triage]") {
  Model m = tiny_model();
  correct(m, "my parcel is lost in space", "order_status");  // corrected rows stay float32
  std::string v6 = serialize(m), v5 = serialize(m, 5);
  const std::size_t rows = m.keys.size();
  CHECK(v5.size() - v6.size() >= rows * 2);  // the flag byte and 2 of the scale's per row, less the exact list (a tiny
                                             // model's key gaps are as long as its keys)
  Model back = parse(v6);
  CHECK(back.keys == m.keys);
  CHECK(back.exact == parse(v5).exact);
  std::size_t exact = 0;
  for (std::size_t r = 0; r < rows; ++r)
    if (back.exact[r]) {
      ++exact;
      for (std::size_t c = 0; c < m.classes(); ++c) CHECK(back.weights[r * m.classes() + c] == m.weights[r * m.classes() + c]);
    }
  CHECK(exact > 0);
  CHECK(serialize(back) == v6);  // stable: rounding twice changes nothing
  CHECK(predict(back, "my parcel is lost in space").order[0] == static_cast<std::size_t>(m.label_index("order_status")));
  CHECK_THROWS_AS(serialize(m, 4), Error);
  // The first key's gap sits after the header: find it as the bytes after the row count and
  // replace it with a gap of more than 32 bits, then with an unterminated one.
  Model empty = m;
  empty.keys.clear();
  empty.weights.clear();
  empty.exact.clear();
  std::string head = serialize(empty);
  std::size_t count_at = 0;
  for (std::size_t i = 0; i + 4 <= head.size(); ++i)
    if (head.compare(i, 4, std::string("\0\0\0\0", 4)) == 0 && v6.compare(i, 4, std::string(reinterpret_cast<const char*>(&rows), 4)) == 0) {
      count_at = i;
      break;
    }
  REQUIRE(count_at > 0);
  std::string too_big = v6;
  too_big.replace(count_at + 4, 0, std::string("\xff\xff\xff\xff\x7f", 5));
  CHECK_THROWS_AS(parse(too_big), Error);
  std::string cut = v6.substr(0, count_at + 4) + std::string(8, '\xff');
  CHECK_THROWS_AS(parse(cut), Error);
}

TEST_CASE("a tone classifier decides the sentiment label, survives the file and cannot nest", "[triage]") {
  // Polite words around a complaint: a lexicon reads "thank you" and "great" as positive, people
  // who label support messages read the complaint.
  const std::string polite_complaint = "thank you, great, but my parcel never arrived and nobody answers";
  TrainOptions o;
  o.epochs = 40;
  Model tone = train({{polite_complaint, "negative"}, {"still waiting for a reply, this is the third time", "negative"},
                      {"nobody answers my emails", "negative"}, {"where is my order", "neutral"},
                      {"what sizes do you have", "neutral"}, {"can i change my address", "neutral"},
                      {"love it, thanks so much", "positive"}, {"perfect, it works now", "positive"},
                      {"you are the best", "positive"}},
                     o);
  Model m = tiny_model();  // no lexicon: without a tone classifier every message reads neutral
  CHECK(sentiment(m, normalize(polite_complaint), polite_complaint).label == "neutral");
  m.tone = std::make_shared<const Model>(tone);
  Sentiment s = sentiment(m, normalize(polite_complaint), polite_complaint);
  CHECK(s.label == "negative");
  auto p = predict(tone, polite_complaint);
  double lean = p.probs[std::size_t(tone.label_index("positive"))] - p.probs[std::size_t(tone.label_index("negative"))];
  CHECK(s.score == Approx(lean).margin(0.0006));
  CHECK(s.score < 0);
  CHECK(sentiment(m, normalize("love it, thanks so much"), "love it, thanks so much").label == "positive");

  Model back = parse(serialize(m));
  REQUIRE(back.tone);
  CHECK(back.tone->labels == tone.labels);
  CHECK(sentiment(back, normalize(polite_complaint), polite_complaint).label == "negative");
  CHECK(serialize(back) == serialize(parse(serialize(back))));
  CHECK(predict(back, "where is my order").order[0] == predict(m, "where is my order").order[0]);  // intents unchanged

  // A tone classifier with a tone classifier of its own is refused (no unbounded nesting).
  Model inner = tone;
  inner.tone = std::make_shared<const Model>(tone);
  Model nested = tiny_model();
  nested.tone = std::make_shared<const Model>(inner);
  try {
    parse(serialize(nested));
    FAIL("a nested tone classifier loaded");
  } catch (const Error& e) {
    CHECK(e.code == "invalid_model");
  }
}

TEST_CASE("a hidden layer trains, round-trips, prunes, explains and takes corrections", "[triage]") {
  TrainOptions o;
  o.hidden = 8;
  Model m = train(tiny_examples(), o);
  REQUIRE(m.hidden == 8);
  CHECK(m.embed.size() == m.keys.size() * 8);
  CHECK(serialize(m) == serialize(train(tiny_examples(), o)));  // deterministic for a seed
  for (const auto& e : tiny_examples()) CHECK(m.labels[predict(m, e.text).order[0]] == e.label);
  // The hidden layer takes part in the scores: without it they change.
  Model flat = m;
  std::fill(flat.out.begin(), flat.out.end(), 0.0f);
  CHECK(scores(flat, predict(m, "where is my order").features) != scores(m, predict(m, "where is my order").features));

  Model back = parse(serialize(m));
  CHECK(back.hidden == 8);
  for (const auto& e : tiny_examples()) {
    auto p = predict(m, e.text), q = predict(back, e.text);
    CHECK(p.order[0] == q.order[0]);
    CHECK(p.probs[p.order[0]] == Approx(q.probs[q.order[0]]).margin(0.02));  // int8 rows
  }
  CHECK_THROWS_AS(parse(serialize(m).substr(0, serialize(m).size() - 40)), Error);

  Model small = m;
  std::size_t full = serialize(small).size();
  prune(small, full * 2 / 3);
  CHECK(serialize(small).size() <= full * 2 / 3);
  CHECK(small.embed.size() == small.keys.size() * 8);

  auto why = explain(m, "Where is my ORDER?", predict(m, "Where is my ORDER?"));
  REQUIRE(!why.empty());
  CHECK(why[0].second > 0);

  correct(m, "can a technician come on tuesday", "appointment");
  CHECK(m.out.size() == 8 * 4);
  CHECK(m.embed.size() == m.keys.size() * 8);
  CHECK(m.labels[predict(m, "can a technician come on tuesday").order[0]] == "appointment");
  Model again = parse(serialize(m));
  CHECK(again.labels[predict(again, "can a technician come on tuesday").order[0]] == "appointment");
}

TEST_CASE("sqrt counts damp a repeated n-gram", "[triage]") {
  FeatureConfig raw, damped;
  raw.sublinear = 0;
  damped.sublinear = 1;
  auto share = [](const std::vector<Feature>& f) {  // the largest share of the (unit) norm
    float top = 0;
    for (const auto& x : f) top = std::max(top, x.value);
    return top;
  };
  const std::string text = normalize("refund refund refund refund please");
  CHECK(share(featurize(text, damped)) < share(featurize(text, raw)));
}

TEST_CASE("pruning keeps the model inside its byte budget", "[triage]") {
  Model m = tiny_model();
  std::size_t full = serialize(m).size();
  prune(m, full / 2);
  CHECK(serialize(m).size() <= full / 2);
  CHECK(!m.keys.empty());
}

TEST_CASE("a correction changes the next prediction at once, even to a new intent", "[triage]") {
  Model m = tiny_model();
  const std::string text = "my parcel arrived broken, what now";
  std::string before = m.labels[predict(m, text).order[0]];
  std::string target = before == "return_refund" ? "order_status" : "return_refund";
  correct(m, text, target);
  CHECK(m.labels[predict(m, text).order[0]] == target);
  REQUIRE(m.corrections.size() == 1);
  CHECK(m.corrections[0].intent == target);

  correct(m, "can a technician come on tuesday", "appointment");
  CHECK(m.label_index("appointment") == 3);
  CHECK(m.labels[predict(m, "can a technician come on tuesday").order[0]] == "appointment");

  // The correction survives serialisation (changed rows are kept exactly).
  Model back = parse(serialize(m));
  CHECK(back.labels[predict(back, text).order[0]] == target);
  CHECK(back.corrections.size() == 2);
}
