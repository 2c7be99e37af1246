// Parley — assets: binary data (models, indexes) the host hands to the core. The core never reads
// files: the CLI reads them, the browser fetches them, and both call put(). Modules that build
// state from an asset (a parsed model) rebuild it when the generation changes.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace parley::assets {
void put(const std::string& name, std::string bytes);  // replaces; bumps the generation
const std::string* get(std::string_view name);         // nullptr when absent
std::uint64_t generation(std::string_view name);       // 0 when absent; changes on every put
}  // namespace parley::assets
