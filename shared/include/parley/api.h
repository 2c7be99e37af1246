// Parley — the one entry point into the core: named methods that take JSON and return JSON.
//
// The same dispatcher serves the native CLI, the tests and the WebAssembly boundary, so every
// surface sees byte-identical answers. Errors are data, never exceptions across the boundary:
//   {"error":{"code":"invalid_utf8","message":"…","path":"/text"}}
//
// Index
//   [SECTION] Error        what a method throws to report bad input
//   [SECTION] Methods      registering and listing methods
//   [SECTION] Calling      call(), never throws
#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace parley {
using Json = nlohmann::json;

//-----------------------------------------------------------------------------
// [SECTION] Error
//-----------------------------------------------------------------------------
// Thrown inside the core; turned into {"error":{code,message,path}} by call().
// `path` is a JSON pointer into the request ("" for the whole request).
struct Error : std::runtime_error {
  std::string code;
  std::string path;
  Error(std::string code_, std::string message, std::string path_ = "")
      : std::runtime_error(std::move(message)), code(std::move(code_)), path(std::move(path_)) {}
  Json to_json() const;
};

// Typed access to request fields with errors that name the field (JSON pointer).
// `path` is the pointer of `object` itself ("" for the request root).
const Json& require(const Json& object, std::string_view key, Json::value_t type, const std::string& path = "");
const Json* optional(const Json& object, std::string_view key, Json::value_t type, const std::string& path = "");
std::string require_string(const Json& object, std::string_view key, const std::string& path = "");
std::string optional_string(const Json& object, std::string_view key, std::string fallback, const std::string& path = "");
double optional_number(const Json& object, std::string_view key, double fallback, const std::string& path = "");
void require_object(const Json& value, const std::string& path = "");

//-----------------------------------------------------------------------------
// [SECTION] Methods
//-----------------------------------------------------------------------------
namespace api {
using Handler = Json (*)(const Json& request);

struct Method {
  std::string name;     // "text.analyze"
  Handler handler;
  std::string summary;  // one line, for `parley methods` and the docs
};

// Called from a static initialiser in the module that owns the method (see PARLEY_METHOD).
bool register_method(const char* name, Handler handler, const char* summary);
const std::vector<Method>& methods();

//-----------------------------------------------------------------------------
// [SECTION] Calling
//-----------------------------------------------------------------------------
// Parse `request_json`, run `method`, serialise the answer. Never throws; any failure (unknown
// method, malformed JSON, invalid UTF-8, bad field, internal error) is an {"error":…} object.
std::string call_text(std::string_view method, std::string_view request_json);
Json call(std::string_view method, const Json& request);

// Parse JSON text with errors as data: invalid UTF-8 gives code "invalid_utf8" with the byte
// offset, other syntax errors "invalid_json"; both carry the JSON pointer where parsing stopped.
Json parse(std::string_view text, std::string_view what = "request");
// The JSON pointer of the first key that appears twice in one object of `text` (which parsed),
// or nothing. The parser keeps the last silently, so two readers of one body could disagree.
std::optional<std::string> duplicate_key(std::string_view text);
}  // namespace api
}  // namespace parley

#define PARLEY_CONCAT_(a, b) a##b
#define PARLEY_CONCAT(a, b) PARLEY_CONCAT_(a, b)
// Register a core method from its module's .cpp file: PARLEY_METHOD("text.analyze", analyze, "…");
#define PARLEY_METHOD(name, handler, summary) \
  static const bool PARLEY_CONCAT(parley_method_registered_, __COUNTER__) = ::parley::api::register_method(name, handler, summary)
