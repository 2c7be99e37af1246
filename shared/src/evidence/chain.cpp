// Records and the hash chain: canonical form, hashing, appending.
#include "parley/digest.h"
#include "parley/evidence.h"
#include "parley/sla.h"

#include <algorithm>

namespace parley::evidence {
const std::vector<std::string>& kinds() {
  static const std::vector<std::string> k = {"message", "normalized", "triage", "route", "knowledge", "draft",
                                             "edit", "approval", "reply", "attachment", "summary"};
  return k;
}

std::string canonical(const Json& record) {
  Json copy = record;
  if (copy.is_object()) copy.erase("hash");
  // nlohmann objects are std::map: keys come out sorted, so equal records serialise equally.
  return copy.dump(-1, ' ', false, Json::error_handler_t::strict);
}

std::string record_hash(const Json& record) {
  return digest::hex(digest::sha256("parley-evidence-v1\n" + canonical(record)));
}

namespace {
bool is_hex64(const Json& v) {
  if (!v.is_string() || v.get<std::string>().size() != 64) return false;
  const std::string s = v.get<std::string>();
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Kinds whose replay reads a text; checked on append so a chain never holds a record replay cannot use.
void require_text(const std::string& kind, const Json& data) {
  static const char* const with_text[] = {"message", "normalized", "draft", "edit", "reply"};
  if (std::find_if(std::begin(with_text), std::end(with_text), [&](const char* k) { return kind == k; }) == std::end(with_text)) return;
  if (!data.is_object()) throw Error("invalid_type", "/record/data must be an object for a " + kind + " record", "/record/data");
  require_string(data, "text", "/record/data");
}
}  // namespace

Json append(const Json& request) {
  const Json& record = require(request, "record", Json::value_t::object);
  std::string kind = require_string(record, "kind", "/record");
  if (std::find(kinds().begin(), kinds().end(), kind) == kinds().end())
    throw Error("invalid_value", "/record/kind \"" + kind + "\" is not one of message, normalized, triage, route, knowledge, draft, edit, approval, reply, attachment, summary", "/record/kind");
  std::string actor = require_string(record, "actor", "/record");
  sla::Millis at = sla::require_instant(record, "at", "/record");
  Json data = record.contains("data") ? record["data"] : Json::object();
  require_text(kind, data);

  std::string prev = std::string(kGenesis);
  std::int64_t length = 0;
  auto chain = request.find("chain");
  if (chain != request.end() && chain->is_array()) {
    Verdict v = verify(*chain, nullptr);
    if (!v.valid)
      throw Error("chain_invalid", "/chain is not a valid evidence chain (" + v.problem + "): " + v.detail, "/chain");
    length = static_cast<std::int64_t>(chain->size());
    if (length > 0) {
      prev = chain->back()["hash"];
      // Evidence happens in order: a record older than the one before it is a clock or data error.
      if (at < sla::require_instant(chain->back(), "at", "/chain/" + std::to_string(length - 1)))
        throw Error("time_goes_backwards", "/record/at is earlier than the last record of the chain", "/record/at");
    }
  } else if (chain != request.end() && chain->is_object()) {
    const Json& head = require(*chain, "head_hash", Json::value_t::string, "/chain");
    if (!is_hex64(head)) throw Error("invalid_value", "/chain/head_hash must be 64 lower-case hex digits", "/chain/head_hash");
    const Json& len = require(*chain, "length", Json::value_t::number_integer, "/chain");
    if (!len.is_number_integer() || len.get<std::int64_t>() < 0)
      throw Error("invalid_value", "/chain/length must be a whole number ≥ 0", "/chain/length");
    prev = head.get<std::string>();
    length = len.get<std::int64_t>();
  } else if (chain != request.end() && !chain->is_null()) {
    throw Error("invalid_type", "/chain must be the records so far (an array) or {head_hash, length}", "/chain");
  }

  Json out{{"seq", length + 1}, {"kind", kind}, {"actor", actor}, {"at", sla::format_instant(at)}, {"data", data}, {"prev_hash", prev}};
  out["hash"] = record_hash(out);
  return out;
}
}  // namespace parley::evidence
