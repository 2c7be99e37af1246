// Schema migrations by version (PRAGMA user_version): each step runs once, in its own
// transaction, in order. Append new steps; never edit a released one.
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
};
}  // namespace

void Store::migrate() {
  db_.exec("PRAGMA journal_mode=WAL");
  db_.exec("PRAGMA synchronous=FULL");  // a 201 means the message survives a power cut
  db_.exec("PRAGMA foreign_keys=ON");
  const auto have = db_.user_version();
  const auto known = static_cast<std::int64_t>(std::size(kMigrations));
  if (have > known)
    throw std::runtime_error("database schema version " + std::to_string(have) + " is newer than this relay (" +
                             std::to_string(known) + ")");
  for (auto v = have; v < known; ++v) {
    sql::Transaction t(db_);
    db_.exec(kMigrations[v]);
    db_.exec("PRAGMA user_version=" + std::to_string(v + 1));
    t.commit();
  }
}
}  // namespace parley::relay
