#include "langid_model_file.h"

#include "parley/assets.h"
#include "parley/command.h"

#include <fstream>
#include <iterator>

namespace parley::cli {
std::string load_langid_model(const std::string& path_arg) {
  const std::string path = path_arg.empty() ? source_dir() + "/models/langid.bin" : path_arg;
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot read the langid model " + path + " (run `parley train langid`)";
  assets::put("langid", std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
  return "";
}
}  // namespace parley::cli
