// draft.lint: every core (ICU-free), so the widget and the CLI hold drafts to the same rules.
#include "parley/api.h"
#include "parley/drafting.h"
#include "parley/text.h"

namespace parley::drafting {
namespace {
Json lint_method(const Json& request) {
  LintRequest r = parse_lint_request(request);
  if (auto bad = text::invalid_utf8_offset(r.text))
    throw Error("invalid_utf8", "/text is not valid UTF-8: bad byte at offset " + std::to_string(*bad), "/text");
  Json findings = Json::array();
  bool blocking = false;
  for (const Finding& f : lint(r)) {
    blocking = blocking || f.severity == "error";
    findings.push_back(to_json(f));
  }
  return Json{{"findings", findings}, {"ok", !blocking}};
}
PARLEY_METHOD("draft.lint", lint_method,
              "Lint a reply {text, locale, channel?, intent?, register?, specifics?, pack?, limit?} -> {ok, findings}");
}  // namespace
}  // namespace parley::drafting
