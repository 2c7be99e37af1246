// JSON Lines in, JSON Lines out: the shape every batch command shares.
#include "parley/command.h"

#include <iostream>
#include <string>

namespace parley::cli {
int batch(const std::string& method, Json (*prepare)(Json)) {
  std::string line;
  std::size_t number = 0;
  while (std::getline(std::cin, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    Json answer;
    try {
      Json request = api::parse(line, "line " + std::to_string(number));
      if (prepare) request = prepare(std::move(request));
      answer = api::call(method, request);
    } catch (const Error& e) {
      answer = e.to_json();
    }
    if (answer.contains("error")) answer["error"]["line"] = number;
    std::cout << answer.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
  }
  std::cout.flush();
  return 0;
}
}  // namespace parley::cli
