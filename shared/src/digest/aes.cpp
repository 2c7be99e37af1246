// AES-256 (FIPS 197) in CBC mode (SP 800-38A), written for clarity over speed like sha.cpp: WeCom
// encrypts each callback with it, and a callback is a few hundred bytes. The S-box is computed
// from its definition (multiplicative inverse in GF(2^8), then the affine map) rather than typed
// in, so there is no 256-entry table to get wrong. Not constant-time: the key never meets an
// attacker-chosen plaintext here (we decrypt what WeCom sent and encrypt only our own tests').
#include "parley/digest.h"

#include <array>
#include <cstdint>
#include <stdexcept>

namespace parley::digest {
namespace {
using Block = std::array<std::uint8_t, 16>;

std::uint8_t xtime(std::uint8_t x) { return static_cast<std::uint8_t>((x << 1) ^ ((x & 0x80) ? 0x1b : 0)); }

std::uint8_t mul(std::uint8_t a, std::uint8_t b) {
  std::uint8_t p = 0;
  for (; b; b >>= 1, a = xtime(a))
    if (b & 1) p ^= a;
  return p;
}

struct Tables {
  std::array<std::uint8_t, 256> sbox{}, inv{};
  Tables() {
    for (int x = 0; x < 256; ++x) {
      std::uint8_t y = 0;  // the inverse of x (0 maps to 0)
      for (int c = 1; c < 256 && x; ++c)
        if (mul(static_cast<std::uint8_t>(x), static_cast<std::uint8_t>(c)) == 1) y = static_cast<std::uint8_t>(c);
      std::uint8_t s = y;
      for (int i = 1; i <= 4; ++i) s ^= static_cast<std::uint8_t>((y << i) | (y >> (8 - i)));
      s ^= 0x63;
      sbox[x] = s;
      inv[s] = static_cast<std::uint8_t>(x);
    }
  }
};
const Tables& tables() {
  static const Tables t;
  return t;
}

// 15 round keys of 16 bytes from the 32-byte key.
std::array<std::uint8_t, 240> expand(std::string_view key) {
  const auto& t = tables();
  std::array<std::uint8_t, 240> w{};
  for (int i = 0; i < 32; ++i) w[i] = static_cast<std::uint8_t>(key[i]);
  std::uint8_t rcon = 1;
  for (int i = 8; i < 60; ++i) {
    std::uint8_t tmp[4] = {w[4 * i - 4], w[4 * i - 3], w[4 * i - 2], w[4 * i - 1]};
    if (i % 8 == 0) {
      const std::uint8_t first = tmp[0];
      tmp[0] = static_cast<std::uint8_t>(t.sbox[tmp[1]] ^ rcon);
      tmp[1] = t.sbox[tmp[2]];
      tmp[2] = t.sbox[tmp[3]];
      tmp[3] = t.sbox[first];
      rcon = xtime(rcon);
    } else if (i % 8 == 4) {
      for (auto& b : tmp) b = t.sbox[b];
    }
    for (int k = 0; k < 4; ++k) w[4 * i + k] = w[4 * (i - 8) + k] ^ tmp[k];
  }
  return w;
}

void add_round_key(Block& s, const std::array<std::uint8_t, 240>& w, int round) {
  for (int i = 0; i < 16; ++i) s[i] ^= w[16 * round + i];
}

// The state is column-major: byte i is row i % 4, column i / 4.
void shift_rows(Block& s, bool inverse) {
  Block o = s;
  for (int r = 1; r < 4; ++r)
    for (int c = 0; c < 4; ++c) {
      const int from = inverse ? (c + 4 - r) % 4 : (c + r) % 4;
      o[4 * c + r] = s[4 * from + r];
    }
  s = o;
}

void mix_columns(Block& s, bool inverse) {
  const std::uint8_t m[4] = {static_cast<std::uint8_t>(inverse ? 14 : 2), static_cast<std::uint8_t>(inverse ? 11 : 3),
                             static_cast<std::uint8_t>(inverse ? 13 : 1), static_cast<std::uint8_t>(inverse ? 9 : 1)};
  for (int c = 0; c < 4; ++c) {
    const std::uint8_t a[4] = {s[4 * c], s[4 * c + 1], s[4 * c + 2], s[4 * c + 3]};
    for (int r = 0; r < 4; ++r)  // row r of the circulant matrix (m0 m1 m2 m3) rotated right by r
      s[4 * c + r] = mul(a[r], m[0]) ^ mul(a[(r + 1) % 4], m[1]) ^ mul(a[(r + 2) % 4], m[2]) ^ mul(a[(r + 3) % 4], m[3]);
  }
}

void encrypt_block(Block& s, const std::array<std::uint8_t, 240>& w) {
  const auto& t = tables();
  add_round_key(s, w, 0);
  for (int round = 1; round <= 14; ++round) {
    for (auto& b : s) b = t.sbox[b];
    shift_rows(s, false);
    if (round != 14) mix_columns(s, false);
    add_round_key(s, w, round);
  }
}

void decrypt_block(Block& s, const std::array<std::uint8_t, 240>& w) {
  const auto& t = tables();
  add_round_key(s, w, 14);
  for (int round = 13; round >= 0; --round) {
    shift_rows(s, true);
    for (auto& b : s) b = t.inv[b];
    add_round_key(s, w, round);
    if (round != 0) mix_columns(s, true);
  }
}

void check(std::string_view key, std::string_view iv, std::string_view data) {
  if (key.size() != 32) throw std::invalid_argument("AES-256 needs a 32-byte key");
  if (iv.size() != 16) throw std::invalid_argument("CBC needs a 16-byte IV");
  if (data.size() % 16 != 0) throw std::invalid_argument("CBC data must be whole 16-byte blocks");
}
}  // namespace

std::string aes256_cbc_encrypt(std::string_view key, std::string_view iv, std::string_view data) {
  check(key, iv, data);
  const auto w = expand(key);
  Block chain{};
  for (int i = 0; i < 16; ++i) chain[i] = static_cast<std::uint8_t>(iv[i]);
  std::string out;
  out.reserve(data.size());
  for (std::size_t at = 0; at < data.size(); at += 16) {
    for (int i = 0; i < 16; ++i) chain[i] ^= static_cast<std::uint8_t>(data[at + i]);
    encrypt_block(chain, w);
    out.append(reinterpret_cast<const char*>(chain.data()), 16);
  }
  return out;
}

std::string aes256_cbc_decrypt(std::string_view key, std::string_view iv, std::string_view data) {
  check(key, iv, data);
  const auto w = expand(key);
  Block prev{};
  for (int i = 0; i < 16; ++i) prev[i] = static_cast<std::uint8_t>(iv[i]);
  std::string out;
  out.reserve(data.size());
  for (std::size_t at = 0; at < data.size(); at += 16) {
    Block s{};
    for (int i = 0; i < 16; ++i) s[i] = static_cast<std::uint8_t>(data[at + i]);
    const Block cipher = s;
    decrypt_block(s, w);
    for (int i = 0; i < 16; ++i) out += static_cast<char>(s[i] ^ prev[i]);
    prev = cipher;
  }
  return out;
}
}  // namespace parley::digest
