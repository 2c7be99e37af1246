// Verification: recompute every hash and follow the links, and name what was done to the chain.
//
// Order of the checks matters for the diagnosis: a record whose own hash fails was changed; among
// self-consistent records a repeated seq means one was inserted, a falling seq that they were
// reordered, a gap that some were removed; a broken link between consecutive seqs means the
// previous record was replaced and re-hashed. A chain rewritten from some point on with fresh
// hashes is self-consistent: only a trusted head (`anchor`) kept elsewhere can reveal it.
#include "parley/evidence.h"

#include <map>

namespace parley::evidence {
namespace {
std::optional<std::int64_t> seq_of(const Json& r) {
  if (!r.is_object() || !r.contains("seq") || !r["seq"].is_number_integer()) return std::nullopt;
  return r["seq"].get<std::int64_t>();
}

std::string text_of(const Json& r, const char* key) {
  return r.is_object() && r.contains(key) && r[key].is_string() ? r[key].get<std::string>() : "";
}

Verdict bad(const std::string& problem, std::optional<std::int64_t> seq, std::optional<std::size_t> position, std::string detail) {
  Verdict v;
  v.valid = false;
  v.problem = problem;
  v.first_bad_seq = seq;
  v.position = position;
  v.detail = std::move(detail);
  return v;
}
}  // namespace

Json Verdict::to_json(const Json& records) const {
  Json out{{"valid", valid},
           {"length", records.size()},
           {"head_hash", records.empty() ? Json(std::string(kGenesis))
                                         : records.back().is_object() ? records.back().value("hash", Json(nullptr)) : Json(nullptr)},
           {"problem", valid ? Json(nullptr) : Json(problem)},
           {"first_bad_seq", first_bad_seq ? Json(*first_bad_seq) : Json(nullptr)},
           {"position", position ? Json(*position) : Json(nullptr)},
           {"detail", detail}};
  return out;
}

Verdict verify(const Json& records, const Json* anchor) {
  if (!records.is_array()) throw Error("invalid_type", "/records must be an array of evidence records", "/records");
  const std::size_t n = records.size();

  // 1. Every record must still match its own hash.
  std::vector<std::int64_t> seq(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Json& r = records[i];
    auto s = seq_of(r);
    if (!s || text_of(r, "hash").empty() || record_hash(r) != text_of(r, "hash"))
      return bad("changed", s ? s : std::optional<std::int64_t>(static_cast<std::int64_t>(i) + 1), i,
                 "record at position " + std::to_string(i) + " does not match its hash: its content was changed");
    seq[i] = *s;
  }
  // 2. A seq seen twice: a forged record sits beside the genuine one. The genuine one is what the
  //    next record links to.
  std::map<std::int64_t, std::vector<std::size_t>> by_seq;
  for (std::size_t i = 0; i < n; ++i) by_seq[seq[i]].push_back(i);
  for (const auto& [s, at] : by_seq) {
    if (at.size() < 2) continue;
    std::size_t forged = at.back();
    for (std::size_t i : at) {
      bool linked = false;
      for (std::size_t j = 0; j < n; ++j)
        if (text_of(records[j], "prev_hash") == text_of(records[i], "hash")) linked = true;
      if (!linked) {
        forged = i;
        break;
      }
    }
    return bad("inserted", s, forged, "two records claim seq " + std::to_string(s) + ": the one at position " + std::to_string(forged) + " was inserted");
  }
  // 3. Seqs must rise…
  for (std::size_t i = 1; i < n; ++i)
    if (seq[i] < seq[i - 1])
      return bad("reordered", seq[i], i, "seq " + std::to_string(seq[i]) + " comes after seq " + std::to_string(seq[i - 1]) + ": records were reordered");
  // 4. …one by one from 1.
  for (std::size_t i = 0; i < n; ++i) {
    std::int64_t expected = i == 0 ? 1 : seq[i - 1] + 1;
    if (seq[i] != expected)
      return bad("removed", expected, i, "seq " + std::to_string(expected) + " is missing: " + std::to_string(seq[i] - expected) + " record(s) removed");
  }
  // 5. Each record links to the hash of the one before.
  for (std::size_t i = 0; i < n; ++i) {
    std::string expected = i == 0 ? std::string(kGenesis) : text_of(records[i - 1], "hash");
    if (text_of(records[i], "prev_hash") != expected) {
      std::int64_t culprit = i == 0 ? 1 : seq[i - 1];
      return bad("changed", culprit, i == 0 ? 0 : i - 1,
                 "seq " + std::to_string(seq[i]) + " does not link to the record before it: seq " + std::to_string(culprit) + " was replaced");
    }
  }
  // 6. Against a trusted head kept outside the chain.
  if (anchor) {
    const Json& head = require(*anchor, "head_hash", Json::value_t::string, "/anchor");
    const Json& length = require(*anchor, "length", Json::value_t::number_integer, "/anchor");
    std::int64_t len = length.get<std::int64_t>();
    if (len < 0) throw Error("invalid_value", "/anchor/length must be ≥ 0", "/anchor/length");
    if (static_cast<std::int64_t>(n) < len)
      return bad("removed", static_cast<std::int64_t>(n) + 1, n, "the trusted head has " + std::to_string(len) + " records, the chain only " + std::to_string(n));
    std::string at_head = len == 0 ? std::string(kGenesis) : text_of(records[static_cast<std::size_t>(len - 1)], "hash");
    if (at_head != head.get<std::string>())
      return bad("changed", std::nullopt, std::nullopt,
                 "the chain is consistent but does not reach the trusted head: it was rewritten (some record up to seq " + std::to_string(len) + " changed)");
  }
  return Verdict{};
}
}  // namespace parley::evidence
