// digest.* methods: let hosts (the relay, the panel) hash and sign with the core's code.
#include "parley/api.h"
#include "parley/digest.h"

namespace parley::digest {
namespace {
Json sha256_method(const Json& request) { return Json{{"sha256", hex(sha256(require_string(request, "data")))}}; }
PARLEY_METHOD("digest.sha256", sha256_method, "SHA-256 of /data (UTF-8), hex");

Json hmac_method(const Json& request) {
  std::string algorithm = optional_string(request, "algorithm", "sha256");
  std::string key = require_string(request, "key"), data = require_string(request, "data");
  std::string mac;
  if (algorithm == "sha256") mac = hmac_sha256(key, data);
  else if (algorithm == "sha1") mac = hmac_sha1(key, data);
  else throw Error("invalid_value", "/algorithm must be \"sha256\" or \"sha1\"", "/algorithm");
  return Json{{"hex", hex(mac)}, {"base64", base64(mac)}};
}
PARLEY_METHOD("digest.hmac", hmac_method, "HMAC-SHA256 (or SHA-1) of /data with /key, hex and Base64");
}  // namespace
}  // namespace parley::digest
