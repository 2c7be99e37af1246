#include "parley/assets.h"

#include <map>

namespace parley::assets {
namespace {
struct Entry { std::string bytes; std::uint64_t generation; };
std::map<std::string, Entry, std::less<>>& store() {
  static std::map<std::string, Entry, std::less<>> s;
  return s;
}
std::uint64_t next_generation = 0;
}  // namespace

void put(const std::string& name, std::string bytes) { store()[name] = Entry{std::move(bytes), ++next_generation}; }

const std::string* get(std::string_view name) {
  auto it = store().find(name);
  return it == store().end() ? nullptr : &it->second.bytes;
}

std::uint64_t generation(std::string_view name) {
  auto it = store().find(name);
  return it == store().end() ? 0 : it->second.generation;
}
}  // namespace parley::assets
