// Store operations (see store.h). Row → JSON mapping lives here, beside the SQL that reads it.
#include "relay/store.h"

#include "parley/text.h"
#include "relay/http_error.h"
#include "relay/ids.h"

namespace parley::relay {
namespace {
constexpr const char* kConversationSelect =
    "SELECT c.id, c.visitor_id, c.channel, c.locale, c.status, c.created_at, c.updated_at, c.session_context,"
    " c.last_seq, c.last_message_at, c.read_seq_agent, c.read_seq_visitor, c.unread_for_agent, c.unread_for_visitor,"
    " c.csat, v.name, v.email, v.user_id, v.verified, v.created_at,"
    " m.seq, m.author_type, m.author_id, m.author_name, m.text, m.created_at,"
    " k.provider_user_id, k.display_name, k.opted_out, c.thread_key, m.direction, m.delivery_status,"
    " a.action, a.rule, a.reason, a.handoff"
    " FROM conversations c JOIN visitors v ON v.id = c.visitor_id"
    " LEFT JOIN messages m ON m.conversation_id = c.id AND m.seq = c.last_seq"
    " LEFT JOIN contacts k ON k.id = c.contact_id"
    " LEFT JOIN automation a ON a.conversation_id = c.id ";

constexpr const char* kMessageColumns =
    "id, conversation_id, seq, author_type, author_id, author_name, text, created_at, idempotency_key, attachments, masked,"
    " direction, provider_message_id, delivery_status, delivery_error, delivery_at, channel_data";

// What a new message does to its conversation, by who wrote it, numbered as the message row's
// parameters (?2 the conversation, ?3 seq, ?8 now) and ?16 the new status.
#define PARLEY_AFTER_VISITOR \
  "last_seq = ?3, last_message_at = ?8, updated_at = ?8, status = ?16, unread_for_agent = unread_for_agent + 1," \
  " read_seq_visitor = ?3, unread_for_visitor = 0"
#define PARLEY_AFTER_AGENT \
  "last_seq = ?3, last_message_at = ?8, updated_at = ?8, status = ?16, unread_for_visitor = unread_for_visitor + 1," \
  " read_seq_agent = ?3, unread_for_agent = 0"
constexpr const char* kUpdateAfterVisitor = "UPDATE conversations SET " PARLEY_AFTER_VISITOR " WHERE id = ?2";
constexpr const char* kUpdateAfterAgent = "UPDATE conversations SET " PARLEY_AFTER_AGENT " WHERE id = ?2";
// PostgreSQL's one statement for a new message (insert_message): ?1–?15 the row, ?16 the new
// status, ?17 the visitor, ?18 the message event's data, ?19 the status event's (NULL: none).
// RETURNING gives the events' seq, the message's first.
#define PARLEY_INSERT_MESSAGE_PG(after)                                                                              \
  "WITH m AS (INSERT INTO messages (id, conversation_id, seq, author_type, author_id, author_name, text, created_at," \
  " idempotency_key, attachments, masked, direction, provider_message_id, delivery_status, channel_data)"            \
  " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)),"                                                    \
  " u AS (UPDATE conversations SET " after " WHERE id = ?2)"                                                         \
  " INSERT INTO events (conversation_id, visitor_id, type, data, created_at)"                                        \
  " SELECT ?2, ?17, v.type, v.data, ?8 FROM (VALUES (1, 'message', ?18::text), (2, 'status', ?19::text)) AS v(n, type, data)" \
  " WHERE v.data IS NOT NULL ORDER BY v.n RETURNING seq"
constexpr const char* kInsertMessagePgVisitor = PARLEY_INSERT_MESSAGE_PG(PARLEY_AFTER_VISITOR);
constexpr const char* kInsertMessagePgAgent = PARLEY_INSERT_MESSAGE_PG(PARLEY_AFTER_AGENT);
#undef PARLEY_INSERT_MESSAGE_PG
#undef PARLEY_AFTER_AGENT
#undef PARLEY_AFTER_VISITOR

std::string preview(const std::string& text, std::size_t max_chars = 140) {
  std::size_t i = 0, n = 0;
  while (i < text.size() && n < max_chars) {
    text::next_code_point(text, i);
    ++n;
  }
  return i < text.size() ? text.substr(0, i) + "…" : text;
}

Json visitor_json(const sql::Stmt& s, int id_col, int first) {
  Json v{{"id", s.text(id_col)}, {"verified", s.i64(first + 3) != 0}, {"created_at", s.i64(first + 4)}};
  if (!s.is_null(first)) v["name"] = s.text(first);
  if (!s.is_null(first + 1)) v["email"] = s.text(first + 1);
  if (!s.is_null(first + 2)) v["user_id"] = s.text(first + 2);
  return v;
}

Json conversation_json(const sql::Stmt& s) {
  Json c{{"id", s.text(0)},
         {"visitor_id", s.text(1)},
         {"channel", s.text(2)},
         {"locale", s.text(3)},
         {"status", s.text(4)},
         {"created_at", s.i64(5)},
         {"updated_at", s.i64(6)},
         {"session_context", Json::parse(s.text(7))},
         {"last_seq", s.i64(8)},
         {"last_message_at", s.is_null(9) ? Json(nullptr) : Json(s.i64(9))},
         {"read_seq_agent", s.i64(10)},
         {"read_seq_visitor", s.i64(11)},
         {"unread_for_agent", s.i64(12)},
         {"unread_for_visitor", s.i64(13)},
         {"csat", s.is_null(14) ? Json(nullptr) : Json::parse(s.text(14))},
         {"visitor", visitor_json(s, 1, 15)},
         {"last_message", nullptr}};
  if (!s.is_null(20)) {
    c["last_message"] = {{"seq", s.i64(20)},
                         {"author", {{"type", s.text(21)}, {"id", s.text(22)}, {"name", s.text(23)}}},
                         {"text", preview(s.text(24))},
                         {"created_at", s.i64(25)},
                         {"direction", s.text(30)}};
    if (!s.is_null(31)) c["last_message"]["delivery_status"] = s.text(31);
  }
  // A provider channel's conversation: who the customer is there (never a secret).
  if (!s.is_null(26)) {
    c["contact"] = {{"channel", c["channel"]}, {"id", s.text(26)}, {"opted_out", s.i64(28) != 0}};
    if (!s.is_null(27)) c["contact"]["name"] = s.text(27);
    c["thread_key"] = s.text(29);
  }
  // Self-service: what the bot last decided, and the hand-off packet once a person has the case.
  if (!s.is_null(32)) {
    c["automation"] = {{"action", s.text(32)}, {"rule", s.text(33)}, {"reason", Json::parse(s.text(34))},
                       {"handoff", s.is_null(35) ? Json(nullptr) : Json::parse(s.text(35))}};
  }
  return c;
}

}  // namespace

Json attachment_json(const AttachmentMeta& a) {
  return {{"id", a.id}, {"url", "/api/v1/attachments/" + a.id}, {"content_type", a.content_type}, {"size", a.size},
          {"filename", a.filename}};
}

Store::Store(const std::string& where, EventHub& hub) : where_(where), writer_(sql::open(where)), db_(*writer_), hub_(hub) {
  migrate();
}

// SQLite: one reader (reads take microseconds). PostgreSQL: a read is a round trip, so route
// handlers get a connection each, up to kMaxReaders, opened when first needed.
Store::ReadLease Store::read() {
  const std::size_t most = db_.postgres() ? kMaxReaders : 1;
  std::unique_lock lock(read_mutex_);
  read_cv_.wait(lock, [&] { return !idle_readers_.empty() || open_readers_ < most; });
  std::unique_ptr<sql::Connection> c;
  if (!idle_readers_.empty()) {
    c = std::move(idle_readers_.back());
    idle_readers_.pop_back();
  } else {
    ++open_readers_;
    lock.unlock();
    try {
      c = sql::open(where_);
    } catch (...) {
      lock.lock();
      --open_readers_;
      read_cv_.notify_one();
      throw;
    }
  }
  return ReadLease(*this, std::move(c));
}

Store::ReadLease::~ReadLease() {
  if (!c_) return;
  {
    std::lock_guard lock(store_->read_mutex_);
    store_->idle_readers_.push_back(std::move(c_));
  }
  store_->read_cv_.notify_one();
}

void Store::append_event(const std::string& conversation_id, const std::string& visitor_id, const std::string& type,
                         const Json& data, std::int64_t now) {
  std::string text = data.dump();
  sql::Stmt s(db_, "INSERT INTO events (conversation_id, visitor_id, type, data, created_at) VALUES (?,?,?,?,?) RETURNING seq");
  s.bind(1, conversation_id).bind(2, visitor_id).bind(3, type).bind(4, text).bind(5, now);
  if (!s.step()) db_.fail("insert event");
  pending_.push_back(Event{0, s.i64(0), conversation_id, visitor_id, type, std::move(text), ""});
}

void Store::commit_batch(bool broken) {
  try {
    if (broken) throw std::runtime_error("the batch was lost with its connection");
    // Shared store: the feeds of every instance (this one's too) publish from the log; the
    // notification is delivered at COMMIT, to the listeners of every instance.
    if (db_.postgres() && !pending_.empty()) db_.defer("NOTIFY parley_events");  // sent with the COMMIT
    db_.commit();
    ++commits_;
    committed_writes_ += static_cast<std::uint64_t>(batch_size_);
    if (db_.postgres()) pending_.clear();
    else flush_events();
  } catch (const std::exception& e) {
    db_.rollback();
    pending_.clear();
    failed_ = batch_;
    failure_ = e.what();
  }
  tx_open_ = false;
  release_pending_ = false;
  committed_ = batch_;
  committed_cv_.notify_all();
}

void Store::flush_events() {
  for (auto& e : pending_) hub_.publish(e.seq, std::move(e.conversation_id), std::move(e.visitor_id), std::move(e.type), std::move(e.data));
  pending_.clear();
}

// ---- visitors -----------------------------------------------------------------------------

Json Store::create_visitor(const NewVisitor& v, const std::string& token_hash, std::int64_t now) {
  return write([&]() -> Json {
    std::string id;
    bool verified = v.user_id.has_value();
    if (verified) {
      sql::Stmt find(db_, "SELECT id FROM visitors WHERE user_id = ?");
      find.bind(1, *v.user_id);
      if (find.step()) id = find.text(0);
    }
    if (id.empty()) {
      id = new_id("v_");
      sql::Stmt ins(db_, "INSERT INTO visitors (id, user_id, name, email, verified, created_at) VALUES (?,?,?,?,?,?)");
      ins.bind(1, id).bind_optional(2, v.user_id).bind_optional(3, v.name).bind_optional(4, v.email)
          .bind(5, std::int64_t{verified}).bind(6, now).run();
    } else if (v.name || v.email) {
      sql::Stmt up(db_, "UPDATE visitors SET name = COALESCE(?, name), email = COALESCE(?, email) WHERE id = ?");
      up.bind_optional(1, v.name).bind_optional(2, v.email).bind(3, id).run();
    }
    sql::Stmt tok(db_, "INSERT INTO tokens (hash, visitor_id, created_at) VALUES (?,?,?)");
    tok.bind(1, token_hash).bind(2, id).bind(3, now).run();
    return {{"visitor_id", id}, {"verified", verified}};
  });
}

std::optional<std::string> Store::visitor_for_token(const std::string& token_hash) {
  auto reader = read();
  sql::Stmt s(*reader, "SELECT visitor_id FROM tokens WHERE hash = ?");
  s.bind(1, token_hash);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

Json Store::visitor(const std::string& id) {
  auto reader = read();
  sql::Stmt s(*reader, "SELECT id, name, email, user_id, verified, created_at FROM visitors WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) throw not_found("visitor");
  return visitor_json(s, 0, 1);
}

Json Store::update_visitor(const std::string& id, const std::optional<std::string>& name,
                           const std::optional<std::string>& email) {
  write([&]() -> int {
    sql::Stmt up(db_, "UPDATE visitors SET name = COALESCE(?, name), email = COALESCE(?, email) WHERE id = ?");
    up.bind_optional(1, name).bind_optional(2, email).bind(3, id).run();
    return 0;
  });
  return visitor(id);
}

// ---- conversations ------------------------------------------------------------------------

Json Store::conversation_locked(sql::Connection& db, const std::string& id) {
  static const std::string sql = std::string(kConversationSelect) + "WHERE c.id = ?";
  sql::Stmt s(db, sql.c_str());
  s.bind(1, id);
  if (!s.step()) throw not_found("conversation");
  return conversation_json(s);
}

Json Store::conversation(const std::string& id) {
  auto reader = read();
  return conversation_locked(*reader, id);
}

std::optional<ConversationRef> Store::conversation_ref(const std::string& id) {
  auto reader = read();
  sql::Stmt s(*reader, "SELECT id, visitor_id, status, last_seq, channel FROM conversations WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return ConversationRef{s.text(0), s.text(1), s.text(2), s.i64(3), s.text(4)};
}

Json Store::create_conversation(const std::string& visitor_id, const std::string& channel, const std::string& locale,
                                const Json& session_context, std::int64_t now) {
  return write([&]() -> Json {
    const std::string id = new_id("c_");
    sql::Stmt ins(db_,
                  "INSERT INTO conversations (id, visitor_id, channel, locale, status, created_at, updated_at, session_context)"
                  " VALUES (?,?,?,?,'open',?,?,?)");
    ins.bind(1, id).bind(2, visitor_id).bind(3, channel).bind(4, locale).bind(5, now).bind(6, now)
        .bind(7, session_context.dump()).run();
    Json c = conversation_locked(db_, id);
    append_event(id, visitor_id, "conversation", c, now);
    return c;
  });
}

Json Store::list_conversations(const std::string& visitor_id, const std::optional<std::string>& status, int limit) {
  auto reader = read();
  static const std::string sql = std::string(kConversationSelect) +
                                 "WHERE (?1 = '' OR c.visitor_id = ?1) AND (COALESCE(?2, '') = '' OR c.status = ?2)"
                                 " ORDER BY COALESCE(c.last_message_at, c.created_at) DESC, c.id LIMIT ?3";
  sql::Stmt s(*reader, sql.c_str());
  s.bind(1, visitor_id).bind_optional(2, status).bind(3, std::int64_t{limit});
  Json out = Json::array();
  while (s.step()) out.push_back(conversation_json(s));
  return out;
}

Json Store::update_context(const ConversationRef& c, const Json& session_context, std::int64_t now) {
  return write([&]() -> Json {
    Json merged = conversation_locked(db_, c.id)["session_context"];
    for (const auto& [k, v] : session_context.items()) merged[k] = v;
    if (merged.dump().size() > 32 * 1024)
      throw Error("too_large", "the merged session context is larger than 32 KiB", "/session_context");
    sql::Stmt up(db_, "UPDATE conversations SET session_context = ?, updated_at = ? WHERE id = ?");
    up.bind(1, merged.dump()).bind(2, now).bind(3, c.id).run();
    append_event(c.id, c.visitor_id, "context", {{"conversation_id", c.id}, {"session_context", merged}}, now);
    Json out = conversation_locked(db_, c.id);
    return out;
  });
}

Json Store::set_status(const ConversationRef& c, const std::string& status, std::int64_t now) {
  return write([&]() -> Json {
    Json current = conversation_locked(db_, c.id);
    const std::string previous = current["status"];
    if (previous == status) return current;
    sql::Stmt up(db_, "UPDATE conversations SET status = ?, updated_at = ? WHERE id = ?");
    up.bind(1, status).bind(2, now).bind(3, c.id).run();
    append_event(c.id, c.visitor_id, "status", {{"conversation_id", c.id}, {"status", status}, {"previous", previous}}, now);
    Json out = conversation_locked(db_, c.id);
    return out;
  });
}

Json Store::set_csat(const ConversationRef& c, int score, const std::optional<std::string>& comment, std::int64_t now) {
  return write([&]() -> Json {
    const std::string status = conversation_locked(db_, c.id)["status"];
    if (status != "resolved" && status != "closed")
      throw HttpError(409, "not_resolved", "a rating can be given once the conversation is resolved (it is " + status + ")");
    Json csat{{"score", score}, {"created_at", now}};
    if (comment) csat["comment"] = *comment;
    sql::Stmt up(db_, "UPDATE conversations SET csat = ?, updated_at = ? WHERE id = ?");
    up.bind(1, csat.dump()).bind(2, now).bind(3, c.id).run();
    Json event = csat;
    event["conversation_id"] = c.id;
    append_event(c.id, c.visitor_id, "csat", event, now);
    return csat;
  });
}

Json Store::mark_read(const ConversationRef& c, const std::string& side, std::int64_t seq, std::int64_t now) {
  return write([&]() -> Json {
    Json current = conversation_locked(db_, c.id);
    if (seq > current["last_seq"].get<std::int64_t>())
      throw Error("invalid_value", "/seq is after the last message (" + current["last_seq"].dump() + ")", "/seq");
    const bool agent = side == "agent";
    if (seq <= current[agent ? "read_seq_agent" : "read_seq_visitor"].get<std::int64_t>()) return current;
    // Unread = messages from the other side after the marker.
    sql::Stmt count(db_, agent ? "SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND seq > ? AND author_type = 'visitor'"
                               : "SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND seq > ? AND author_type <> 'visitor'");
    count.bind(1, c.id).bind(2, seq);
    count.step();
    const auto unread = count.i64(0);
    sql::Stmt up(db_, agent ? "UPDATE conversations SET read_seq_agent = ?, unread_for_agent = ? WHERE id = ?"
                            : "UPDATE conversations SET read_seq_visitor = ?, unread_for_visitor = ? WHERE id = ?");
    up.bind(1, seq).bind(2, unread).bind(3, c.id).run();
    append_event(c.id, c.visitor_id, "read", {{"conversation_id", c.id}, {"reader", side}, {"seq", seq}}, now);
    Json out = conversation_locked(db_, c.id);
    return out;
  });
}

// ---- messages -----------------------------------------------------------------------------

Json Store::message_json(sql::Stmt& s) {
  Json m{{"id", s.text(0)},
          {"conversation_id", s.text(1)},
          {"seq", s.i64(2)},
          {"author", {{"type", s.text(3)}, {"id", s.text(4)}, {"name", s.text(5)}}},
          {"text", s.text(6)},
          {"created_at", s.i64(7)},
          {"idempotency_key", s.text(8)},
          {"attachments", Json::parse(s.text(9))},
          {"masked", Json::parse(s.text(10))},
          {"direction", s.text(11)}};
  if (!s.is_null(12)) m["provider_message_id"] = s.text(12);
  if (!s.is_null(13)) m["delivery_status"] = s.text(13);
  if (!s.is_null(14)) m["delivery_error"] = Json::parse(s.text(14));
  if (!s.is_null(15)) m["delivery_at"] = s.i64(15);
  if (!s.is_null(16)) m["channel_data"] = Json::parse(s.text(16));
  return m;
}

Json Store::message_locked(sql::Connection& db, const std::string& id) {
  static const std::string sql = std::string("SELECT ") + kMessageColumns + " FROM messages WHERE id = ?";
  sql::Stmt s(db, sql.c_str());
  s.bind(1, id);
  if (!s.step()) throw not_found("message");
  return message_json(s);
}

Store::Posted Store::post_message(const ConversationRef& c, const Author& author, const std::string& key,
                                  const std::string& text, const std::vector<std::string>& attachment_ids,
                                  const Json& masked, std::int64_t now, const OutboundPlanner* planner, const Json& channel_data,
                                  const std::string& cites_article) {
  return write([&]() -> Posted {
    // The key's earlier message, if any, the conversation's position and its visitor's name: one read.
    ConversationPosition at;
    Author who = author;
    {
      static const std::string sql =
          std::string("SELECT d.*, c.last_seq, c.status, v.name FROM conversations c JOIN visitors v ON v.id = c.visitor_id"
                      " LEFT JOIN (SELECT ") + kMessageColumns +
          " FROM messages WHERE conversation_id = ?1 AND author_type = ?2 AND author_id = ?3 AND idempotency_key = ?4) d"
          " ON 1 = 1 WHERE c.id = ?1";
      sql::Stmt dup(db_, sql.c_str());
      dup.bind(1, c.id).bind(2, author.type).bind(3, author.id).bind(4, key);
      if (!dup.step()) throw not_found("conversation");
      if (!dup.is_null(0)) return {message_json(dup), true};
      at = {dup.i64(17), dup.text(18)};
      // The visitor writes under the name they gave, if any.
      if (who.type == "visitor" && who.id == c.visitor_id && !dup.is_null(19)) who.name = dup.text(19);
    }
    Json attachments = Json::array();
    for (std::size_t i = 0; i < attachment_ids.size(); ++i) {
      const std::string path = "/attachments/" + std::to_string(i);
      sql::Stmt a(db_, "SELECT owner_type, owner_id, content_type, size, filename, conversation_id FROM attachments WHERE id = ?");
      a.bind(1, attachment_ids[i]);
      if (!a.step() || a.text(0) != who.type || (who.type == "visitor" && a.text(1) != who.id))
        throw Error("invalid_value", path + " is not an attachment uploaded by this author", path);
      if (!a.is_null(5) && a.text(5) != c.id)
        throw Error("invalid_value", path + " is attached to another conversation", path);
      AttachmentMeta meta{attachment_ids[i], a.text(0), a.text(1), a.text(2), a.i64(3), a.text(4), c.id};
      attachments.push_back(attachment_json(meta));
      sql::Stmt link(db_, "UPDATE attachments SET conversation_id = ? WHERE id = ?");
      link.bind(1, c.id).bind(2, attachment_ids[i]).run();
    }
    // The agent answered the customer's latest words with this article: the knowledge history learns the pair.
    auto learn_cited = [&] {
      if (cites_article.empty() || who.type != "agent") return;
      sql::Stmt last(db_, "SELECT text FROM messages WHERE conversation_id = ? AND author_type = 'visitor' AND text <> '' ORDER BY seq DESC LIMIT 1");
      last.bind(1, c.id);
      if (last.step()) learn(c.id, last.text(0), cites_article, now);
    };
    if (!planner) {
      Json extra = Json::object();
      if (channel_data.is_object()) extra["channel_data"] = channel_data;
      Json message = insert_message(c, who, key, text, attachments, masked, now, extra, &at);
      learn_cited();
      return {message, false};
    }

    // A provider channel: the send is decided against what is committed now, in this transaction.
    const Json plan = (*planner)(channel_context_locked(db_, c.id));
    Json message = insert_message(c, who, key, text, attachments, masked, now,
                                  {{"delivery_status", "pending"}, {"channel_data", plan.value("channel_data", Json::object())}}, &at);
    queue_send(c, message["id"].get<std::string>(), plan, now);
    learn_cited();
    return {message, false};
  });
}

// The outbox row of an accepted send, in the caller's write.
void Store::queue_send(const ConversationRef& c, const std::string& message_id, const Json& plan, std::int64_t now) {
  sql::Stmt ob(db_,
               "INSERT INTO outbox (message_id, conversation_id, channel, state, request, idempotency_key, next_attempt_at,"
               " created_at, updated_at) VALUES (?,?,?,'queued',?,?,?,?,?)");
  ob.bind(1, message_id).bind(2, c.id).bind(3, c.channel).bind(4, plan["request"].dump())
      .bind(5, plan["idempotency_key"].get<std::string>()).bind(6, now).bind(7, now).bind(8, now).run();
  if (plan.contains("reply_token")) {  // single use: spent by this send
    sql::Stmt used(db_, "UPDATE reply_tokens SET used_at = ? WHERE conversation_id = ? AND token = ?");
    used.bind(1, now).bind(2, c.id).bind(3, plan["reply_token"].get<std::string>()).run();
  }
}

// One new message row with the conversation's side effects and events. `extra`: direction,
// provider_message_id, delivery_status, channel_data, auto_reply (stored, but the case does not move).
// `at`: the conversation's position when the caller has just read it in this write.
Json Store::insert_message(const ConversationRef& c, const Author& author, const std::string& key, const std::string& text,
                           const Json& attachments, const Json& masked, std::int64_t now, const Json& extra,
                           const ConversationPosition* at) {
  ConversationPosition read_now;
  if (!at) {
    sql::Stmt cur(db_, "SELECT last_seq, status FROM conversations WHERE id = ?");
    cur.bind(1, c.id);
    if (!cur.step()) throw not_found("conversation");
    read_now = {cur.i64(0), cur.text(1)};
    at = &read_now;
  }
  const std::int64_t seq = at->last_seq + 1;
  const std::string& previous = at->status;
  const bool from_visitor = author.type == "visitor";
  const std::string direction = extra.value("direction", from_visitor ? "inbound" : "outbound");

  // The row as message_json reads it back (a delivery error and time come later, never here).
  Json message{{"id", new_id("m_")}, {"conversation_id", c.id}, {"seq", seq},
               {"author", {{"type", author.type}, {"id", author.id}, {"name", author.name}}}, {"text", text},
               {"created_at", now}, {"idempotency_key", key}, {"attachments", attachments}, {"masked", masked},
               {"direction", direction}};
  for (const char* k : {"provider_message_id", "delivery_status"})
    if (extra.contains(k)) message[k] = extra[k];
  if (extra.contains("channel_data")) message["channel_data"] = extra["channel_data"];

  // The relay moves the case along: the customer wrote → waiting on the agent (reopening a
  // resolved case); the agent answered → waiting on the customer. Writing also marks one's own
  // side read. An automatic reply (out of office) is kept but moves nothing.
  std::string status = previous;
  if (extra.value("auto_reply", false)) status = previous;
  else if (from_visitor) status = "waiting_on_agent";
  else if (author.type == "agent" && (previous == "open" || previous == "waiting_on_agent")) status = "waiting_on_customer";
  const Json status_event = status == previous ? Json(nullptr)
                                               : Json{{"conversation_id", c.id}, {"status", status}, {"previous", previous}};

  auto bind_row = [&](sql::Stmt& ins) {
    ins.bind(1, message["id"].get<std::string>()).bind(2, c.id).bind(3, seq).bind(4, author.type).bind(5, author.id)
        .bind(6, author.name).bind(7, text).bind(8, now).bind(9, key).bind(10, attachments.dump()).bind(11, masked.dump())
        .bind(12, direction);
    if (extra.contains("provider_message_id")) ins.bind(13, extra["provider_message_id"].get<std::string>());
    else ins.bind_null(13);
    if (extra.contains("delivery_status")) ins.bind(14, extra["delivery_status"].get<std::string>());
    else ins.bind_null(14);
    if (extra.contains("channel_data")) ins.bind(15, extra["channel_data"].dump());
    else ins.bind_null(15);
  };

  if (db_.postgres()) {
    // PostgreSQL: the row, the conversation's update and the events in one statement (one round
    // trip under the writers' lock instead of three).
    std::string data[2] = {message.dump(), status_event.is_null() ? "" : status_event.dump()};
    sql::Stmt w(db_, from_visitor ? kInsertMessagePgVisitor : kInsertMessagePgAgent);
    bind_row(w);
    w.bind(16, status).bind(17, c.visitor_id).bind(18, data[0]);
    if (status_event.is_null()) w.bind_null(19);
    else w.bind(19, data[1]);
    for (int i = 0; i < 2 && w.step(); ++i)
      pending_.push_back(Event{0, w.i64(0), c.id, c.visitor_id, i == 0 ? "message" : "status", std::move(data[i]), ""});
    return message;
  }

  {
    sql::Stmt ins(db_,
                  "INSERT INTO messages (id, conversation_id, seq, author_type, author_id, author_name, text, created_at,"
                  " idempotency_key, attachments, masked, direction, provider_message_id, delivery_status, channel_data)"
                  " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    bind_row(ins);
    ins.run();
  }
  sql::Stmt up(db_, from_visitor ? kUpdateAfterVisitor : kUpdateAfterAgent);
  up.bind(2, c.id).bind(3, seq).bind(8, now).bind(16, status).run();
  append_event(c.id, c.visitor_id, "message", message, now);
  if (!status_event.is_null()) append_event(c.id, c.visitor_id, "status", status_event, now);
  return message;
}

Json Store::messages(const std::string& conversation_id, std::int64_t after, int limit, bool& has_more) {
  auto reader = read();
  static const std::string sql = std::string("SELECT ") + kMessageColumns +
                                 " FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?";
  sql::Stmt s(*reader, sql.c_str());
  s.bind(1, conversation_id).bind(2, after).bind(3, std::int64_t{limit} + 1);
  Json out = Json::array();
  while (s.step()) out.push_back(message_json(s));
  has_more = out.size() > static_cast<std::size_t>(limit);
  if (has_more) out.erase(out.end() - 1);
  return out;
}

std::int64_t Store::last_event_seq() {
  auto reader = read();
  sql::Stmt s(*reader, "SELECT COALESCE(MAX(seq), 0) FROM events");
  s.step();
  return s.i64(0);
}

std::int64_t Store::message_count() {
  auto reader = read();
  sql::Stmt s(*reader, "SELECT COUNT(*) FROM messages");
  s.step();
  return s.i64(0);
}

// ---- attachments and events ---------------------------------------------------------------

void Store::add_attachment(const AttachmentMeta& a, std::int64_t now) {
  write([&]() -> int {
    sql::Stmt ins(db_,
                  "INSERT INTO attachments (id, owner_type, owner_id, content_type, size, filename, created_at)"
                  " VALUES (?,?,?,?,?,?,?)");
    ins.bind(1, a.id).bind(2, a.owner_type).bind(3, a.owner_id).bind(4, a.content_type).bind(5, a.size)
        .bind(6, a.filename).bind(7, now).run();
    return 0;
  });
}

std::optional<AttachmentMeta> Store::attachment(const std::string& id) {
  auto reader = read();
  sql::Stmt s(*reader, "SELECT id, owner_type, owner_id, content_type, size, filename, conversation_id FROM attachments WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  AttachmentMeta a{s.text(0), s.text(1), s.text(2), s.text(3), s.i64(4), s.text(5), std::nullopt};
  if (!s.is_null(6)) a.conversation_id = s.text(6);
  return a;
}

void Store::each_event(const std::function<void(const std::string&, std::int64_t, const std::string&, const std::string&)>& fn) {
  auto db = sql::open(where_);
  sql::Stmt s(*db, "SELECT conversation_id, created_at, type, data FROM events WHERE type IN ('conversation','message','status','csat') ORDER BY seq");
  while (s.step()) fn(s.text(0), s.i64(1), s.text(2), s.text(3));
}

std::vector<Event> Store::events_after(std::int64_t after_seq, const std::string& visitor_id,
                                       const std::string& conversation_id, int limit) {
  auto reader = read();
  sql::Stmt s(*reader,
              "SELECT seq, conversation_id, visitor_id, type, data FROM events WHERE seq > ?1"
              " AND (?2 = '' OR visitor_id = ?2) AND (?3 = '' OR conversation_id = ?3) ORDER BY seq LIMIT ?4");
  s.bind(1, after_seq).bind(2, visitor_id).bind(3, conversation_id).bind(4, std::int64_t{limit});
  std::vector<Event> out;
  while (s.step()) out.push_back(Event{0, s.i64(0), s.text(1), s.text(2), s.text(3), s.text(4), ""});
  return out;
}
}  // namespace parley::relay
