// The retrieval encoder at run time: features of a text, the int8 table, the "PRTE" file.
//
// File (little-endian): "PRTE", u32 version (1), u32 dim, u32 rows, u32 stored, u32 info length,
// info (JSON text), a bitmap of `rows` bits (stored rows set, in row order), then per stored row a
// float32 scale, then stored × dim int8 values. Only rows the training saw are stored: a feature
// the encoder never met adds nothing instead of a random direction.
#include "parley/encoder.h"
#include "parley/knowledge.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace parley::knowledge {
namespace {
constexpr char kMagic[4] = {'P', 'R', 'T', 'E'};
constexpr std::uint32_t kVersion = 1;
constexpr std::uint32_t kMaxDim = 1024;
constexpr std::uint32_t kMaxRows = 1u << 22;

// Spreads FNV's low bits (murmur3's finaliser) before the modulo; `kind` keeps a word, a bigram
// and an n-gram with the same hash apart.
std::uint32_t row_of(std::uint32_t h, std::uint32_t kind, std::uint32_t rows) {
  h ^= kind * 0x9E3779B9u;
  h ^= h >> 16; h *= 0x85EBCA6Bu; h ^= h >> 13; h *= 0xC2B2AE35u; h ^= h >> 16;
  return h % rows;
}

std::string digits_folded(std::string t) {
  for (char& c : t) if (c >= '1' && c <= '9') c = '0';
  return t;
}

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

struct Reader {
  std::string_view s;
  std::size_t at = 0;
  void need(std::size_t n) const {
    if (s.size() - at < n) throw Error("invalid_model", "retrieval model is truncated at byte " + std::to_string(at));
  }
  std::uint32_t u32() {
    need(4);
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= std::uint32_t(static_cast<unsigned char>(s[at + i])) << (8 * i);
    at += 4;
    return v;
  }
  std::string_view bytes(std::size_t n) {
    need(n);
    auto v = s.substr(at, n);
    at += n;
    return v;
  }
};
}  // namespace

std::vector<std::uint32_t> encoder_rows(std::string_view text, std::uint32_t rows) {
  std::vector<std::string> words;
  for (auto& t : terms(text)) words.push_back(digits_folded(std::move(t)));
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    out.push_back(row_of(fnv1a32(words[i]), 1, rows));
    if (i + 1 < words.size()) out.push_back(row_of(fnv1a32(words[i] + " " + words[i + 1]), 2, rows));
  }
  for (const auto& [g, n] : gram_counts(words)) out.push_back(row_of(g, 3, rows));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string label_text(std::string_view label) {
  std::string out(label);
  for (char& c : out) if (c == '_' || c == '-' || c == ':') c = ' ';
  return out;
}

Encoder Encoder::quantize(const std::vector<float>& table, std::uint32_t rows, std::uint32_t dim,
                          const std::vector<bool>& trained, std::string info) {
  Encoder e;
  e.rows_ = rows;
  e.dim_ = dim;
  e.info_ = std::move(info);
  e.slot_.assign(rows, -1);
  for (std::uint32_t r = 0; r < rows; ++r) {
    if (!trained[r]) continue;
    const float* x = &table[std::size_t(r) * dim];
    float top = 0;
    for (std::uint32_t k = 0; k < dim; ++k) top = std::max(top, std::fabs(x[k]));
    if (top == 0) continue;
    e.slot_[r] = static_cast<std::int32_t>(e.scale_.size());
    float scale = top / 127.0f;
    e.scale_.push_back(scale);
    for (std::uint32_t k = 0; k < dim; ++k)
      e.values_.push_back(static_cast<std::int8_t>(std::lround(std::clamp(x[k] / scale, -127.0f, 127.0f))));
  }
  return e;
}

std::string Encoder::serialize() const {
  std::string out(kMagic, 4);
  put_u32(out, kVersion);
  put_u32(out, dim_);
  put_u32(out, rows_);
  put_u32(out, static_cast<std::uint32_t>(scale_.size()));
  put_u32(out, static_cast<std::uint32_t>(info_.size()));
  out += info_;
  std::string bitmap((rows_ + 7) / 8, '\0');
  for (std::uint32_t r = 0; r < rows_; ++r)
    if (slot_[r] >= 0) bitmap[r / 8] = static_cast<char>(bitmap[r / 8] | (1 << (r % 8)));
  out += bitmap;
  for (float s : scale_) {
    std::uint32_t bits;
    std::memcpy(&bits, &s, 4);
    put_u32(out, bits);
  }
  out.append(reinterpret_cast<const char*>(values_.data()), values_.size());
  return out;
}

Encoder Encoder::parse(std::string_view bytes) {
  Reader in{bytes};
  if (in.bytes(4) != std::string_view(kMagic, 4)) throw Error("invalid_model", "not a retrieval model (no \"PRTE\" header)");
  if (std::uint32_t v = in.u32(); v != kVersion)
    throw Error("invalid_model", "retrieval model version " + std::to_string(v) + " is not supported (1)");
  Encoder e;
  e.dim_ = in.u32();
  e.rows_ = in.u32();
  std::uint32_t stored = in.u32();
  if (e.dim_ == 0 || e.dim_ > kMaxDim || e.rows_ == 0 || e.rows_ > kMaxRows || stored > e.rows_)
    throw Error("invalid_model", "retrieval model has an impossible shape");
  e.info_ = std::string(in.bytes(in.u32()));
  std::string_view bitmap = in.bytes((e.rows_ + 7) / 8);
  e.slot_.assign(e.rows_, -1);
  std::uint32_t n = 0;
  for (std::uint32_t r = 0; r < e.rows_; ++r)
    if (static_cast<unsigned char>(bitmap[r / 8]) & (1 << (r % 8))) e.slot_[r] = static_cast<std::int32_t>(n++);
  if (n != stored) throw Error("invalid_model", "retrieval model's row bitmap disagrees with its row count");
  for (std::uint32_t i = 0; i < stored; ++i) {
    std::uint32_t bits = in.u32();
    float s;
    std::memcpy(&s, &bits, 4);
    if (!std::isfinite(s) || s < 0) throw Error("invalid_model", "retrieval model has a bad row scale");
    e.scale_.push_back(s);
  }
  std::string_view v = in.bytes(std::size_t(stored) * e.dim_);
  e.values_.assign(reinterpret_cast<const std::int8_t*>(v.data()), reinterpret_cast<const std::int8_t*>(v.data()) + v.size());
  if (in.at != bytes.size()) throw Error("invalid_model", "retrieval model has trailing bytes");
  return e;
}

std::vector<float> Encoder::encode(std::string_view text) const {
  std::vector<double> sum(dim_, 0.0);
  for (std::uint32_t r : encoder_rows(text, rows_)) {
    std::int32_t s = slot_[r];
    if (s < 0) continue;
    const std::int8_t* q = &values_[std::size_t(s) * dim_];
    double scale = scale_[std::size_t(s)];
    for (std::uint32_t k = 0; k < dim_; ++k) sum[k] += scale * q[k];
  }
  double norm = 0;
  for (double x : sum) norm += x * x;
  std::vector<float> out(dim_, 0.0f);
  if (norm <= 0) return out;
  norm = std::sqrt(norm);
  for (std::uint32_t k = 0; k < dim_; ++k) out[k] = static_cast<float>(sum[k] / norm);
  return out;
}

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
  double dot = 0;
  for (std::size_t k = 0; k < a.size() && k < b.size(); ++k) dot += double(a[k]) * b[k];
  return dot;
}
}  // namespace parley::knowledge
