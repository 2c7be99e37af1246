// HMAC (RFC 2104) over either hash; both have 64-byte blocks.
#include "parley/digest.h"

namespace parley::digest {
namespace {
template <typename Hash>
std::string hmac(Hash hash, std::string_view key, std::string_view data) {
  std::string k = key.size() > 64 ? hash(key) : std::string(key);
  k.resize(64, '\0');
  std::string inner(64, '\0'), outer(64, '\0');
  for (int i = 0; i < 64; ++i) {
    inner[i] = static_cast<char>(k[i] ^ 0x36);
    outer[i] = static_cast<char>(k[i] ^ 0x5c);
  }
  return hash(outer + hash(inner + std::string(data)));
}
}  // namespace

std::string hmac_sha256(std::string_view key, std::string_view data) { return hmac(sha256, key, data); }
std::string hmac_sha1(std::string_view key, std::string_view data) { return hmac(sha1, key, data); }

bool constant_time_equal(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const std::size_t n = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}
}  // namespace parley::digest
