// API routes for visitors, conversations and messages (docs/relay-api.yaml).
#include "parley/digest.h"
#include "relay/http.h"
#include "relay/ids.h"
#include "relay/router.h"
#include "relay/send_rules.h"
#include "relay/validate.h"

namespace parley::relay {
namespace {
using namespace http;
namespace v = validate;

const char* const kStatuses[] = {"open", "waiting_on_customer", "waiting_on_agent", "resolved", "closed"};

bool known_status(const std::string& s) {
  for (auto k : kStatuses)
    if (s == k) return true;
  return false;
}

std::optional<std::string> email_field(const Json& body, const std::string& path) {
  auto email = v::string_field(body, "email", 320, path);
  if (email && (email->find('@') == std::string::npos || email->find('@') != email->rfind('@') || email->front() == '@' ||
                email->back() == '@'))
    throw Error("invalid_value", v::child(path, "email") + " is not an e-mail address", v::child(path, "email"));
  return email;
}

void create_visitor(App& app, const Request& req, Response& res) {
  app.rate.visitors.take(req.remote_addr, "new visitors from this address");
  const Json body = json_body(req, /*allow_empty=*/true);
  v::only_fields(body, {"identity", "name", "email"});
  NewVisitor nv;
  nv.name = v::string_field(body, "name", 256);
  nv.email = email_field(body, "");
  if (const Json* identity = optional(body, "identity", Json::value_t::object)) {
    v::only_fields(*identity, {"user_id", "identifier_hash", "name", "email"}, "/identity");
    const auto user_id = *v::string_field(*identity, "user_id", 256, "/identity", true);
    if (user_id.empty()) throw Error("invalid_value", "/identity/user_id is empty", "/identity/user_id");
    std::string hash = *v::string_field(*identity, "identifier_hash", 128, "/identity", true);
    for (auto& c : hash) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string expected = digest::hex(digest::hmac_sha256(app.options.identity_secret, user_id));
    if (!digest::constant_time_equal(hash, expected))
      throw HttpError(401, "identity_unverified", "/identity/identifier_hash does not match the user id",
                      "/identity/identifier_hash");
    nv.user_id = user_id;
    if (auto n = v::string_field(*identity, "name", 256, "/identity")) nv.name = n;
    if (auto e = email_field(*identity, "/identity")) nv.email = e;
  }
  const std::string token = random_hex(32);
  Json out = app.store.create_visitor(nv, digest::hex(digest::sha256(token)), now_ms());
  out["token"] = token;
  reply(res, 201, out);
}

void update_me(App& app, const Request& req, Response& res) {
  const Caller caller = authenticate(app, req);
  if (caller.agent) throw forbidden("only a visitor has a visitor profile");
  const Json body = json_body(req);
  v::only_fields(body, {"name", "email"});
  auto name = v::string_field(body, "name", 256);
  auto email = email_field(body, "");
  reply(res, 200, app.store.update_visitor(caller.visitor_id, name, email));
}

void create_conversation(App& app, const Request& req, Response& res) {
  const Caller caller = authenticate(app, req);
  if (caller.agent) throw forbidden("conversations are started by visitors");
  const Json body = json_body(req);
  v::only_fields(body, {"channel", "locale", "session_context"});
  const std::string channel = v::string_field(body, "channel", 32).value_or("webchat");
  if (channel != "webchat") throw Error("invalid_value", "/channel must be \"webchat\"", "/channel");
  Json context = Json::object();
  if (const Json* c = optional(body, "session_context", Json::value_t::object)) context = v::session_context(*c, "/session_context");
  std::string locale = v::string_field(body, "locale", 35).value_or("");
  if (locale.empty() && context.contains("locale")) locale = context["locale"];
  reply(res, 201, app.store.create_conversation(caller.visitor_id, channel, locale.empty() ? "en" : locale, context, now_ms()));
}

void list_conversations(App& app, const Request& req, Response& res) {
  const Caller caller = authenticate(app, req);
  std::optional<std::string> status;
  if (req.has_param("status")) {
    status = req.get_param_value("status");
    if (!known_status(*status)) throw Error("invalid_value", "query parameter status is not a known status", "?status");
  }
  const auto limit = static_cast<int>(query_int(req, "limit", 200, 1, 500));
  reply(res, 200, {{"conversations", app.store.list_conversations(caller.agent ? "" : caller.visitor_id, status, limit)}});
}

void update_context(App& app, const Request& req, Response& res) {
  const Caller caller = authenticate(app, req);
  const auto c = visible_conversation(app, caller, req.matches[1]);
  if (caller.agent) throw forbidden("the session context comes from the visitor's browser");
  const Json body = json_body(req);
  v::only_fields(body, {"session_context"});
  const Json& context = v::session_context(require(body, "session_context", Json::value_t::object), "/session_context");
  reply(res, 200, app.store.update_context(c, context, now_ms()));
}

void post_message(App& app, const Request& req, Response& res) {
  const Caller caller = authenticate(app, req);
  if (!caller.agent) app.rate.messages.take(caller.visitor_id, "messages from this visitor");
  const auto c = visible_conversation(app, caller, req.matches[1]);
  const Json body = json_body(req);
  v::only_fields(body, {"idempotency_key", "text", "attachments", "masked", "template", "tag", "subject", "choice", "article"});
  // A quick reply the visitor tapped: its id goes to the bot with the words it showed.
  const auto choice = v::string_field(body, "choice", 64);
  if (choice && caller.agent) throw Error("unknown_field", "/choice is a visitor's quick reply", "/choice");
  // The knowledge-base article an agent's reply answers with (Assist's citation): learnt with the customer's words.
  const auto article = v::string_field(body, "article", 128);
  if (article && !caller.agent) throw Error("unknown_field", "/article is an agent's citation", "/article");
  if (article && article->empty()) throw Error("invalid_value", "/article is empty", "/article");
  const std::string key = *v::string_field(body, "idempotency_key", 128, "", true);
  if (key.empty()) throw Error("invalid_value", "/idempotency_key is empty", "/idempotency_key");
  const std::string text = v::string_field(body, "text", 10000).value_or("");
  std::vector<std::string> attachments;
  if (const Json* a = optional(body, "attachments", Json::value_t::array)) {
    if (a->size() > 10) throw Error("too_many_items", "/attachments has more than 10 items", "/attachments");
    for (std::size_t i = 0; i < a->size(); ++i) {
      const std::string p = "/attachments/" + std::to_string(i);
      if (!(*a)[i].is_string()) throw Error("invalid_type", p + " must be a string (an attachment id)", p);
      attachments.push_back((*a)[i]);
    }
  }
  Json masked = Json::array();
  if (const Json* m = optional(body, "masked", Json::value_t::array)) {
    if (m->size() > 50) throw Error("too_many_items", "/masked has more than 50 items", "/masked");
    for (std::size_t i = 0; i < m->size(); ++i) {
      const std::string p = "/masked/" + std::to_string(i);
      v::only_fields((*m)[i], {"type", "replacement"}, p);
      masked.push_back({{"type", *v::string_field((*m)[i], "type", 64, p, true)},
                        {"replacement", *v::string_field((*m)[i], "replacement", 256, p, true)}});
    }
  }
  bool blank = true;
  for (unsigned char ch : text) blank = blank && (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r');
  // An approved template carries its own words (WhatsApp fills in the parameters).
  if (blank && attachments.empty() && !body.contains("template"))
    throw Error("missing_field", "/text is required (or attachments, or a template)", "/text");

  const Author author = caller.author(app);  // a visitor's name, if they gave one, is read in the write
  // A provider channel: the agent's reply goes out through the outbox, if the channel allows it now.
  const bool provider = c.channel != "webchat";
  for (const char* f : {"template", "tag", "subject"})
    if (body.contains(f) && !provider) throw Error("unknown_field", std::string("/") + f + " applies to provider channels only", std::string("/") + f);
  const auto now = now_ms();
  std::optional<OutboundPlanner> planner;
  if (provider) {
    if (!caller.agent) throw forbidden("on a provider channel the customer writes through the provider");
    if (!attachments.empty())
      throw HttpError(422, "attachments_not_supported", "/attachments: the relay sends text to provider channels", "/attachments");
    SendFields fields{text, std::nullopt, v::string_field(body, "tag", 32), v::string_field(body, "subject", 998), std::nullopt};
    if (const Json* t = optional(body, "template", Json::value_t::object)) {
      v::only_fields(*t, {"name", "language", "parameters"}, "/template");
      Json tpl{{"name", *v::string_field(*t, "name", 512, "/template", true)}};
      if (auto lang = v::string_field(*t, "language", 35, "/template")) tpl["language"] = *lang;
      Json params = Json::array();
      if (const Json* p = optional(*t, "parameters", Json::value_t::array, "/template")) {
        for (std::size_t i = 0; i < p->size(); ++i) {
          const std::string path = "/template/parameters/" + std::to_string(i);
          if (!(*p)[i].is_string()) throw Error("invalid_type", path + " must be a string", path);
          params.push_back((*p)[i]);
        }
      }
      tpl["parameters"] = params;
      fields.message_template = tpl;
    }
    planner = [&app, channel = c.channel, fields, now](const Json& context) { return plan_send(app.channels, channel, fields, context, now); };
  }
  const Json channel_data = choice ? Json{{"choice", *choice}} : Json(nullptr);
  auto posted = app.store.post_message(c, author, key, text, attachments, masked, now, planner ? &*planner : nullptr, channel_data,
                                       article.value_or(""));
  if (provider && !posted.duplicate) app.wake_outbox();
  if (!caller.agent && !posted.duplicate) app.wake_self_service(c.id);
  if (posted.duplicate) posted.message["duplicate"] = true;
  reply(res, posted.duplicate ? 200 : 201, posted.message);
}

void list_messages(App& app, const Request& req, Response& res) {
  const Caller caller = authenticate(app, req);
  const auto c = visible_conversation(app, caller, req.matches[1]);
  const auto after = query_int(req, "after", 0, 0, INT64_MAX);
  const auto limit = static_cast<int>(query_int(req, "limit", 200, 1, 500));
  bool has_more = false;
  Json messages = app.store.messages(c.id, after, limit, has_more);
  reply(res, 200, {{"messages", messages}, {"has_more", has_more}});
}

void typing(App& app, const Request& req, Response& res) {
  const Caller caller = authenticate(app, req);
  const auto c = visible_conversation(app, caller, req.matches[1]);
  const Json body = json_body(req);
  v::only_fields(body, {"typing"});
  const bool on = require(body, "typing", Json::value_t::boolean).get<bool>();
  const Author a = caller.author(app);
  // Ephemeral: not stored, no sequence number, never replayed.
  app.hub.publish(0, c.id, c.visitor_id, "typing",
                  Json{{"conversation_id", c.id}, {"author", {{"type", a.type}, {"id", a.id}, {"name", a.name}}}, {"typing", on}}.dump());
  res.status = 204;
}

void mark_read(App& app, const Request& req, Response& res) {
  const Caller caller = authenticate(app, req);
  const auto c = visible_conversation(app, caller, req.matches[1]);
  const Json body = json_body(req);
  v::only_fields(body, {"seq"});
  const auto seq = *v::integer_field(body, "seq", 0, INT64_MAX, "", true);
  reply(res, 200, app.store.mark_read(c, caller.agent ? "agent" : "visitor", seq, now_ms()));
}

void set_status(App& app, const Request& req, Response& res) {
  const Caller caller = authenticate(app, req);
  const auto c = visible_conversation(app, caller, req.matches[1]);
  require_agent(caller);
  const Json body = json_body(req);
  v::only_fields(body, {"status"});
  const std::string status = require_string(body, "status");
  if (!known_status(status))
    throw Error("invalid_value", "/status must be one of open, waiting_on_customer, waiting_on_agent, resolved, closed", "/status");
  reply(res, 200, app.store.set_status(c, status, now_ms()));
}

void csat(App& app, const Request& req, Response& res) {
  const Caller caller = authenticate(app, req);
  const auto c = visible_conversation(app, caller, req.matches[1]);
  if (caller.agent) throw forbidden("ratings come from the visitor");
  const Json body = json_body(req);
  v::only_fields(body, {"score", "comment"});
  const auto score = *v::integer_field(body, "score", 1, 5, "", true);
  const auto comment = v::string_field(body, "comment", 2000);
  reply(res, 200, app.store.set_csat(c, static_cast<int>(score), comment, now_ms()));
}
}  // namespace

void mount_conversation_routes(Router& s, App& app) {
  auto bind = [&app](void (*fn)(App&, const Request&, Response&)) {
    return route([&app, fn](const Request& req, Response& res) { fn(app, req, res); });
  };
  const std::string conv = "/api/v1/conversations/{id}";
  s.post("/api/v1/visitors", bind(create_visitor));
  s.get("/api/v1/visitors/me", route([&app](const Request& req, Response& res) {
          const Caller caller = authenticate(app, req);
          if (caller.agent) throw forbidden("only a visitor has a visitor profile");
          reply(res, 200, app.store.visitor(caller.visitor_id));
        }));
  s.post("/api/v1/visitors/me", bind(update_me));
  s.post("/api/v1/conversations", bind(create_conversation));
  s.get("/api/v1/conversations", bind(list_conversations));
  s.get(conv, route([&app](const Request& req, Response& res) {
          const Caller caller = authenticate(app, req);
          const auto c = visible_conversation(app, caller, req.matches[1]);
          reply(res, 200, app.store.conversation(c.id));
        }));
  s.get(conv + "/messages", bind(list_messages));
  s.get(conv + "/channel", route([&app](const Request& req, Response& res) {
          const Caller caller = authenticate(app, req);
          require_agent(caller);
          const auto c = visible_conversation(app, caller, req.matches[1]);
          reply(res, 200, channel_state(app.channels, c.channel, app.store.channel_context(c.id), now_ms()));
        }));
  s.post(conv + "/messages", bind(post_message));
  s.post(conv + "/context", bind(update_context));
  s.post(conv + "/typing", bind(typing));
  s.post(conv + "/read", bind(mark_read));
  s.post(conv + "/status", bind(set_status));
  s.post(conv + "/csat", bind(csat));
}
}  // namespace parley::relay
