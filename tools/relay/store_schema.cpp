// Schema migrations by version (SQLite: PRAGMA user_version; PostgreSQL: table parley_schema):
// each step runs once, in its own write transaction, in order. Append new steps; never edit a
// released one. Written in SQLite's dialect; sql::translate_for_postgres maps the types.
#include "relay/store.h"

namespace parley::relay {
namespace {
const char* const kMigrations[] = {
    // 1: visitors, tokens, conversations, messages, attachments, events.
    R"sql(
CREATE TABLE visitors (
  id TEXT PRIMARY KEY,
  user_id TEXT UNIQUE,              -- verified identity (HMAC checked); NULL for anonymous visitors
  name TEXT, email TEXT,
  verified INTEGER NOT NULL,
  created_at INTEGER NOT NULL);
CREATE TABLE tokens (
  hash TEXT PRIMARY KEY,            -- hex SHA-256 of the bearer token; the token itself is never stored
  visitor_id TEXT NOT NULL REFERENCES visitors(id),
  created_at INTEGER NOT NULL);
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  visitor_id TEXT NOT NULL REFERENCES visitors(id),
  channel TEXT NOT NULL, locale TEXT NOT NULL, status TEXT NOT NULL,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  session_context TEXT NOT NULL,
  last_seq INTEGER NOT NULL DEFAULT 0, last_message_at INTEGER,
  read_seq_agent INTEGER NOT NULL DEFAULT 0, read_seq_visitor INTEGER NOT NULL DEFAULT 0,
  unread_for_agent INTEGER NOT NULL DEFAULT 0, unread_for_visitor INTEGER NOT NULL DEFAULT 0,
  csat TEXT);
CREATE INDEX conversations_by_visitor ON conversations(visitor_id);
CREATE INDEX conversations_by_activity ON conversations(COALESCE(last_message_at, created_at));
CREATE TABLE messages (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  seq INTEGER NOT NULL,
  author_type TEXT NOT NULL, author_id TEXT NOT NULL, author_name TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL,
  attachments TEXT NOT NULL,        -- JSON array of Attachment objects
  masked TEXT NOT NULL,             -- JSON array of {type, replacement}
  UNIQUE (conversation_id, seq),
  UNIQUE (conversation_id, idempotency_key));
CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  owner_type TEXT NOT NULL, owner_id TEXT NOT NULL,
  content_type TEXT NOT NULL, size INTEGER NOT NULL, filename TEXT NOT NULL,
  conversation_id TEXT,             -- set when a message first references it
  created_at INTEGER NOT NULL);
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- the global event sequence (SSE id / Last-Event-ID)
  conversation_id TEXT NOT NULL, visitor_id TEXT NOT NULL,
  type TEXT NOT NULL, data TEXT NOT NULL,
  created_at INTEGER NOT NULL);
CREATE INDEX events_by_visitor ON events(visitor_id, seq);
)sql",
    // 2: an idempotency key is scoped per author within a conversation: an agent's reply that
    // happens to reuse the visitor's key is a new message, not the visitor's duplicate.
    R"sql(
CREATE TABLE messages_v2 (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  seq INTEGER NOT NULL,
  author_type TEXT NOT NULL, author_id TEXT NOT NULL, author_name TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL,
  attachments TEXT NOT NULL,
  masked TEXT NOT NULL,
  UNIQUE (conversation_id, seq),
  UNIQUE (conversation_id, author_type, author_id, idempotency_key));
INSERT INTO messages_v2 (id, conversation_id, seq, author_type, author_id, author_name, text, created_at,
                         idempotency_key, attachments, masked)
  SELECT id, conversation_id, seq, author_type, author_id, author_name, text, created_at,
         idempotency_key, attachments, masked FROM messages;
DROP TABLE messages;
ALTER TABLE messages_v2 RENAME TO messages;
)sql",
    // 3: provider channels (issue 13). A contact is one provider user id on one channel, mapped
    // to a visitor; a conversation of a channel has the provider's thread key. Every provider
    // event is claimed under UNIQUE (channel, dedupe_key) in the transaction that stores what it
    // carries, so a redelivery is stored once. Outbound messages carry their delivery status; an
    // outbox row per accepted send survives restarts; statuses that arrive before their message
    // wait in pending_statuses.
    R"sql(
CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  channel TEXT NOT NULL,
  provider_user_id TEXT NOT NULL,   -- phone, PSID, LINE userId, chat id, OpenID, e-mail address
  visitor_id TEXT NOT NULL REFERENCES visitors(id),
  display_name TEXT,
  opted_out INTEGER NOT NULL DEFAULT 0,  -- the customer sent an opt-out keyword (SMS STOP …)
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  UNIQUE (channel, provider_user_id));
ALTER TABLE conversations ADD COLUMN contact_id TEXT REFERENCES contacts(id);
ALTER TABLE conversations ADD COLUMN thread_key TEXT;  -- the provider's thread; NULL for web chat
CREATE INDEX conversations_by_thread ON conversations(channel, thread_key, created_at);
ALTER TABLE messages ADD COLUMN direction TEXT NOT NULL DEFAULT 'inbound';
UPDATE messages SET direction = CASE author_type WHEN 'visitor' THEN 'inbound' ELSE 'outbound' END;
ALTER TABLE messages ADD COLUMN provider_message_id TEXT;
ALTER TABLE messages ADD COLUMN delivery_status TEXT;  -- outbound on a channel: pending|unknown|sent|failed|delivered|read
ALTER TABLE messages ADD COLUMN delivery_error TEXT;   -- JSON {code, message}
ALTER TABLE messages ADD COLUMN delivery_at INTEGER;
ALTER TABLE messages ADD COLUMN channel_data TEXT;     -- JSON: provider facts (subject, auto_reply, template, attachments …)
CREATE TABLE provider_events (
  channel TEXT NOT NULL,
  dedupe_key TEXT NOT NULL,
  kind TEXT NOT NULL,               -- message | status | event
  message_id TEXT,
  received_at INTEGER NOT NULL,
  UNIQUE (channel, dedupe_key));
CREATE TABLE provider_ids (         -- a provider's message id -> our message (each part of a split send)
  channel TEXT NOT NULL,
  provider_message_id TEXT NOT NULL,
  message_id TEXT NOT NULL REFERENCES messages(id),
  part INTEGER NOT NULL,
  status TEXT, error TEXT, at INTEGER,
  PRIMARY KEY (channel, provider_message_id));
CREATE INDEX provider_ids_by_message ON provider_ids(message_id);
CREATE TABLE pending_statuses (     -- a status whose message is not known yet
  channel TEXT NOT NULL,
  provider_message_id TEXT NOT NULL,
  status TEXT NOT NULL, error TEXT, at INTEGER,
  received_at INTEGER NOT NULL);
CREATE INDEX pending_statuses_by_id ON pending_statuses(channel, provider_message_id);
CREATE TABLE reply_tokens (         -- LINE: single use, valid about a minute after the webhook
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  message_id TEXT NOT NULL REFERENCES messages(id),  -- the message whose webhook carried it
  token TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  used_at INTEGER);
CREATE INDEX reply_tokens_by_conversation ON reply_tokens(conversation_id, received_at);
CREATE TABLE outbox (
  message_id TEXT PRIMARY KEY REFERENCES messages(id),
  conversation_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  state TEXT NOT NULL,              -- queued | sending | retry | sent | failed | unknown
  request TEXT NOT NULL,            -- JSON: what channels.outbound needs besides the account and the time
  idempotency_key TEXT NOT NULL,    -- the provider's retry key (LINE X-Line-Retry-Key), fixed at acceptance
  attempts INTEGER NOT NULL DEFAULT 0,
  parts_done INTEGER NOT NULL DEFAULT 0,  -- a split text: parts already accepted are never sent again
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
)sql",
    // 4: self-service (issue 15). The bot's state per conversation (automation.decide's `state`),
    // the last customer message it has acted on, and its latest decision for the agent's view.
    R"sql(
CREATE TABLE automation (
  conversation_id TEXT PRIMARY KEY REFERENCES conversations(id),
  state TEXT NOT NULL,              -- JSON: automation.decide's state
  last_seq INTEGER NOT NULL,        -- the customer's messages up to here have been decided
  action TEXT NOT NULL,             -- answer | flow | prequalify | handoff
  rule TEXT NOT NULL,
  reason TEXT NOT NULL,             -- JSON {code, params, text}
  handoff TEXT,                     -- JSON: the hand-off packet, once a person has it
  answered_at INTEGER,              -- an answer awaiting confirmation (automation.settle resolves it)
  updated_at INTEGER NOT NULL);
CREATE INDEX automation_unconfirmed ON automation(answered_at) WHERE answered_at IS NOT NULL;
)sql",
    // 5: WeCom 微信客服 delivers messages by pull (kf/sync_msg): the cursor per KF account moves in the
    // same transaction that stores what the pull brought, so a crash re-pulls and the msgid claims
    // in provider_events absorb the repeat.
    R"sql(
CREATE TABLE provider_cursors (
  channel TEXT NOT NULL,
  account TEXT NOT NULL,            -- WeCom: the open_kfid
  cursor TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (channel, account));
)sql",
    // 6: a WeCom callback is acknowledged before its pull runs: the request to pull is written first,
    // so a relay killed in between pulls again when it starts (WeCom does not resend the callback).
    R"sql(
CREATE TABLE provider_pulls (
  channel TEXT NOT NULL,
  account TEXT NOT NULL,            -- WeCom: the open_kfid
  sync_token TEXT NOT NULL,         -- the callback's Token ("" when none)
  requested_at INTEGER NOT NULL,
  PRIMARY KEY (channel, account));
)sql",
    // 7: what the knowledge base learnt: a customer's question and the article the customer
    // confirmed answered it (written with the decision that confirmed it; removed when the
    // customer comes back about the same issue). Agents' material, never served publicly.
    R"sql(
CREATE TABLE kb_learnt (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  text TEXT NOT NULL,
  article_id TEXT NOT NULL,
  created_at INTEGER NOT NULL);
CREATE INDEX kb_learnt_by_conversation ON kb_learnt(conversation_id, seq);
)sql",
};
}  // namespace

void Store::migrate() {
  if (!db_.postgres()) {
    db_.exec("PRAGMA journal_mode=WAL");
    db_.exec("PRAGMA synchronous=FULL");  // a 201 means the message survives a power cut
    db_.exec("PRAGMA foreign_keys=ON");
  }
  const auto known = static_cast<std::int64_t>(std::size(kMigrations));
  for (;;) {
    // The version is read inside the write transaction: two relays starting at once on one
    // PostgreSQL database take turns, and the second sees the first one's steps as done.
    sql::Transaction t(db_);
    const auto have = db_.schema_version();
    if (have > known)
      throw std::runtime_error("database schema version " + std::to_string(have) + " is newer than this relay (" +
                               std::to_string(known) + ")");
    if (have == known) {
      t.commit();
      return;
    }
    db_.exec(kMigrations[have]);
    db_.set_schema_version(have + 1);
    t.commit();
  }
}
}  // namespace parley::relay
