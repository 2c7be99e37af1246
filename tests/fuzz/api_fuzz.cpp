// libFuzzer target for every JSON entry point: the first input line names a method (or, if it is
// not a method, the input picks one by its first byte), the rest is the request text. The core
// must answer every input with valid JSON and never crash, leak or hit undefined behaviour.
#include "parley/api.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& methods = parley::api::methods();
  if (methods.empty() || size == 0) return 0;
  std::string input(reinterpret_cast<const char*>(data), size);
  std::string method, request;
  if (auto nl = input.find('\n'); nl != std::string::npos) {
    method = input.substr(0, nl);
    request = input.substr(nl + 1);
  }
  bool known = false;
  for (const auto& m : methods) known |= m.name == method;
  if (!known) {
    method = methods[static_cast<std::uint8_t>(input[0]) % methods.size()].name;
    request = input.substr(1);
  }
  std::string answer = parley::api::call_text(method, request);
  // The answer must itself be valid JSON: parse it strictly.
  if (parley::Json::parse(answer, nullptr, false).is_discarded()) std::abort();
  return 0;
}
