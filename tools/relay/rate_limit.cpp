// Token buckets (see rate_limit.h).
#include "relay/rate_limit.h"

#include "relay/http_error.h"

#include <cmath>

namespace parley::relay {
void RateLimit::set(double per_minute, double burst) {
  std::lock_guard lock(mutex_);
  per_second_ = per_minute / 60.0;
  burst_ = burst;
  buckets_.clear();
}

void RateLimit::take(const std::string& key, const char* what) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (burst_ <= 0) return;
  if (buckets_.size() > 100000) {  // forget full buckets: they are the same as new ones
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      const double t = it->second.tokens + std::chrono::duration<double>(now - it->second.at).count() * per_second_;
      it = t >= burst_ ? buckets_.erase(it) : std::next(it);
    }
  }
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst_, now});
  auto& b = it->second;
  b.tokens = std::min(burst_, b.tokens + std::chrono::duration<double>(now - b.at).count() * per_second_);
  b.at = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return;
  }
  const int wait = per_second_ > 0 ? static_cast<int>(std::ceil((1 - b.tokens) / per_second_)) : 3600;
  HttpError e(429, "rate_limited", std::string("too many ") + what + "; retry in " + std::to_string(wait) + " s");
  e.retry_after = std::max(1, wait);
  throw e;
}

void configure_rate_limits(RateLimits& limits, const Json& workspace) {
  const Json* config = workspace.contains("rate_limits") ? &workspace["rate_limits"] : nullptr;
  if (config && !config->is_object()) throw std::runtime_error("workspace /rate_limits must be an object");
  auto one = [&](RateLimit& limit, const char* name) {
    if (!config || !config->contains(name)) return;
    const Json& c = (*config)[name];
    const std::string where = std::string("workspace /rate_limits/") + name;
    if (c.is_boolean() && !c.get<bool>()) {
      limit.set(0, 0);
      return;
    }
    if (!c.is_object()) throw std::runtime_error(where + " must be an object {\"per_minute\", \"burst\"} or false");
    for (const auto& [k, v] : c.items())
      if (k != "per_minute" && k != "burst") throw std::runtime_error(where + "/" + k + ": unknown field");
    const double per_minute = c.value("per_minute", 0.0), burst = c.value("burst", 0.0);
    if (!(per_minute > 0) || !(burst >= 1)) throw std::runtime_error(where + ": per_minute must be > 0 and burst >= 1");
    limit.set(per_minute, burst);
  };
  one(limits.visitors, "visitors");
  one(limits.messages, "messages");
  one(limits.uploads, "uploads");
}
}  // namespace parley::relay
