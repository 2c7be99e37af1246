// Who may read what of the workspace packs (site/packs/<id>/). The pack folders are public files:
// Assist and the widget load them with no token, and a help centre publishes the same articles.
// An article whose audience is not "public" (refund approvals, the agents' own policy) is for
// agents only: the public route serves a knowledge-base file without such articles — decided on
// the file the path resolves to, so no other spelling of the path reaches the original — and
// agents fetch them with their token from GET /api/v1/packs/{id}/internal-articles. The same goes
// for the pack's knowledge history (kb/history.jsonl: customers' own words with the article that
// answered them), never served publicly, read by agents from GET /api/v1/packs/{id}/kb-history
// together with what the relay learnt from confirmed answers.
#pragma once
#include "parley/api.h"

#include <filesystem>
#include <optional>
#include <string>

namespace parley::relay {
class Router;
struct App;

// An article anyone may read: audience absent or "public" (the core's default, knowledge/article.cpp).
bool public_article(const Json& article);

// The bytes the public static route may serve for `file`, a file inside the packs folder with
// content `bytes`: a JSON file with an "articles" list loses its non-public articles; a JSON file
// that does not parse is not served at all (nullopt: it cannot be checked, so it stays closed);
// nor is a JSON Lines file (the knowledge history); other files are served as they are.
std::optional<std::string> public_pack_bytes(const std::filesystem::path& file, std::string bytes);

// The internal articles of pack `id` under `packs_dir`, each with its locale: {pack, articles}.
// Throws HttpError 404 when there is no such pack.
Json internal_articles(const std::filesystem::path& packs_dir, const std::string& id);

// The knowledge history of pack `id`: its kb/history.jsonl, then `learnt` (the relay's, oldest
// first): {pack, history:[{text, article_id}], from_pack, learnt}. Throws HttpError 404 when there is no such pack.
Json kb_history(const std::filesystem::path& packs_dir, const std::string& id, const Json& learnt);

// GET /api/v1/packs/{id}/internal-articles and /kb-history: agents only (401 without a token, 403 for a visitor).
void mount_pack_routes(Router& server, App& app);
}  // namespace parley::relay
