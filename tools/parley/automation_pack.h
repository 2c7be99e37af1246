// A workspace pack made ready for automation.decide: its automation.json, its knowledge base
// indexed once, the triage model loaded. Shared by `parley automate` and `parley bench automation`.
#pragma once
#include "parley/api.h"

#include <string>

namespace parley::cli {
struct AutomationPack {
  std::string dir;
  Json automation;       // automation.json
  std::string index_id;  // the pack's kb/*.json, indexed with its kb/history.jsonl
  std::size_t learnt = 0;  // history lines that named one of its articles
  std::size_t articles = 0;
  Json kb_articles = Json::array();  // what was indexed, for another core to index the same (wasm benchmarks)
};
// Every article of the pack's kb/*.json (files in name order), each with its file's locale.
// Throws std::runtime_error naming a file that is not a knowledge-base file.
Json read_pack_articles(const std::string& dir);
// A knowledge history file: JSON Lines {"text","article_id"} (a workspace's messages and the
// article that answered them), blank lines skipped, as [{text, article_id}]. Throws
// parley::Error naming the file and line of a line that is not one.
Json read_history_file(const std::string& path);
// The pack's kb/history.jsonl when it has one (agents' material: the relay never serves it as a
// public pack file), else [].
Json read_pack_history(const std::string& dir);
// Throws std::runtime_error naming the file that is missing or wrong. `retrieval_path` is the
// retrieval encoder (models/retrieval.bin), loaded as the core's "retrieval" asset before the
// knowledge base is indexed; empty or "none": words and n-grams only. The knowledge confidence is
// calibrated with the encoder, so the pack's kb_min means what it says only with it.
AutomationPack load_automation_pack(const std::string& dir, const std::string& model_path, const std::string& retrieval_path = "");
// Index the pack's articles again with its history file plus `more` ([{text, article_id}]: what
// the relay learnt since, e.g. answers customers confirmed), under the same index id.
void index_pack_knowledge(AutomationPack& pack, const Json& more = Json::array());
// A decide request for `line` ({text, channel?, lang?, state?, facts?, choice?, now?, context?}).
Json automation_request(const AutomationPack& pack, Json line);
}  // namespace parley::cli
