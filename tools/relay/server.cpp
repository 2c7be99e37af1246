// The relay's HTTP server. httplib's default pool has a few threads; an SSE stream holds its
// connection's thread for as long as it is open, so the relay runs one thread per connection
// (small stacks) instead: streams held are bounded by memory, not by a pool size.
#include "relay/server.h"

#include <pthread.h>
#include <sys/socket.h>

#include <condition_variable>
#include <mutex>

namespace parley::relay {
namespace {
class ThreadPerConnection : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override {
    auto* task = new Task{std::move(fn), this};
    {
      std::lock_guard lock(mutex_);
      ++active_;
    }
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    if (pthread_create(&thread, &attr, &ThreadPerConnection::start, task) != 0) {
      task->fn();  // no thread available: serve it here rather than drop the connection
      finished(task);
    }
    pthread_attr_destroy(&attr);
  }
  void shutdown() override {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [this] { return active_ == 0; });
  }

 private:
  struct Task { std::function<void()> fn; ThreadPerConnection* queue; };
  static void* start(void* p) {
    auto* task = static_cast<Task*>(p);
    task->fn();
    task->queue->finished(task);
    return nullptr;
  }
  void finished(Task* task) {
    delete task;
    std::lock_guard lock(mutex_);
    if (--active_ == 0) done_.notify_all();
  }
  std::mutex mutex_;
  std::condition_variable done_;
  int active_ = 0;
};
}  // namespace

Server::Server(Options options) : app_(std::make_unique<App>(std::move(options))) {
  http_.new_task_queue = [] { return new ThreadPerConnection(); };
  http_.set_payload_max_length(10 * 1024 * 1024 + 1);  // attachments; JSON routes check 64 KiB themselves
  http_.set_keep_alive_max_count(1000);
  http_.set_tcp_nodelay(true);
  http_.set_socket_options([this](int sock) {
    httplib::default_socket_options(sock);
    listen_fd_ = sock;  // the listening socket, so bind() can raise its backlog
  });  // headers and body go out in separate writes: no Nagle/delayed-ACK stall
  mount_static(http_, app_->options, app_->embed_origins, app_->assist_hosts);
  mount_api(http_, *app_);
  http_.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"ok":true})", "application/json");
  });
  http_.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string code = res.status == 404 ? "not_found" : res.status == 413 ? "body_too_large" : "http_" + std::to_string(res.status);
    std::string message = res.status == 404   ? "no such resource"
                          : res.status == 413 ? "request body is larger than the relay accepts (10 MiB)"
                                              : "HTTP status " + std::to_string(res.status);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(Json{{"error", {{"code", code}, {"message", message}, {"path", ""}}}}.dump(), "application/json");
  });
}

bool Server::bind() {
  const auto& o = app_->options;
  bool ok = false;
  if (o.port == 0) {
    port_ = http_.bind_to_any_port(o.host);
    ok = port_ > 0;
  } else {
    port_ = o.port;
    ok = http_.bind_to_port(o.host, o.port);
  }
  // httplib listens with a backlog of 5: a burst of new connections (many tabs opening their event
  // streams at once) would wait for SYN retransmits. Linux lets listen() raise it in place.
  if (ok && listen_fd_ >= 0) ::listen(listen_fd_, SOMAXCONN);
  return ok;
}

void Server::run() { http_.listen_after_bind(); }

void Server::stop() {
  app_->hub.stop();
  http_.stop();
}
}  // namespace parley::relay
