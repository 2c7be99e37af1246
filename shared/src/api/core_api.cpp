// core.* methods: what this build of the core can do.
#include "parley/api.h"

namespace parley::api {
namespace {
Json list_methods(const Json&) {
  Json out = Json::array();
  for (const auto& m : methods()) out.push_back({{"name", m.name}, {"summary", m.summary}});
  return Json{{"methods", out}};
}
PARLEY_METHOD("core.methods", list_methods, "List the methods this build of the core answers");

Json version(const Json&) {
#if PARLEY_WITH_ICU
  const bool icu = true;
#else
  const bool icu = false;
#endif
  return Json{{"version", "0.1.0"}, {"icu", icu}};
}
PARLEY_METHOD("core.version", version, "Core version and whether this build includes ICU");
}  // namespace
}  // namespace parley::api
