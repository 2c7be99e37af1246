// Validators: what a flow asks for, found in whatever the customer wrote ("it's pd-204816,
// thanks" → PD-204816). Masks are a prefix then '#' per digit, the shape order numbers have; the
// extraction is the drafting slots' (any script's digits, the newest mention).
#include "parley/automation.h"
#include "parley/slots.h"

namespace parley::automation {
namespace {
slots::Options from_mask(const std::string& mask, const std::string& path) {
  slots::Options o;
  const auto hash = mask.find('#');
  if (hash == std::string::npos || hash == 0 || mask.find_first_not_of('#', hash) != std::string::npos)
    throw Error("invalid_value", path + "/mask \"" + mask + "\" must be a prefix then one '#' per digit, like \"PD-######\"", path + "/mask");
  o.order_prefix = mask.substr(0, hash);
  o.order_digits = mask.size() - hash;
  return o;
}
}  // namespace

std::optional<std::string> validate(const Json& validator, const std::string& text, const std::string& path) {
  require_object(validator, path);
  const std::string kind = require_string(validator, "kind", path);
  if (kind == "order_number") {
    const auto found = slots::extract({text}, from_mask(require_string(validator, "mask", path), path));
    auto it = found.find("order_number");
    if (it == found.end()) return std::nullopt;
    return it->second.value;
  }
  if (kind == "email") {
    const auto found = slots::extract({text}, slots::Options{});
    auto it = found.find("email");
    if (it == found.end()) return std::nullopt;
    return it->second.value;
  }
  throw Error("invalid_value", path + "/kind \"" + kind + "\" is not a validator: order_number or email", path + "/kind");
}
}  // namespace parley::automation
