// A running relay: the HTTP server with static mounts and the API over one App. Used by
// `parley relay` and, in-process on loopback, by `parley bench relay`.
#pragma once
#include "relay/app.h"

#include <memory>

namespace parley::relay {
class Server {
 public:
  explicit Server(Options options);
  ~Server();
  bool bind();           // false when the port is taken
  int port() const { return port_; }
  void run();            // blocks until stop(): runs the I/O threads and the worker pool
  void stop();           // safe from another thread and from a signal handler (sets a flag)
  App& app() { return *app_; }

 private:
  struct Impl;
  std::unique_ptr<App> app_;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};
}  // namespace parley::relay
