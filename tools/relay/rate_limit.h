// Rate limits on what anyone on the internet can do without an agent's token: create visitors
// (per client address), post messages and upload attachments (per visitor). Token buckets:
// `burst` requests at once, refilled at `per_minute`; over it, 429 with Retry-After. Configured
// by the workspace file's "rate_limits" (workspace.cpp); agents are not limited.
#pragma once
#include "parley/api.h"

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace parley::relay {
class RateLimit {
 public:
  void set(double per_minute, double burst);  // burst 0: no limit
  // Takes one request for `key`, or throws HttpError 429 (rate_limited, with retry_after) naming `what`.
  void take(const std::string& key, const char* what);

 private:
  struct Bucket { double tokens; std::chrono::steady_clock::time_point at; };
  double per_second_ = 0, burst_ = 0;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

struct RateLimits {
  RateLimit visitors, messages, uploads;
};
// From the workspace's "rate_limits" ({"visitors": {"per_minute", "burst"}, …}; false turns one off);
// throws std::runtime_error naming a bad entry.
void configure_rate_limits(RateLimits& limits, const Json& workspace);
}  // namespace parley::relay
