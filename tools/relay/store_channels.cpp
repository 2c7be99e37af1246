// Provider channels in the store (see store.h): webhooks claimed by dedupe key and stored in one
// write, contacts and threads, delivery statuses that only move forward, the outbox.
//
// Delivery status order (a status moves only to a higher rank; docs/relay.md, "Delivery status"):
//   pending 0 < unknown 1 < sent 2 < failed 3 < delivered 4 < read 5
// so `failed` overrides `sent` (and a send we could not confirm), while a later `delivered` or
// `read` from the provider overrides `failed`: it is proof the message arrived, and providers
// report a transient failure before a successful retry of their own. Nothing moves a message back.
#include "parley/text.h"
#include "relay/http_error.h"
#include "relay/ids.h"
#include "relay/store.h"

#include <map>
#include <tuple>

namespace parley::relay {
namespace {
int rank(const std::string& s) {
  static const char* const order[] = {"pending", "unknown", "sent", "failed", "delivered", "read"};
  for (int i = 0; i < 6; ++i)
    if (s == order[i]) return i;
  return -1;
}

bool known_status(const std::string& s) { return s == "sent" || s == "delivered" || s == "read" || s == "failed"; }

// E-mail ids are compared without their angle brackets or surrounding space.
std::string bare_id(std::string s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '<')) s.erase(0, 1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '>')) s.pop_back();
  return s;
}

std::string str(const Json& o, const char* key) {
  if (!o.is_object()) return "";
  const auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : "";
}

std::int64_t at_ms(const Json& message, std::int64_t fallback) {
  const auto it = message.find("at_ms");
  return it != message.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

// The display name the provider gave for the sender, wherever this channel carries it.
std::string display_name(const Json& item) {
  const Json& m = item["message"];
  if (auto n = str(m.value("sender", Json::object()), "name"); !n.empty()) return n;
  if (item.contains("email")) return str(item["email"].value("from", Json::object()), "name");
  if (item.contains("sender_name")) return str(item, "sender_name");
  return "";
}
}  // namespace

// ---- inbound --------------------------------------------------------------------------------

std::string Store::pull_cursor(const std::string& channel, const std::string& account) {
  auto reader = read();
  sql::Stmt s(*reader, "SELECT cursor FROM provider_cursors WHERE channel = ? AND account = ?");
  s.bind(1, channel).bind(2, account);
  return s.step() ? s.text(0) : "";
}

void Store::request_pull(const std::string& channel, const std::string& account, const std::string& sync_token, std::int64_t now) {
  write([&] {
    sql::Stmt s(db_, "INSERT INTO provider_pulls (channel, account, sync_token, requested_at) VALUES (?,?,?,?)"
                     " ON CONFLICT (channel, account) DO UPDATE SET sync_token = excluded.sync_token, requested_at = excluded.requested_at");
    s.bind(1, channel).bind(2, account).bind(3, sync_token).bind(4, now).run();
    return true;  // write() returns what the body returns
  });
}

void Store::pull_done(const std::string& channel, const std::string& account, std::int64_t started_at) {
  write([&] {
    sql::Stmt s(db_, "DELETE FROM provider_pulls WHERE channel = ? AND account = ? AND requested_at <= ?");
    s.bind(1, channel).bind(2, account).bind(3, started_at).run();
    return true;
  });
}

std::vector<std::pair<std::string, std::string>> Store::pending_pulls(const std::string& channel) {
  auto reader = read();
  sql::Stmt s(*reader, "SELECT account, sync_token FROM provider_pulls WHERE channel = ? ORDER BY requested_at");
  s.bind(1, channel);
  std::vector<std::pair<std::string, std::string>> out;
  while (s.step()) out.emplace_back(s.text(0), s.text(1));
  return out;
}

void Store::media_fetched(const InboundMedia& m, const std::optional<AttachmentMeta>& a, const Json& error, std::int64_t now) {
  write([&] {
    sql::Stmt s(db_, "SELECT m.channel_data, c.visitor_id FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?");
    s.bind(1, m.message_id);
    if (!s.step()) return false;  // gone (never: messages are not deleted); nothing to update
    Json data = s.is_null(0) ? Json::object() : Json::parse(s.text(0));
    const std::string visitor = s.text(1);
    data["media"] = {{"media_id", m.media_id}, {"state", a ? "stored" : "failed"}};
    Json attachments = Json::array();
    if (a) {
      sql::Stmt ins(db_,
                    "INSERT INTO attachments (id, owner_type, owner_id, content_type, size, filename, created_at, conversation_id)"
                    " VALUES (?,?,?,?,?,?,?,?)");
      ins.bind(1, a->id).bind(2, std::string("visitor")).bind(3, visitor).bind(4, a->content_type).bind(5, a->size).bind(6, a->filename)
          .bind(7, now).bind(8, m.conversation_id).run();
      attachments.push_back(attachment_json(*a));
      data.erase("media_error");
    } else {
      data["media_error"] = error;
    }
    sql::Stmt up(db_, "UPDATE messages SET attachments = ?, channel_data = ? WHERE id = ?");
    up.bind(1, attachments.dump()).bind(2, data.dump()).bind(3, m.message_id).run();
    Json event{{"conversation_id", m.conversation_id}, {"message_id", m.message_id}, {"attachments", attachments}, {"media", data["media"]}};
    if (!a) event["media_error"] = error;
    append_event(m.conversation_id, visitor, "media", event, now);
    return true;
  });
}

void Store::spend_reply_token(const std::string& conversation_id, const std::string& token, std::int64_t now) {
  write([&] {
    sql::Stmt used(db_, "UPDATE reply_tokens SET used_at = ? WHERE conversation_id = ? AND token = ? AND used_at IS NULL");
    used.bind(1, now).bind(2, conversation_id).bind(3, token).run();
    return true;
  });
}

void Store::media_retry_later(const InboundMedia& m, int attempts, std::int64_t next_at, const Json& last_error) {
  write([&] {
    sql::Stmt s(db_, "SELECT channel_data FROM messages WHERE id = ?");
    s.bind(1, m.message_id);
    if (!s.step()) return false;
    Json data = s.is_null(0) ? Json::object() : Json::parse(s.text(0));
    data["media"] = {{"media_id", m.media_id}, {"state", "pending"}, {"attempts", attempts}, {"next_at", next_at}, {"last_error", last_error}};
    sql::Stmt up(db_, "UPDATE messages SET channel_data = ? WHERE id = ?");
    up.bind(1, data.dump()).bind(2, m.message_id).run();
    return true;
  });
}

std::vector<InboundMedia> Store::pending_media(const std::string& channel, std::optional<std::int64_t> due_by) {
  auto reader = read();
  // channel_data is JSON text: each engine reads it its own way. next_at is absent (-1 here) until
  // a round failed; the sweep only takes rows whose retry is due.
  sql::Stmt s(*reader, reader->postgres()
                            ? "SELECT m.id, m.conversation_id, m.channel_data::jsonb #>> '{media,media_id}',"
                              " COALESCE(m.channel_data::jsonb #>> '{attachments,0,type}', 'file'),"
                              " COALESCE((m.channel_data::jsonb #>> '{media,attempts}')::bigint, 0)"
                              " FROM messages m JOIN conversations c ON c.id = m.conversation_id"
                              " WHERE c.channel = ? AND m.direction = 'inbound' AND m.channel_data::jsonb #>> '{media,state}' = 'pending'"
                              " AND (? = 0 OR COALESCE((m.channel_data::jsonb #>> '{media,next_at}')::bigint, -1) BETWEEN 0 AND ?)"
                              " ORDER BY m.created_at"
                            : "SELECT m.id, m.conversation_id, json_extract(m.channel_data, '$.media.media_id'),"
                              " COALESCE(json_extract(m.channel_data, '$.attachments[0].type'), 'file'),"
                              " COALESCE(json_extract(m.channel_data, '$.media.attempts'), 0)"
                              " FROM messages m JOIN conversations c ON c.id = m.conversation_id"
                              " WHERE c.channel = ? AND m.direction = 'inbound' AND json_extract(m.channel_data, '$.media.state') = 'pending'"
                              " AND (? = 0 OR COALESCE(json_extract(m.channel_data, '$.media.next_at'), -1) BETWEEN 0 AND ?)"
                              " ORDER BY m.created_at");
  s.bind(1, channel).bind(2, std::int64_t{due_by ? 1 : 0}).bind(3, due_by.value_or(0));
  std::vector<InboundMedia> out;
  while (s.step()) out.push_back({s.text(0), s.text(1), s.text(2), s.text(3), static_cast<int>(s.i64(4))});
  return out;
}

Ingested Store::ingest(const std::string& channel, const Json& inbound, std::int64_t now, const Json& cursor) {
  return write([&]() -> Ingested {
    Ingested r;
    if (cursor.is_object()) {
      sql::Stmt c(db_, "INSERT INTO provider_cursors (channel, account, cursor, updated_at) VALUES (?,?,?,?)"
                       " ON CONFLICT (channel, account) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at");
      c.bind(1, channel).bind(2, cursor["account"].get<std::string>()).bind(3, cursor["cursor"].get<std::string>()).bind(4, now).run();
    }
    // Claim a provider event: false when its key was claimed before (a redelivery).
    auto claim = [&](const std::string& key, const char* kind) {
      sql::Stmt s(db_, "INSERT INTO provider_events (channel, dedupe_key, kind, received_at) VALUES (?,?,?,?) ON CONFLICT DO NOTHING");
      s.bind(1, channel).bind(2, key).bind(3, std::string(kind)).bind(4, now).run();
      return db_.changes() == 1;
    };

    for (const auto& item : inbound.value("messages", Json::array())) {
      const std::string key = item.value("dedupe_key", "");
      if (key.empty()) throw Error("invalid_payload", "a normalised message has no dedupe key", "/messages");
      if (!claim(key, "message")) {
        ++r.duplicates;
        continue;
      }
      const Json& m = item["message"];
      const std::string user = str(m.value("sender", Json::object()), "id");
      if (user.empty()) throw Error("invalid_payload", "the message has no sender id", "/body");
      const std::string name = display_name(item);
      const Json email = item.value("email", Json::object());

      // The contact (one per provider user id) and its visitor.
      std::string contact_id, visitor_id;
      {
        sql::Stmt find(db_, "SELECT id, visitor_id, display_name FROM contacts WHERE channel = ? AND provider_user_id = ?");
        find.bind(1, channel).bind(2, user);
        if (find.step()) {
          contact_id = find.text(0);
          visitor_id = find.text(1);
          if (!name.empty() && find.text(2) != name) {
            sql::Stmt up(db_, "UPDATE contacts SET display_name = ?, updated_at = ? WHERE id = ?");
            up.bind(1, name).bind(2, now).bind(3, contact_id).run();
            sql::Stmt uv(db_, "UPDATE visitors SET name = ? WHERE id = ?");
            uv.bind(1, name).bind(2, visitor_id).run();
          }
        }
      }
      if (contact_id.empty()) {
        visitor_id = new_id("v_");
        contact_id = new_id("k_");
        std::optional<std::string> vname, vemail;
        if (!name.empty()) vname = name;
        if (channel == "email") vemail = user;
        sql::Stmt v(db_, "INSERT INTO visitors (id, user_id, name, email, verified, created_at) VALUES (?,NULL,?,?,0,?)");
        v.bind(1, visitor_id).bind_optional(2, vname).bind_optional(3, vemail).bind(4, now).run();
        sql::Stmt k(db_,
                    "INSERT INTO contacts (id, channel, provider_user_id, visitor_id, display_name, created_at, updated_at)"
                    " VALUES (?,?,?,?,?,?,?)");
        k.bind(1, contact_id).bind(2, channel).bind(3, user).bind(4, visitor_id).bind_optional(5, vname).bind(6, now).bind(7, now).run();
      }
      if (const std::string kw = item.value("consent_keyword", ""); kw == "opt_out" || kw == "opt_in") {
        sql::Stmt up(db_, "UPDATE contacts SET opted_out = ?, updated_at = ? WHERE id = ?");
        up.bind(1, std::int64_t{kw == "opt_out"}).bind(2, now).bind(3, contact_id).run();
      }

      // The conversation: e-mail by its references (ours or theirs), then the open conversation
      // of the provider's thread, else a new one. Closed conversations are never reopened.
      std::optional<ConversationRef> conv;
      std::string thread = str(m, "conversation_id");
      if (channel == "email") {
        std::vector<std::string> refs;
        if (auto irt = str(email, "in_reply_to"); !irt.empty()) refs.push_back(irt);
        const Json rs = email.value("references", Json::array());
        for (auto it = rs.rbegin(); it != rs.rend(); ++it)
          if (it->is_string()) refs.push_back(*it);
        for (const auto& ref : refs) {
          sql::Stmt s(db_,
                      "SELECT c.id, c.visitor_id, c.status, c.last_seq, c.channel, c.thread_key FROM provider_ids p"
                      " JOIN messages m ON m.id = p.message_id JOIN conversations c ON c.id = m.conversation_id"
                      " WHERE p.channel = 'email' AND p.provider_message_id = ? AND c.status <> 'closed'");
          s.bind(1, bare_id(ref));
          if (s.step()) {
            conv = ConversationRef{s.text(0), s.text(1), s.text(2), s.i64(3), s.text(4)};
            thread = s.text(5);
            break;
          }
        }
      }
      if (thread.empty()) thread = channel + ":" + user;
      if (!conv) {
        sql::Stmt s(db_,
                    "SELECT id, visitor_id, status, last_seq, channel FROM conversations WHERE channel = ? AND thread_key = ?"
                    " AND status <> 'closed' ORDER BY created_at DESC LIMIT 1");
        s.bind(1, channel).bind(2, thread);
        if (s.step()) conv = ConversationRef{s.text(0), s.text(1), s.text(2), s.i64(3), s.text(4)};
      }
      if (!conv) {
        const std::string id = new_id("c_");
        sql::Stmt ins(db_,
                      "INSERT INTO conversations (id, visitor_id, channel, locale, status, created_at, updated_at, session_context,"
                      " contact_id, thread_key) VALUES (?,?,?,'','open',?,?,'{}',?,?)");
        ins.bind(1, id).bind(2, visitor_id).bind(3, channel).bind(4, now).bind(5, now).bind(6, contact_id).bind(7, thread).run();
        append_event(id, visitor_id, "conversation", conversation_locked(db_, id), now);
        conv = ConversationRef{id, visitor_id, "open", 0, channel};
      }

      // What the provider said beyond the text: kept as evidence, shown to the agent.
      Json data{{"provider_at", at_ms(m, now)}};
      if (m.contains("attachments") && m["attachments"].is_array() && !m["attachments"].empty()) data["attachments"] = m["attachments"];
      if (auto rt = str(m, "reply_to"); !rt.empty()) data["reply_to"] = rt;
      for (const char* k : {"redelivery", "edited"})
        if (item.value(k, false)) data[k] = true;
      const bool auto_reply = email.value("auto_reply", false);
      if (!email.empty()) {
        data["email"] = email;
        if (auto_reply) data["auto_reply"] = true;
      }
      if (item.contains("reply_token")) data["reply_token"] = true;
      // WeCom names its media by an id to fetch with media/get: pending until the fetch ends.
      const std::string media_id = item.contains("media_id") && item["media_id"].is_string() ? item["media_id"].get<std::string>() : "";
      if (!media_id.empty()) data["media"] = {{"media_id", media_id}, {"state", "pending"}};
      const std::string provider_id = channel == "email" && !str(email, "message_id").empty() ? bare_id(str(email, "message_id")) : str(m, "id");
      Json extra{{"direction", "inbound"}, {"channel_data", data}, {"auto_reply", auto_reply}};
      if (!provider_id.empty()) extra["provider_message_id"] = provider_id;
      const Author author{"visitor", conv->visitor_id, name.empty() ? "Visitor" : name};
      const Json message = insert_message(*conv, author, key, str(m, "text"), Json::array(), Json::array(), now, extra);
      const std::string message_id = message["id"];
      if (!provider_id.empty()) {
        sql::Stmt p(db_, "INSERT INTO provider_ids (channel, provider_message_id, message_id, part) VALUES (?,?,?,0) ON CONFLICT DO NOTHING");
        p.bind(1, channel).bind(2, provider_id).bind(3, message_id).run();
      }
      sql::Stmt pe(db_, "UPDATE provider_events SET message_id = ? WHERE channel = ? AND dedupe_key = ?");
      pe.bind(1, message_id).bind(2, channel).bind(3, key).run();
      if (!media_id.empty()) {
        const Json atts = m.value("attachments", Json::array());
        r.media.push_back({message_id, conv->id, media_id, atts.empty() ? "file" : atts[0].value("type", "file")});
      }
      if (item.contains("reply_token") && item["reply_token"].is_string()) {
        sql::Stmt t(db_, "INSERT INTO reply_tokens (conversation_id, message_id, token, received_at) VALUES (?,?,?,?)");
        t.bind(1, conv->id).bind(2, message_id).bind(3, item["reply_token"].get<std::string>()).bind(4, now).run();
      }
      ++r.received;
      if (!auto_reply) r.conversations.push_back(conv->id);
    }

    for (const auto& ev : inbound.value("events", Json::array())) {
      const std::string key = ev.value("dedupe_key", "");
      const std::string type = ev.value("type", "");
      if (key.empty()) {  // nothing to claim it by: counted, not stored
        ++r.received;
        continue;
      }
      const bool status = type == "status" && known_status(ev.value("status", ""));
      if (!claim(key, status ? "status" : "event")) {
        ++r.duplicates;
        continue;
      }
      ++r.received;
      if (!status) continue;  // follows, reactions, echoes of our own sends…: claimed, nothing else
      const std::string s = ev["status"];
      Json error = ev.contains("error") && ev["error"].is_object() ? ev["error"] : Json(nullptr);
      const std::int64_t at = ev.contains("at") && ev["at"].is_number_integer() ? ev["at"].get<std::int64_t>() : now;
      if (ev.contains("watermark")) {  // Messenger/Instagram read (or mid-less delivery): everything up to the watermark
        const std::int64_t mark = ev["watermark"].is_number() ? ev["watermark"].get<std::int64_t>() : 0;
        sql::Stmt parts(db_,
                        "SELECT p.message_id, p.provider_message_id FROM provider_ids p JOIN messages m ON m.id = p.message_id"
                        " JOIN conversations c ON c.id = m.conversation_id JOIN contacts k ON k.id = c.contact_id"
                        " WHERE k.channel = ?1 AND k.provider_user_id = ?2 AND p.channel = ?1 AND m.direction = 'outbound'"
                        " AND m.created_at <= ?3");
        parts.bind(1, channel).bind(2, str(ev, "recipient")).bind(3, mark);
        std::vector<std::pair<std::string, std::string>> hit;
        while (parts.step()) hit.emplace_back(parts.text(0), parts.text(1));
        for (const auto& [mid, pid] : hit) apply_status(channel, mid, pid, s, nullptr, at, now);
        continue;
      }
      std::string pid = ev.value("provider_message_id", ev.value("message_id", ""));
      if (pid.empty()) continue;
      sql::Stmt find(db_, "SELECT message_id FROM provider_ids WHERE channel = ? AND provider_message_id = ?");
      find.bind(1, channel).bind(2, pid);
      if (find.step()) {
        const std::string mid = find.text(0);
        apply_status(channel, mid, pid, s, error, at, now);
      } else {  // before its message: kept until the outbox maps this id
        sql::Stmt p(db_, "INSERT INTO pending_statuses (channel, provider_message_id, status, error, at, received_at) VALUES (?,?,?,?,?,?)");
        p.bind(1, channel).bind(2, pid).bind(3, s);
        if (error.is_null()) p.bind_null(4);
        else p.bind(4, error.dump());
        p.bind(5, at).bind(6, now).run();
      }
    }
    return r;
  });
}

// ---- delivery statuses ------------------------------------------------------------------------

void Store::apply_status(const std::string& channel, const std::string& message_id, const std::string& provider_message_id,
                         const std::string& status, const Json& error, std::int64_t at, std::int64_t now) {
  sql::Stmt cur(db_, "SELECT COALESCE(status, 'sent') FROM provider_ids WHERE channel = ? AND provider_message_id = ?");
  cur.bind(1, channel).bind(2, provider_message_id);
  if (!cur.step() || rank(status) <= rank(cur.text(0))) return;  // only forward
  sql::Stmt up(db_, "UPDATE provider_ids SET status = ?, error = ?, at = ? WHERE channel = ? AND provider_message_id = ?");
  up.bind(1, status);
  if (error.is_null()) up.bind_null(2);
  else up.bind(2, error.dump());
  up.bind(3, at).bind(4, channel).bind(5, provider_message_id).run();
  refresh_delivery(message_id, now);
}

// A message's status is its least advanced part's (a split text is delivered when every part is).
void Store::refresh_delivery(const std::string& message_id, std::int64_t now) {
  {
    sql::Stmt m(db_, "SELECT delivery_status FROM messages WHERE id = ?");
    m.bind(1, message_id);
    if (!m.step() || m.is_null(0) || m.text(0) == "pending") return;  // still sending: settled by the outbox
  }
  sql::Stmt parts(db_, "SELECT COALESCE(status, 'sent'), error FROM provider_ids WHERE message_id = ?");
  parts.bind(1, message_id);
  std::string least;
  Json error = nullptr;
  while (parts.step()) {
    const std::string s = parts.text(0);
    if (least.empty() || rank(s) < rank(least)) least = s;
    if (s == "failed" && !parts.is_null(1)) error = Json::parse(parts.text(1));
  }
  if (!least.empty()) set_delivery(message_id, least, error, now);
}

void Store::set_delivery(const std::string& message_id, const std::string& status, const Json& error, std::int64_t now) {
  sql::Stmt cur(db_,
                "SELECT m.delivery_status, m.conversation_id, c.visitor_id, m.seq, m.provider_message_id FROM messages m"
                " JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?");
  cur.bind(1, message_id);
  if (!cur.step()) return;
  if (!cur.is_null(0) && rank(status) <= rank(cur.text(0))) return;
  const std::string conversation = cur.text(1), visitor = cur.text(2);
  Json event{{"conversation_id", conversation}, {"message_id", message_id}, {"seq", cur.i64(3)}, {"delivery_status", status},
             {"previous", cur.is_null(0) ? Json(nullptr) : Json(cur.text(0))}, {"at", now}};
  if (!cur.is_null(4)) event["provider_message_id"] = cur.text(4);
  sql::Stmt up(db_, "UPDATE messages SET delivery_status = ?, delivery_error = ?, delivery_at = ? WHERE id = ?");
  up.bind(1, status);
  if (error.is_null()) up.bind_null(2);
  else up.bind(2, error.dump());
  up.bind(3, now).bind(4, message_id).run();
  if (!error.is_null()) event["delivery_error"] = error;
  append_event(conversation, visitor, "delivery", event, now);
}

// ---- what a send is decided on ------------------------------------------------------------------

Json Store::channel_context(const std::string& conversation_id) {
  auto reader = read();
  return channel_context_locked(*reader, conversation_id);
}

Json Store::channel_context_locked(sql::Connection& db, const std::string& conversation_id) {
  Json out{{"conversation_id", conversation_id}, {"history", Json::array()}};
  {
    sql::Stmt c(db,
                "SELECT c.channel, c.thread_key, k.provider_user_id, k.display_name, k.opted_out FROM conversations c"
                " LEFT JOIN contacts k ON k.id = c.contact_id WHERE c.id = ?");
    c.bind(1, conversation_id);
    if (!c.step()) throw not_found("conversation");
    out["channel"] = c.text(0);
    out["thread_key"] = c.is_null(1) ? Json(nullptr) : Json(c.text(1));
    if (!c.is_null(2)) {
      out["contact"] = {{"id", c.text(2)}, {"opted_out", c.i64(4) != 0}};
      if (!c.is_null(3)) out["contact"]["name"] = c.text(3);
    }
  }
  std::map<std::string, bool> token_used;  // message id -> its reply token was spent
  {
    sql::Stmt t(db, "SELECT message_id, token, received_at, used_at FROM reply_tokens WHERE conversation_id = ? ORDER BY received_at");
    t.bind(1, conversation_id);
    while (t.step()) {
      token_used[t.text(0)] = !t.is_null(3);
      out["reply_token"] = {{"token", t.text(1)}, {"received_at", t.i64(2)}, {"used", !t.is_null(3)}};
    }
  }
  sql::Stmt m(db, "SELECT id, direction, created_at, channel_data, delivery_status FROM messages WHERE conversation_id = ? ORDER BY seq");
  m.bind(1, conversation_id);
  while (m.step()) {
    const Json data = m.is_null(3) ? Json::object() : Json::parse(m.text(3));
    const bool inbound = m.text(1) == "inbound";
    if (inbound && data.value("auto_reply", false)) continue;  // an out-of-office reply opens no window
    if (!inbound && !m.is_null(4) && m.text(4) == "failed") continue;  // never reached the customer
    Json e{{"direction", inbound ? "inbound" : "outbound"}, {"kind", "message"},
           {"at", inbound ? data.value("provider_at", m.i64(2)) : m.i64(2)}};
    if (const auto it = token_used.find(m.text(0)); it != token_used.end()) {
      e["reply_token"] = true;
      e["reply_token_used"] = it->second;
    }
    out["history"].push_back(e);
    if (inbound && data.contains("email")) {  // the thread a reply continues
      const Json& em = data["email"];
      Json refs = em.value("references", Json::array());
      if (auto id = str(em, "message_id"); !id.empty()) refs.push_back(id);
      out["email"] = {{"subject", str(em, "subject")}, {"in_reply_to", str(em, "message_id")}, {"references", refs}};
    }
  }
  return out;
}

// ---- outbox -----------------------------------------------------------------------------------

std::vector<OutboxJob> Store::due_outbox(const std::string& channel, std::int64_t now, int limit) {
  auto reader = read();
  sql::Stmt s(*reader,
              "SELECT o.message_id, o.conversation_id, c.visitor_id, o.channel, o.state, o.idempotency_key, o.request, m.seq,"
              " o.attempts, o.parts_done FROM outbox o JOIN conversations c ON c.id = o.conversation_id"
              " JOIN messages m ON m.id = o.message_id"
              " WHERE o.channel = ? AND o.state IN ('queued', 'retry') AND o.next_attempt_at <= ?"
              " AND NOT EXISTS (SELECT 1 FROM outbox e JOIN messages em ON em.id = e.message_id"
              "   WHERE e.conversation_id = o.conversation_id AND e.state IN ('queued', 'retry', 'sending') AND em.seq < m.seq)"
              " ORDER BY o.next_attempt_at, m.seq LIMIT ?");
  s.bind(1, channel).bind(2, now).bind(3, std::int64_t{limit});
  std::vector<OutboxJob> out;
  while (s.step())
    out.push_back(OutboxJob{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), Json::parse(s.text(6)), s.i64(7),
                            static_cast<int>(s.i64(8)), static_cast<int>(s.i64(9))});
  return out;
}

std::optional<std::int64_t> Store::next_outbox_at(const std::string& channel) {
  auto reader = read();
  sql::Stmt s(*reader, "SELECT MIN(next_attempt_at) FROM outbox WHERE channel = ? AND state IN ('queued', 'retry')");
  s.bind(1, channel);
  if (!s.step() || s.is_null(0)) return std::nullopt;
  return s.i64(0);
}

bool Store::outbox_attempt(const OutboxJob& job, std::int64_t now) {
  return write([&] {
    // The claim: only from the state and attempt count the job was read with, so of two
    // instances that read the same due row one sends it and the other skips it.
    sql::Stmt s(db_,
                "UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE message_id = ?"
                " AND state IN ('queued', 'retry') AND attempts = ?");
    s.bind(1, now).bind(2, job.message_id).bind(3, std::int64_t{job.attempts}).run();
    return db_.changes() == 1;
  });
}

void Store::outbox_part_sent(const OutboxJob& job, int part, const std::string& provider_message_id, std::int64_t now) {
  write([&]() -> int {
    sql::Stmt s(db_, "UPDATE outbox SET parts_done = ?, updated_at = ? WHERE message_id = ?");
    s.bind(1, std::int64_t{part + 1}).bind(2, now).bind(3, job.message_id).run();
    if (provider_message_id.empty()) return 0;  // a provider that gives no id (e-mail without one)
    sql::Stmt p(db_, "INSERT INTO provider_ids (channel, provider_message_id, message_id, part) VALUES (?,?,?,?) ON CONFLICT DO NOTHING");
    p.bind(1, job.channel).bind(2, provider_message_id).bind(3, job.message_id).bind(4, std::int64_t{part}).run();
    if (part == 0) {
      sql::Stmt m(db_, "UPDATE messages SET provider_message_id = ? WHERE id = ?");
      m.bind(1, provider_message_id).bind(2, job.message_id).run();
    }
    // Statuses that came before this id was known.
    sql::Stmt w(db_, "SELECT status, error, at FROM pending_statuses WHERE channel = ? AND provider_message_id = ? ORDER BY received_at");
    w.bind(1, job.channel).bind(2, provider_message_id);
    std::vector<std::tuple<std::string, Json, std::int64_t>> waiting;
    while (w.step()) waiting.emplace_back(w.text(0), w.is_null(1) ? Json(nullptr) : Json::parse(w.text(1)), w.i64(2));
    for (const auto& [status, error, at] : waiting) apply_status(job.channel, job.message_id, provider_message_id, status, error, at, now);
    sql::Stmt d(db_, "DELETE FROM pending_statuses WHERE channel = ? AND provider_message_id = ?");
    d.bind(1, job.channel).bind(2, provider_message_id).run();
    return 0;
  });
}

void Store::outbox_settle(const OutboxJob& job, const std::string& state, const Json& error, std::int64_t next_at,
                          std::int64_t now) {
  write([&]() -> int {
    sql::Stmt s(db_, "UPDATE outbox SET state = ?, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE message_id = ?");
    s.bind(1, state);
    if (error.is_null()) s.bind_null(2);
    else s.bind(2, error.dump());
    s.bind(3, next_at).bind(4, now).bind(5, job.message_id).run();
    if (state == "sent") {
      set_delivery(job.message_id, "sent", nullptr, now);
      refresh_delivery(job.message_id, now);  // statuses that arrived while the parts were going out
    } else if (state == "failed" || state == "unknown") {
      set_delivery(job.message_id, state, error, now);
    } else if (state == "retry") {  // still pending: the agent sees why it waits and until when
      sql::Stmt up(db_, "UPDATE messages SET delivery_error = ? WHERE id = ?");
      up.bind(1, error.dump()).bind(2, job.message_id).run();
      append_event(job.conversation_id, job.visitor_id, "delivery",
                   {{"conversation_id", job.conversation_id}, {"message_id", job.message_id}, {"seq", job.seq},
                    {"delivery_status", "pending"}, {"delivery_error", error}, {"attempts", job.attempts + 1},
                    {"next_attempt_at", next_at}, {"at", now}},
                   now);
    }
    return 0;
  });
}

int Store::recover_outbox(const std::function<bool(const OutboxJob&)>& safe, std::int64_t now, std::int64_t stale_before) {
  std::vector<OutboxJob> interrupted;
  {
    auto reader = read();
    sql::Stmt s(*reader,
                "SELECT o.message_id, o.conversation_id, c.visitor_id, o.channel, o.state, o.idempotency_key, o.request, m.seq,"
                " o.attempts, o.parts_done, o.updated_at FROM outbox o JOIN conversations c ON c.id = o.conversation_id"
                " JOIN messages m ON m.id = o.message_id WHERE o.state = 'sending' AND o.updated_at < ?");
    s.bind(1, stale_before);
    while (s.step())
      interrupted.push_back(OutboxJob{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), Json::parse(s.text(6)),
                                      s.i64(7), static_cast<int>(s.i64(8)), static_cast<int>(s.i64(9)), s.i64(10)});
  }
  int recovered = 0;
  for (const auto& job : interrupted) {
    // Claimed like a send: if another instance recovered (or progressed) the row since it was
    // read, it is that instance's now.
    const bool mine = write([&] {
      sql::Stmt s(db_, "UPDATE outbox SET updated_at = ? WHERE message_id = ? AND state = 'sending' AND updated_at = ?");
      s.bind(1, now).bind(2, job.message_id).bind(3, job.updated_at).run();
      return db_.changes() == 1;
    });
    if (!mine) continue;
    ++recovered;
    if (safe(job)) {
      outbox_settle(job, "retry", {{"code", "interrupted"}, {"message", "the relay stopped during the send; resent with the same idempotency key"}},
                    now, now);
    } else {
      outbox_settle(job, "unknown",
                    {{"code", "interrupted"},
                     {"message", "the relay stopped during the send: the provider may or may not have it, and it offers no safe resend"}},
                    now, now);
    }
  }
  return recovered;
}
}  // namespace parley::relay
