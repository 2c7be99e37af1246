// WeCom 微信客服 in the relay (docs/channels.md, "WeCom"): the access token from gettoken, cached
// until shortly before it expires and dropped when WeCom says it is bad (errcode 40014/42001), and
// the pull that a callback asks for: kf/sync_msg from the KF account's saved cursor while has_more,
// each page stored with its next cursor in one durable write (msgids claimed, so a re-pull after a
// crash stores nothing twice). The core builds every request and reads every answer.
#pragma once
#include "parley/api.h"

#include <mutex>
#include <string>

namespace parley::relay {
struct App;

class WeComClient {
 public:
  // The cached token, fetched when there is none or it is about to expire; "" and `error` set
  // when gettoken fails.
  std::string token(App& app, std::string& error);
  void invalidate(const std::string& token);  // WeCom refused it: the next call fetches a new one
  void forget() { invalidate(current()); }
  std::string current() {
    std::lock_guard lock(mutex_);
    return token_;
  }
  // Pulls everything new for `open_kfid`; returns {stored, duplicates, pages} or {error}.
  Json pull(App& app, const std::string& open_kfid, const std::string& sync_token);

 private:
  std::mutex mutex_;  // one gettoken at a time; pulls of one account in order
  std::string token_;
  std::int64_t expires_at_ = 0;
};
}  // namespace parley::relay
