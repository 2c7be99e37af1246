// The tone model's rules and signals (issue 23): the lexicon read with negation, intensifiers,
// "but", elongation and emphasis; the signal features the tone classifier learns from; training on
// features equals training on text; anger as its own score, on its own cues.
#include "parley/triage.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace parley::triage;

namespace {
// A lexicon-only model with a handful of AFINN-like entries (no tone classifier).
Model lexicon_model() {
  Model m;
  std::vector<std::pair<std::string, int>> terms = {{"good", 3}, {"slow", -2}, {"terrible", -3}, {"great", 3}, {"broken", -3}};
  std::vector<std::pair<std::uint32_t, int>> keyed;
  for (const auto& [t, s] : terms) keyed.emplace_back(hash_key('l', normalize(t)), s);
  std::sort(keyed.begin(), keyed.end());
  for (const auto& [k, s] : keyed) {
    m.lexicon_keys.push_back(k);
    m.lexicon_scores.push_back(static_cast<std::int8_t>(s));
  }
  return m;
}
double score(const Model& m, const char* t) { return sentiment(m, normalize(t), t).score; }
bool has(const std::vector<Feature>& f, const char* signal) {
  return std::any_of(f.begin(), f.end(), [&](const Feature& x) { return x.id == hash_key('t', signal); });
}
}  // namespace

TEST_CASE("the lexicon reads negation, intensifiers, but-clauses and elongation", "[triage][tone]") {
  Model m = lexicon_model();
  CHECK(score(m, "good") > 0);
  CHECK(score(m, "not good") < 0);
  CHECK(score(m, "very good") > score(m, "good"));
  CHECK(score(m, "goooood") == score(m, "very good"));  // found through its cut form, and stretched = intensified
  CHECK(score(m, "sooooo slow") < score(m, "slow"));    // "sooooo" is "so", an intensifier
  CHECK(score(m, "good but terrible") < score(m, "good and terrible"));  // what follows "but" weighs more
  CHECK(score(m, "terrible!!!") < score(m, "terrible"));
  auto s = sentiment(m, normalize("goooood"), "goooood");
  REQUIRE(s.cues.size() == 1);
  CHECK(s.cues[0] == "good");
}

TEST_CASE("tone features are the n-grams plus the rules' signals", "[triage][tone]") {
  Model m = lexicon_model();
  FeatureConfig c;
  const char* t = "NOT GOOD, SOOOO SLOW!!! 😡";
  auto f = tone_features(m, c, normalize(t), t);
  auto ngrams = featurize(normalize(t), c);
  CHECK(f.size() > ngrams.size());
  CHECK(std::is_sorted(f.begin(), f.end(), [](const Feature& a, const Feature& b) { return a.id < b.id; }));
  for (const char* signal : {"neg", "negated", "elongated", "bang", "repeated", "shouting", "compound-"}) {
    INFO(signal);
    CHECK(has(f, signal));
  }
  CHECK_FALSE(has(f, "none"));
  const char* calm = "where is my parcel";
  auto g = tone_features(m, c, normalize(calm), calm);
  CHECK(has(g, "none"));
  CHECK_FALSE(has(g, "shouting"));
}

TEST_CASE("training on features is training on text when the features are the text's", "[triage][tone]") {
  std::vector<Example> ex = {{"where is my order", "neutral"}, {"this is terrible", "negative"}, {"love it", "positive"},
                             {"nobody answers", "negative"}, {"thanks, great", "positive"}, {"can i change my address", "neutral"}};
  TrainOptions o;
  o.vocabulary_bits = 0;
  std::vector<std::vector<Feature>> f;
  std::vector<std::string> labels;
  for (const auto& e : ex) {
    f.push_back(featurize(normalize(e.text), o.features));
    labels.push_back(e.label);
  }
  CHECK(serialize(train(f, labels, o)) == serialize(train(ex, o)));
  Model a = train(f, labels, o), b = train(ex, o);
  CHECK(calibrate(a, f, labels) == calibrate(b, ex));
}

TEST_CASE("a tone classifier learns from the signals", "[triage][tone]") {
  Model m = lexicon_model();
  std::vector<std::vector<Feature>> f;
  std::vector<std::string> labels;
  // Words the classifier never sees again: only the lexicon's signals carry over to new text.
  const char* rows[][2] = {{"alpha good", "positive"}, {"beta great", "positive"}, {"gamma terrible", "negative"},
                           {"delta broken", "negative"}, {"epsilon", "neutral"}, {"zeta", "neutral"}};
  for (int k = 0; k < 20; ++k)
    for (const auto& r : rows) {
      f.push_back(tone_features(m, FeatureConfig{}, normalize(r[0]), r[0]));
      labels.push_back(r[1]);
    }
  TrainOptions o;
  o.dropout = 0;
  o.vocabulary_bits = 0;
  m.tone = std::make_shared<const Model>(train(f, labels, o));
  CHECK(sentiment(m, normalize("omega good"), "omega good").label == "positive");
  CHECK(sentiment(m, normalize("omega terrible"), "omega terrible").label == "negative");
  CHECK(sentiment(m, normalize("omega"), "omega").label == "neutral");
}

TEST_CASE("anger is its own score: exasperation, shouting and anger words, not a plain complaint", "[triage][tone]") {
  Model m = lexicon_model();
  auto anger = [&](const char* t) { return sentiment(m, normalize(t), t).anger; };
  CHECK(anger("I have now contacted you for the third time. I expect a full refund immediately.") >= 0.6);
  CHECK(anger("Oh great, thanks for nothing. Still no answer.") >= 0.6);
  CHECK(anger("WHERE IS MY ORDER, NOBODY ANSWERS") >= 0.6);
  CHECK(anger("My parcel has not arrived yet, could you check the tracking?") < 0.6);
  CHECK(anger("The lid is broken, can I get a replacement?") < 0.6);
  auto s = sentiment(m, normalize("This is unacceptable, the third time!"), "This is unacceptable, the third time!");
  CHECK(std::find(s.cues.begin(), s.cues.end(), "anger:unacceptable") != s.cues.end());
  CHECK(std::find(s.cues.begin(), s.cues.end(), "anger:third time") != s.cues.end());
}

TEST_CASE("one anger word is anger; praise opening a message about something broken is sarcasm", "[triage][tone]") {
  Model m = lexicon_model();
  auto read = [&](const char* t) { return sentiment(m, normalize(t), t); };
  CHECK(read("I am furious about this order.").anger >= 0.6);
  CHECK(read("Ich bin wütend, die Bestellung wurde storniert.").anger >= 0.6);
  auto sarcasm = read("Brilliant, the replacement is broken too.");
  CHECK(sarcasm.anger >= 0.6);
  CHECK(std::find(sarcasm.cues.begin(), sarcasm.cues.end(), "anger:sarcasm") != sarcasm.cues.end());
  CHECK(sarcasm.label != "positive");  // the praise is not read as praise
  CHECK(sarcasm.score <= 0);
  CHECK(read("Perfetto, anche il ricambio è rotto.").anger >= 0.6);
  // Either half alone is not anger: praise, or a defect stated plainly, or praise later in the message.
  CHECK(read("Brilliant, thank you for the quick answer.").anger < 0.6);
  CHECK(read("The replacement is broken, can you send another?").anger < 0.6);
  CHECK(read("The lid was broken but the replacement is great.").anger < 0.6);
  CHECK(read("Greatly appreciated, though one cup arrived broken.").anger < 0.6);  // "great" only as a whole word
  // Demanding an answer after the fourth time, in other languages.
  CHECK(read("Es la cuarta vez que escribo. Espero una respuesta hoy.").anger >= 0.6);
  CHECK(read("C'est la quatrième fois que j'écris. J'attends une réponse aujourd'hui.").anger >= 0.6);
}
