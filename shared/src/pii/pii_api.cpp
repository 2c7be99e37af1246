// pii.* methods: in every core, so the widget masks before a message leaves the browser.
#include "parley/api.h"
#include "parley/pii.h"
#include "parley/text.h"

namespace parley::pii {
namespace {
Json scan_method(const Json& request) {
  std::string text = text::required_text(request);
  std::string locale = optional_string(request, "locale", "");
  Scan r = scan(text, locale);
  Json findings = Json::array();
  Json counts = Json::object();
  for (const auto& f : r.findings) {
    findings.push_back({{"type", f.type}, {"detail", f.detail}, {"start", f.start}, {"length", f.length}, {"replacement", f.replacement}});
    counts[f.type] = counts.value(f.type, 0) + 1;
  }
  return Json{{"masked", r.masked}, {"findings", findings}, {"counts", counts}};
}
PARLEY_METHOD("pii.scan", scan_method,
              "Find cards (Luhn), IBANs (mod 97), e-mails, phones, national ids and typed secrets; return the masked text");
}  // namespace
}  // namespace parley::pii
