// Shared HTTP plumbing for the API routes (see http.h).
#include "relay/http.h"

#include "parley/digest.h"

#include <iostream>

namespace parley::relay::http {
Json strict_json(std::string_view text) {
  // nlohmann's parser stops at a NUL byte as if the input ended there: whatever follows would be
  // ignored. A raw NUL is never valid JSON (inside strings it must be escaped).
  if (const auto nul = text.find('\0'); nul != std::string_view::npos)
    throw Error("invalid_json", "request body is not valid JSON: a NUL byte at offset " + std::to_string(nul), "");
  Json value = api::parse(text, "request body");  // also rejects anything after the value
  if (const auto dup = api::duplicate_key(text))
    throw Error("duplicate_key", "request body has the key " + *dup + " twice", *dup);
  return value;
}

void reply(Response& res, int status, const Json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(body.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json");
}

void reply_error(Response& res, const Error& e, int status) { reply(res, status, e.to_json()); }

Handler route(std::function<void(const Request&, Response&)> handler) {
  return [handler = std::move(handler)](const Request& req, Response& res) {
    try {
      handler(req, res);
    } catch (const HttpError& e) {
      Json body = e.to_json();
      for (const auto& [k, v] : e.details.items()) body["error"][k] = v;
      reply(res, e.status, body);
      if (e.retry_after > 0) res.set_header("Retry-After", std::to_string(e.retry_after));
    } catch (const Error& e) {
      reply_error(res, e, 400);
    } catch (const std::exception& e) {
      std::cerr << "parley relay: " << req.method << " " << req.path << ": " << e.what() << "\n";
      reply_error(res, Error("internal", "internal error; nothing was stored"), 500);
    }
  };
}

Json json_body(const Request& req, bool allow_empty) {
  if (req.body.size() > kMaxJsonBody)
    throw HttpError(413, "body_too_large",
                    "request body is " + std::to_string(req.body.size()) + " bytes; the limit is " +
                        std::to_string(kMaxJsonBody));
  if (req.has_header("Content-Type")) {
    std::string type = req.get_header_value("Content-Type");
    type = type.substr(0, type.find(';'));
    while (!type.empty() && type.back() == ' ') type.pop_back();
    for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (type != "application/json")
      throw HttpError(415, "unsupported_media_type", "request body must be application/json, not " + type);
  }
  if (req.body.empty()) {
    if (allow_empty) return Json::object();
    throw Error("invalid_json", "request body is empty", "");
  }
  Json body = strict_json(req.body);
  require_object(body, "");
  return body;
}

std::int64_t query_int(const Request& req, const char* name, std::int64_t fallback, std::int64_t min,
                       std::int64_t max) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  std::size_t used = 0;
  long long n = 0;
  try {
    n = std::stoll(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != v.size())
    throw Error("invalid_type", std::string("query parameter ") + name + " must be an integer", std::string("?") + name);
  if (n < min || n > max)
    throw Error("invalid_value",
                std::string("query parameter ") + name + " must be between " + std::to_string(min) + " and " +
                    std::to_string(max),
                std::string("?") + name);
  return n;
}

Author Caller::author(const App& app) const {
  if (agent) return {"agent", "agent", app.options.agent_name};
  return {"visitor", visitor_id, "Visitor"};
}

Caller authenticate(App& app, const Request& req, bool query_token) {
  std::string token;
  const std::string header = req.get_header_value("Authorization");
  if (header.rfind("Bearer ", 0) == 0) token = header.substr(7);
  else if (query_token && req.has_param("token")) token = req.get_param_value("token");
  if (token.empty()) throw HttpError(401, "unauthorized", "an Authorization: Bearer token is required");
  if (digest::constant_time_equal(token, app.options.agent_token)) return Caller{true, ""};
  if (auto visitor = app.store.visitor_for_token(digest::hex(digest::sha256(token)))) return Caller{false, *visitor};
  throw HttpError(401, "unauthorized", "unknown token");
}

void require_agent(const Caller& caller) {
  if (!caller.agent) throw forbidden("only an agent may do this");
}

ConversationRef visible_conversation(App& app, const Caller& caller, const std::string& id) {
  auto c = app.store.conversation_ref(id);
  if (!c || (!caller.agent && c->visitor_id != caller.visitor_id)) throw not_found("conversation");
  return *c;
}
}  // namespace parley::relay::http
