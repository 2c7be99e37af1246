// The relay's WeCom client (see wecom.h).
#include "relay/wecom.h"

#include "relay/app.h"
#include "relay/attachment_files.h"
#include "relay/http_client.h"
#include "relay/ids.h"

#include <algorithm>
#include <cmath>
#include <iostream>

namespace parley::relay {
namespace {
constexpr std::chrono::milliseconds kTimeout{4000};  // one gettoken or sync_msg; a pull that hangs delays only later pulls
constexpr std::chrono::milliseconds kMediaTimeout{20000};  // one media/get: up to 10 MB

client::HttpAnswer send(const Json& r, std::chrono::milliseconds timeout = kTimeout) {
  Fields headers;
  const Json given = r.value("headers", Json::object());  // named: items() of a temporary would dangle
  for (const auto& [k, v] : given.items()) headers.emplace_back(k, v.get<std::string>());
  return client::request(r["method"], r["url"], headers, r.value("body", ""), timeout);
}

// What WeCom's 微信客服 may send a customer's media as, by the message's kind.
constexpr AttachmentType kWeComImages[] = {{"image/jpeg", "jpg"}, {"image/png", "png"}, {"image/gif", "gif"}};
constexpr AttachmentType kWeComVoice[] = {{"audio/amr", "amr"}};
constexpr AttachmentType kWeComVideo[] = {{"video/mp4", "mp4"}};
// A file may be anything; kept are the kinds an agent can open safely (served as downloads).
constexpr AttachmentType kWeComFiles[] = {{"application/pdf", "pdf"}, {"application/zip", "zip"}, {"image/jpeg", "jpg"},
                                          {"image/png", "png"}, {"image/gif", "gif"}};

struct MediaKind {
  const char* kind;
  const AttachmentType* types;
  std::size_t count;
  const char* what;  // for the error when the bytes are none of them
};
constexpr MediaKind kMediaKinds[] = {
    {"image", kWeComImages, std::size(kWeComImages), "a JPEG, PNG or GIF image"},
    {"audio", kWeComVoice, std::size(kWeComVoice), "AMR voice"},
    {"video", kWeComVideo, std::size(kWeComVideo), "an MP4 video"},
    {"file", kWeComFiles, std::size(kWeComFiles), "a PDF, a ZIP (or Office) file or an image"},
};

Json media_error(const std::string& code, const std::string& message) { return {{"code", code}, {"message", message}}; }

// The file name WeCom gives in Content-Disposition (filename="…"), if any.
std::string disposition_filename(const Fields& headers) {
  for (const auto& [k, v] : headers) {
    if (!iequals(k, "Content-Disposition")) continue;
    const auto at = v.find("filename=\"");
    if (at == std::string::npos) return "";
    const auto end = v.find('"', at + 10);
    return end == std::string::npos ? "" : v.substr(at + 10, end - at - 10);
  }
  return "";
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
    for (const auto& m : in.media) fetch_media(app, m);  // stored first: a crash here leaves it pending, fetched at start
    if (!got.value("has_more", false)) break;
  }
  return {{"stored", stored}, {"duplicates", duplicates}, {"pages", pages}};
}

MediaRetry media_retry_settings(const Json& workspace) {
  MediaRetry r;
  std::int64_t attempts = r.max_attempts;
  read_whole_number_settings(workspace, "media_retry", {{"base_ms", &r.base_ms}, {"max_ms", &r.max_ms}, {"max_attempts", &attempts}});
  r.max_attempts = static_cast<int>(std::min<std::int64_t>(attempts, 100));
  return r;
}

std::int64_t MediaRetry::delay_ms(int failed_rounds) const {
  const double d = static_cast<double>(base_ms) * std::pow(2.0, std::max(0, failed_rounds - 1));
  return static_cast<std::int64_t>(std::min(d, static_cast<double>(max_ms)));
}

Json WeComClient::fetch_media(App& app, const InboundMedia& m) {
  const auto fail = [&](Json error) {
    app.store.media_fetched(m, std::nullopt, error, now_ms());
    return error;
  };
  // A failure that may heal ends this round; the media stays pending and the sweep (run()) tries
  // again after a backoff that doubles, until the round max_attempts: then the agent sees why.
  const auto later = [&](Json error) {
    const int rounds = m.attempts + 1;
    if (rounds >= retry_.max_attempts) {
      error["attempts"] = rounds;
      return fail(error);
    }
    app.store.media_retry_later(m, rounds, now_ms() + retry_.delay_ms(rounds), error);
    return error;
  };
  const MediaKind* kind = nullptr;
  for (const auto& k : kMediaKinds)
    if (m.kind == k.kind) kind = &k;
  if (!kind) return fail(media_error("unsupported_media", "WeCom " + m.kind + " messages carry no media the relay fetches"));
  // A GET is safe to repeat: a failure that may heal (no answer, 5xx, WeCom busy) is tried again
  // after a pause, twice; the pull thread waits at most kMediaPauses in all before the next job.
  static constexpr std::chrono::milliseconds kMediaPauses[] = {std::chrono::milliseconds(300), std::chrono::milliseconds(1500)};
  int retried = 0;
  const auto may_retry = [&] {
    if (retried >= static_cast<int>(std::size(kMediaPauses))) return false;
    std::this_thread::sleep_for(kMediaPauses[retried++]);
    return true;
  };
  for (int refreshed = 0;;) {
    std::string error;
    const std::string access = token(app, error);
    if (access.empty()) return later(media_error("token_unavailable", error));
    const auto answer = send(core("channels.wecom_request", {{"kind", "media_get"}, {"account", app.channels.account("wecom")},
                                                             {"access_token", access}, {"media_id", m.media_id}}),
                             kMediaTimeout);
    if (!answer.ok) {
      if (may_retry()) continue;
      return later(media_error("unreachable", "media/get: " + answer.error));
    }
    if (answer.status != 200) {
      if (answer.status >= 500 && may_retry()) continue;
      Json e = media_error("provider_status", "media/get answered HTTP " + std::to_string(answer.status));
      return answer.status >= 500 || answer.status == 429 ? later(e) : fail(e);
    }
    // An error is JSON {errcode, errmsg} with HTTP 200; a file is its bytes.
    if (const Json j = Json::parse(answer.body, nullptr, false); j.is_object() && j.contains("errcode")) {
      const Json code = j["errcode"];
      if ((code == 40014 || code == 42001) && refreshed++ == 0) {
        invalidate(access);
        continue;
      }
      if (code == -1 && may_retry()) continue;  // system busy
      Json e = media_error("provider_error", "media/get: errcode " + code.dump() + " " + j.value("errmsg", ""));
      e["provider_code"] = code;
      return code == -1 ? later(e) : fail(e);  // anything else (40007: the media is gone) will not heal
    }
    if (answer.body.empty()) return fail(media_error("empty", "media/get answered no bytes"));
    if (answer.body.size() > kMaxAttachment)
      return fail(media_error("too_large", "the media is " + std::to_string(answer.body.size()) + " bytes; the limit is " + std::to_string(kMaxAttachment)));
    const AttachmentType* type = sniff_type(answer.body, kind->types, kind->count);
    if (!type) return fail(media_error("content_mismatch", std::string("the bytes are not ") + kind->what));
    AttachmentMeta a;
    a.id = new_id("a_");
    a.owner_type = "visitor";
    a.content_type = type->type;
    a.size = static_cast<std::int64_t>(answer.body.size());
    a.filename = safe_filename(disposition_filename(answer.headers), type->ext);
    a.conversation_id = m.conversation_id;
    write_durably(std::filesystem::path(app.attachments_dir) / a.id, answer.body);  // the file before the row that names it
    app.store.media_fetched(m, a, nullptr, now_ms());
    return nullptr;
  }
}

void WeComClient::schedule_media(App& app, std::vector<InboundMedia> media) {
  std::lock_guard lock(queue_mutex_);
  if (stopping_ || media.empty()) return;
  for (auto& m : media) media_.push_back(std::move(m));
  start_worker(app);
  queue_cv_.notify_one();
}

void WeComClient::start(App& app) {
  std::lock_guard lock(queue_mutex_);
  start_worker(app);
}

std::chrono::milliseconds WeComClient::sweep_every() const {
  // Often enough that a retry is not much later than its next_at, seldom enough to cost nothing.
  return std::chrono::milliseconds(std::clamp<std::int64_t>(retry_.base_ms / 4, 50, 5000));
}

void WeComClient::start_worker(App& app) {
  if (!worker_.joinable()) worker_ = std::thread([this, &app] { run(app); });
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
  start_worker(app);
  queue_cv_.notify_one();
}

void WeComClient::run(App& app) {
  for (;;) {
    std::pair<std::string, std::string> job;
    std::optional<InboundMedia> media;
    {
      std::unique_lock lock(queue_mutex_);
      const bool woken = queue_cv_.wait_for(lock, sweep_every(), [this] { return stopping_ || !queue_.empty() || !media_.empty(); });
      if (stopping_) return;
      if (!woken) {  // idle: the sweep, media whose retry is due (durable: a restart keeps them)
        lock.unlock();
        std::vector<InboundMedia> due;
        try {
          due = app.store.pending_media("wecom", now_ms());
        } catch (const std::exception& e) {
          std::cerr << "parley relay: wecom media sweep: " << e.what() << "\n";
        }
        lock.lock();
        for (auto& d : due) media_.push_back(std::move(d));
        continue;
      }
      if (queue_.empty()) {  // pulls first: they bring new messages; media can wait a moment
        media = std::move(media_.front());
        media_.pop_front();
      } else {
        job = std::move(queue_.front());
        queue_.pop_front();
      }
    }
    if (media) {
      try {
        if (const Json e = fetch_media(app, *media); !e.is_null())
          std::cerr << "parley relay: wecom media of " << media->message_id << ": " << e.value("message", "") << "\n";
      } catch (const std::exception& e) {
        std::cerr << "parley relay: wecom media of " << media->message_id << ": " << e.what() << "\n";
      }
      continue;
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
