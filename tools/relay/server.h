// A running relay: the HTTP server with static mounts and the API over one App. Used by
// `parley relay` and, in-process on loopback, by `parley bench relay`.
#pragma once
#include "relay/app.h"

#include <httplib.h>

#include <memory>

namespace parley::relay {
class Server {
 public:
  explicit Server(Options options);
  bool bind();           // false when the port is taken
  int port() const { return port_; }
  void run();            // blocks until stop()
  void stop();           // safe from another thread (and, flag-wise, from a signal handler)
  App& app() { return *app_; }

 private:
  std::unique_ptr<App> app_;
  httplib::Server http_;
  int port_ = 0;
};
}  // namespace parley::relay
