// `parley metrics [--workspace FILE] [--now TIME] [--group-by DIM]… [--response-time MODE] [--csv]`:
// the relay's event export (JSON Lines, one event per line; docs/metrics.md) on stdin → one JSON
// object with the figures, or with --csv one row per conversation. A bad line is an error object
// naming the line, and nothing is computed from a partial export.
#include "parley/command.h"

#include <chrono>
#include <fstream>
#include <iostream>

namespace parley::cli {
namespace {
int run_metrics(const Args& args) {
  Json request{{"events", Json::array()}, {"csv", has_flag(args, "--csv")}};
  const std::string ws = option(args, "--workspace");
  if (!ws.empty()) {
    std::ifstream in(ws);
    if (!in) {
      std::cout << Json{{"error", {{"code", "missing_file"}, {"message", "cannot read --workspace " + ws}, {"path", "--workspace"}}}}.dump() << "\n";
      return 1;
    }
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    try {
      request["workspace"] = api::parse(text, ws);
    } catch (const Error& e) {
      std::cout << e.to_json().dump() << "\n";
      return 1;
    }
  }
  const std::string now = option(args, "--now");
  if (now.empty())  // the shell reads the clock; the core is given it
    request["now"] = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  else if (now.find_first_not_of("0123456789") == std::string::npos)
    request["now"] = std::stoll(now);  // Unix ms
  else
    request["now"] = now;
  request["group_by"] = options(args, "--group-by");
  const std::string rt = option(args, "--response-time");
  if (!rt.empty()) request["definitions"] = {{"response_time", rt}};

  std::string line;
  std::size_t number = 0;
  while (std::getline(std::cin, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    try {
      request["events"].push_back(api::parse(line, "line " + std::to_string(number)));
    } catch (const Error& e) {
      Json err = e.to_json();
      err["error"]["line"] = number;
      std::cout << err.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
      return 1;
    }
  }
  Json answer = api::call("metrics.compute", request);
  if (answer.contains("error")) {
    // "/events/12/score" → the line it came from.
    const std::string path = answer["error"].value("path", "");
    if (path.rfind("/events/", 0) == 0) answer["error"]["line"] = std::stoul(path.substr(8)) + 1;
    std::cout << answer.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
    return 1;
  }
  if (has_flag(args, "--csv")) {
    std::cout << answer["csv"].get<std::string>();
    return 0;
  }
  std::cout << answer.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
  return 0;
}
PARLEY_COMMAND("metrics", run_metrics, "support metrics from the relay's event export (JSON Lines on stdin): one JSON object, or --csv",
               "--workspace FILE       time zone, business hours, costs and windows (JSON; docs/metrics.md)\n"
               "--now TIME             the moment the figures are for (ISO-8601 or Unix ms; default: now)\n"
               "--group-by DIM         channel, intent, queue, agent, resolution_type or day (repeatable)\n"
               "--response-time MODE   each_message (default) or first_of_burst\n"
               "--csv                  one row per conversation instead of the aggregates\n");
}  // namespace
}  // namespace parley::cli
