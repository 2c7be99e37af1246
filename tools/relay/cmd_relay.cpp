// `parley relay`: run the embedded backend on loopback.
#include "parley/command.h"
#include "relay/relay.h"

#include <httplib.h>

#include <csignal>
#include <filesystem>
#include <iostream>

namespace parley::relay {
namespace {
httplib::Server* running = nullptr;
void stop_on_signal(int) {
  if (running) running->stop();
}

int run_relay(const cli::Args& args) {
  Options o;
  o.host = cli::option(args, "--host", o.host);
  o.port = std::stoi(cli::option(args, "--port", std::to_string(o.port)));
  o.root = cli::option(args, "--root", cli::source_dir());
  o.data = cli::option(args, "--data", o.root + "/build/relay-data");
  std::filesystem::create_directories(o.data);

  httplib::Server server;
  mount_static(server, o);
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"ok":true})", "application/json");
  });
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty())
      res.set_content(Json{{"error", {{"code", "http_" + std::to_string(res.status)}, {"message", "HTTP status " + std::to_string(res.status)}}}}.dump(),
                      "application/json");
  });

  running = &server;
  std::signal(SIGINT, stop_on_signal);
  std::signal(SIGTERM, stop_on_signal);
  if (!server.bind_to_port(o.host, o.port)) {
    std::cerr << "parley relay: cannot listen on " << o.host << ":" << o.port << "\n";
    return 1;
  }
  std::cerr << "parley relay: http://" << o.host << ":" << o.port << "/ (data in " << o.data << ")\n";
  server.listen_after_bind();
  running = nullptr;
  return 0;
}
PARLEY_COMMAND("relay", run_relay, "run the embedded backend: --port 8080 --data DIR --root REPO");
}  // namespace
}  // namespace parley::relay
