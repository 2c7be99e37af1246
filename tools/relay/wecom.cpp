// The relay's WeCom client (see wecom.h).
#include "relay/wecom.h"

#include "relay/app.h"
#include "relay/http_client.h"

#include <iostream>

namespace parley::relay {
namespace {
constexpr std::chrono::milliseconds kTimeout{4000};  // one gettoken or sync_msg; a pull that hangs delays only later pulls

client::HttpAnswer send(const Json& r) {
  Fields headers;
  const Json given = r.value("headers", Json::object());  // named: items() of a temporary would dangle
  for (const auto& [k, v] : given.items()) headers.emplace_back(k, v.get<std::string>());
  return client::request(r["method"], r["url"], headers, r.value("body", ""), kTimeout);
}

Json core(const char* method, const Json& request) {
  Json a = api::call(method, request);
  if (a.contains("error")) throw std::runtime_error(std::string(method) + ": " + a["error"].value("message", ""));
  return a;
}
}  // namespace

std::string WeComClient::token(App& app, std::string& error) {
  std::lock_guard lock(mutex_);
  const std::int64_t now = now_ms();
  if (!token_.empty() && now < expires_at_) return token_;
  const Json account = app.channels.account("wecom");
  const auto answer = send(core("channels.wecom_request", {{"kind", "gettoken"}, {"account", account}}));
  if (!answer.ok) {
    error = "gettoken: " + answer.error;  // never the URL: it carries the secret
    return "";
  }
  const Json t = api::call("channels.wecom_token", {{"body", answer.body}, {"now", now}});
  if (!t.value("ok", false)) {
    error = "gettoken: " + (t.contains("error") ? t["error"].value("message", "") : "errcode " + t.value("errcode", Json(0)).dump() + " " + t.value("errmsg", ""));
    return "";
  }
  token_ = t["access_token"];
  expires_at_ = t["expires_at"];
  return token_;
}

void WeComClient::invalidate(const std::string& token) {
  std::lock_guard lock(mutex_);
  if (token_ == token) token_.clear();
}

Json WeComClient::pull(App& app, const std::string& open_kfid, const std::string& sync_token) {
  int stored = 0, duplicates = 0, pages = 0;
  std::string sync = sync_token;
  for (int refreshed = 0; pages < 100;) {
    std::string error;
    const std::string access = token(app, error);
    if (access.empty()) return {{"error", error}};
    const std::string cursor = app.store.pull_cursor("wecom", open_kfid);
    Json req{{"kind", "sync_msg"}, {"account", app.channels.account("wecom")}, {"access_token", access}, {"open_kfid", open_kfid}, {"cursor", cursor}};
    if (!sync.empty()) req["sync_token"] = sync;
    const auto answer = send(core("channels.wecom_request", req));
    if (!answer.ok) return {{"error", "sync_msg: " + answer.error}};
    const Json got = api::call("channels.wecom_sync", {{"body", answer.body}});
    if (got.contains("error")) return {{"error", "sync_msg: " + got["error"].value("message", "")}};
    if (!got.value("ok", false)) {
      const std::string retry = got.value("retry", "never");
      if (retry == "refresh_token" && refreshed++ == 0) {
        invalidate(access);
        continue;
      }
      if (retry == "drop_token" && !sync.empty()) {
        sync.clear();
        continue;
      }
      return {{"error", "sync_msg: errcode " + got["errcode"].dump() + " " + got.value("errmsg", "")}, {"retry", retry}};
    }
    ++pages;
    const std::string next = got.value("next_cursor", "");
    const Ingested in = app.store.ingest("wecom", got, now_ms(), next.empty() ? Json(nullptr) : Json{{"account", open_kfid}, {"cursor", next}});
    stored += in.received;
    duplicates += in.duplicates;
    if (!got.value("has_more", false)) break;
  }
  return {{"stored", stored}, {"duplicates", duplicates}, {"pages", pages}};
}

void WeComClient::schedule(App& app, const std::string& open_kfid, const std::string& sync_token) {
  std::lock_guard lock(queue_mutex_);
  if (stopping_) return;
  bool merged = false;
  for (auto& [kf, token] : queue_)
    if (kf == open_kfid) {
      token = sync_token;
      merged = true;
    }
  if (!merged) queue_.emplace_back(open_kfid, sync_token);
  if (!worker_.joinable()) worker_ = std::thread([this, &app] { run(app); });
  queue_cv_.notify_one();
}

void WeComClient::run(App& app) {
  for (;;) {
    std::pair<std::string, std::string> job;
    {
      std::unique_lock lock(queue_mutex_);
      queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    // A failed pull leaves the cursor where it was and the request pending: the next callback or
    // start fetches the same messages again. The reason goes to the log, never a secret (request
    // URLs are not logged).
    try {
      const std::int64_t started = now_ms();
      const Json p = pull(app, job.first, job.second);
      if (!p.contains("error")) app.store.pull_done("wecom", job.first, started);
      if (p.contains("error")) std::cerr << "parley relay: wecom pull for " << job.first << ": " << p["error"].get<std::string>() << "\n";
    } catch (const std::exception& e) {
      std::cerr << "parley relay: wecom pull for " << job.first << ": " << e.what() << "\n";
    }
  }
}

WeComClient::~WeComClient() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}
}  // namespace parley::relay
