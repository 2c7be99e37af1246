// Parley — digest: SHA-256, SHA-1, HMAC, AES-256-CBC, hex and Base64, with no OpenSSL so the same
// code runs in wasm. Used for hash-chained evidence, webhook signature checks and WeCom's
// encrypted callbacks.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace parley::digest {
std::string sha256(std::string_view data);  // 32 raw bytes
std::string sha1(std::string_view data);    // 20 raw bytes (Twilio signatures need it; not for new designs)
std::string hmac_sha256(std::string_view key, std::string_view data);
std::string hmac_sha1(std::string_view key, std::string_view data);

// AES-256 in CBC mode without padding (the caller pads): `key` 32 bytes, `iv` 16, `data` whole
// 16-byte blocks; anything else throws std::invalid_argument.
std::string aes256_cbc_encrypt(std::string_view key, std::string_view iv, std::string_view data);
std::string aes256_cbc_decrypt(std::string_view key, std::string_view iv, std::string_view data);

std::string hex(std::string_view bytes);  // lower-case
std::string base64(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);  // nullopt on bad characters or padding

// Compares without an early exit, so a signature check leaks no timing about where it differs.
bool constant_time_equal(std::string_view a, std::string_view b);
}  // namespace parley::digest
