// A recursive-descent reader for WeChat's flat XML (see xml.h). Every malformed input throws with
// the byte offset, so a bad webhook is answered 400 naming where, not stored half-read.
#include "xml.h"

#include "parley/api.h"
#include "parley/text.h"

namespace parley::channels::xml {
namespace {
struct Reader {
  std::string_view s;
  std::size_t i = 0;

  [[noreturn]] void fail(const std::string& what) const {
    throw Error("invalid_payload", "/body is not well-formed XML: " + what + " at byte " + std::to_string(i), "/body");
  }
  bool starts(std::string_view p) const { return s.substr(i, p.size()) == p; }
  void skip_space() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
  }
  // Skips <?…?> and <!--…--> between elements.
  void skip_misc() {
    for (;;) {
      skip_space();
      std::string_view end = starts("<?") ? "?>" : starts("<!--") ? "-->" : "";
      if (end.empty()) return;
      std::size_t e = s.find(end, i);
      if (e == std::string_view::npos) fail("unterminated " + std::string(end == "?>" ? "processing instruction" : "comment"));
      i = e + end.size();
    }
  }
  std::string name() {
    std::size_t b = i;
    while (i < s.size() && s[i] != '>' && s[i] != '/' && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') ++i;
    if (i == b) fail("an element without a name");
    return std::string(s.substr(b, i - b));
  }
  // &lt; &gt; &amp; &quot; &apos; &#N; &#xH;
  void entity(std::string& out) {
    std::size_t e = s.find(';', i);
    if (e == std::string_view::npos || e - i > 12) fail("an unterminated entity");
    std::string_view ent = s.substr(i + 1, e - i - 1);
    if (ent == "lt") out += '<';
    else if (ent == "gt") out += '>';
    else if (ent == "amp") out += '&';
    else if (ent == "quot") out += '"';
    else if (ent == "apos") out += '\'';
    else if (ent.size() > 1 && ent[0] == '#') {
      const bool hex = ent[1] == 'x' || ent[1] == 'X';
      std::uint32_t cp = 0;
      std::string_view digits = ent.substr(hex ? 2 : 1);
      if (digits.empty()) fail("an empty character reference");
      for (char c : digits) {
        int d = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0 || cp > 0x10FFFF) fail("a bad character reference &" + std::string(ent) + ";");
        cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
      }
      if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) fail("a character reference outside Unicode");
      text::append_utf8(out, static_cast<char32_t>(cp));
    } else {
      fail("an unknown entity &" + std::string(ent) + ";");
    }
    i = e + 1;
  }
  // One element at s[i] == '<'; returns its text (children's text is not included).
  std::string element(std::string& tag, int depth) {
    if (depth > 16) fail("elements nested too deeply");
    ++i;
    tag = name();
    while (i < s.size() && s[i] != '>' && s[i] != '/') ++i;  // attributes are not read
    if (i >= s.size()) fail("an unterminated tag <" + tag);
    if (s[i] == '/') {
      if (!starts("/>")) fail("a stray '/' in <" + tag);
      i += 2;
      return "";
    }
    ++i;
    std::string out;
    for (;;) {
      if (i >= s.size()) fail("<" + tag + "> is never closed");
      if (starts("<![CDATA[")) {
        std::size_t e = s.find("]]>", i);
        if (e == std::string_view::npos) fail("an unterminated CDATA section");
        out += s.substr(i + 9, e - i - 9);
        i = e + 3;
      } else if (starts("<!--")) {
        skip_misc();
      } else if (starts("</")) {
        i += 2;
        std::string closing = name();
        skip_space();
        if (closing != tag) fail("</" + closing + "> closes <" + tag + ">");
        if (i >= s.size() || s[i] != '>') fail("an unterminated closing tag </" + closing);
        ++i;
        return out;
      } else if (s[i] == '<') {
        std::string child;
        std::string value = element(child, depth + 1);
        on_child(depth, child, value);
      } else if (s[i] == '&') {
        entity(out);
      } else {
        out += s[i++];
      }
    }
  }
  std::map<std::string, std::string>* root_children = nullptr;
  void on_child(int depth, const std::string& tag, const std::string& value) {
    if (depth == 0 && root_children) (*root_children)[tag] = value;
  }
};
}  // namespace

Element parse_flat(std::string_view text) {
  if (auto bad = parley::text::invalid_utf8_offset(text))
    throw Error("invalid_payload", "/body is not valid UTF-8: bad byte at offset " + std::to_string(*bad), "/body");
  Element root;
  Reader r{text};
  r.root_children = &root.children;
  if (r.starts("\xEF\xBB\xBF")) r.i = 3;  // a byte-order mark
  r.skip_misc();
  if (r.i >= text.size() || text[r.i] != '<') r.fail("no root element");
  r.element(root.name, 0);
  r.skip_misc();
  if (r.i != text.size()) r.fail("content after the root element");
  return root;
}
}  // namespace parley::channels::xml
