// The relay's durable state in SQLite (WAL, synchronous=FULL): visitors and their tokens,
// conversations, messages, attachments' metadata, and the event log that SSE streams replay.
// Every public method is one transaction under one mutex, so a failure leaves nothing half-written
// and events are published to the hub in commit order.
#pragma once
#include "parley/api.h"
#include "relay/event_hub.h"
#include "relay/sqlite.h"

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace parley::relay {

struct Author {
  std::string type;  // visitor | agent | system
  std::string id;
  std::string name;
};

struct NewVisitor {
  std::optional<std::string> user_id;  // verified identity only
  std::optional<std::string> name;
  std::optional<std::string> email;
};

struct ConversationRef {  // what authorisation needs to know about a conversation
  std::string id;
  std::string visitor_id;
  std::string status;
  std::int64_t last_seq = 0;
};

struct AttachmentMeta {
  std::string id;
  std::string owner_type;
  std::string owner_id;
  std::string content_type;
  std::int64_t size = 0;
  std::string filename;
  std::optional<std::string> conversation_id;
};

class Store {
 public:
  Store(const std::string& path, EventHub& hub);

  // Visitors and tokens (only SHA-256 of a token is stored).
  Json create_visitor(const NewVisitor& v, const std::string& token_hash, std::int64_t now);
  std::optional<std::string> visitor_for_token(const std::string& token_hash);
  Json visitor(const std::string& id);
  Json update_visitor(const std::string& id, const std::optional<std::string>& name, const std::optional<std::string>& email);

  // Conversations.
  Json create_conversation(const std::string& visitor_id, const std::string& channel, const std::string& locale,
                           const Json& session_context, std::int64_t now);
  std::optional<ConversationRef> conversation_ref(const std::string& id);
  Json conversation(const std::string& id);
  // visitor_id empty: every conversation (the agent inbox). Newest activity first.
  Json list_conversations(const std::string& visitor_id, const std::optional<std::string>& status, int limit);
  Json update_context(const ConversationRef& c, const Json& session_context, std::int64_t now);
  Json set_status(const ConversationRef& c, const std::string& status, std::int64_t now);
  Json set_csat(const ConversationRef& c, int score, const std::optional<std::string>& comment, std::int64_t now);
  Json mark_read(const ConversationRef& c, const std::string& side, std::int64_t seq, std::int64_t now);

  // Messages: `duplicate` is set when the idempotency key was already used in this conversation.
  struct Posted { Json message; bool duplicate; };
  Posted post_message(const ConversationRef& c, const Author& author, const std::string& idempotency_key,
                      const std::string& text, const std::vector<std::string>& attachment_ids, const Json& masked,
                      std::int64_t now);
  Json messages(const std::string& conversation_id, std::int64_t after, int limit, bool& has_more);

  // Attachments (bytes live in files; see attachments.cpp).
  void add_attachment(const AttachmentMeta& a, std::int64_t now);
  std::optional<AttachmentMeta> attachment(const std::string& id);

  // Durable events after `after_seq`, oldest first; for a visitor, only their conversations'.
  std::vector<Event> events_after(std::int64_t after_seq, const std::string& visitor_id,
                                  const std::string& conversation_id, int limit);

  std::int64_t last_event_seq();
  std::int64_t message_count();

 private:
  void migrate();
  void append_event(const std::string& conversation_id, const std::string& visitor_id, const std::string& type,
                    const Json& data, std::int64_t now);
  void flush_events();  // after COMMIT: hand the transaction's events to the hub
  Json conversation_locked(const std::string& id);
  Json message_json(sql::Stmt& s);
  Json attachments_json(const std::string& ids_json);

  std::mutex mutex_;
  sql::Db db_;
  EventHub& hub_;
  std::vector<Event> pending_;  // appended in the current transaction, published after commit
};
}  // namespace parley::relay
