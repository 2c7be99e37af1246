// Rendering a neutral draft for a channel and splitting it to the channel's limit.
#pragma once
#include "dialect.h"
#include "draft.h"

#include "parley/channels.h"

#include <string>
#include <vector>

namespace parley::channels::format {
struct Limit {
  Unit unit = Unit::code_points;
  std::size_t max = 0;           // 0: no limit
  std::size_t max_segments = 0;  // SMS only: also stay within this many segments (0: no limit)
  bool fits(std::string_view s) const;
};

struct Result {
  std::vector<std::string> parts;
  std::vector<std::string> warnings;  // codes: split_inside_word, part_over_limit
};

// The limit a channel profile sets (text unit and max; SMS also its segment count).
Limit limit_of(const Json& profile);

// `split`: false renders one part and only warns when it is over the limit.
Result render(const draft::Draft& d, dialect::Kind k, const Limit& limit, bool split);
std::string render_html(const draft::Draft& d);
}  // namespace parley::channels::format
