// Loading a pack for self-service: automation.json, the knowledge base, the triage model.
#include "automation_pack.h"

#include "cmd_triage_common.h"
#include "langid_model_file.h"
#include "parley/assets.h"

#include <algorithm>
#include <filesystem>
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
  Json indexed = api::call("knowledge.index", Json{{"articles", articles}, {"index_id", p.index_id}});
  if (indexed.contains("error")) throw std::runtime_error(dir + "/kb: " + indexed["error"].value("message", ""));
  p.articles = articles.size();
  p.kb_articles = std::move(articles);
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
