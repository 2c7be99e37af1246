// Packing: blocks are joined by a blank line and list items by a newline while the result fits;
// a block that does not fit alone is split between items, then between words, and a word longer
// than a whole part between graphemes (never inside one). Styles are re-opened in each part, so a
// split never leaves a dangling "*" or "_".
#include "format.h"

#include <algorithm>

namespace parley::channels::format {
namespace {
struct Token {
  std::string text;
  const draft::Span* span;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string trim(std::string s) {
  std::size_t a = 0, b = s.size();
  while (a < b && is_space(s[a])) ++a;
  while (b > a && is_space(s[b - 1])) --b;
  return s.substr(a, b - a);
}

// Words with their trailing whitespace; a link is one token (its label is never split).
std::vector<Token> tokenize(const draft::Line& line) {
  std::vector<Token> out;
  for (const auto& span : line.spans) {
    if (!span.link.empty()) {
      out.push_back({span.text, &span});
      continue;
    }
    const std::string& t = span.text;
    std::size_t i = 0;
    while (i < t.size()) {
      std::size_t start = i;
      while (i < t.size() && !is_space(t[i])) ++i;
      while (i < t.size() && is_space(t[i])) ++i;
      out.push_back({t.substr(start, i - start), &span});
    }
  }
  return out;
}

bool same_style(const draft::Span* a, const draft::Span* b) {
  return a->bold == b->bold && a->italic == b->italic && a->link == b->link;
}

// Render tokens [i, j) of a line; `prefix`: whether to write the list marker.
std::string render_tokens(dialect::Kind k, const draft::Line& line, const std::vector<Token>& toks, std::size_t i, std::size_t j,
                          bool prefix) {
  std::string out = (line.item && prefix) ? dialect::bullet(k, line.ordered, line.number) : "";
  bool first = true;
  while (i < j) {
    std::string run = toks[i].text;
    std::size_t e = i + 1;
    while (e < j && same_style(toks[e].span, toks[i].span) && toks[i].span->link.empty()) run += toks[e++].text;
    out += dialect::run(k, run, toks[i].span->bold, toks[i].span->italic, toks[i].span->link, first);
    first = false;
    i = e;
  }
  return trim(out);
}

// Largest end in (lo, hi] for which `ok(end)` holds, assuming it is monotone; lo when none.
template <class F>
std::size_t largest(std::size_t lo, std::size_t hi, F ok) {
  std::size_t good = lo;
  std::size_t a = lo + 1, b = hi;
  while (a <= b) {
    std::size_t mid = a + (b - a) / 2;
    if (ok(mid)) {
      good = mid;
      a = mid + 1;
    } else {
      b = mid - 1;
    }
  }
  return good;
}

void warn(Result& r, const char* code) {
  if (std::find(r.warnings.begin(), r.warnings.end(), code) == r.warnings.end()) r.warnings.push_back(code);
}

// Split one line that does not fit into pieces that do.
std::vector<std::string> split_line(dialect::Kind k, const draft::Line& line, const Limit& limit, Result& r) {
  std::vector<Token> toks = tokenize(line);
  std::vector<std::string> pieces;
  std::size_t i = 0;
  bool first = true;
  while (i < toks.size()) {
    std::size_t j = largest(i, toks.size(), [&](std::size_t end) { return limit.fits(render_tokens(k, line, toks, i, end, first)); });
    if (j > i) {
      std::string piece = render_tokens(k, line, toks, i, j, first);
      if (!piece.empty()) pieces.push_back(piece);
      first = false;
      i = j;
      continue;
    }
    // Token i alone is too long.
    if (!toks[i].span->link.empty()) {  // a link stays whole, even over the limit
      pieces.push_back(render_tokens(k, line, toks, i, i + 1, first));
      warn(r, "part_over_limit");
      first = false;
      ++i;
      continue;
    }
    std::string word = toks[i].text;
    std::vector<std::size_t> g = grapheme_boundaries(word);
    auto with = [&](std::size_t count) {
      std::vector<Token> one{{word.substr(0, g[count]), toks[i].span}};
      return render_tokens(k, line, one, 0, 1, first);
    };
    std::size_t n = largest(0, g.size() - 1, [&](std::size_t count) { return limit.fits(with(count)); });
    if (n == 0) {  // not even one grapheme fits (a limit smaller than the markup): keep it whole
      n = 1;
      warn(r, "part_over_limit");
    }
    pieces.push_back(with(n));
    warn(r, "split_inside_word");
    first = false;
    toks[i].text = word.substr(g[n]);
    if (toks[i].text.empty()) ++i;
  }
  return pieces;
}
}  // namespace

Limit limit_of(const Json& p) {
  Limit limit;
  limit.unit = parse_unit(p["text"]["unit"].get<std::string>(), "/overrides/text/unit");
  limit.max = p["text"]["max"].get<std::size_t>();
  if (p.contains("segments")) limit.max_segments = p["segments"]["max"].get<std::size_t>();
  return limit;
}

bool Limit::fits(std::string_view s) const {
  if (max && measure(s, unit) > max) return false;
  if (max_segments && sms_segments(s).segments.size() > max_segments) return false;
  return true;
}

Result render(const draft::Draft& d, dialect::Kind k, const Limit& limit, bool split) {
  Result r;
  std::string cur;
  for (const auto& block : d.blocks) {
    for (std::size_t li = 0; li < block.lines.size(); ++li) {
      const auto& line = block.lines[li];
      std::vector<Token> toks = tokenize(line);
      std::string rendered = render_tokens(k, line, toks, 0, toks.size(), true);
      if (rendered.empty()) continue;
      std::string sep = cur.empty() ? "" : (li == 0 ? "\n\n" : "\n");
      if (!split || limit.fits(cur + sep + rendered)) {
        cur += sep + rendered;
        continue;
      }
      if (!cur.empty()) r.parts.push_back(std::move(cur));
      cur.clear();
      if (limit.fits(rendered)) {
        cur = rendered;
        continue;
      }
      std::vector<std::string> pieces = split_line(k, line, limit, r);
      for (std::size_t p = 0; p + 1 < pieces.size(); ++p) r.parts.push_back(pieces[p]);
      if (!pieces.empty()) cur = pieces.back();
    }
  }
  if (!cur.empty()) r.parts.push_back(std::move(cur));
  if (!split && !r.parts.empty() && !limit.fits(r.parts[0])) warn(r, "part_over_limit");
  return r;
}

std::string render_html(const draft::Draft& d) {
  std::string out;
  for (const auto& block : d.blocks) {
    const bool list = block.lines.front().item;
    if (list) out += block.lines.front().ordered ? "<ol>" : "<ul>";
    for (const auto& line : block.lines) {
      out += list ? "<li>" : "<p>";
      for (const auto& s : line.spans) {
        std::string t = dialect::html_escape(s.text);
        std::string html;
        for (char c : t) html += c == '\n' ? std::string("<br>") : std::string(1, c);
        if (s.italic) html = "<em>" + html + "</em>";
        if (s.bold) html = "<strong>" + html + "</strong>";
        if (!s.link.empty()) html = "<a href=\"" + dialect::html_escape(s.link) + "\">" + html + "</a>";
        out += html;
      }
      out += list ? "</li>" : "</p>";
    }
    if (list) out += block.lines.front().ordered ? "</ol>" : "</ul>";
    out += "\n";
  }
  return out;
}
}  // namespace parley::channels::format
