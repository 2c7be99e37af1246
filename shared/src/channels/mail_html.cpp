// text/html → plain text, for mail that has no text/plain. Only text comes out: tags are
// dropped (script, style and head with their content), block ends become line breaks, entities
// are decoded, and <blockquote> content is prefixed "> " so the quoted history is recognised.
#include "mail.h"

#include "parley/text.h"

namespace parley::channels::mail {
namespace {
struct Out {
  std::string s;
  int quote = 0;
  bool line_start = true;
  void put(char c) {
    if (c == '\n') {
      while (!s.empty() && s.back() == ' ') s.pop_back();
      // At most one blank line in a row.
      if (s.size() >= 2 && s[s.size() - 1] == '\n' && s[s.size() - 2] == '\n') return;
      if (s.empty()) return;
      s += '\n';
      line_start = true;
      return;
    }
    if (c == ' ' && (line_start || (!s.empty() && s.back() == ' '))) return;
    if (line_start) {
      for (int q = 0; q < quote; ++q) s += "> ";
      line_start = false;
    }
    s += c;
  }
  void put(std::string_view t) {
    for (char c : t) put(c);
  }
};

void entity(std::string_view name, Out& out) {
  static const std::pair<const char*, const char*> named[] = {{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"},
                                                            {"nbsp", " "}, {"copy", "\xC2\xA9"}, {"hellip", "\xE2\x80\xA6"},
                                                            {"mdash", "\xE2\x80\x94"}, {"ndash", "\xE2\x80\x93"}, {"rsquo", "\xE2\x80\x99"},
                                                            {"lsquo", "\xE2\x80\x98"}, {"ldquo", "\xE2\x80\x9C"}, {"rdquo", "\xE2\x80\x9D"}};
  for (const auto& [n, v] : named)
    if (name == n) return out.put(v);
  if (name.size() > 1 && name[0] == '#') {
    const bool hex = name[1] == 'x' || name[1] == 'X';
    std::uint32_t cp = 0;
    for (char c : name.substr(hex ? 2 : 1)) {
      int d = c >= '0' && c <= '9' ? c - '0' : hex && (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10 : -1;
      if (d < 0 || cp > 0x10FFFF) return out.put("\xEF\xBF\xBD");
      cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
    }
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    std::string u;
    text::append_utf8(u, static_cast<char32_t>(cp == 0xA0 ? ' ' : cp));
    return out.put(u);
  }
  out.put("&" + std::string(name) + ";");  // unknown: as written
}
}  // namespace

std::string html_to_text(std::string_view h) {
  Out out;
  std::size_t i = 0;
  while (i < h.size()) {
    const char c = h[i];
    if (c == '<') {
      if (h.substr(i, 4) == "<!--") {
        std::size_t e = h.find("-->", i);
        i = e == std::string_view::npos ? h.size() : e + 3;
        continue;
      }
      std::size_t e = h.find('>', i);
      if (e == std::string_view::npos) break;
      std::string tag = lower(h.substr(i + 1, e - i - 1));
      const bool closing = !tag.empty() && tag[0] == '/';
      std::string name = tag.substr(closing ? 1 : 0);
      name = name.substr(0, name.find_first_of(" \t\n/"));
      i = e + 1;
      if (!closing && (name == "script" || name == "style" || name == "head" || name == "title")) {
        std::size_t end = i;  // its closing tag, any case (no copy of the rest per element)
        while ((end = h.find("</", end)) != std::string_view::npos && lower(h.substr(end + 2, name.size())) != name) end += 2;
        i = end == std::string_view::npos ? h.size() : end;
        continue;
      }
      if (name == "blockquote") {
        out.put('\n');
        out.quote += closing ? (out.quote > 0 ? -1 : 0) : 1;
      } else if (name == "br" || name == "p" || name == "div" || name == "li" || name == "tr" || name == "hr" || name == "h1" ||
                 name == "h2" || name == "h3" || name == "h4" || name == "table" || name == "ul" || name == "ol" || name == "pre") {
        out.put('\n');
        if (name == "p" && closing) out.put('\n');
      } else if (name == "td" || name == "th") {
        out.put(' ');
      }
      continue;
    }
    if (c == '&') {
      std::size_t e = h.find(';', i);
      if (e != std::string_view::npos && e - i <= 10) {
        entity(h.substr(i + 1, e - i - 1), out);
        i = e + 1;
        continue;
      }
    }
    out.put(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
    ++i;
  }
  return trim(out.s);
}
}  // namespace parley::channels::mail
