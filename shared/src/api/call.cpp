// Dispatch: JSON text in, JSON text out, errors as data.
#include "parley/api.h"

#include <algorithm>
#include <exception>

namespace parley {
Json Error::to_json() const {
  return Json{{"error", {{"code", code}, {"message", what()}, {"path", path}}}};
}

namespace api {
namespace {
const Method* find(std::string_view name) {
  const auto& t = methods();
  auto at = std::lower_bound(t.begin(), t.end(), name, [](const Method& m, std::string_view n) { return m.name < n; });
  return (at != t.end() && at->name == name) ? &*at : nullptr;
}
}  // namespace

Json call(std::string_view method, const Json& request) {
  try {
    const Method* m = find(method);
    if (!m) throw Error("unknown_method", "no method named \"" + std::string(method) + "\"", "");
    if (!request.is_object()) throw Error("invalid_request", "the request must be a JSON object", "");
    return m->handler(request);
  } catch (const Error& e) {
    return e.to_json();
  } catch (const Json::exception& e) {
    // A core bug reading JSON it built itself: still data, never an abort.
    return Error("internal_error", e.what(), "").to_json();
  } catch (const std::bad_alloc&) {
    return Error("out_of_memory", "the request needs more memory than is available", "").to_json();
  } catch (const std::exception& e) {
    return Error("internal_error", e.what(), "").to_json();
  }
}

std::string call_text(std::string_view method, std::string_view request_json) {
  Json answer;
  try {
    answer = call(method, parse(request_json));
  } catch (const Error& e) {
    answer = e.to_json();
  }
  // Replace rather than throw if a method ever produced invalid UTF-8 in a string.
  return answer.dump(-1, ' ', false, Json::error_handler_t::replace);
}
}  // namespace api
}  // namespace parley
