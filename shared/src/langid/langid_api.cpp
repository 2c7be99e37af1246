// langid.* methods: in every core (no ICU), once the host has put the "langid" asset.
#include "parley/api.h"
#include "parley/langid.h"
#include "parley/text.h"

namespace parley::langid {
namespace {
Json identify_method(const Json& request) {
  std::string text = text::required_text(request);
  Hints hints{optional_string(request, "locale", ""), optional_string(request, "country", ""), optional_string(request, "channel", "")};
  Identification r = current_model().identify(text, hints);
  Json top = Json::array();
  for (const auto& c : r.top) top.push_back({{"language", c.language}, {"score", c.score}});
  return Json{{"language", r.language}, {"top", top}, {"reliable", r.reliable}, {"letters", r.letters}};
}
PARLEY_METHOD("langid.identify", identify_method,
              "Language of a short message (BCP-47, \"und\" when unsure) with top candidates; locale/country/channel shift close calls");

Json info_method(const Json&) {
  const Model& m = current_model();
  return Json{{"languages", m.languages()}, {"buckets", m.buckets()}};
}
PARLEY_METHOD("langid.info", info_method, "Languages and size of the loaded language-id model");
}  // namespace
}  // namespace parley::langid
