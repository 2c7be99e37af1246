// An article from the workspace pack, checked field by field so a broken pack names its mistake.
#include "parley/knowledge.h"
#include "parley/text.h"

#include <map>

namespace parley::knowledge {
namespace {
std::string checked_text(const Json& value, std::string_view key, const std::string& path, bool required) {
  std::string s = required ? require_string(value, key, path) : optional_string(value, key, "", path);
  std::string field = path + "/" + std::string(key);
  if (auto bad = text::invalid_utf8_offset(s))
    throw Error("invalid_utf8", field + " is not valid UTF-8: bad byte at offset " + std::to_string(*bad), field);
  if (required && s.empty()) throw Error("empty_field", field + " must not be empty", field);
  return s;
}
}  // namespace

Article parse_article(const Json& value, const std::string& path) {
  require_object(value, path);
  Article a;
  a.id = checked_text(value, "id", path, true);
  a.title = checked_text(value, "title", path, true);
  a.body = checked_text(value, "body", path, true);
  a.locale = checked_text(value, "locale", path, true);
  if (const Json* tags = optional(value, "tags", Json::value_t::array, path)) {
    for (std::size_t i = 0; i < tags->size(); ++i) {
      std::string p = path + "/tags/" + std::to_string(i);
      if (!(*tags)[i].is_string()) throw Error("invalid_type", p + " must be a string", p);
      a.tags.push_back((*tags)[i].get<std::string>());
    }
  }
  if (const Json* examples = optional(value, "examples", Json::value_t::array, path)) {
    for (std::size_t i = 0; i < examples->size(); ++i) {
      std::string p = path + "/examples/" + std::to_string(i);
      if (!(*examples)[i].is_string()) throw Error("invalid_type", p + " must be a string", p);
      a.examples.push_back((*examples)[i].get<std::string>());
    }
  }
  std::string audience = optional_string(value, "audience", "public", path);
  if (audience != "public" && audience != "internal")
    throw Error("invalid_value", path + "/audience must be \"public\" or \"internal\", not \"" + audience + "\"", path + "/audience");
  a.internal = audience == "internal";
  return a;
}

std::vector<Article> with_history(std::vector<Article> articles, const std::vector<Learnt>& history, std::size_t* unknown) {
  std::map<std::string, std::size_t> by_id;
  for (std::size_t i = 0; i < articles.size(); ++i) by_id.emplace(articles[i].id, i);
  std::size_t missing = 0;
  for (const auto& h : history) {
    auto it = by_id.find(h.article_id);
    if (it == by_id.end()) { ++missing; continue; }
    articles[it->second].learnt.push_back(h.text);
  }
  if (unknown) *unknown = missing;
  return articles;
}
}  // namespace parley::knowledge
