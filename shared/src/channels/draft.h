// The neutral draft a reply is written in before it is rendered for a channel:
//   {"blocks":[{"type":"paragraph","text":INLINE},
//              {"type":"list","ordered":false,"items":[INLINE, …]}]}
//   INLINE = "plain text" | [ "text" | {"text":"…","bold":true,"italic":true,"link":"https://…"} ]
// Kept deliberately small: everything every channel dialect can express or degrade gracefully.
#pragma once
#include "parley/api.h"

#include <string>
#include <vector>

namespace parley::channels::draft {
struct Span {
  std::string text;
  bool bold = false, italic = false;
  std::string link;  // "" when not a link; http(s), mailto: or tel:
};

struct Line {
  bool item = false;  // a list item (false: a paragraph)
  bool ordered = false;
  std::size_t number = 0;
  std::vector<Span> spans;
};

struct Block {
  std::vector<Line> lines;  // a paragraph is one line; a list one line per item
};

struct Draft {
  std::vector<Block> blocks;
  bool uses_bold = false, uses_italic = false;
};

Draft parse(const Json& value, const std::string& path);  // errors point into the request
}  // namespace parley::channels::draft
