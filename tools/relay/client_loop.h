// The outbox's clients (HTTP, SMTP) are coroutines on a private single-threaded loop, run to
// their end by the calling thread; an exception inside becomes on_error(what).
#pragma once
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <exception>
#include <string>

namespace parley::relay::client {
template <class Task, class OnError>
void run_to_end(boost::asio::io_context& ioc, Task task, OnError on_error) {
  boost::asio::co_spawn(ioc, std::move(task), [&on_error](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& x) {
      on_error(std::string(x.what()));
    }
  });
  ioc.run();
}
}  // namespace parley::relay::client
