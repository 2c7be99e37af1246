// evidence.* methods: append, verify, replay, diff, export.
#include "parley/api.h"
#include "parley/evidence.h"
#include "parley/text.h"

namespace parley::evidence {
namespace {
const Json& records_of(const Json& request) { return require(request, "records", Json::value_t::array); }

std::string utf8_field(const Json& request, const char* key) {
  std::string s = require_string(request, key);
  if (auto bad = text::invalid_utf8_offset(s))
    throw Error("invalid_utf8", std::string("/") + key + " is not valid UTF-8: bad byte at offset " + std::to_string(*bad), std::string("/") + key);
  return s;
}

Json verify_method(const Json& request) {
  const Json& records = records_of(request);
  return verify(records, optional(request, "anchor", Json::value_t::object)).to_json(records);
}

Json replay_method(const Json& request) { return replay(records_of(request)); }

Json diff_method(const Json& request) {
  std::string unit = optional_string(request, "unit", "word");
  if (unit != "word" && unit != "line") throw Error("invalid_value", "/unit must be \"word\" or \"line\"", "/unit");
  // Read in order: argument evaluation order differs between gcc and clang, and so would the error.
  std::string before = utf8_field(request, "before");
  std::string after = utf8_field(request, "after");
  return diff(before, after, unit == "word" ? DiffUnit::word : DiffUnit::line);
}

// JSON Lines, one record per line in chain order, each exactly as hashed plus its "hash" — so an
// exported file re-verifies byte for byte.
Json export_method(const Json& request) {
  const Json& records = records_of(request);
  std::string out;
  for (const Json& r : records) out += r.dump(-1, ' ', false, Json::error_handler_t::strict) + "\n";
  Json verdict = verify(records, optional(request, "anchor", Json::value_t::object)).to_json(records);
  return Json{{"jsonl", out}, {"count", records.size()}, {"valid", verdict["valid"]}, {"head_hash", verdict["head_hash"]}};
}

PARLEY_METHOD("evidence.append", append, "Append a record to a case's hash chain: returns it with seq, prev_hash and hash");
PARLEY_METHOD("evidence.verify", verify_method, "Verify a hash chain: valid, or the first bad seq and whether records were changed, removed, reordered or inserted");
PARLEY_METHOD("evidence.replay", replay_method, "Reconstruct a case step by step from its evidence records");
PARLEY_METHOD("evidence.diff", diff_method, "Word- or line-level diff of two texts (agent edits of a draft)");
PARLEY_METHOD("evidence.export", export_method, "Export evidence records as JSON Lines");
}  // namespace
}  // namespace parley::evidence
