// Parley — knowledge: the retrieval encoder, a small sentence embedding the project trains itself.
//
// A message becomes hashed features (its folded words, word bigrams and character 3–5-grams, from
// the knowledge tokenizer), each feature a row of an int8 embedding table; the rows are summed and
// the sum L2-normalised (d = 64). Two messages about the same need land close together because the
// table is trained contrastively on intent corpora: pairs of messages with the same intent must
// pick each other out of a batch of other intents' messages (in-batch softmax with a temperature).
//
// Encoding uses only +, ×, ÷ and an exactly rounded sqrt over int8 rows in a fixed order, so the
// vectors (and every score built on them) are bit-identical natively and in wasm. Training is
// single-threaded with its own seeded generator and text::exp_det: the same data and options give
// the same file, byte for byte.
//
// Index
//   [SECTION] Features   what the encoder reads of a text
//   [SECTION] Encoder    the model: parse, encode, serialise ("PRTE" v1)
//   [SECTION] Training   contrastive training on labelled messages
#pragma once
#include "parley/api.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace parley::knowledge {

//-----------------------------------------------------------------------------
// [SECTION] Features
//-----------------------------------------------------------------------------
// Sorted, distinct rows (feature hash modulo `rows`) of `text`: words and word bigrams of the
// folded terms (digits folded to 0, so "order 10023" and "order 88412" read alike) and their
// character 3–5-grams with word boundaries. Precondition: valid UTF-8.
std::vector<std::uint32_t> encoder_rows(std::string_view text, std::uint32_t rows);

//-----------------------------------------------------------------------------
// [SECTION] Encoder
//-----------------------------------------------------------------------------
class Encoder {
 public:
  // Throws parley::Error("invalid_model", …) on anything but a well-formed "PRTE" v1 file.
  static Encoder parse(std::string_view bytes);
  std::string serialize() const;

  // L2-normalised vector of `text`; all zeros when none of its features has a trained row.
  std::vector<float> encode(std::string_view text) const;
  std::size_t dim() const { return dim_; }
  std::uint32_t rows() const { return rows_; }
  std::size_t stored_rows() const { return scale_.size(); }
  std::size_t memory_bytes() const { return values_.size() + scale_.size() * sizeof(float) + slot_.size() * sizeof(std::int32_t); }
  const std::string& info() const { return info_; }  // JSON: what it was trained on, options

  // Built by the trainer: `table` is rows × dim floats; rows not in `trained` are left out.
  static Encoder quantize(const std::vector<float>& table, std::uint32_t rows, std::uint32_t dim,
                          const std::vector<bool>& trained, std::string info);

 private:
  std::uint32_t rows_ = 0, dim_ = 0;
  std::vector<std::int32_t> slot_;    // row -> position among the stored rows, −1 when absent
  std::vector<float> scale_;          // per stored row: value = scale × int8
  std::vector<std::int8_t> values_;   // stored rows × dim
  std::string info_;
};

// Cosine of two encode() vectors (dot product in double, in index order), 0 when either is zero.
double cosine(const std::vector<float>& a, const std::vector<float>& b);

//-----------------------------------------------------------------------------
// [SECTION] Training
//-----------------------------------------------------------------------------
struct LabelledText {
  std::string text;
  std::string label;   // same label = same need; labels of different sources never mix
  std::string source;  // corpus name: each source gets its share of the batches
};

struct EncoderTrainOptions {
  std::uint32_t dim = 64;
  std::uint32_t rows = 57344;       // 56 Ki rows × 64 int8: the file stays under 4 MB
  std::size_t steps = 4000;
  std::size_t batch = 128;         // pairs per step; in-batch negatives are the other pairs' messages
  double learning_rate = 0.2;      // row-wise Adagrad, decayed linearly to 0
  double temperature = 0.05;
  double label_name_share = 0.1;   // a pair's positive is the label's own name ("card arrival") this often
  std::uint64_t seed = 1;
  std::uint32_t min_count = 1;     // rows seen in fewer training messages are left out of the file
};

// The label's name as text: "card_arrival" -> "card arrival" (a short description of the need).
std::string label_text(std::string_view label);

// `source_weight` (source → share of the pairs; a source not named gets weight 1) lets a small
// corpus count as much as a large one. `log` receives one line per 500 steps (mean loss).
Encoder train_encoder(const std::vector<LabelledText>& data, const EncoderTrainOptions& options,
                      const std::vector<std::pair<std::string, double>>& source_weight = {},
                      std::string* log = nullptr);

}  // namespace parley::knowledge
