// The model file: "PTRG", version 6 (versions 1–5 still load), little-endian. Weight rows are int8 with a scale per
// row (rows changed by online corrections stay float32 so a correction survives a round trip).
// v6 stores the same rows in fewer bytes, so a size budget holds more of them: sorted keys as
// LEB128 gaps (≈3 bytes instead of 4), the few exact rows as a list of indices instead of a byte
// per row, and each row's scale as a bfloat16 (2 bytes instead of 4; the int8 steps are coarser
// than its 8-bit mantissa). Lexicon keys are gap-coded too.
#include "parley/api.h"
#include "parley/triage.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace parley::triage {
namespace {
constexpr std::uint32_t kVersion = 6;  // v2 adds sublinear and word_weight to the features, v3 the hidden layer,
                                       // v4 the tone classifier (a nested model file, empty when absent),
                                       // v5 the familiarity calibrator (0 weights when absent) and the
                                       // training vocabulary's Bloom filter (0 bytes when absent),
                                       // v6 the compact rows above

// bfloat16: the top half of a float32, rounded to nearest even. Bit operations only, so native and
// wasm agree. Scales are positive and finite.
std::uint16_t to_bf16(float v) {
  std::uint32_t bits;
  std::memcpy(&bits, &v, 4);
  bits += 0x7FFFu + ((bits >> 16) & 1u);
  return static_cast<std::uint16_t>(bits >> 16);
}
float from_bf16(std::uint16_t h) {
  std::uint32_t bits = std::uint32_t(h) << 16;
  float v;
  std::memcpy(&v, &bits, 4);
  return v;
}

struct Writer {
  std::string out;
  template <class T> void put(T v) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out.append(b, sizeof(T));
  }
  void str(const std::string& s) {
    put<std::uint32_t>(static_cast<std::uint32_t>(s.size()));
    out += s;
  }
  void varint(std::uint32_t v) {
    while (v >= 0x80) {
      out += static_cast<char>((v & 0x7F) | 0x80);
      v >>= 7;
    }
    out += static_cast<char>(v);
  }
  // Sorted keys as gaps from the previous one (the first from 0).
  void keys(const std::vector<std::uint32_t>& ks, bool gaps) {
    put<std::uint32_t>(static_cast<std::uint32_t>(ks.size()));
    if (!gaps) {
      for (auto k : ks) put(k);
      return;
    }
    if (!std::is_sorted(ks.begin(), ks.end())) throw Error("invalid_model", "triage model keys are not sorted");
    std::uint32_t prev = 0;
    for (auto k : ks) {
      varint(k - prev);
      prev = k;
    }
  }
};

struct Reader {
  std::string_view in;
  std::size_t at = 0;
  void need(std::size_t n) {
    if (in.size() - at < n) throw Error("invalid_model", "triage model is truncated at byte " + std::to_string(at));
  }
  template <class T> T get() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, in.data() + at, sizeof(T));
    at += sizeof(T);
    return v;
  }
  std::uint32_t count(std::size_t unit) {
    auto n = get<std::uint32_t>();
    if (unit && n > (in.size() - at) / unit) throw Error("invalid_model", "triage model has an impossible count at byte " + std::to_string(at - 4));
    return n;
  }
  std::string str() {
    auto n = count(1);
    std::string s(in.substr(at, n));
    at += n;
    return s;
  }
  std::uint32_t varint() {
    std::uint32_t v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      auto b = get<std::uint8_t>();
      if (shift == 28 && (b & 0x70)) break;  // more than 32 bits
      v |= std::uint32_t(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    throw Error("invalid_model", "triage model has a bad key gap at byte " + std::to_string(at));
  }
  // `unit`: the fewest bytes each key's row needs after the keys (so a forged count fails early).
  std::vector<std::uint32_t> keys(std::size_t unit) {
    std::size_t n = count(1 + unit);
    std::vector<std::uint32_t> ks(n);
    std::uint64_t k = 0;
    for (auto& key : ks) {
      k += varint();
      if (k > 0xFFFFFFFFu) throw Error("invalid_model", "triage model has a key beyond 32 bits at byte " + std::to_string(at));
      key = static_cast<std::uint32_t>(k);
    }
    return ks;
  }
};
}  // namespace

namespace {
// A row as int8 steps of a bfloat16 scale: the largest |weight| is 127 steps (or as near as the
// rounded scale allows).
void put_int8_row(Writer& w, const float* row, std::size_t n, bool bf16) {
  float top = 0;
  for (std::size_t c = 0; c < n; ++c) top = std::max(top, std::fabs(row[c]));
  float scale = top > 0 ? top / 127.0f : 1.0f;
  if (bf16) {
    scale = from_bf16(to_bf16(scale));
    if (!(scale > 0) || !std::isfinite(scale)) scale = 1.0f;
    w.put(to_bf16(scale));
  } else {
    w.put(scale);
  }
  for (std::size_t c = 0; c < n; ++c) w.put(static_cast<std::int8_t>(std::clamp<long>(std::lround(row[c] / scale), -127, 127)));
}
}  // namespace

std::string serialize(const Model& m) { return serialize(m, kVersion); }

std::string serialize(const Model& m, std::uint32_t version) {
  if (version != 5 && version != kVersion) throw Error("invalid_argument", "triage models are written as version 5 or " + std::to_string(kVersion));
  const bool v6 = version >= 6;
  Writer w;
  w.out = "PTRG";
  w.put(version);
  const auto& f = m.features;
  for (std::uint8_t b : {f.char_min, f.char_max, f.cjk_min, f.cjk_max, f.word_ngrams}) w.put(b);
  w.put(f.sublinear);
  w.put(f.word_weight);
  w.put(m.temperature);
  w.put<std::uint8_t>(m.abstain_below ? 1 : 0);
  w.put(m.abstain_below.value_or(0.0));
  w.str(m.taxonomy);
  w.str(m.meta);
  const std::size_t k = m.classes();
  w.put<std::uint32_t>(static_cast<std::uint32_t>(k));
  for (const auto& l : m.labels) w.str(l);
  for (float b : m.bias) w.put(b);
  w.keys(m.keys, v6);
  if (v6) {
    std::vector<std::uint32_t> exact;
    for (std::size_t r = 0; r < m.keys.size() && r < m.exact.size(); ++r)
      if (m.exact[r]) exact.push_back(static_cast<std::uint32_t>(r));
    w.put<std::uint32_t>(static_cast<std::uint32_t>(exact.size()));
    for (auto r : exact) w.put(r);
  } else {
    for (std::size_t r = 0; r < m.keys.size(); ++r) w.put<std::uint8_t>(r < m.exact.size() ? m.exact[r] : 0);
  }
  for (std::size_t r = 0; r < m.keys.size(); ++r) {
    const float* row = &m.weights[r * k];
    if (r < m.exact.size() && m.exact[r]) {
      for (std::size_t c = 0; c < k; ++c) w.put(row[c]);
      continue;
    }
    put_int8_row(w, row, k, v6);
  }
  // v3: the hidden layer (0 units for a linear model), then each row's embedding as int8 + scale.
  const std::size_t h = m.hidden;
  w.put<std::uint32_t>(static_cast<std::uint32_t>(h));
  for (std::size_t j = 0; j < h; ++j) w.put(m.hidden_bias[j]);
  for (std::size_t i = 0; i < h * k; ++i) w.put(m.out[i]);
  for (std::size_t r = 0; h && r < m.keys.size(); ++r) put_int8_row(w, &m.embed[r * h], h, v6);
  w.keys(m.lexicon_keys, v6);
  for (auto s : m.lexicon_scores) w.put(s);
  w.put<std::uint32_t>(static_cast<std::uint32_t>(m.corrections.size()));
  for (const auto& c : m.corrections) {
    w.str(c.text);
    w.str(c.intent);
  }
  w.str(m.tone ? serialize(*m.tone, version) : std::string());
  w.put<std::uint32_t>(static_cast<std::uint32_t>(m.familiarity_weights.size()));
  for (double v : m.familiarity_weights) w.put(v);
  w.str(std::string(m.vocabulary.begin(), m.vocabulary.end()));
  return w.out;
}

namespace {
Model parse_model(std::string_view bytes, bool nested);
}

Model parse(std::string_view bytes) { return parse_model(bytes, false); }

namespace {
// `nested`: the tone classifier inside a model file, which may not carry one of its own (so a
// crafted file cannot nest models deeper than one level).
Model parse_model(std::string_view bytes, bool nested) {
  if (bytes.size() < 8 || bytes.substr(0, 4) != "PTRG") throw Error("invalid_model", "not a triage model (expected the \"PTRG\" signature)");
  Reader r{bytes, 4};
  auto version = r.get<std::uint32_t>();
  if (version < 1 || version > kVersion) throw Error("invalid_model", "triage model version " + std::to_string(version) + " is not supported");
  Model m;
  auto& f = m.features;
  for (std::uint8_t* b : {&f.char_min, &f.char_max, &f.cjk_min, &f.cjk_max, &f.word_ngrams}) *b = r.get<std::uint8_t>();
  f.sublinear = 0;  // v1 files were trained on raw counts
  if (version >= 2) {
    f.sublinear = r.get<std::uint8_t>();
    f.word_weight = r.get<float>();
    if (!(f.word_weight > 0 && f.word_weight < 100)) throw Error("invalid_model", "triage model has an implausible word weight");
  }
  if (f.char_max > 16 || f.cjk_max > 16) throw Error("invalid_model", "triage model has implausible n-gram lengths");
  m.temperature = r.get<double>();
  bool has_abstain = r.get<std::uint8_t>() != 0;
  double abstain = r.get<double>();
  if (has_abstain) m.abstain_below = abstain;
  if (!(m.temperature > 0)) throw Error("invalid_model", "triage model has a non-positive temperature");
  m.taxonomy = r.str();
  m.meta = r.str();
  std::size_t k = r.count(4);
  if (k == 0) throw Error("invalid_model", "triage model has no labels");
  for (std::size_t i = 0; i < k; ++i) m.labels.push_back(r.str());
  for (std::size_t i = 0; i < k; ++i) m.bias.push_back(r.get<float>());
  std::size_t n = 0;
  if (version >= 6) {  // gap-coded keys, the exact rows' indices, bfloat16 scales
    m.keys = r.keys(2 + k);
    n = m.keys.size();
    m.exact.assign(n, 0);
    std::size_t e = r.count(4);
    for (std::size_t i = 0; i < e; ++i) {
      auto row = r.get<std::uint32_t>();
      if (row >= n || m.exact[row]) throw Error("invalid_model", "triage model has a bad exact-row index at byte " + std::to_string(r.at - 4));
      m.exact[row] = 1;
    }
  } else {
    n = r.count(5 + k);
    m.keys.resize(n);
    for (auto& key : m.keys) key = r.get<std::uint32_t>();
    m.exact.resize(n);
    for (auto& e : m.exact) e = r.get<std::uint8_t>();
  }
  if (!std::is_sorted(m.keys.begin(), m.keys.end())) throw Error("invalid_model", "triage model rows are not sorted");
  auto scale = [&] { return version >= 6 ? from_bf16(r.get<std::uint16_t>()) : r.get<float>(); };
  m.weights.resize(n * k);
  for (std::size_t row = 0; row < n; ++row) {
    float* w = &m.weights[row * k];
    if (m.exact[row]) {
      for (std::size_t c = 0; c < k; ++c) w[c] = r.get<float>();
    } else {
      float sc = scale();
      for (std::size_t c = 0; c < k; ++c) w[c] = sc * r.get<std::int8_t>();
    }
  }
  if (version >= 3) {
    m.hidden = r.count(4 + 4 * k);
    const std::size_t h = m.hidden;
    if (h > 4096) throw Error("invalid_model", "triage model has an implausible hidden layer");
    for (std::size_t j = 0; j < h; ++j) m.hidden_bias.push_back(r.get<float>());
    r.need(h * k * 4);
    m.out.resize(h * k);
    for (auto& v : m.out) v = r.get<float>();
    if (h) r.need(n * ((version >= 6 ? 2 : 4) + h));
    m.embed.resize(n * h);
    for (std::size_t row = 0; h && row < n; ++row) {
      float sc = scale();
      for (std::size_t j = 0; j < h; ++j) m.embed[row * h + j] = sc * r.get<std::int8_t>();
    }
  }
  std::size_t l = 0;
  if (version >= 6) {
    m.lexicon_keys = r.keys(1);
    l = m.lexicon_keys.size();
  } else {
    l = r.count(5);
    m.lexicon_keys.resize(l);
    for (auto& key : m.lexicon_keys) key = r.get<std::uint32_t>();
  }
  m.lexicon_scores.resize(l);
  for (auto& s : m.lexicon_scores) s = r.get<std::int8_t>();
  std::size_t c = r.count(8);
  for (std::size_t i = 0; i < c; ++i) {
    Correction corr;
    corr.text = r.str();
    corr.intent = r.str();
    m.corrections.push_back(std::move(corr));
  }
  if (version >= 4) {
    std::string tone = r.str();
    if (!tone.empty()) {
      if (nested) throw Error("invalid_model", "triage model's tone classifier carries a tone classifier of its own");
      m.tone = std::make_shared<const Model>(parse_model(tone, true));
    }
  }
  if (version >= 5) {
    std::size_t n_weights = r.count(8);
    if (n_weights > 16 + k) throw Error("invalid_model", "triage model has an implausible familiarity calibrator");
    for (std::size_t i = 0; i < n_weights; ++i) {
      double v = r.get<double>();
      if (!std::isfinite(v)) throw Error("invalid_model", "triage model's familiarity calibrator is not finite");
      m.familiarity_weights.push_back(v);
    }
    std::string bloom = r.str();
    m.vocabulary.assign(bloom.begin(), bloom.end());
  }
  if (r.at != bytes.size()) throw Error("invalid_model", "triage model has " + std::to_string(bytes.size() - r.at) + " trailing bytes");
  return m;
}
}  // namespace
}  // namespace parley::triage
