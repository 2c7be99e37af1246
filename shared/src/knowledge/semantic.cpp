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

namespace parley::knowledge {
namespace {
constexpr std::size_t kExampleVotes = 3;

void append(std::vector<float>& out, const std::vector<float>& v) { out.insert(out.end(), v.begin(), v.end()); }
}  // namespace

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
    for (const auto& piece : pieces) {
      append(p.piece_vectors, encoder_->encode(piece));
      p.piece_doc.push_back(d);
    }
    for (const auto& e : a.examples) {
      append(p.question_vectors, encoder_->encode(e));
      p.question_doc.push_back(d);
    }
    for (const auto& e : a.learnt) {
      append(p.example_vectors, encoder_->encode(e));
      p.example_vector_doc.push_back(d);
    }
  }
}

void Index::semantic_scores(const Partition& p, const std::vector<float>& q, std::map<std::uint32_t, double>& pieces,
                            std::map<std::uint32_t, double>& questions, std::map<std::uint32_t, double>& examples) const {
  const std::size_t dim = q.size();
  auto dot = [&](const std::vector<float>& table, std::size_t i) {
    double s = 0;
    const float* v = &table[i * dim];
    for (std::size_t k = 0; k < dim; ++k) s += double(q[k]) * v[k];
    return s;
  };
  for (std::size_t i = 0; i < p.piece_doc.size(); ++i) {
    double c = dot(p.piece_vectors, i);
    auto [it, fresh] = pieces.emplace(p.piece_doc[i], c);
    if (!fresh) it->second = std::max(it->second, c);
  }
  auto vote = [&](const std::vector<float>& vectors, const std::vector<std::uint32_t>& docs, std::map<std::uint32_t, double>& out) {
    std::map<std::uint32_t, std::vector<double>> votes;
    for (std::size_t i = 0; i < docs.size(); ++i) {
      auto& best = votes[docs[i]];
      double c = dot(vectors, i);
      if (best.size() < kExampleVotes) {
        best.push_back(c);
        std::sort(best.begin(), best.end());
      } else if (c > best.front()) {
        best.front() = c;
        std::sort(best.begin(), best.end());
      }
    }
    for (const auto& [doc, best] : votes) {
      double sum = 0;
      for (double c : best) sum += c;
      out[doc] = sum / double(kExampleVotes);  // fewer examples than votes count as weaker evidence
    }
  };
  vote(p.question_vectors, p.question_doc, questions);
  vote(p.example_vectors, p.example_vector_doc, examples);
}
}  // namespace parley::knowledge
