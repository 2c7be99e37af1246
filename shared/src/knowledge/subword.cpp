// The subword channel of the index: hashed character 3–5-grams of the folded terms, TF-IDF
// weighted and L2-normalised, compared by cosine. It matches what words miss ("delivered" /
// "delivery", "refund" / "refunded", typos, German compounds) in every script without a
// per-language stemmer; BM25 over whole words stays beside it (see index.cpp).
#include "parley/knowledge.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace parley::knowledge {
namespace {
constexpr double kLargeKb = 1000;
constexpr double kCommonShare = 0.05;

// Code points of " term term … ", so n-grams see word starts and ends.
std::vector<std::string_view> characters(const std::string& folded) {
  std::vector<std::string_view> out;
  std::string_view s = folded;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}
}  // namespace

std::uint32_t fnv1a32(std::string_view s) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : s) { h ^= c; h *= 16777619u; }
  return h;
}

std::map<std::uint32_t, double> gram_counts(std::string_view text) { return gram_counts(terms(text)); }

std::map<std::uint32_t, double> gram_counts(const std::vector<std::string>& folded_terms) {
  std::string folded = " ";
  for (const auto& t : folded_terms) folded += t + " ";
  auto chars = characters(folded);
  std::map<std::uint32_t, double> counts;  // ordered: sums run in the same order in every build
  for (std::size_t n = 3; n <= 5; ++n)
    for (std::size_t i = 0; i + n <= chars.size(); ++i) {
      std::string g;
      for (std::size_t j = i; j < i + n; ++j) g += chars[j];
      if (g.find("  ") == std::string::npos) counts[fnv1a32(g)] += 1;
    }
  return counts;
}

std::unordered_map<std::uint32_t, double> Index::gram_vector(const Partition& p, std::string_view text) {
  auto counts = gram_counts(text);
  double unseen = std::log(1.0 + static_cast<double>(p.docs.size())) + 1.0;
  std::vector<std::pair<std::uint32_t, double>> weights;
  double norm = 0;
  for (const auto& [g, c] : counts) {
    auto it = p.gram_idf.find(g);
    double w = (1.0 + std::log(c)) * (it == p.gram_idf.end() ? unseen : it->second);
    weights.emplace_back(g, w);
    norm += w * w;
  }
  norm = std::sqrt(norm);
  std::unordered_map<std::uint32_t, double> v;
  for (const auto& [g, w] : weights) v[g] = w / norm;
  return v;
}

void Index::build_grams(Partition& p) {
  std::vector<std::map<std::uint32_t, double>> docs;
  std::map<std::uint32_t, double> df;
  for (std::uint32_t d : p.docs) {
    const Article& a = articles_[d];
    std::string text = a.title + " " + a.title + " " + a.body;
    for (const auto& t : a.tags) text += " " + t;
    docs.push_back(gram_counts(text));
    for (const auto& [g, c] : docs.back()) df[g] += 1;
  }
  double n = static_cast<double>(p.docs.size());
  for (const auto& [g, f] : df) p.gram_idf[g] = std::log((1.0 + n) / (1.0 + f)) + 1.0;
  // In a large knowledge base the n-grams in more than 5% of articles ("ing ", " the") hold most of
  // the postings and decide nothing: they stay in the vectors' norms but get no posting list.
  auto too_common = [&](std::uint32_t g) { return n >= kLargeKb && df[g] > kCommonShare * n; };
  for (std::size_t i = 0; i < p.docs.size(); ++i) {
    const Article& a = articles_[p.docs[i]];
    std::string text = a.title + " " + a.title + " " + a.body;
    for (const auto& t : a.tags) text += " " + t;
    for (const auto& [g, w] : gram_vector(p, text))
      if (!too_common(g)) p.grams[g].push_back({p.docs[i], w});
    for (const auto* list : {&a.examples, &a.learnt})  // the pack's questions and the history alike
      for (const auto& e : *list) {
        auto e_id = static_cast<std::uint32_t>(p.example_doc.size());
        p.example_doc.push_back(p.docs[i]);
        for (const auto& [g, w] : gram_vector(p, e)) p.example_grams[g].push_back({e_id, w});
      }
  }
}

// Cosines per article (or per example) in a dense array with the touched ones listed: a map's
// insertions over thousands of postings cost more than the sums. Each article's terms are added in
// the same order as before, so the sums are the same to the bit.
std::vector<std::pair<std::uint32_t, double>> Index::subword_scores(const Partition& p, std::string_view text, bool examples) const {
  auto q = gram_vector(p, text);
  std::vector<std::pair<std::uint32_t, double>> ordered(q.begin(), q.end());
  std::sort(ordered.begin(), ordered.end());
  const auto& lists = examples ? p.example_grams : p.grams;
  // Reused per thread and cleared by the touched list: zeroing one array per partition and query
  // would cost more than the map it replaces.
  thread_local std::vector<double> cos;
  thread_local std::vector<std::uint8_t> touched;
  const std::size_t size = examples ? p.example_doc.size() : articles_.size();
  if (cos.size() < size) { cos.resize(size, 0.0); touched.resize(size, 0); }
  std::vector<std::uint32_t> seen;
  for (const auto& [g, w] : ordered) {
    auto it = lists.find(g);
    if (it == lists.end()) continue;
    for (const GramPosting& post : it->second) {
      cos[post.doc] += w * post.weight;
      if (!touched[post.doc]) { touched[post.doc] = 1; seen.push_back(post.doc); }
    }
  }
  std::sort(seen.begin(), seen.end());
  std::vector<std::pair<std::uint32_t, double>> out;
  std::map<std::uint32_t, double> best;  // examples: article -> its closest example
  for (std::uint32_t i : seen) {
    if (examples) {
      double& b = best[p.example_doc[i]];
      b = std::max(b, cos[i]);
    } else {
      out.emplace_back(i, cos[i]);
    }
    cos[i] = 0;
    touched[i] = 0;
  }
  if (examples) out.assign(best.begin(), best.end());
  return out;
}
}  // namespace parley::knowledge
