// Hand the model file to the core as the "langid" asset (the core never reads files itself).
#pragma once
#include <string>

namespace parley::cli {
// Reads `path` (default: models/langid.bin in the repository) and puts it as the "langid" asset.
// Returns an error message, empty on success.
std::string load_langid_model(const std::string& path = "");
}  // namespace parley::cli
