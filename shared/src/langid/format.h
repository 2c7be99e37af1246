// Internal to langid/: the model file layout, shared by the writer (train) and the reader (Model).
//
//   "PLID"            magic
//   u32 version       2
//   u32 buckets       power of two
//   u32 step_milli    one cost unit in thousandths of a nat
//   u32 languages     L
//   L × (u8 n, n bytes language tag, u8 m, m bytes comma-separated scripts)
//   buckets × L bytes costs, bucket-major (the L costs of one feature are adjacent)
//   u32 n, n × u32    Han characters written only in Simplified Chinese, ascending
//   u32 m, m × u32    Han characters written only in Traditional Chinese, ascending
//   u32 checksum      FNV-1a over everything before it
// Integers are little-endian.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace parley::langid::format {
constexpr std::string_view kMagic = "PLID";
constexpr std::uint32_t kVersion = 2;

inline std::uint32_t checksum(std::string_view bytes) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 16777619u;
  }
  return h;
}

inline void put_u32(std::string& out, std::uint32_t v) {
  for (int k = 0; k < 4; ++k) out += static_cast<char>((v >> (8 * k)) & 0xFF);
}

inline std::uint32_t get_u32(std::string_view in, std::size_t at) {
  std::uint32_t v = 0;
  for (int k = 0; k < 4; ++k) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[at + k])) << (8 * k);
  return v;
}
}  // namespace parley::langid::format
