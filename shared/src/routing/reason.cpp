// Reasons: a stable code and params for the panel to localise, plus an English rendering.
#include "parley/routing.h"

namespace parley::routing {
std::string render(const std::string& english, const Json& params) {
  std::string out;
  for (std::size_t i = 0; i < english.size(); ++i) {
    if (english[i] == '{') {
      auto close = english.find('}', i);
      if (close != std::string::npos) {
        std::string name = english.substr(i + 1, close - i - 1);
        if (params.is_object() && params.contains(name)) {
          const Json& v = params[name];
          out += v.is_string() ? v.get<std::string>() : v.dump();
          i = close;
          continue;
        }
      }
    }
    out += english[i];
  }
  return out;
}

Json make_reason(const std::string& code, const Json& params, const std::string& english) {
  return Json{{"code", code}, {"params", params.is_object() ? params : Json::object()}, {"text", render(english, params)}};
}
}  // namespace parley::routing
