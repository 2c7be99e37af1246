// `parley search --kb KB.json [--history H.jsonl] [--k N]`: knowledge search over JSON Lines.
// Each stdin line {"text","locale"?} gives one line {"hits":[{article_id,title,score,confidence}]},
// or {"error":{code,message,path}} naming what is wrong with that line.
#include "automation_pack.h"
#include "parley/command.h"
#include "parley/encoder.h"
#include "parley/knowledge.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace parley::cli {
namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("unreadable_file", "cannot read " + path, path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Json parse_json(const std::string& text, const std::string& where) {
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    throw Error("invalid_json", where + ": " + e.what(), where);
  }
}

std::vector<knowledge::Article> load_kb(const std::string& path) {
  Json kb = parse_json(slurp(path), path);
  require_object(kb, "");
  std::string locale = optional_string(kb, "locale", "", "");
  const Json& list = require(kb, "articles", Json::value_t::array);
  std::vector<knowledge::Article> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    Json a = list[i];
    if (a.is_object() && !a.contains("locale") && !locale.empty()) a["locale"] = locale;
    out.push_back(knowledge::parse_article(a, "/articles/" + std::to_string(i)));
  }
  return out;
}

std::vector<knowledge::Learnt> load_history(const std::string& path) {
  std::vector<knowledge::Learnt> out;
  for (const auto& h : read_history_file(path)) out.push_back({h["text"], h["article_id"]});
  return out;
}

int run_search(const Args& args) {
  std::string kb_path = option(args, "--kb");
  try {
    if (kb_path.empty()) throw Error("missing_option", "--kb KB.json is required", "--kb");
    long k = std::stol(option(args, "--k", "3"));
    std::size_t unknown = 0;
    auto articles = load_kb(kb_path);
    if (std::string h = option(args, "--history"); !h.empty()) articles = knowledge::with_history(std::move(articles), load_history(h), &unknown);
    if (unknown) std::cerr << "search: " << unknown << " history lines name no article of the KB (skipped)\n";
    // The trained encoder: the shipped one unless --model names another, or "none".
    std::string model = option(args, "--model", source_dir() + "/models/retrieval.bin");
    std::shared_ptr<const knowledge::Encoder> encoder;
    if (model != "none" && (option(args, "--model") != "" || std::filesystem::exists(model)))
      encoder = std::make_shared<const knowledge::Encoder>(knowledge::Encoder::parse(slurp(model)));
    knowledge::Index index(std::move(articles), encoder);
    std::string line;
    for (std::size_t n = 1; std::getline(std::cin, line); ++n) {
      try {
        Json req = parse_json(line, "line " + std::to_string(n));
        require_object(req, "");
        knowledge::Query q;
        q.text = require_string(req, "text", "");
        q.locale = optional_string(req, "locale", "", "");
        q.k = static_cast<std::size_t>(k);
        Json hits = Json::array();
        for (const auto& h : index.search(q)) {
          const auto& a = index.articles()[h.doc];
          hits.push_back(Json{{"article_id", a.id}, {"title", a.title}, {"score", h.score}, {"confidence", h.confidence}});
        }
        std::cout << Json{{"hits", hits}}.dump() << "\n";
      } catch (const Error& e) {
        std::cout << Json{{"error", {{"code", e.code}, {"message", e.what()}, {"path", e.path}}}}.dump() << "\n";
      }
    }
    return 0;
  } catch (const Error& e) {
    std::cout << Json{{"error", {{"code", e.code}, {"message", e.what()}, {"path", e.path}}}}.dump() << "\n";
    return 1;
  }
}
PARLEY_COMMAND("search", run_search, "knowledge search: JSON Lines {text, locale?} in, one {hits:[{article_id,title,score,confidence}]} out per line",
               "--kb KB.json       the pack's knowledge-base file ({locale, articles:[{id,title,body,tags?,examples?}]})\n"
               "--history H.jsonl  past messages and the article that answered them ({text, article_id}), learnt by it\n"
               "--k N              hits per line (3)\n"
               "--model FILE       retrieval encoder (models/retrieval.bin; \"none\": words and n-grams only)\n");
}  // namespace
}  // namespace parley::cli
