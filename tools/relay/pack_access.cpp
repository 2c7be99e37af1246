// Pack access (see pack_access.h): the public view of a pack file, and the agents' route to the rest.
#include "relay/pack_access.h"

#include "parley/automation_pack.h"
#include "relay/app.h"
#include "relay/http.h"
#include "relay/router.h"

namespace parley::relay {
bool public_article(const Json& article) {
  return article.is_object() && article.value("audience", Json("public")) == Json("public");
}

std::optional<std::string> public_pack_bytes(const std::filesystem::path& file, std::string bytes) {
  if (file.extension() == ".jsonl") return std::nullopt;  // the knowledge history: customers' words
  if (file.extension() != ".json") return bytes;
  Json doc = Json::parse(bytes, nullptr, false);
  if (doc.is_discarded()) return std::nullopt;
  if (!doc.is_object() || !doc.contains("articles")) return bytes;
  if (!doc["articles"].is_array()) return std::nullopt;  // not a list we can filter: not served
  Json kept = Json::array();
  for (Json& a : doc["articles"])
    if (public_article(a)) kept.push_back(std::move(a));
  if (kept.size() == doc["articles"].size()) return bytes;  // nothing withheld: the file as written
  doc["articles"] = std::move(kept);
  return doc.dump(2) + "\n";
}

namespace {
constexpr int kLearntServed = 5000;  // the newest learnt pairs an agent's panel indexes

// The folder of pack `id`; 404 when there is no such pack.
std::filesystem::path pack_dir(const std::filesystem::path& packs_dir, const std::string& id) {
  const auto dir = packs_dir / id;
  std::error_code ec;
  if (id.empty() || !std::filesystem::is_regular_file(dir / "pack.json", ec)) throw not_found("pack " + id);
  return dir;
}
}  // namespace

Json internal_articles(const std::filesystem::path& packs_dir, const std::string& id) {
  const auto dir = pack_dir(packs_dir, id);
  Json out = Json::array();
  for (Json& a : cli::read_pack_articles(dir.string()))
    if (!public_article(a)) out.push_back(std::move(a));
  return {{"pack", id}, {"articles", out}};
}

Json kb_history(const std::filesystem::path& packs_dir, const std::string& id, const Json& learnt) {
  Json history = cli::read_pack_history(pack_dir(packs_dir, id).string());
  const std::size_t from_pack = history.size();
  for (const auto& h : learnt) history.push_back(h);
  return {{"pack", id}, {"history", history}, {"from_pack", from_pack}, {"learnt", learnt.size()}};
}

void mount_pack_routes(Router& server, App& app) {
  // A pair learnt wrongly (a customer who confirmed anything, an agent's slip): an agent removes it;
  // every relay's index drops it at its next rebuild.
  server.post("/api/v1/kb-learnt/{id}/forget", http::route([&app](const Request& req, Response& res) {
    http::require_agent(http::authenticate(app, req));
    const std::string id = req.matches[1];
    const bool digits = !id.empty() && id.size() <= 18 && id.find_first_not_of("0123456789") == std::string::npos;
    const std::int64_t learnt_id = digits ? std::stoll(id) : 0;
    if (!digits || !app.store.forget_learnt(learnt_id)) throw not_found("learnt answer " + id);
    http::reply(res, 200, {{"forgotten", learnt_id}});
  }));
  server.get("/api/v1/packs/{id}/kb-history", http::route([&app](const Request& req, Response& res) {
    http::require_agent(http::authenticate(app, req));
    res.set_header("Cache-Control", "no-store");
    http::reply(res, 200, kb_history(std::filesystem::path(app.options.root) / "site/packs", req.matches[1], app.store.learnt_history(kLearntServed)));
  }));
  server.get("/api/v1/packs/{id}/internal-articles", http::route([&app](const Request& req, Response& res) {
    http::require_agent(http::authenticate(app, req));
    res.set_header("Cache-Control", "no-store");  // agents' material: no shared cache keeps it
    http::reply(res, 200, internal_articles(std::filesystem::path(app.options.root) / "site/packs", req.matches[1]));
  }));
}
}  // namespace parley::relay
