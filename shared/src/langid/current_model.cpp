// The model of the "langid" asset, parsed once per asset generation.
#include "parley/api.h"
#include "parley/assets.h"
#include "parley/langid.h"

#include <memory>
#include <mutex>

namespace parley::langid {
const Model& current_model() {
  static std::mutex mutex;
  static std::unique_ptr<Model> model;
  static std::uint64_t loaded = 0;
  std::lock_guard<std::mutex> lock(mutex);
  const std::uint64_t generation = assets::generation("langid");
  const std::string* bytes = assets::get("langid");
  if (!bytes)
    throw Error("model_missing", "the \"langid\" model asset is not loaded: the host must put models/langid.bin first");
  if (!model || generation != loaded) {
    model.reset();  // a bad new asset must not leave the old model answering
    model = std::make_unique<Model>(Model::from_bytes(*bytes));
    loaded = generation;
  }
  return *model;
}
}  // namespace parley::langid
