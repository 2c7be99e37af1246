// The boundary's promises: errors are data with a code, a message and a JSON pointer; never a crash.
#include "parley/api.h"

#include <catch2/catch.hpp>

using namespace parley;

static Json call(const std::string& method, const std::string& text) { return Json::parse(api::call_text(method, text)); }

TEST_CASE("unknown methods are reported by name", "[api]") {
  Json a = call("no.such.method", "{}");
  CHECK(a["error"]["code"] == "unknown_method");
  CHECK(a["error"]["message"].get<std::string>().find("no.such.method") != std::string::npos);
}

TEST_CASE("malformed JSON names where parsing stopped", "[api]") {
  Json a = call("text.validate", R"({"text": "ok", "meta": {"tags": [1, 2,)");
  CHECK(a["error"]["code"] == "invalid_json");
  CHECK(a["error"]["path"] == "/meta/tags/2");
}

TEST_CASE("invalid UTF-8 is reported with its byte offset and field", "[api]") {
  std::string bad = std::string(R"({"text": "ab)") + "\xC3\x28" + R"("})";
  Json a = call("text.validate", bad);
  CHECK(a["error"]["code"] == "invalid_utf8");
  CHECK(a["error"]["path"] == "/text");
  CHECK(a["error"]["message"].get<std::string>().find("offset 12") != std::string::npos);
}

TEST_CASE("missing and mistyped fields are named by JSON pointer", "[api]") {
  CHECK(call("text.validate", "{}")["error"]["path"] == "/text");
  CHECK(call("text.validate", "{}")["error"]["code"] == "missing_field");
  Json a = call("text.validate", R"({"text": 42})");
  CHECK(a["error"]["code"] == "invalid_type");
  CHECK(a["error"]["path"] == "/text");
}

TEST_CASE("a request must be an object", "[api]") {
  CHECK(call("text.validate", "[1,2]")["error"]["code"] == "invalid_request");
  CHECK(call("text.validate", "")["error"]["code"] == "invalid_json");
}

TEST_CASE("every answer is valid JSON even for hostile input", "[api]") {
  const std::string inputs[] = {"{", "}", "\xFF\xFE", "nul", R"({"text":"\ud800"})", std::string(100000, '['),
                                R"({"text":"\u0000"})"};
  for (const auto& in : inputs) {
    INFO(in.substr(0, 20));
    std::string out = api::call_text("text.validate", in);
    CHECK_NOTHROW(Json::parse(out));
  }
}

TEST_CASE("the method table lists text.analyze and itself", "[api]") {
  Json a = call("core.methods", "{}");
  std::vector<std::string> names;
  for (const auto& m : a["methods"]) names.push_back(m["name"]);
  CHECK(std::find(names.begin(), names.end(), "core.methods") != names.end());
  CHECK(std::find(names.begin(), names.end(), "text.analyze") != names.end());
}
