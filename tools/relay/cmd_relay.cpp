// `parley relay`: run the embedded backend on loopback.
#include "parley/command.h"
#include "relay/server.h"

#include <csignal>
#include <cstdlib>
#include <iostream>

namespace parley::relay {
namespace {
Server* running = nullptr;
void stop_on_signal(int) {
  if (running) running->stop();
}

int run_relay(const cli::Args& args) {
  Options o;
  o.host = cli::option(args, "--host", o.host);
  o.port = std::stoi(cli::option(args, "--port", std::to_string(o.port)));
  o.root = cli::option(args, "--root", cli::source_dir());
  o.data = cli::option(args, "--data", o.root + "/build/relay-data");
  // Secrets may come from the environment (a systemd EnvironmentFile), not the command line that
  // every local user can read in /proc.
  auto env = [](const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
  };
  o.agent_token = cli::option(args, "--agent-token", env("PARLEY_AGENT_TOKEN", o.agent_token));
  o.agent_name = cli::option(args, "--agent-name", o.agent_name);
  o.identity_secret = cli::option(args, "--identity-secret", env("PARLEY_IDENTITY_SECRET", ""));
  o.workspace_file = cli::option(args, "--workspace", "");
  o.max_connections_per_address =
      std::stoi(cli::option(args, "--max-connections-per-address", std::to_string(o.max_connections_per_address)));
  for (std::size_t i = 0; i < args.size(); ++i) {  // repeatable: one site per --allow-origin
    if (args[i] == "--allow-origin" && i + 1 < args.size()) o.allow_origins.push_back(args[++i]);
    else if (args[i].rfind("--allow-origin=", 0) == 0) o.allow_origins.push_back(args[i].substr(15));
    else if (args[i] == "--assist-host" && i + 1 < args.size()) o.assist_hosts.push_back(args[++i]);
    else if (args[i].rfind("--assist-host=", 0) == 0) o.assist_hosts.push_back(args[i].substr(14));
  }
  if (o.agent_token.size() < 8) {
    std::cerr << "parley relay: --agent-token must be at least 8 characters\n";
    return 2;
  }

  std::unique_ptr<Server> server;
  try {
    server = std::make_unique<Server>(o);
  } catch (const std::exception& e) {
    std::cerr << "parley relay: " << e.what() << "\n";
    return 1;
  }
  running = server.get();
  std::signal(SIGINT, stop_on_signal);
  std::signal(SIGTERM, stop_on_signal);
  std::signal(SIGPIPE, SIG_IGN);
  if (!server->bind()) {
    std::cerr << "parley relay: cannot listen on " << o.host << ":" << o.port << "\n";
    return 1;
  }
  std::cerr << "parley relay: http://" << o.host << ":" << server->port() << "/ (data in " << o.data << ")\n"
            << "parley relay: agent console http://" << o.host << ":" << server->port()
            << "/console/  agent token: "
            << (o.agent_token == Options().agent_token ? o.agent_token : std::string("(as given; not logged)")) << "\n";
  server->run();
  running = nullptr;
  return 0;
}
PARLEY_COMMAND("relay", run_relay,
               "run the embedded backend: --port 8080 --data DIR --root REPO --agent-token T --identity-secret S --workspace FILE "
               "--allow-origin https://shop.example (repeatable: sites that may embed the chat) "
               "--assist-host https://chat.example (repeatable: helpdesks that may frame the Assist panel) "
               "--max-connections-per-address 256 (0: no cap); "
               "env PARLEY_AGENT_TOKEN / PARLEY_IDENTITY_SECRET when the options are not given");
}  // namespace
}  // namespace parley::relay
