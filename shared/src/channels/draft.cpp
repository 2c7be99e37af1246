// Parsing the neutral draft; every error names the block, item or span.
#include "draft.h"

#include "parley/text.h"

namespace parley::channels::draft {
namespace {
std::string at(const std::string& p, std::string_view k) { return p + "/" + std::string(k); }
std::string at(const std::string& p, std::size_t i) { return p + "/" + std::to_string(i); }

void check_utf8(const std::string& s, const std::string& path) {
  if (auto bad = text::invalid_utf8_offset(s))
    throw Error("invalid_utf8", path + " is not valid UTF-8: bad byte at offset " + std::to_string(*bad), path);
}

bool allowed_link(const std::string& url) {
  for (const char* scheme : {"https://", "http://", "mailto:", "tel:"})
    if (url.rfind(scheme, 0) == 0 && url.size() > std::string_view(scheme).size()) return true;
  return false;
}

std::vector<Span> parse_inline(const Json& v, const std::string& path, Draft& d) {
  std::vector<Span> out;
  auto one = [&](const Json& s, const std::string& p) {
    Span span;
    if (s.is_string()) {
      span.text = s.get<std::string>();
    } else if (s.is_object()) {
      for (auto it = s.begin(); it != s.end(); ++it)
        if (it.key() != "text" && it.key() != "bold" && it.key() != "italic" && it.key() != "link")
          throw Error("unknown_field", at(p, it.key()) + " is not a span field (text, bold, italic, link)", at(p, it.key()));
      span.text = require_string(s, "text", p);
      if (const Json* b = optional(s, "bold", Json::value_t::boolean, p)) span.bold = b->get<bool>();
      if (const Json* i = optional(s, "italic", Json::value_t::boolean, p)) span.italic = i->get<bool>();
      span.link = optional_string(s, "link", "", p);
      if (!span.link.empty() && !allowed_link(span.link))
        throw Error("invalid_value", at(p, "link") + " must be an http(s), mailto: or tel: URL", at(p, "link"));
      check_utf8(span.link, at(p, "link"));
      if (span.text.empty() && !span.link.empty()) span.text = span.link;
    } else {
      throw Error("invalid_type", p + " must be a string or a span object", p);
    }
    check_utf8(span.text, s.is_string() ? p : at(p, "text"));
    d.uses_bold |= span.bold;
    d.uses_italic |= span.italic;
    if (!span.text.empty()) out.push_back(std::move(span));
  };
  if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) one(v[i], at(path, i));
  } else {
    one(v, path);
  }
  return out;
}
}  // namespace

Draft parse(const Json& v, const std::string& path) {
  Draft d;
  const Json& blocks = require(v, "blocks", Json::value_t::array, path);
  std::string bp = at(path, "blocks");
  if (blocks.empty()) throw Error("invalid_value", bp + " must not be empty", bp);
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    std::string p = at(bp, b);
    const Json& block = blocks[b];
    require_object(block, p);
    std::string type = require_string(block, "type", p);
    Block out;
    if (type == "paragraph") {
      Line line;
      if (!block.contains("text")) throw Error("missing_field", at(p, "text") + " is required", at(p, "text"));
      line.spans = parse_inline(block["text"], at(p, "text"), d);
      if (line.spans.empty()) continue;  // an empty paragraph renders as nothing
      out.lines.push_back(std::move(line));
    } else if (type == "list") {
      bool ordered = false;
      if (const Json* o = optional(block, "ordered", Json::value_t::boolean, p)) ordered = o->get<bool>();
      const Json& items = require(block, "items", Json::value_t::array, p);
      for (std::size_t i = 0; i < items.size(); ++i) {
        Line line;
        line.item = true;
        line.ordered = ordered;
        line.number = i + 1;
        line.spans = parse_inline(items[i], at(at(p, "items"), i), d);
        out.lines.push_back(std::move(line));
      }
      if (out.lines.empty()) continue;
    } else {
      throw Error("invalid_value", at(p, "type") + ": \"" + type + "\" is not a block type (paragraph, list)", at(p, "type"));
    }
    d.blocks.push_back(std::move(out));
  }
  return d;
}
}  // namespace parley::channels::draft
