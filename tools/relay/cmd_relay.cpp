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
  o.store = cli::option(args, "--store", env("PARLEY_STORE", ""));
  o.agent_token = cli::option(args, "--agent-token", env("PARLEY_AGENT_TOKEN", o.agent_token));
  o.agent_name = cli::option(args, "--agent-name", o.agent_name);
  o.identity_secret = cli::option(args, "--identity-secret", env("PARLEY_IDENTITY_SECRET", ""));
  o.workspace_file = cli::option(args, "--workspace", "");
  o.max_connections_per_address =
      std::stoi(cli::option(args, "--max-connections-per-address", std::to_string(o.max_connections_per_address)));
  o.allow_origins = cli::options(args, "--allow-origin");  // repeatable: one site each
  o.assist_hosts = cli::options(args, "--assist-host");
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
  std::cerr << "parley relay: http://" << o.host << ":" << server->port() << "/ (data in " << o.data
            << (o.store.empty() ? std::string() : ", store in PostgreSQL") << ")\n"
            << "parley relay: agent console http://" << o.host << ":" << server->port()
            << "/console/  agent token: "
            << (o.agent_token == Options().agent_token ? o.agent_token : std::string("(as given; not logged)")) << "\n";
  server->run();
  running = nullptr;
  return 0;
}
PARLEY_COMMAND("relay", run_relay,
               "run the embedded backend (web chat API, console, events, static site)",
               "--host ADDR                       address to listen on (127.0.0.1)\n"
               "--port N                          port (8080; 0 picks a free one)\n"
               "--root DIR                        repository whose site/ is served (this build's source)\n"
               "--data DIR                        where the database and uploads live (ROOT/build/relay-data)\n"
               "--store URI                       postgres://… to keep the store in PostgreSQL, shared by several relays (env PARLEY_STORE; default DATA/relay.db)\n"
               "--agent-token TOKEN               agents' bearer token, at least 8 characters (env PARLEY_AGENT_TOKEN, else demo-agent)\n"
               "--agent-name NAME                 the agent's display name (Agent)\n"
               "--identity-secret KEY             HMAC key for verified visitor identities (env PARLEY_IDENTITY_SECRET, else DATA/identity-secret, made once)\n"
               "--workspace FILE                  workspace settings (JSON)\n"
               "--allow-origin ORIGIN             a site that may embed the chat (repeatable)\n"
               "--assist-host ORIGIN              a helpdesk that may frame the Assist panel (repeatable)\n"
               "--max-connections-per-address N   open connections one client address may hold (256; 0: no cap)\n");
}  // namespace
}  // namespace parley::relay
