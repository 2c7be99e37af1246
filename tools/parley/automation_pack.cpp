// Loading a pack for self-service: automation.json, the knowledge base, the triage model.
#include "automation_pack.h"

#include "cmd_triage_common.h"
#include "langid_model_file.h"
#include "parley/assets.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace parley::cli {
Json read_pack_articles(const std::string& dir) {
  namespace fs = std::filesystem;
  Json articles = Json::array();
  std::vector<fs::path> kbs;
  if (fs::is_directory(dir + "/kb"))
    for (const auto& e : fs::directory_iterator(dir + "/kb"))
      if (e.path().extension() == ".json") kbs.push_back(e.path());
  std::sort(kbs.begin(), kbs.end());
  for (const auto& path : kbs) {
    Json kb = Json::parse(triage_tools::read_file(path.string()), nullptr, false);
    if (kb.is_discarded() || !kb.contains("articles")) throw std::runtime_error(path.string() + " is not a knowledge-base file {locale, articles}");
    for (Json a : kb["articles"]) {
      if (!a.contains("locale")) a["locale"] = kb.value("locale", "");
      articles.push_back(a);
    }
  }
  return articles;
}

Json read_history_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("unreadable_file", "cannot read " + path, path);
  Json out = Json::array();
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = path + ":" + std::to_string(n);
    Json h = Json::parse(line, nullptr, false);
    if (h.is_discarded()) throw Error("invalid_json", where + ": not a JSON line", where);
    if (!h.is_object() || !h.contains("text") || !h["text"].is_string() || !h.contains("article_id") || !h["article_id"].is_string())
      throw Error("invalid_history", where + ": expected {\"text\": string, \"article_id\": string}", where);
    out.push_back(Json{{"text", h["text"]}, {"article_id", h["article_id"]}});
  }
  return out;
}

Json read_pack_history(const std::string& dir) {
  const std::string file = dir + "/kb/history.jsonl";
  return std::filesystem::is_regular_file(file) ? read_history_file(file) : Json::array();
}

void index_pack_knowledge(AutomationPack& p, const Json& more) {
  Json history = read_pack_history(p.dir);
  for (const auto& h : more) history.push_back(h);
  Json indexed = api::call("knowledge.index", Json{{"articles", p.kb_articles}, {"index_id", p.index_id}, {"history", history}});
  if (indexed.contains("error")) throw std::runtime_error(p.dir + "/kb: " + indexed["error"].value("message", ""));
  p.learnt = indexed.value("learnt", std::size_t(0));
}

AutomationPack load_automation_pack(const std::string& dir, const std::string& model_path, const std::string& retrieval_path) {
  AutomationPack p;
  p.dir = dir;
  assets::put("triage", triage_tools::read_file(model_path));
  if (!retrieval_path.empty() && retrieval_path != "none") assets::put("retrieval", triage_tools::read_file(retrieval_path));
  load_langid_model();  // the reply's language when a line has no "lang"
  const std::string file = dir + "/automation.json";
  p.automation = Json::parse(triage_tools::read_file(file), nullptr, false);
  if (p.automation.is_discarded()) throw std::runtime_error(file + " is not valid JSON");
  Json articles = read_pack_articles(dir);
  p.index_id = "pack:" + dir;
  p.articles = articles.size();
  p.kb_articles = std::move(articles);
  index_pack_knowledge(p);
  return p;
}

Json automation_request(const AutomationPack& pack, Json line) {
  require_object(line);
  Json req = line;
  req.erase("context");
  req["automation"] = pack.automation;
  req["kb"] = Json{{"index_id", pack.index_id}};
  if (const Json* ctx = optional(line, "context", Json::value_t::object)) {
    // {"context": {"state": …}} carries the conversation's automation state between lines;
    // {"context": {"messages": ["…"]}} seeds what the customer said before.
    if (const Json* s = optional(*ctx, "state", Json::value_t::object, "/context")) req["state"] = *s;
    if (const Json* m = optional(*ctx, "messages", Json::value_t::array, "/context")) {
      if (!req.contains("state")) req["state"] = Json::object();
      req["state"]["transcript"] = *m;
    }
  }
  return req;
}
}  // namespace parley::cli
