// Parley — triage: what a customer message is about (intent, with a calibrated confidence and a
// tier), how it feels (sentiment, anger), how urgent it is and whether the customer may leave.
//
// The classifier is ICU-free so the same model file gives byte-identical answers natively and in
// both wasm cores: it does its own light normalisation, hashes character n-grams (no word
// segmentation needed for ja/zh/th) plus word uni/bigrams where words exist, and scores them with a
// sparse multinomial logistic regression — optionally with a small hidden layer beside it — whose
// weights are stored as int8 rows.
//
// Index
//   [SECTION] Features      normalisation and hashed n-grams
//   [SECTION] Model         weights, calibration, serialisation, training, online correction
//   [SECTION] E-mail        quoted history, signatures, auto-replies
//   [SECTION] Signals       sentiment, anger, urgency, churn risk
#pragma once
#include "parley/text.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::triage {

//-----------------------------------------------------------------------------
// [SECTION] Features
//-----------------------------------------------------------------------------
// Lower-case (ASCII, Latin-1/Latin Extended-A, Greek, Cyrillic), fold full-width ASCII and the
// ideographic space, strip diacritics of Latin letters, collapse white space. Valid UTF-8 in.
std::string normalize(std::string_view valid_utf8);

struct FeatureConfig {
  // Defaults chosen on validation data (10% of Banking77 train, 10% of the project's messages):
  // 3–5-grams with sqrt counts beat 2–5-grams with raw counts by ~1 point (accuracy) on both.
  std::uint8_t char_min = 3, char_max = 5;     // n-gram lengths inside words of spaced scripts
  std::uint8_t cjk_min = 1, cjk_max = 3;       // n-gram lengths in runs of Han, kana and Thai
  std::uint8_t word_ngrams = 2;                // 1 = unigrams only
  std::uint8_t sublinear = 1;                  // 1 = a feature counts sqrt(occurrences), not occurrences
  float word_weight = 1.0f;                    // weight of word uni/bigrams against character n-grams
  bool operator==(const FeatureConfig&) const = default;
};

struct Feature {
  std::uint32_t id;  // 32-bit hash of the n-gram (and its kind)
  float value;       // L2-normalised count
};

// Features of already-normalised text, sorted by id, duplicates merged. When `names` is given it
// receives a readable form of each feature ("w:refund", "c:<ref", "b:my order") in the same order.
// `lexical`, when given, marks the features that stand for a whole word (a word of a spaced script,
// a character bigram of an unspaced run): what the familiarity signal counts as vocabulary.
std::vector<Feature> featurize(std::string_view normalized, const FeatureConfig& config,
                               std::vector<std::string>* names = nullptr, std::vector<bool>* lexical = nullptr);

// Deterministic exp and log (parley/text.h): probabilities bit-identical in wasm.
using text::exp_det;
using text::log_det;

// Hash used for features and lexicon keys (FNV-1a, 32-bit, with a kind byte first).
std::uint32_t hash_key(char kind, std::string_view text);

//-----------------------------------------------------------------------------
// [SECTION] Model
//-----------------------------------------------------------------------------
struct Correction {
  std::string text, intent;
};

struct Model {
  FeatureConfig features;
  std::vector<std::string> labels;
  // Sparse rows: keys sorted ascending, weights[row * labels.size() + k].
  std::vector<std::uint32_t> keys;
  std::vector<float> weights;
  std::vector<std::uint8_t> exact;  // 1 = row changed online: serialised as float32, not int8
  std::vector<float> bias;
  // Optional hidden layer beside the linear part ("wide and deep"): each row also has `hidden`
  // embedding weights; scores add out^T · relu(Σ value · embed[row] + hidden_bias).
  std::size_t hidden = 0;
  std::vector<float> embed;         // embed[row * hidden + j]
  std::vector<float> hidden_bias;   // hidden
  std::vector<float> out;           // out[j * labels.size() + k]
  double temperature = 1.0;         // calibrated on a validation split
  std::optional<double> abstain_below;  // confidence under which the answer is "none of these"
  std::string taxonomy;             // JSON text of the pack's taxonomy (tiers, safe intents)
  std::string meta;                 // JSON text: how it was trained (seed, data, counts)
  // Sentiment lexicon: sorted hash_key('l', term) → score in −5..5 (AFINN scale).
  std::vector<std::uint32_t> lexicon_keys;
  std::vector<std::int8_t> lexicon_scores;
  std::vector<Correction> corrections;  // applied online since training, exportable
  // Optional tone classifier (labels negative / neutral / positive) on the same features, trained
  // on the labelled messages' `sentiment`: support messages are polite while complaining, which a
  // word lexicon reads as positive. Shared, never changed online.
  std::shared_ptr<const Model> tone;
  // Optional familiarity calibrator (see Familiarity below): logistic-regression weights over
  // familiarity_inputs(), fitted by `parley train triage` on messages the model was not trained on
  // (its own held-back 10% and public sets from other domains). Empty = confidence is the top
  // probability, as before.
  std::vector<double> familiarity_weights;
  // Words (see featurize's `lexical`) of the training messages, as a Bloom filter (3 probes):
  // rows are pruned by importance, so whether a word has a row does not say whether it was seen.
  std::vector<std::uint8_t> vocabulary;
  bool seen_word(std::uint32_t id) const;  // true when `vocabulary` is empty (nothing to say)
  void add_word(std::uint32_t id);         // into `vocabulary` (a no-op when it is empty)

  std::size_t classes() const { return labels.size(); }
  int label_index(std::string_view label) const;  // −1 when absent
  long row_index(std::uint32_t key) const;        // the row of a feature (weights, embed); −1 when absent
};

// Raw scores (logits) for each label: the linear part plus the hidden layer's, when there is one.
std::vector<double> scores(const Model& model, const std::vector<Feature>& features);
// Calibrated probabilities: softmax(scores / temperature); sums to 1.
std::vector<double> probabilities(const Model& model, const std::vector<double>& scores);

struct Prediction {
  std::vector<double> probs;              // per label, calibrated
  std::vector<std::size_t> order;         // label indices, most probable first
  std::vector<Feature> features;          // the message's features, kept for explain()
  std::vector<bool> lexical;              // per feature: a whole word (see featurize)
};
Prediction predict(const Model& model, std::string_view text);

// The words of `text` (as written) that pushed the winning label ahead of the runner-up,
// strongest first: each feature's contribution to the margin, summed back onto the words it came
// from (shared when several words hold it). At most `top`. `prediction` is predict(model, text).
std::vector<std::pair<std::string, double>> explain(const Model& model, std::string_view text, const Prediction& prediction,
                                                    std::size_t top = 6);

// How familiar a message is to the model, and what that does to the confidence. The top probability
// is calibrated on text like the training data; on a message from another domain it is not (a
// question about weight gain came out as order_status at 0.91). These signals need no extra bytes:
//   coverage   share of the message's feature mass (L2) that has a row in the model: n-grams the
//              model never kept say nothing, and a message made mostly of them is unfamiliar;
//   agreement  the model was trained with input dropout 0.5, so each half of a message's n-grams
//              should already point to its intent: 8 fixed halves (by bits of the feature hash,
//              values doubled as in training) vote, and `agreement` is the share that picks the top
//              label, `view_confidence` their mean probability of it (a deterministic MC dropout).
// The calibrator maps them (with the top probability, the margin and the message length) to the
// probability that the top label is right; with one, triage.classify reports that as `confidence`.
//   vocabulary share of the message's words (words of spaced scripts, character bigrams of unspaced
//              runs) that have a row;
//   seen       share of its words that occur in the training messages (the model's Bloom filter):
//              character n-grams of an unknown word are often known, words less so (a question
//              about weight gain shares "eig" with support messages, not "weight").
struct Familiarity {
  double coverage = 0, vocabulary = 0, seen = 0, agreement = 0, view_confidence = 0;
  std::size_t features = 0;
};
// Uses the prediction's probabilities (possibly mixed with the conversation's) and features.
Familiarity familiarity(const Model& model, const Prediction& prediction);
// The calibrator's inputs: 1, logit(p1), log(p1/p2), coverage, vocabulary, seen, agreement,
// logit(view confidence), log(features), logit(p1)·seen, logit(p1)·agreement. Only +, −, ×, ÷ and
// deterministic exp/log: identical in wasm.
std::vector<double> familiarity_inputs(const std::vector<double>& probs, const Familiarity& f);
// P(top label is right): the calibrator's answer, or the top probability when the model has none.
double familiar_confidence(const Model& model, const std::vector<double>& probs, const Familiarity& f);
// Weighted logistic regression (Newton, small L2) of `right` on `inputs`: the calibrator's weights.
std::vector<double> fit_familiarity(const std::vector<std::vector<double>>& inputs, const std::vector<int>& right,
                                    const std::vector<double>& weight);

// Binary format ("PTRG" v6, little-endian; v1–v5 files still load; v4 adds the tone classifier, v5 the
// familiarity calibrator, v6 compact rows). `parse` throws parley::Error("invalid_model", …).
std::string serialize(const Model& model);
// The same in an older layout (5; or the current one), for hosts that read only that version.
std::string serialize(const Model& model, std::uint32_t version);
Model parse(std::string_view bytes);

struct Example {
  std::string text, label;
};
struct TrainOptions {
  std::uint64_t seed = 1;
  int epochs = 40;
  double learning_rate = 0.5;
  int min_count = 1;               // drop features seen fewer times in training
  std::size_t max_bytes = 1900000; // size budget for the weight rows (pruned by importance)
  int average_from = 0;            // average the weights at the end of each epoch from this one on
                                   // (0 = no averaging: the last weights)
  std::size_t hidden = 0;          // units of the hidden layer (0 = a linear model)
  double hidden_rate = 0.3;        // learning rate of the hidden layer, relative to the linear part's
                                   // (0.3 of 0.1/0.3/0.5/1/3 on CLINC150 val)
  double dropout = 0.5;            // probability of dropping each of an example's features at each step
                                   // (chosen on validation data: see src/triage/README.md)
  std::size_t vocabulary_bits = 10;  // Bloom filter bits per training word (0 = no vocabulary)
  FeatureConfig features;
};
// Deterministic for a given seed. Labels are taken in order of first appearance. No calibration:
// call calibrate() with held-out examples afterwards.
Model train(const std::vector<Example>& examples, const TrainOptions& options);
// The same on features computed by the caller (the tone classifier's: see tone_features):
// `labels[i]` is the label of `features[i]`; no vocabulary filter.
Model train(const std::vector<std::vector<Feature>>& features, const std::vector<std::string>& labels, const TrainOptions& options);
// Fit the temperature on held-out examples (minimises negative log-likelihood). Returns it.
double calibrate(Model& model, const std::vector<Example>& validation);
double calibrate(Model& model, const std::vector<std::vector<Feature>>& features, const std::vector<std::string>& labels);
// Keep only the most important rows so the serialised size fits `max_bytes`.
void prune(Model& model, std::size_t max_bytes);

// Online learning from an agent's correction: gradient steps on this one message until `intent`
// wins (bounded), adding the label when it is new. Records the correction.
void correct(Model& model, std::string_view text, const std::string& intent);

//-----------------------------------------------------------------------------
// [SECTION] E-mail
//-----------------------------------------------------------------------------
struct EmailParts {
  std::string body;        // what the customer wrote this time
  std::string quoted;      // the history and signature that were cut, in order (kept as evidence)
  bool quoted_removed = false;
  bool signature_removed = false;
};
// The one quoted-history splitter (the e-mail channel stores `quoted`, triage reads `body`): cuts
// an attribution ("On … wrote:" wrapped or not, and its de/es/pt/fr/it/nl/ja/zh/ko/tr/id/vi/fi
// forms), Outlook's "-----Original Message-----" rule or its "From:/Sent:" header block, "> "
// lines anywhere, and a signature ("-- ", "Sent from my …", a closing followed only by
// signature-like lines). A message that is all quote keeps its text whole.
EmailParts strip_email(std::string_view valid_utf8);

// An auto-reply by its headers (Auto-Submitted other than "no", X-Autoreply, X-Autorespond,
// Precedence: auto_reply) — header names are case-insensitive.
bool auto_reply_headers(const std::map<std::string, std::string>& headers);
// An out-of-office reply by its wording, in many languages (normalised text in).
bool out_of_office_wording(std::string_view normalized);

//-----------------------------------------------------------------------------
// [SECTION] Signals
//-----------------------------------------------------------------------------
struct Sentiment {
  double score = 0;          // −1..1
  std::string label;         // negative / neutral / positive
  double anger = 0;          // 0..1
  std::vector<std::string> cues;
};
// With a tone classifier in the model, the label is its most probable class and the score
// P(positive) − P(negative); without one, both come from the lexicon. Cues (the lexicon's words)
// and anger are the same either way. `features`, when given, are `normalized`'s under the model's
// FeatureConfig (the intent prediction's), reused when the tone classifier shares that config.
Sentiment sentiment(const Model& model, std::string_view normalized, std::string_view original,
                    const std::vector<Feature>* features = nullptr);

// The tone classifier's input: the n-grams of `normalized` under `config` plus the signals the
// lexicon of `lexicon` and the rules read (positive and negative mass, compound score, negated and
// intensified terms, elongated words, '!' and '?', repeated punctuation, shouting, anger and
// exasperation cues), as features hash_key('t', name) — rows of the tone classifier like any other.
// A tone classifier trained without them has no rows for them and answers as before.
std::vector<Feature> tone_features(const Model& lexicon, const FeatureConfig& config, std::string_view normalized,
                                   std::string_view original);

struct Urgency {
  std::string level;         // low / normal / high / urgent
  std::vector<std::string> reasons;  // "deadline", "legal_threat", "safety", "urgent_wording", …
};
Urgency urgency(std::string_view normalized, std::string_view intent);

struct ChurnRisk {
  double score = 0;          // 0..1
  std::string level;         // low / medium / high
  std::vector<std::string> reasons;
};
ChurnRisk churn_risk(std::string_view normalized, std::string_view intent, const Sentiment& sentiment);

}  // namespace parley::triage
