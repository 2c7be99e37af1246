// Shared by `parley train triage`, `eval triage` and `bench triage`: reading labelled data,
// building the sentiment lexicon, metrics, and running Debian's fastText as the baseline.
#pragma once
#include "parley/command.h"
#include "parley/triage.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace parley::cli::triage_tools {
struct Row {
  std::string text, intent, lang, channel;
  std::map<std::string, std::string> signals;  // optional labels present in the file: sentiment, urgency, churn_risk, anger, kind
};

std::string read_file(const std::string& path);  // throws std::runtime_error naming the path
std::vector<Row> read_jsonl(const std::string& path);
std::vector<Row> read_jsonl_dir(const std::string& dir);  // every *.jsonl, sorted by name
std::vector<std::vector<std::string>> read_csv(const std::string& path);  // RFC 4180, header included
std::vector<Row> read_banking77(const std::string& path);
// CLINC150 data_full.json: split "train", "val", "test"; out-of-scope rows get intent "oos".
std::vector<Row> read_clinc(const std::string& path, const std::string& split);
// A label mapping (TSV: label <TAB> intent; '#' lines are comments).
std::map<std::string, std::string> read_mapping(const std::string& tsv);
// Bitext rows mapped to the taxonomy by the mapping file (TSV: bitext_intent <TAB> intent);
// at most `per_intent` rows of each Bitext intent, picked deterministically.
std::vector<Row> read_bitext(const std::string& csv, const std::string& mapping_tsv, std::size_t per_intent);

// Public sets as domains the shipped model was not trained on, mapped to the taxonomy by
// data/triage/domains/<set>-mapping.tsv; a message whose intent has no counterpart (or CLINC's
// out-of-scope) gets intent "" — outside the taxonomy, where every answer is wrong.
struct Domain {
  std::string name, family;       // one family = the same intents (Banking77 and its Arabic version)
  std::vector<Row> train;         // its train split, mapped
  std::vector<Row> test;          // its test split
  std::vector<Row> calibration;   // at most `per_domain` rows of `train`, by hash
};
std::vector<Domain> public_domains(std::size_t per_domain);
// Every Bitext row of both files mapped by data/triage/bitext-mapping.tsv ("-" = outside the taxonomy).
std::vector<Row> bitext_domain();

// The shipped model's training rows: data/triage/messages (or `data`) plus Bitext mapped by
// data/triage/bitext-mapping.tsv, `bitext_per_intent` rows per Bitext intent from each file.
std::vector<Row> project_training_rows(const std::string& data, std::size_t bitext_per_intent, std::size_t* own = nullptr);
std::vector<Row> read_rows(const std::string& file_or_dir);

std::vector<triage::Example> examples(const std::vector<Row>& rows);
// Deterministic split by a hash of the text: rows whose hash % modulo == residue go to `held`.
void split(const std::vector<Row>& rows, unsigned modulo, std::vector<Row>& kept, std::vector<Row>& held, unsigned residue = 0);

// The sentiment lexicon from ../shared/data/sentiment (AFINN, machine-translated AFINN, VADER,
// emoji tables) as sorted (hash, score) pairs; `sources` receives what was read.
void build_lexicon(const std::string& shared_dir, triage::Model& model, std::map<std::string, std::size_t>& sources);

struct Scored {
  std::string truth, predicted, lang;
  double confidence;
};
struct Metrics {
  double accuracy = 0, macro_f1 = 0, ece = 0;
  std::size_t n = 0;
  std::map<std::string, double> f1;                              // per label
  std::map<std::string, std::map<std::string, std::size_t>> confusion;  // truth → predicted → count
};
Metrics metrics(const std::vector<Scored>& scored, std::size_t ece_bins = 15);
double r4(double v);  // rounded to 4 decimals, as every figure in the JSON
Json to_json(const Metrics& m, bool with_confusion);

// Predictions of a model on rows (max-probability label and its calibrated confidence).
std::vector<Scored> score(const triage::Model& model, const std::vector<Row>& rows);

// Train Debian's fastText (flags of ../shared/DATA.md, then quantize) in a temp dir and return
// its predictions on `test` with probabilities; nullopt when /usr/bin/fasttext is missing.
struct FastTextRun {
  std::vector<Scored> scored;
  std::size_t model_bytes = 0;
  double train_seconds = 0;
  double us_per_message = 0;
};
std::optional<FastTextRun> fasttext(const std::vector<Row>& train, const std::vector<Row>& test, bool quantize);

// Train and calibrate a model the way `parley train triage` does for benchmarks: hold out
// `val` (or 10% of `train` when empty) for the temperature.
// Which model a training run kept: hidden units (0 = linear) and each candidate's validation accuracy.
struct Selection {
  std::size_t hidden = 0;
  std::map<std::size_t, double> validation_accuracy;
  // The model the temperature was fitted with and the rows it did not train on (the 10% held back,
  // or `val`): what a familiarity calibrator is fitted on.
  std::shared_ptr<const triage::Model> probe;
  std::vector<Row> held;
};
// `--hidden auto` (a linear model or 32 hidden units, whichever is better on validation data) or a number.
std::vector<std::size_t> hidden_choices(const std::string& option);
// Train, prune to the byte budget and calibrate the temperature on `val` — or, when `val` is empty,
// on 10% of `train` held back before training on all of it. With several `hidden` choices, each is
// trained and the one most accurate on that same validation data is kept.
// With `familiar`, the familiarity calibrator is fitted too (familiarity_calibrator below, on the
// same validation data and those messages from other domains, all scored by the model that did not
// train on them) and stored in the model.
using Families = std::vector<std::vector<Row>>;
triage::Model train_calibrated(const std::vector<Row>& train, const std::vector<Row>& val, const triage::TrainOptions& options,
                               const std::vector<std::size_t>& hidden = {}, Selection* chosen = nullptr,
                               const Families* familiar = nullptr, double in_domain_share = 0.8);
// Logistic regression of "the top label is right" on the familiarity inputs of `model`'s answers:
// `in_domain` (validation messages like the training data) weighs `in_domain_share`, the other
// families share the rest equally (so no one large set decides it). Intent "" is always wrong.
// The share is a prior: how much of what a model reads is like its training data.
std::vector<double> familiarity_calibrator(const triage::Model& model, const std::vector<Row>& in_domain, const Families& others,
                                           double in_domain_share);
// The families of public_domains() except `excluded` (a family name, or "" for none), as calibration rows.
Families calibration_families(const std::vector<Domain>& domains, const std::string& excluded);

// Tone (cmd_train_tone.cpp). UMSAB's languages as its folders are named, and one split of one
// ("train" or "val"): rows with intent = negative / neutral / positive, lang = the folder name.
const std::vector<std::string>& umsab_languages();
std::vector<Row> umsab(const std::string& language, const std::string& split);
// Rows labelled with `sentiment` as tone rows (intent = the sentiment label).
std::vector<Row> tone_rows(const std::vector<Row>& labelled);
// How `parley train tone` and `parley train triage` train the tone classifier.
struct ToneRecipe {
  triage::TrainOptions options;   // linear, 40 epochs, lr 1, no dropout, min count 3, 300 KB
  std::size_t project_weight = 2; // each project message counts this many times beside UMSAB train
  ToneRecipe();
  std::vector<Row> rows(const std::vector<Row>& umsab_train, const std::vector<Row>& project) const;
};
// The tone classifier on tone_features(lexicon, …) of `rows`: temperature fitted on 10% held back
// from a probe model, then trained on all rows and pruned to options.max_bytes (int8 rows).
triage::Model train_tone(const triage::Model& lexicon, const std::vector<Row>& rows, const triage::TrainOptions& options);
// The sentiment label `model` gives `text` (its tone classifier when it has one, else the lexicon).
std::string tone_label(const triage::Model& model, const std::string& text);
}  // namespace parley::cli::triage_tools
