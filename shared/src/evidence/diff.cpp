// Word and line diffs for agent edits: tokenise without ICU, then Myers' O((N+M)·D) shortest
// edit script after trimming the common prefix and suffix.
#include "parley/evidence.h"
#include "parley/text.h"

#include <algorithm>

namespace parley::evidence {
namespace {
enum class Class { space, word, single };

// Scripts written without spaces between words: one token per character.
bool unspaced(char32_t c) {
  return (c >= 0x0E00 && c <= 0x0EFF) ||   // Thai, Lao
         (c >= 0x1780 && c <= 0x17FF) ||   // Khmer
         (c >= 0x2E80 && c <= 0x9FFF) ||   // CJK radicals, punctuation, kana, ideographs
         (c >= 0xF900 && c <= 0xFAFF) ||   // CJK compatibility ideographs
         (c >= 0xFF00 && c <= 0xFFEF) ||   // full- and half-width forms
         (c >= 0x20000 && c <= 0x3FFFF);   // ideograph extensions
}

Class classify(char32_t c) {
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200A)) return Class::space;
  if (c < 0x80) return ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') ? Class::word : Class::single;
  if ((c >= 0x2010 && c <= 0x206F) || unspaced(c)) return Class::single;  // general punctuation; unspaced scripts
  return Class::word;
}

bool blank(const std::string& t) {
  return std::all_of(t.begin(), t.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// Whether a token counts as a word: letters and digits (a CJK character is a word), not spaces,
// punctuation or symbols.
bool wordish(const std::string& t) {
  std::size_t i = 0;
  char32_t c = text::next_code_point(t, i);
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  if (c <= 0xBF || (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F)) return false;
  if ((c >= 0xFF01 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65)) return false;
  return classify(c) != Class::space;
}

struct Op {
  char kind;  // '=', '-', '+'
  const std::string* token;
};

// Myers with a trace of the frontier per edit distance; `limit` bounds the trace's memory.
bool myers(const std::vector<std::string>& a, const std::vector<std::string>& b, std::vector<Op>& out) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size()), max = n + m, off = max + 1;
  constexpr std::size_t limit = 4'000'000;
  std::vector<int> v(2 * static_cast<std::size_t>(max) + 3, 0);
  std::vector<std::vector<int>> trace;
  bool done = max == 0;
  for (int d = 0; d <= max && !done; ++d) {
    if ((trace.size() + 1) * v.size() > limit) return false;
    trace.push_back(v);
    for (int k = -d; k <= d; k += 2) {
      int x = (k == -d || (k != d && v[k - 1 + off] < v[k + 1 + off])) ? v[k + 1 + off] : v[k - 1 + off] + 1;
      int y = x - k;
      while (x < n && y < m && a[x] == b[y]) ++x, ++y;
      v[k + off] = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
  }
  std::vector<Op> rev;
  int x = n, y = m;
  for (int d = static_cast<int>(trace.size()) - 1; d >= 0; --d) {
    const std::vector<int>& tv = trace[d];
    int k = x - y;
    int prev_k = (k == -d || (k != d && tv[k - 1 + off] < tv[k + 1 + off])) ? k + 1 : k - 1;
    int prev_x = tv[prev_k + off], prev_y = prev_x - prev_k;
    while (x > prev_x && y > prev_y) rev.push_back({'=', &a[--x]}), --y;
    if (d > 0) {
      if (x == prev_x) rev.push_back({'+', &b[--y]});
      else rev.push_back({'-', &a[--x]});
    }
    x = prev_x, y = prev_y;
  }
  out.insert(out.end(), rev.rbegin(), rev.rend());
  return true;
}
}  // namespace

std::vector<std::string> tokens(std::string_view s, DiffUnit unit) {
  std::vector<std::string> out;
  if (unit == DiffUnit::line) {
    std::size_t start = 0;
    while (start < s.size()) {
      std::size_t nl = s.find('\n', start);
      std::size_t end = nl == std::string_view::npos ? s.size() : nl + 1;
      out.emplace_back(s.substr(start, end - start));
      start = end;
    }
    return out;
  }
  std::size_t i = 0;
  Class prev = Class::single;
  while (i < s.size()) {
    std::size_t at = i;
    Class c = classify(text::next_code_point(s, i));
    if (c != Class::single && c == prev && !out.empty()) out.back().append(s.substr(at, i - at));
    else out.emplace_back(s.substr(at, i - at));
    prev = c;
  }
  return out;
}

Json diff(std::string_view before, std::string_view after, DiffUnit unit) {
  std::vector<std::string> a = tokens(before, unit), b = tokens(after, unit);
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix && a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) ++suffix;

  std::vector<Op> ops;
  for (std::size_t i = 0; i < prefix; ++i) ops.push_back({'=', &a[i]});
  std::vector<std::string> mid_a(a.begin() + prefix, a.end() - suffix), mid_b(b.begin() + prefix, b.end() - suffix);
  std::vector<Op> middle;
  if (!myers(mid_a, mid_b, middle)) {
    // Too different to diff cheaply: everything in between was replaced.
    middle.clear();
    for (const auto& t : mid_a) middle.push_back({'-', &t});
    for (const auto& t : mid_b) middle.push_back({'+', &t});
  }
  ops.insert(ops.end(), middle.begin(), middle.end());
  for (std::size_t i = a.size() - suffix; i < a.size(); ++i) ops.push_back({'=', &a[i]});

  long inserted = 0, deleted = 0, unchanged = 0;
  for (const Op& o : ops) {
    long counts = unit == DiffUnit::line || wordish(*o.token);
    (o.kind == '=' ? unchanged : o.kind == '-' ? deleted : inserted) += counts;
  }
  // Readability: a lone space between two changes joins them, and each run of changes is shown
  // as one deletion followed by one insertion ("I will check" → "your refund was").
  Json out = Json::array();
  std::string del, ins;
  auto flush = [&]() {
    if (!del.empty()) out.push_back(Json{{"op", "delete"}, {"text", del}});
    if (!ins.empty()) out.push_back(Json{{"op", "insert"}, {"text", ins}});
    del.clear(), ins.clear();
  };
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const Op& o = ops[i];
    bool bridge = o.kind == '=' && unit == DiffUnit::word && blank(*o.token) && i > 0 && i + 1 < ops.size() &&
                  ops[i - 1].kind != '=' && ops[i + 1].kind != '=';
    if (o.kind == '-' || bridge) del += *o.token;
    if (o.kind == '+' || bridge) ins += *o.token;
    if (o.kind != '=' || bridge) continue;
    flush();
    if (!out.empty() && out.back()["op"] == "equal") out.back()["text"] = out.back()["text"].get<std::string>() + *o.token;
    else out.push_back(Json{{"op", "equal"}, {"text", *o.token}});
  }
  flush();
  return Json{{"ops", out}, {"inserted", inserted}, {"deleted", deleted}, {"unchanged", unchanged}};
}
}  // namespace parley::evidence
