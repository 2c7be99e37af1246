// Parley — evidence: an append-only, hash-chained record of a case. Each record's hash covers
// its canonical serialisation and the previous record's hash, so changing, removing, reordering
// or inserting a record breaks the chain; a trusted head hash (kept outside the chain) also
// catches a rewritten tail. Replay folds the records back into the case, step by step.
//
// Index
//   [SECTION] Records   kinds, canonical form, hashing, append
//   [SECTION] Verify    what is wrong with a chain, and where
//   [SECTION] Replay    the case after each record
//   [SECTION] Diff      word- and line-level diffs of draft edits (no ICU)
#pragma once
#include "parley/api.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::evidence {

//-----------------------------------------------------------------------------
// [SECTION] Records
//-----------------------------------------------------------------------------
// message, normalized, triage, route, knowledge, draft, edit, approval, reply, attachment, summary
const std::vector<std::string>& kinds();
inline constexpr std::string_view kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

// The record without "hash", keys sorted, compact, UTF-8 unescaped (nlohmann dump(-1)).
std::string canonical(const Json& record);
// hex(SHA-256("parley-evidence-v1\n" + canonical(record))).
std::string record_hash(const Json& record);

// evidence.append: the new record {seq, kind, actor, at, data, prev_hash, hash}.
Json append(const Json& request);

//-----------------------------------------------------------------------------
// [SECTION] Verify
//-----------------------------------------------------------------------------
struct Verdict {
  bool valid = true;
  std::string problem;                 // changed | removed | reordered | inserted ("" when valid)
  std::optional<std::int64_t> first_bad_seq;
  std::optional<std::size_t> position; // index in the records array
  std::string detail;                  // English
  Json to_json(const Json& records) const;
};
// `anchor`: optional {head_hash, length} kept elsewhere (detects a truncated or rewritten tail).
Verdict verify(const Json& records, const Json* anchor);

//-----------------------------------------------------------------------------
// [SECTION] Replay
//-----------------------------------------------------------------------------
Json replay(const Json& records);

//-----------------------------------------------------------------------------
// [SECTION] Diff
//-----------------------------------------------------------------------------
enum class DiffUnit { word, line };
// Words: runs of letters/digits, whitespace runs, single punctuation marks; each CJK, kana or Thai
// character is its own token (those scripts do not separate words with spaces).
std::vector<std::string> tokens(std::string_view text, DiffUnit unit);
// {"ops":[{"op":"equal"|"delete"|"insert","text"}…], "inserted", "deleted", "unchanged"}: counts
// of words (letters/digits; each CJK character is one) or of lines.
Json diff(std::string_view before, std::string_view after, DiffUnit unit);

}  // namespace parley::evidence
