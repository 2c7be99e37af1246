// `parley sms "<text>"`: encoding and segments of an SMS; `--json` for the core's answer;
// with no text, JSON Lines {"text":…} on stdin → one answer per line.
#include "parley/command.h"

#include <iostream>

namespace parley::cli {
namespace {
int run_sms(const Args& args) {
  Args pos = positional(args);
  if (pos.empty()) return batch("channels.sms");
  std::string text;
  for (std::size_t i = 0; i < pos.size(); ++i) text += (i ? " " : "") + pos[i];
  Json answer = api::call("channels.sms", Json{{"text", text}});
  if (has_flag(args, "--json") || answer.contains("error")) {
    std::cout << answer.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
    return answer.contains("error") ? 1 : 0;
  }
  const std::string unit = answer["unit"] == "septets" ? "septets" : "UTF-16 units";
  std::cout << "encoding: " << answer["encoding"].get<std::string>() << "\n"
            << "length:   " << answer["units"] << " " << unit << " (" << answer["characters"] << " characters)\n"
            << "segments: " << answer["segments"] << " (capacity " << answer["capacity"]["single"] << " single, "
            << answer["capacity"]["concatenated"] << " concatenated)\n";
  std::size_t n = 0;
  for (const auto& p : answer["parts"]) std::cout << "  [" << ++n << "] " << p["units"] << " " << unit << ": " << p["text"].get<std::string>() << "\n";
  if (!answer["non_gsm"].empty()) {
    std::cout << "not in GSM-7:";
    for (const auto& c : answer["non_gsm"]) std::cout << " " << c.get<std::string>();
    std::cout << "\n";
  }
  return 0;
}
PARLEY_COMMAND("sms", run_sms, "SMS encoding and segments of a text, or of JSON Lines {\"text\":…} on stdin",
               "[TEXT…]  the text to measure (none: JSON Lines on stdin)\n"
               "--json   print the core's JSON answer\n");
}  // namespace
}  // namespace parley::cli
