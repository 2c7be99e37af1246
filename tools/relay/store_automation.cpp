// Self-service in the store (see store.h): the bot's state per conversation, the customer's
// messages it has not decided yet, and each decision written with its reply in one durable write,
// so a crash never leaves a reply without the state that produced it (or the reverse).
#include "relay/store.h"

#include <algorithm>

namespace parley::relay {
Json Store::automation(const std::string& conversation_id) {
  auto reader = read();
  sql::Stmt s(*reader, "SELECT state, last_seq FROM automation WHERE conversation_id = ?");
  s.bind(1, conversation_id);
  if (!s.step()) return nullptr;
  return Json{{"state", Json::parse(s.text(0))}, {"last_seq", s.i64(1)}};
}

Json Store::customer_messages_after(const std::string& conversation_id, std::int64_t after_seq) {
  auto reader = read();
  sql::Stmt s(*reader,
              "SELECT id, seq, text, channel_data, created_at FROM messages"
              " WHERE conversation_id = ? AND author_type = 'visitor' AND seq > ? ORDER BY seq LIMIT 50");
  s.bind(1, conversation_id).bind(2, after_seq);
  Json out = Json::array();
  while (s.step()) {
    Json m{{"id", s.text(0)}, {"seq", s.i64(1)}, {"text", s.text(2)}, {"created_at", s.i64(4)}};
    if (!s.is_null(3)) m["channel_data"] = Json::parse(s.text(3));
    out.push_back(std::move(m));
  }
  return out;
}

bool Store::agent_has_written(const std::string& conversation_id) {
  auto reader = read();
  sql::Stmt s(*reader, "SELECT 1 FROM messages WHERE conversation_id = ? AND author_type = 'agent' LIMIT 1");
  s.bind(1, conversation_id);
  return s.step();
}

Json Store::record_automation(const ConversationRef& c, const Json& state, std::int64_t last_seq, const Json& decision,
                              const Author& bot, const Json& reply, std::int64_t now, const OutboundPlanner* planner,
                              std::int64_t read_last_seq) {
  return write([&]() -> Json {
    {  // Several relays share the store: the decision stands only on the state it was made from.
      sql::Stmt cur(db_, "SELECT last_seq FROM automation WHERE conversation_id = ?");
      cur.bind(1, c.id);
      const std::int64_t stored = cur.step() ? cur.i64(0) : -1;
      if (stored != read_last_seq)
        throw DecidedElsewhere("conversation " + c.id + ": decided up to " + std::to_string(stored) + " elsewhere (read " +
                               std::to_string(read_last_seq) + ")");
    }
    const Json answered = state.value("answered", Json());
    sql::Stmt up(db_,
                 "INSERT INTO automation (conversation_id, state, last_seq, action, rule, reason, handoff, answered_at, updated_at)"
                 " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9) ON CONFLICT(conversation_id) DO UPDATE SET state = ?2, last_seq = ?3,"
                 " action = ?4, rule = ?5, reason = ?6, handoff = COALESCE(?7, automation.handoff), answered_at = ?8, updated_at = ?9");
    up.bind(1, c.id).bind(2, state.dump()).bind(3, last_seq).bind(4, decision.value("action", "")).bind(5, decision.value("rule", ""))
        .bind(6, decision.value("reason", Json::object()).dump());
    if (decision.contains("handoff") && decision["handoff"].is_object()) up.bind(7, decision["handoff"].dump());
    else up.bind_null(7);
    if (answered.is_object() && answered.contains("at")) up.bind(8, static_cast<std::int64_t>(answered["at"].get<double>()));
    else up.bind_null(8);
    up.bind(9, now).run();

    Json message = nullptr;
    if (reply.is_object() && reply.contains("text")) {
      const std::string key = "bot:" + std::to_string(last_seq) + ":" + decision.value("rule", "");
      const Json bot_data{{"bot", reply.value("bot", Json::object())}};
      if (planner) {
        Json plan;
        try {
          plan = (*planner)(channel_context_locked(db_, c.id));
        } catch (const std::exception& e) {
          plan = nullptr;  // the channel refuses now (window, consent): the decision stands, nothing is sent
          append_event(c.id, "", "automation.unsent", {{"conversation_id", c.id}, {"error", e.what()}}, now);
        }
        if (!plan.is_null()) {
          Json data = plan.value("channel_data", Json::object());
          data.update(bot_data);
          message = insert_message(c, bot, key, reply["text"].get<std::string>(), Json::array(), Json::array(), now,
                                   {{"delivery_status", "pending"}, {"channel_data", data}});
          queue_send(c, message["id"].get<std::string>(), plan, now);
        }
      } else {
        message = insert_message(c, bot, key, reply["text"].get<std::string>(), Json::array(), Json::array(), now, {{"channel_data", bot_data}});
      }
    }
    // The knowledge history: a confirmed article and its question are learnt; a return about the
    // same issue takes the conversation's latest one back.
    for (const auto& e : decision.value("events", Json::array())) {
      const std::string type = e.value("type", "");
      if (type == "automation.resolved" && e.value("how", "") == "confirmed" && e.contains("article") && e["article"].is_string() &&
          e.contains("question") && e["question"].is_string()) {
        learn(c.id, e["question"].get<std::string>(), e["article"].get<std::string>(), now);
      } else if (type == "automation.reopened" && e.contains("article")) {
        sql::Stmt del(db_, "DELETE FROM kb_learnt WHERE seq = (SELECT MAX(seq) FROM kb_learnt WHERE conversation_id = ?)");
        del.bind(1, c.id).run();
      }
    }
    Json event = decision;
    event["conversation_id"] = c.id;
    if (!message.is_null()) event["message_id"] = message["id"];
    append_event(c.id, "", "automation", event, now);  // agents only: the packet quotes the case's internals
    // The bot answered: the case waits on the customer; handed off: on a person again.
    const bool handoff = decision.value("action", "") == "handoff";
    if (!handoff || (decision.contains("handoff") && decision["handoff"].is_object())) {
      sql::Stmt cur(db_, "SELECT status FROM conversations WHERE id = ?");
      cur.bind(1, c.id);
      const std::string previous = cur.step() ? cur.text(0) : "";
      const std::string status = handoff ? "waiting_on_agent" : "waiting_on_customer";
      if (!previous.empty() && previous != status && previous != "resolved") {
        sql::Stmt st(db_, "UPDATE conversations SET status = ?, updated_at = ? WHERE id = ?");
        st.bind(1, status).bind(2, now).bind(3, c.id).run();
        append_event(c.id, c.visitor_id, "status", {{"conversation_id", c.id}, {"status", status}, {"previous", previous}}, now);
      }
    }
    return message;
  });
}

std::vector<std::string> Store::unconfirmed_answers(std::int64_t before, int limit) {
  auto reader = read();
  sql::Stmt s(*reader, "SELECT conversation_id FROM automation WHERE answered_at IS NOT NULL AND answered_at < ? ORDER BY answered_at LIMIT ?");
  s.bind(1, before).bind(2, std::int64_t{limit});
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

void Store::learn(const std::string& conversation_id, const std::string& text, const std::string& article_id, std::int64_t now) {
  sql::Stmt ins(db_, "INSERT INTO kb_learnt (conversation_id, text, article_id, created_at) VALUES (?,?,?,?)");
  ins.bind(1, conversation_id).bind(2, text).bind(3, article_id).bind(4, now).run();
}

Json Store::learnt_history(int limit) {
  auto reader = read();
  sql::Stmt s(*reader, "SELECT text, article_id, seq, conversation_id FROM kb_learnt ORDER BY seq DESC LIMIT ?");
  s.bind(1, std::int64_t{limit});
  Json out = Json::array();
  while (s.step())
    out.push_back(Json{{"text", s.text(0)}, {"article_id", s.text(1)}, {"learnt_id", s.i64(2)}, {"conversation_id", s.text(3)}});
  std::reverse(out.begin(), out.end());
  return out;
}

bool Store::forget_learnt(std::int64_t learnt_id) {
  return write([&]() -> bool {
    sql::Stmt d(db_, "DELETE FROM kb_learnt WHERE seq = ?");
    d.bind(1, learnt_id).run();
    return db_.changes() > 0;
  });
}

std::string Store::learnt_version() {
  auto reader = read();
  sql::Stmt s(*reader, "SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM kb_learnt");
  return s.step() ? std::to_string(s.i64(0)) + ":" + std::to_string(s.i64(1)) : "0:0";
}

std::vector<std::string> Store::conversations_awaiting_automation(std::int64_t since, int limit) {
  auto reader = read();
  // The state is JSON text: each engine reads its handed_off flag its own way.
  sql::Stmt s(*reader, reader->postgres()
                            ? "SELECT c.id FROM conversations c LEFT JOIN automation a ON a.conversation_id = c.id"
                              " WHERE c.last_message_at >= ? AND c.status <> 'resolved'"
                              " AND NOT COALESCE((a.state::jsonb ->> 'handed_off')::boolean, false)"
                              " AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.author_type = 'visitor'"
                              " AND m.seq > COALESCE(a.last_seq, 0)) ORDER BY c.last_message_at LIMIT ?"
                            : "SELECT c.id FROM conversations c LEFT JOIN automation a ON a.conversation_id = c.id"
                              " WHERE c.last_message_at >= ? AND c.status <> 'resolved'"
                              " AND COALESCE(json_extract(a.state, '$.handed_off'), 0) = 0"
                              " AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.author_type = 'visitor'"
                              " AND m.seq > COALESCE(a.last_seq, 0)) ORDER BY c.last_message_at LIMIT ?");
  s.bind(1, since).bind(2, std::int64_t{limit});
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}
}  // namespace parley::relay
