// The relay's durable state in SQLite (WAL, synchronous=FULL): visitors and their tokens,
// conversations, messages, attachments' metadata, and the event log that SSE streams replay.
//
// Writes use group commit: each write runs in its own SAVEPOINT inside a shared transaction, and
// the last of the writers queued at that moment COMMITs for all of them (one fsync for the batch,
// at most kMaxBatch writes). A write returns only after its batch is durable; a failing write is
// rolled back to its savepoint without touching the others. Events reach the hub after COMMIT, in
// commit order. Reads use a second connection (WAL lets it run during a commit's fsync) and
// see only committed data.
#pragma once
#include "parley/api.h"
#include "relay/event_hub.h"
#include "relay/sqlite.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
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

  // Messages: `duplicate` is set when this author already used the idempotency key in this conversation.
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
  // Group-commit figures: COMMITs made and writes they carried.
  std::uint64_t commits() const { return commits_; }
  std::uint64_t committed_writes() const { return committed_writes_; }

 private:
  void migrate();
  template <class F>
  auto write(F&& fn) -> decltype(fn());
  void commit_batch();
  void append_event(const std::string& conversation_id, const std::string& visitor_id, const std::string& type,
                    const Json& data, std::int64_t now);
  void flush_events();  // after COMMIT: hand the transaction's events to the hub
  Json conversation_locked(sql::Db& db, const std::string& id);
  Json message_json(sql::Stmt& s);
  Json attachments_json(const std::string& ids_json);

  std::mutex mutex_;  // the writer connection and the batch state
  sql::Db db_;
  EventHub& hub_;
  std::mutex read_mutex_;
  std::unique_ptr<sql::Db> reader_;
  std::vector<Event> pending_;  // appended in the current batch, published after its commit

  static constexpr int kMaxBatch = 64;
  std::condition_variable committed_cv_;
  std::atomic<int> arrivals_{0};  // writers waiting for the mutex: they will join the open batch
  bool tx_open_ = false;
  int batch_size_ = 0;
  std::uint64_t batch_ = 0, committed_ = 0, failed_ = 0;
  std::string failure_;
  std::atomic<std::uint64_t> commits_{0}, committed_writes_{0};
};

template <class F>
auto Store::write(F&& fn) -> decltype(fn()) {
  ++arrivals_;
  std::unique_lock lock(mutex_);
  --arrivals_;
  if (!tx_open_) {
    db_.exec("BEGIN IMMEDIATE");
    tx_open_ = true;
    ++batch_;
    batch_size_ = 0;
  }
  const auto mine = batch_;
  const auto events_before = pending_.size();
  std::optional<decltype(fn())> result;
  std::exception_ptr error;
  db_.exec("SAVEPOINT one_write");
  try {
    result.emplace(fn());
    db_.exec("RELEASE one_write");
    ++batch_size_;
  } catch (...) {
    error = std::current_exception();
    db_.exec("ROLLBACK TO one_write");
    db_.exec("RELEASE one_write");
    pending_.resize(events_before);
  }
  if (arrivals_ > 0 && batch_size_ < kMaxBatch) {
    committed_cv_.wait(lock, [&] { return committed_ >= mine; });
  } else {
    commit_batch();
  }
  if (error) std::rethrow_exception(error);
  if (failed_ == mine) throw std::runtime_error("commit failed: " + failure_);
  return std::move(*result);
}
}  // namespace parley::relay
