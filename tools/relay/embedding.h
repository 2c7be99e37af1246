// Which sites may embed the chat app (embedding.cpp).
#pragma once
#include "parley/api.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::relay {
// "HTTPS://Shop.Example:443/" → "https://shop.example"; nullopt when it is not an http(s) origin
// (a path, a query, a wildcard, another scheme).
std::optional<std::string> normalize_origin(std::string_view text);

// The workspace's `widget.embed_origins` plus `allowed` (from --allow-origin), normalised and
// without repeats; written back into `workspace` so GET /api/v1/workspace publishes it. Throws
// std::runtime_error naming the bad entry.
std::vector<std::string> embed_origins(Json& workspace, const std::vector<std::string>& allowed);

// The helpdesks that may frame the Assist panel (/assist/): the workspace's
// `assist.host_origins` plus `allowed` (from --assist-host), e.g. a Chatwoot dashboard.
std::vector<std::string> assist_host_origins(Json& workspace, const std::vector<std::string>& allowed);

// Origins the chat app may reach besides the relay: the workspace's `widget.connect_origins` (a
// Chatwoot backend, docs/widget.md), normalised. Throws std::runtime_error naming the bad entry.
std::vector<std::string> connect_origins(const Json& workspace);

// The relay's strict policy with `frame-ancestors 'self'` plus `frame_ancestors`, and `connect-src
// 'self'` plus each of `connect` with its websocket twin (https → wss, http → ws).
std::string content_security_policy(const std::vector<std::string>& frame_ancestors = {},
                                    const std::vector<std::string>& connect = {});
}  // namespace parley::relay
