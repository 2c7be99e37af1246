// The method table. Modules add themselves with PARLEY_METHOD; order of registration does not
// matter because lookups are by name and the listing is sorted.
#include "parley/api.h"

#include <algorithm>

namespace parley::api {
namespace {
std::vector<Method>& table() {
  static std::vector<Method> t;  // function-local: safe from static initialisation order
  return t;
}
}  // namespace

bool register_method(const char* name, Handler handler, const char* summary) {
  auto& t = table();
  auto at = std::lower_bound(t.begin(), t.end(), name, [](const Method& m, const char* n) { return m.name < n; });
  t.insert(at, Method{name, handler, summary});
  return true;
}

const std::vector<Method>& methods() { return table(); }
}  // namespace parley::api
