// Parley — langid: which language a short customer message is in.
//
// A compact naive-Bayes model over hashed character n-grams (1–4, inside words) and whole words,
// with the writing system as a hard constraint (Hangul is Korean, kana is Japanese, Han alone is
// Chinese or Japanese …) and the browser's locale / the channel's country as a prior that shifts
// close calls. No ICU: the same code runs in the widget core. The model is an asset ("langid")
// trained by `parley train langid`; see data/langid/README.md.
//
// Index
//   [SECTION] Features     what the model sees (shared by training and identification)
//   [SECTION] Model        the binary format, loading from bytes, identification
//   [SECTION] Training     counts → model bytes (used by the CLI; pure)
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace parley::langid {

//-----------------------------------------------------------------------------
// [SECTION] Features
//-----------------------------------------------------------------------------
// Hashed features of `text` (valid UTF-8) into [0, buckets); `buckets` is a power of two.
// Text is folded first (ASCII/Latin/Greek/Cyrillic lower case, fullwidth to ASCII); web and e-mail
// addresses and ids ("PD-104233", "#4521") are left out, in features and script counts alike.
std::vector<std::uint32_t> features(std::string_view text, std::uint32_t buckets);

// Writing-system counts of letters, by coarse script ("Latn", "Cyrl", "Arab", "Hebr", "Deva",
// "Thai", "Hang", "Kana" (Hiragana and Katakana), "Hani", "Grek", "Other").
std::map<std::string, int> script_counts(std::string_view text);

//-----------------------------------------------------------------------------
// [SECTION] Model
//-----------------------------------------------------------------------------
struct Candidate {
  std::string language;  // BCP-47: "pt", "zh-Hant", "hi-Latn"
  double score = 0;      // probability among the model's languages, rounded to 4 decimals
};

struct Hints {
  std::string locale;   // the browser's locale, e.g. "pt-BR", "zh-TW"
  std::string country;  // the channel's country (ISO 3166-1 alpha-2), e.g. "KR"
  std::string channel;  // channel id, e.g. "kakaotalk", "line", "wechat"
};

struct Identification {
  std::string language = "und";  // "und" when too short or ambiguous
  std::vector<Candidate> top;    // best first, at most 5
  bool reliable = false;
  int letters = 0;               // letters the decision was based on
};

class Model {
 public:
  // Parse model bytes; throws parley::Error("invalid_model", …) naming what is wrong.
  static Model from_bytes(std::string_view bytes);

  Identification identify(std::string_view text, const Hints& hints = {}) const;

  const std::vector<std::string>& languages() const { return languages_; }
  std::uint32_t buckets() const { return buckets_; }

 private:
  std::vector<std::string> languages_;
  std::vector<std::string> scripts_;        // per language: comma-separated scripts it is written in
  std::uint32_t buckets_ = 0;
  std::uint32_t step_milli_ = 0;            // a cost unit in thousandths of a nat
  std::vector<std::uint8_t> costs_;         // [bucket][language]: quantised -log p(feature | language)
  std::vector<char32_t> simplified_only_, traditional_only_;  // sorted; decide zh-Hans vs zh-Hant
};

// The model of the current "langid" asset, rebuilt when the asset changes; throws
// parley::Error("model_missing") when the host has not provided one.
const Model& current_model();

//-----------------------------------------------------------------------------
// [SECTION] Training
//-----------------------------------------------------------------------------
struct TrainingExample {
  std::string language;
  std::string text;
  double weight = 1;  // how many times its features count (chat-style lines are few beside encyclopaedic text)
};

struct TrainingOptions {
  std::uint32_t buckets = 1u << 15;
  double smoothing = 0.05;  // additive (Lidstone) smoothing per bucket
  // Han characters that only one Chinese script uses (the CLI finds them with ICU's Hans-Hant
  // transliterator): one of them outweighs n-gram statistics on a short message.
  std::vector<char32_t> simplified_only, traditional_only;
};

// Languages are written with their scripts, e.g. {"ja", "Kana,Hani"}; every example's language
// must be listed. Deterministic: the same examples give the same bytes.
std::string train(const std::vector<TrainingExample>& examples, const std::map<std::string, std::string>& language_scripts,
                  const TrainingOptions& options = {});
}  // namespace parley::langid
