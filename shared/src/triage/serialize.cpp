// The model file: "PTRG", version 5 (versions 1–4 still load), little-endian. Weight rows are int8 with a float scale per
// row (rows changed by online corrections stay float32 so a correction survives a round trip).
#include "parley/api.h"
#include "parley/triage.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace parley::triage {
namespace {
constexpr std::uint32_t kVersion = 5;  // v2 adds sublinear and word_weight to the features, v3 the hidden layer,
                                       // v4 the tone classifier (a nested model file, empty when absent),
                                       // v5 the familiarity calibrator (0 weights when absent) and the
                                       // training vocabulary's Bloom filter (0 bytes when absent)

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
};
}  // namespace

std::string serialize(const Model& m) {
  Writer w;
  w.out = "PTRG";
  w.put(kVersion);
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
  w.put<std::uint32_t>(static_cast<std::uint32_t>(m.keys.size()));
  for (auto key : m.keys) w.put(key);
  for (std::size_t r = 0; r < m.keys.size(); ++r) w.put<std::uint8_t>(r < m.exact.size() ? m.exact[r] : 0);
  for (std::size_t r = 0; r < m.keys.size(); ++r) {
    const float* row = &m.weights[r * k];
    if (r < m.exact.size() && m.exact[r]) {
      for (std::size_t c = 0; c < k; ++c) w.put(row[c]);
      continue;
    }
    float top = 0;
    for (std::size_t c = 0; c < k; ++c) top = std::max(top, std::fabs(row[c]));
    float scale = top > 0 ? top / 127.0f : 1.0f;
    w.put(scale);
    for (std::size_t c = 0; c < k; ++c) w.put(static_cast<std::int8_t>(std::lround(row[c] / scale)));
  }
  // v3: the hidden layer (0 units for a linear model), then each row's embedding as int8 + scale.
  const std::size_t h = m.hidden;
  w.put<std::uint32_t>(static_cast<std::uint32_t>(h));
  for (std::size_t j = 0; j < h; ++j) w.put(m.hidden_bias[j]);
  for (std::size_t i = 0; i < h * k; ++i) w.put(m.out[i]);
  for (std::size_t r = 0; h && r < m.keys.size(); ++r) {
    const float* row = &m.embed[r * h];
    float top = 0;
    for (std::size_t j = 0; j < h; ++j) top = std::max(top, std::fabs(row[j]));
    float scale = top > 0 ? top / 127.0f : 1.0f;
    w.put(scale);
    for (std::size_t j = 0; j < h; ++j) w.put(static_cast<std::int8_t>(std::lround(row[j] / scale)));
  }
  w.put<std::uint32_t>(static_cast<std::uint32_t>(m.lexicon_keys.size()));
  for (auto key : m.lexicon_keys) w.put(key);
  for (auto s : m.lexicon_scores) w.put(s);
  w.put<std::uint32_t>(static_cast<std::uint32_t>(m.corrections.size()));
  for (const auto& c : m.corrections) {
    w.str(c.text);
    w.str(c.intent);
  }
  w.str(m.tone ? serialize(*m.tone) : std::string());
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
  std::size_t n = r.count(5 + k);
  m.keys.resize(n);
  for (auto& key : m.keys) key = r.get<std::uint32_t>();
  if (!std::is_sorted(m.keys.begin(), m.keys.end())) throw Error("invalid_model", "triage model rows are not sorted");
  m.exact.resize(n);
  for (auto& e : m.exact) e = r.get<std::uint8_t>();
  m.weights.resize(n * k);
  for (std::size_t row = 0; row < n; ++row) {
    float* w = &m.weights[row * k];
    if (m.exact[row]) {
      for (std::size_t c = 0; c < k; ++c) w[c] = r.get<float>();
    } else {
      float scale = r.get<float>();
      for (std::size_t c = 0; c < k; ++c) w[c] = scale * r.get<std::int8_t>();
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
    if (h) r.need(n * (4 + h));
    m.embed.resize(n * h);
    for (std::size_t row = 0; h && row < n; ++row) {
      float scale = r.get<float>();
      for (std::size_t j = 0; j < h; ++j) m.embed[row * h + j] = scale * r.get<std::int8_t>();
    }
  }
  std::size_t l = r.count(5);
  m.lexicon_keys.resize(l);
  for (auto& key : m.lexicon_keys) key = r.get<std::uint32_t>();
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
