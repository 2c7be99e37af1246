// The citation snippet: the sentence of the article that carries most of the query's weight, so
// the agent (and the customer) sees the fact the draft relies on, not just a title.
#include "parley/knowledge.h"
#include "parley/text.h"

#include <set>

namespace parley::knowledge {
namespace {
constexpr std::size_t kMaxSnippetCodePoints = 200;

struct Span { std::size_t start, end; };

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x3000 || c == 0xA0; }

std::vector<Span> sentences(std::string_view s) {
  std::vector<Span> out;
  std::size_t start = 0, i = 0;
  while (i < s.size()) {
    char32_t c = text::next_code_point(s, i);
    bool end = c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == '!' || c == '?' || c == 0x61F || c == '\n' || c == 0x6D4;
    if (c == '.') end = i >= s.size() || s[i] == ' ' || s[i] == '\n';
    if (end) { out.push_back({start, i}); start = i; }
  }
  if (start < s.size()) out.push_back({start, s.size()});
  // Trim whitespace at both ends; drop empty sentences.
  std::vector<Span> trimmed;
  for (Span sp : out) {
    std::size_t a = sp.start;
    while (a < sp.end) { std::size_t j = a; if (!is_space(text::next_code_point(s, j))) break; a = j; }
    std::size_t b = sp.end;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n' || s[b - 1] == '\t' || s[b - 1] == '\r')) --b;
    if (b > a) trimmed.push_back({a, b});
  }
  return trimmed;
}

// Cut `sentence` to at most kMaxSnippetCodePoints around byte offset `focus`, on code point
// boundaries, marking cuts with an ellipsis.
std::string window(std::string_view sentence, std::size_t focus) {
  std::vector<std::size_t> starts;  // byte offset of each code point
  for (std::size_t i = 0; i < sentence.size();) { starts.push_back(i); text::next_code_point(sentence, i); }
  if (starts.size() <= kMaxSnippetCodePoints) return std::string(sentence);
  std::size_t at = 0;
  while (at + 1 < starts.size() && starts[at + 1] <= focus) ++at;
  std::size_t from = at > kMaxSnippetCodePoints / 3 ? at - kMaxSnippetCodePoints / 3 : 0;
  if (from + kMaxSnippetCodePoints > starts.size()) from = starts.size() - kMaxSnippetCodePoints;
  std::size_t to = from + kMaxSnippetCodePoints;
  std::string out = from > 0 ? "…" : "";
  out += sentence.substr(starts[from], (to < starts.size() ? starts[to] : sentence.size()) - starts[from]);
  if (to < starts.size()) out += "…";
  return out;
}
}  // namespace

std::vector<std::string_view> split_sentences(std::string_view text) {
  std::vector<std::string_view> out;
  for (Span sp : sentences(text)) out.push_back(text.substr(sp.start, sp.end - sp.start));
  return out;
}

std::string Index::snippet(const Article& a, const Partition& p, const std::vector<std::string>& q) const {
  std::set<std::string> wanted(q.begin(), q.end());
  double best = 0;
  Span best_span{0, 0};
  std::size_t best_focus = 0;
  for (Span sp : sentences(a.body)) {
    std::string_view sentence = std::string_view(a.body).substr(sp.start, sp.end - sp.start);
    std::set<std::string> seen;
    double score = 0;
    std::size_t focus = std::string::npos;
    for (const Token& t : tokenize(sentence, true, p.locale)) {
      if (!wanted.count(t.term) || !seen.insert(t.term).second) continue;
      score += idf(p, t.term);
      if (focus == std::string::npos) focus = t.start;
    }
    if (best_span.end == 0 || score > best) {  // earliest sentence wins a tie
      best = score;
      best_span = sp;
      best_focus = focus == std::string::npos ? 0 : focus;
    }
  }
  if (best_span.end == 0) return "";
  return window(std::string_view(a.body).substr(best_span.start, best_span.end - best_span.start), best_focus);
}
}  // namespace parley::knowledge
