// scan(): run every detector, keep the first of overlapping findings (most specific first), mask.
#include "detect.h"

#include <algorithm>

namespace parley::pii {
Scan scan(std::string_view text, std::string_view locale) {
  using namespace detect;
  std::vector<NumberRun> runs = number_runs(text);
  std::vector<Finding> all;
  secrets(text, all);
  emails(text, all);
  ibans(text, all);
  cards(text, runs, all);
  national_ids(text, runs, locale, all);
  phones(text, runs, locale, all);

  Scan out;
  for (auto& f : all) {
    bool overlaps = std::any_of(out.findings.begin(), out.findings.end(), [&](const Finding& g) {
      return f.start < g.start + g.length && g.start < f.start + f.length;
    });
    if (!overlaps) out.findings.push_back(std::move(f));
  }
  std::sort(out.findings.begin(), out.findings.end(), [](const Finding& a, const Finding& b) { return a.start < b.start; });
  std::size_t at = 0;
  for (const auto& f : out.findings) {
    out.masked.append(text.substr(at, f.start - at));
    out.masked += f.replacement;
    at = f.start + f.length;
  }
  out.masked.append(text.substr(at));
  return out;
}
}  // namespace parley::pii
