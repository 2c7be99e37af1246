// The encoder's channel of the index: every article is embedded piece by piece — its title, each
// body sentence, the title with its tags — because a customer's message is about one thing and an
// article covers several: the best-matching piece speaks for the article. Its example questions
// (the pack's) and the workspace's history (Article::learnt) are two more lists, each voted on by
// the mean of the article's closest few, so one odd message does not decide. Two lists, not one:
// the history's vote is weighted for many messages, and at that weight a pack's eight questions
// made messages no article answers look answered (demo pack: mean top confidence on them 0.26 →
// 0.35–0.69; Query::semantic_question_weight).
#include "parley/encoder.h"
#include "parley/knowledge.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace parley::knowledge {
namespace {
constexpr std::size_t kExampleVotes = 3;
constexpr double kLevels = 127.0;

// A unit vector as int8 over its largest component, and the scale back.
float quantize(const std::vector<float>& v, std::int8_t* out) {
  double top = 0;
  for (float x : v) top = std::max(top, std::fabs(double(x)));
  if (top <= 0) {
    std::fill(out, out + v.size(), std::int8_t{0});
    return 0.0f;
  }
  for (std::size_t k = 0; k < v.size(); ++k) out[k] = static_cast<std::int8_t>(std::lround(double(v[k]) * kLevels / top));
  return static_cast<float>(top / kLevels);
}
// The int8 dot product every query takes with every piece of every article (10k articles: ≈50k
// pieces × 64): most of a semantic search. In wasm, 16 lanes at a time through i32x4.dot_i16x8_s
// (the autovectoriser widens to 32 bits first, 4 lanes); integer sums are exact in any order, so
// the answer is the scalar loop's to the bit.
std::int32_t dot_i8(const std::int8_t* a, const std::int8_t* b, std::size_t n) {
  std::size_t k = 0;
  std::int32_t s = 0;
#if defined(__wasm_simd128__)
  v128_t acc = wasm_i32x4_splat(0);
  for (; k + 16 <= n; k += 16) {
    const v128_t x = wasm_v128_load(a + k), y = wasm_v128_load(b + k);
    acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(wasm_i16x8_extend_low_i8x16(x), wasm_i16x8_extend_low_i8x16(y)));
    acc = wasm_i32x4_add(acc, wasm_i32x4_dot_i16x8(wasm_i16x8_extend_high_i8x16(x), wasm_i16x8_extend_high_i8x16(y)));
  }
  s = wasm_i32x4_extract_lane(acc, 0) + wasm_i32x4_extract_lane(acc, 1) + wasm_i32x4_extract_lane(acc, 2) + wasm_i32x4_extract_lane(acc, 3);
#endif
  for (; k < n; ++k) s += std::int32_t(a[k]) * std::int32_t(b[k]);
  return s;
}
}  // namespace

void Index::Partition::Dense::add(const std::vector<float>& unit, std::uint32_t article) {
  const std::size_t at = values.size();
  values.resize(at + unit.size());
  scales.push_back(quantize(unit, &values[at]));
  doc.push_back(article);
}

void Index::build_vectors(Partition& p) {
  if (!encoder_) return;
  for (std::uint32_t d : p.docs) {
    const Article& a = articles_[d];
    std::vector<std::string> pieces{a.title};
    if (!a.tags.empty()) {
      std::string tagged = a.title;
      for (const auto& t : a.tags) tagged += " " + t;
      pieces.push_back(tagged);
    }
    for (auto s : split_sentences(a.body)) pieces.emplace_back(s);
    for (const auto& piece : pieces) p.piece_vectors.add(encoder_->encode(piece), d);
    for (const auto& e : a.examples) p.question_vectors.add(encoder_->encode(e), d);
    for (const auto& e : a.learnt) p.example_vectors.add(encoder_->encode(e), d);
  }
}

void Index::semantic_scores(const Partition& p, const std::vector<float>& q, double floor, DocScores& pieces, DocScores& questions,
                            DocScores& examples) const {
  const std::size_t dim = q.size();
  std::vector<std::int8_t> q8(dim);
  const double q_scale = quantize(q, q8.data());
  auto cosine = [&](const Partition::Dense& table, std::size_t i) {
    const std::int32_t s = dot_i8(q8.data(), &table.values[i * dim], dim);
    return double(s) * q_scale * double(table.scales[i]);
  };
  auto cosines = [&](const Partition::Dense& table) {
    std::vector<double> out(table.size());
    for (std::size_t i = 0; i < table.size(); ++i) out[i] = cosine(table, i);
    return out;
  };
  {
    // Each article's best piece, in an array over the articles (10k map insertions per query
    // cost more than the dot products); only those above the floor are evidence.
    std::vector<double> best(articles_.size(), -2.0);
    for (std::size_t i = 0; i < p.piece_vectors.size(); ++i) {
      double& b = best[p.piece_vectors.doc[i]];
      b = std::max(b, cosine(p.piece_vectors, i));
    }
    for (std::uint32_t d : p.docs)  // ascending: the index adds articles in order
      if (best[d] > floor) pieces.emplace_back(d, best[d]);
  }
  auto vote = [&](const Partition::Dense& table, DocScores& out) {
    const auto c = cosines(table);
    std::map<std::uint32_t, std::vector<double>> votes;
    for (std::size_t i = 0; i < c.size(); ++i) {
      auto& best = votes[table.doc[i]];
      if (best.size() < kExampleVotes) {
        best.push_back(c[i]);
        std::sort(best.begin(), best.end());
      } else if (c[i] > best.front()) {
        best.front() = c[i];
        std::sort(best.begin(), best.end());
      }
    }
    for (const auto& [doc, best] : votes) {
      double sum = 0;
      for (double x : best) sum += x;
      out.emplace_back(doc, sum / double(kExampleVotes));  // fewer examples than votes count as weaker evidence
    }
  };
  vote(p.question_vectors, questions);
  vote(p.example_vectors, examples);
}
}  // namespace parley::knowledge
