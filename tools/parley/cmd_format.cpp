// `parley format --channel <id>`: a neutral draft (JSON) on stdin → the channel's rendering.
// Each stdin line is one draft (JSON Lines); a line may also be a whole request {channel, draft, …}.
// `--text` prints only the parts, separated by a line "-----", instead of the JSON answer.
#include "parley/command.h"

#include <iostream>

namespace parley::cli {
namespace {
std::string g_channel;

Json to_request(Json line) {
  if (line.is_object() && line.contains("draft")) {
    if (!line.contains("channel") && !g_channel.empty()) line["channel"] = g_channel;
    return line;
  }
  return Json{{"channel", g_channel}, {"draft", std::move(line)}};
}

int run_format(const Args& args) {
  g_channel = option(args, "--channel");
  if (g_channel.empty()) {
    std::cerr << "usage: parley format --channel <id> [--text] < draft.jsonl\n";
    return 2;
  }
  if (!has_flag(args, "--text")) return batch("channels.format", to_request);
  std::string line;
  int status = 0;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    Json answer;
    try {
      answer = api::call("channels.format", to_request(api::parse(line, "draft")));
    } catch (const Error& e) {
      answer = e.to_json();
    }
    if (answer.contains("error")) {
      std::cout << answer.dump() << "\n";
      status = 1;
      continue;
    }
    bool first = true;
    for (const auto& p : answer["parts"]) {
      if (!first) std::cout << "-----\n";
      std::cout << p["text"].get<std::string>() << "\n";
      first = false;
    }
    if (answer.contains("html")) std::cout << "----- html\n" << answer["html"].get<std::string>();
    for (const auto& w : answer["warnings"]) std::cerr << "warning: " << w.dump() << "\n";
  }
  return status;
}
PARLEY_COMMAND("format", run_format, "render a neutral draft for a channel: JSON Lines drafts on stdin",
               "--channel ID  channel to render for (whatsapp, line, sms, email, …)\n"
               "--text        print the rendered text instead of JSON Lines\n");
}  // namespace
}  // namespace parley::cli
