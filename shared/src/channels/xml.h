// The small XML WeChat and WeCom post: one root, elements with text or CDATA, no attributes that
// matter. Not a general XML parser: no DTDs, no namespaces; anything else is a clear error.
#pragma once
#include <map>
#include <string>
#include <string_view>

namespace parley::channels::xml {
// The root's name and the text of each of its direct children (CDATA and entities resolved;
// nested elements are parsed and skipped). Throws Error invalid_payload at /body naming the offset.
struct Element {
  std::string name;
  std::map<std::string, std::string> children;
};
Element parse_flat(std::string_view text);
}  // namespace parley::channels::xml
