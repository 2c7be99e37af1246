// Length in a channel's own unit: what "characters" means differs per platform.
#include "parley/channels.h"
#include "parley/text.h"

namespace parley::channels {
Unit parse_unit(std::string_view n, const std::string& path) {
  if (n == "code_points") return Unit::code_points;
  if (n == "utf16") return Unit::utf16;
  if (n == "utf8_bytes") return Unit::utf8_bytes;
  if (n == "graphemes") return Unit::graphemes;
  if (n == "sms_segments") return Unit::sms_segments;
  throw Error("invalid_value", path + ": \"" + std::string(n) + "\" is not a unit (code_points, utf16, utf8_bytes, graphemes, sms_segments)", path);
}

std::string_view name(Unit u) {
  switch (u) {
    case Unit::code_points: return "code_points";
    case Unit::utf16: return "utf16";
    case Unit::utf8_bytes: return "utf8_bytes";
    case Unit::graphemes: return "graphemes";
    case Unit::sms_segments: return "sms_segments";
  }
  return "code_points";
}

std::size_t measure(std::string_view s, Unit unit) {
  switch (unit) {
    case Unit::code_points: return text::code_point_count(s);
    case Unit::utf16: return text::utf16_length(s);
    case Unit::utf8_bytes: return s.size();
    case Unit::graphemes: return grapheme_boundaries(s).size() - 1;
    case Unit::sms_segments: return sms_segments(s).segments.size();
  }
  return s.size();
}
}  // namespace parley::channels
