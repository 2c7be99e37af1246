// What every API route shares: JSON replies and errors, body parsing with limits, and who is calling.
#pragma once
#include "parley/api.h"
#include "relay/app.h"
#include "relay/http_error.h"

#include "relay/http_message.h"

#include <functional>
#include <optional>
#include <string>

namespace parley::relay::http {
inline constexpr std::size_t kMaxJsonBody = 64 * 1024;

void reply(Response& res, int status, const Json& body);
void reply_error(Response& res, const Error& e, int status);

// Wrap a route so thrown HttpError / parley::Error / anything else become JSON errors.
Handler route(std::function<void(const Request&, Response&)> handler);

// The request body as a JSON object (empty body → {} when allowed). Checks size, media type,
// UTF-8 and syntax; errors name the place.
Json json_body(const Request& req, bool allow_empty = false);

// JSON text as the API accepts it: one value, nothing after it but whitespace, no NUL byte, no
// key twice in an object (duplicate_key, with the pointer of the second one).
Json strict_json(std::string_view text);

// Integer query parameter within bounds (absent → fallback).
std::int64_t query_int(const Request& req, const char* name, std::int64_t fallback, std::int64_t min, std::int64_t max);

struct Caller {
  bool agent = false;
  std::string visitor_id;  // visitors only
  Author author(const App& app) const;
};
// Bearer token (or ?token= when `query_token`), 401 when missing or unknown.
Caller authenticate(App& app, const Request& req, bool query_token = false);
void require_agent(const Caller& caller);
// The conversation if the caller may see it; 404 otherwise (another visitor's conversation is
// indistinguishable from one that does not exist).
ConversationRef visible_conversation(App& app, const Caller& caller, const std::string& id);
}  // namespace parley::relay::http
