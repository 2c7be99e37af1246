// Identifiers and secrets from the kernel's CSPRNG (getrandom): ids are unguessable, so knowing one
// conversation id says nothing about another's.
#pragma once
#include <string>

namespace parley::relay {
std::string random_hex(std::size_t bytes);
inline std::string new_id(const char* prefix) { return prefix + random_hex(12); }
// A random (version 4) UUID: LINE's X-Line-Retry-Key must be one.
std::string random_uuid();
// A secret kept in `file` (owner-only): read when present, else made from `bytes` random bytes and
// written, so it survives restarts.
std::string stored_secret(const std::string& file, std::size_t bytes);
}  // namespace parley::relay
