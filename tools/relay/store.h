// The relay's durable state: visitors and their tokens, conversations, messages, attachments'
// metadata, and the event log that SSE streams replay. In SQLite (WAL, synchronous=FULL; the
// embedded default, one relay) or in PostgreSQL (several relays on one database; sql.h).
//
// Writes use group commit: each write runs in its own SAVEPOINT inside a shared transaction, and
// the last of the writers queued at that moment COMMITs for all of them (one fsync for the batch,
// at most kMaxBatch writes). A write returns only after its batch is durable; a failing write is
// rolled back to its savepoint without touching the others. SQLite: events reach the hub after
// COMMIT, in commit order. PostgreSQL: the batch NOTIFYs before its COMMIT and every instance's
// EventFeed (event_feed.h) reads the log and publishes, so all instances publish the same events
// in the same (seq) order. Reads use other connections (SQLite: one, which WAL lets run during a commit's
// fsync; PostgreSQL: up to kMaxReaders, a read being a round trip) and see only committed data.
#pragma once
#include "parley/api.h"
#include "relay/event_hub.h"
#include "relay/sql.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
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
  std::string channel;
};

// An agent's send on a provider channel, decided inside the write (store_channels.cpp): `plan`
// gets the conversation's channel context read in the same transaction (contact, history, LINE
// reply token, e-mail thread) and returns {request, channel_data, reply_token?} or throws
// HttpError (the send is refused; nothing is stored).
using OutboundPlanner = std::function<Json(const Json& context)>;

// A provider's media that a stored inbound message names and the relay has still to fetch
// (WeCom media/get): the message says "pending" in channel_data.media until it is fetched.
struct InboundMedia {
  std::string message_id, conversation_id, media_id;
  std::string kind;  // image | audio | video | file (the message's attachment type)
  int attempts = 0;  // rounds of fetching that failed and may heal (channel_data.media.attempts)
};

// What a webhook brought, after the durable write.
struct Ingested {
  int received = 0;    // items newly stored (messages, statuses, other events)
  int duplicates = 0;  // items whose dedupe key was already claimed (redeliveries)
  std::vector<std::string> conversations;  // where a customer's new message waits for self-service
  std::vector<InboundMedia> media;         // media of the new messages, to fetch
};

// An outbox row the worker acts on.
struct OutboxJob {
  std::string message_id, conversation_id, visitor_id, channel, state, idempotency_key;
  Json request;
  std::int64_t seq = 0;
  int attempts = 0, parts_done = 0;
  std::int64_t updated_at = 0;  // a "sending" row: when its attempt began (or last accepted a part)
};

// Self-service: another relay instance decided this conversation's messages since the caller read
// its state (Store::record_automation); the caller drops its decision, nothing is stored.
struct DecidedElsewhere : std::runtime_error {
  using std::runtime_error::runtime_error;
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
Json attachment_json(const AttachmentMeta& a);  // as messages list it: {id, url, content_type, size, filename}

class Store {
 public:
  // `where`: a SQLite file path, or a postgres:// URI (sql.h).
  Store(const std::string& where, EventHub& hub);
  const std::string& where() const { return where_; }
  // Several relays may share this store (PostgreSQL): events come from the EventFeed, outbox rows
  // are claimed, ambiguous sends are recovered only after a lease.
  bool shared() const { return db_.postgres(); }

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
  // With `planner` (a provider channel), the message is outbound with an outbox row in the same
  // transaction, or nothing is stored when the planner refuses. `channel_data`: facts kept with a
  // visitor's message (the quick reply it picked). `cites_article`: an agent's reply that answers
  // with that knowledge-base article (Assist's citation): the customer's latest message and the
  // article are learnt (kb_learnt), once, in the same write.
  Posted post_message(const ConversationRef& c, const Author& author, const std::string& idempotency_key,
                      const std::string& text, const std::vector<std::string>& attachment_ids, const Json& masked,
                      std::int64_t now, const OutboundPlanner* planner = nullptr, const Json& channel_data = nullptr,
                      const std::string& cites_article = "");

  // Provider channels (store_channels.cpp). `items` is channels.inbound's answer (messages and
  // events), each item claimed by its dedupe key; all of it in one durable write.
  // `cursor` ({account, cursor}) is a pull's next position, saved in the same write.
  Ingested ingest(const std::string& channel, const Json& inbound, std::int64_t now, const Json& cursor = nullptr);
  // The saved pull position of a channel's account ("" before the first pull).
  std::string pull_cursor(const std::string& channel, const std::string& account);
  // Pulls a callback asked for (durable before the callback is answered), until the pull is done:
  // request_pull records one (the newest sync token wins), pull_done forgets it unless a newer
  // request came after `started_at`, pending_pulls lists (account, sync_token) to redo at start.
  void request_pull(const std::string& channel, const std::string& account, const std::string& sync_token, std::int64_t now);
  void pull_done(const std::string& channel, const std::string& account, std::int64_t started_at);
  std::vector<std::pair<std::string, std::string>> pending_pulls(const std::string& channel);
  // The end of a media fetch: the bytes' attachment `a` (its file already written durably) joins
  // the message, or `error` {code, message} is kept as channel_data.media_error; either way the
  // message stops being pending and a "media" event tells the console.
  void media_fetched(const InboundMedia& m, const std::optional<AttachmentMeta>& a, const Json& error, std::int64_t now);
  // A reply token (LINE's, Kakao's callbackUrl) answered some other way: no send may use it now.
  void spend_reply_token(const std::string& conversation_id, const std::string& token, std::int64_t now);
  // A round of fetching failed in a way that may heal (no answer, 5xx, provider busy): the message
  // stays pending with channel_data.media {attempts, next_at, last_error} until the sweep tries again.
  void media_retry_later(const InboundMedia& m, int attempts, std::int64_t next_at, const Json& last_error);
  // Pending media: every one (`due_by` null: what a crash or a stop left, fetched at start), or
  // only those waiting for a retry whose next_at is at most `due_by` (the sweep).
  std::vector<InboundMedia> pending_media(const std::string& channel, std::optional<std::int64_t> due_by = std::nullopt);
  // The channel context of a conversation (what the planner gets), from committed data.
  Json channel_context(const std::string& conversation_id);

  // Self-service (store_automation.cpp). The bot's state of a conversation: {state, last_seq}, or
  // null before its first decision.
  Json automation(const std::string& conversation_id);
  // The customer's messages after `after_seq` (what the bot has not decided yet), oldest first.
  Json customer_messages_after(const std::string& conversation_id, std::int64_t after_seq);
  // Whether a person (an agent) has written in the conversation: the bot then stays out of it.
  bool agent_has_written(const std::string& conversation_id);
  // One decision, in one durable write: the bot's new state, its reply (a message from the
  // workspace's bot; on a provider channel through the outbox when `planner` is given, or not at
  // all when the planner refuses) and an agents-only "automation" event. Returns the reply or null.
  // `read_last_seq`: the bot's last_seq the caller decided from (-1: no state yet); when the stored
  // one differs, another instance decided meanwhile and DecidedElsewhere is thrown.
  Json record_automation(const ConversationRef& c, const Json& state, std::int64_t last_seq, const Json& decision,
                         const Author& bot, const Json& reply, std::int64_t now, const OutboundPlanner* planner,
                         std::int64_t read_last_seq);
  // Open conversations with a customer message since `since` that the bot has not decided yet.
  std::vector<std::string> conversations_awaiting_automation(std::int64_t since, int limit);
  // Conversations whose automatic answer has waited for confirmation since before `before`.
  std::vector<std::string> unconfirmed_answers(std::int64_t before, int limit);
  // What the knowledge base learnt from confirmed answers (record_automation keeps them): the
  // newest `limit` as [{text, article_id}], oldest first; and a version that changes whenever one
  // is added or taken back (the self-service index is rebuilt on it).
  Json learnt_history(int limit);  // each also with its learnt_id and conversation_id
  std::string learnt_version();
  // An agent removes a wrongly learnt pair; false when there is no such one.
  bool forget_learnt(std::int64_t learnt_id);

  // Outbox (outbox.cpp drives it).
  // Due rows of one channel, oldest first; a row waits while an earlier reply of its conversation
  // is still queued, retrying or sending, so replies reach the customer in the order they were written.
  std::vector<OutboxJob> due_outbox(const std::string& channel, std::int64_t now, int limit);
  std::optional<std::int64_t> next_outbox_at(const std::string& channel);
  // Claims the row (state sending, attempts + 1), durable before the request. False when it is no
  // longer this job's to send: another instance claimed it first (the row moved on since it was read).
  bool outbox_attempt(const OutboxJob& job, std::int64_t now);
  // One part accepted by the provider: its id mapped to the message (statuses that waited apply now).
  void outbox_part_sent(const OutboxJob& job, int part, const std::string& provider_message_id, std::int64_t now);
  // The end of an attempt: "sent" (every part accepted), "retry" (at next_at), "failed" or "unknown".
  void outbox_settle(const OutboxJob& job, const std::string& state, const Json& error, std::int64_t next_at, std::int64_t now);
  // Rows left "sending" by a crash are ambiguous; `safe(job)` says whether they may be resent.
  // Only rows whose attempt began before `stale_before` (SQLite at start: every row, nothing else
  // sends; shared: after a lease, since another live instance may be sending it right now).
  int recover_outbox(const std::function<bool(const OutboxJob&)>& safe, std::int64_t now, std::int64_t stale_before);
  Json messages(const std::string& conversation_id, std::int64_t after, int limit, bool& has_more);

  // Attachments (bytes live in files; see attachments.cpp).
  void add_attachment(const AttachmentMeta& a, std::int64_t now);
  std::optional<AttachmentMeta> attachment(const std::string& id);

  // Durable events after `after_seq`, oldest first; for a visitor, only their conversations'.
  std::vector<Event> events_after(std::int64_t after_seq, const std::string& visitor_id,
                                  const std::string& conversation_id, int limit);

  std::int64_t last_event_seq();
  // The metrics' events (conversation, message, status, csat) in log order, on a connection of
  // the call's own (a long export never holds up the other reads).
  void each_event(const std::function<void(const std::string& conversation_id, std::int64_t at, const std::string& type,
                                            const std::string& data)>& fn);
  std::int64_t message_count();
  // Group-commit figures: COMMITs made and writes they carried.
  std::uint64_t commits() const { return commits_; }
  std::uint64_t committed_writes() const { return committed_writes_; }

 private:
  void migrate();
  template <class F>
  auto write(F&& fn) -> decltype(fn());
  void commit_batch(bool broken);
  void append_event(const std::string& conversation_id, const std::string& visitor_id, const std::string& type,
                    const Json& data, std::int64_t now);
  void flush_events();  // after COMMIT: hand the transaction's events to the hub
  Json conversation_locked(sql::Connection& db, const std::string& id);
  struct ConversationPosition { std::int64_t last_seq = 0; std::string status; };
  Json insert_message(const ConversationRef& c, const Author& author, const std::string& key, const std::string& text,
                      const Json& attachments, const Json& masked, std::int64_t now, const Json& extra,
                      const ConversationPosition* at = nullptr);
  Json channel_context_locked(sql::Connection& db, const std::string& conversation_id);
  void apply_status(const std::string& channel, const std::string& message_id, const std::string& provider_message_id,
                    const std::string& status, const Json& error, std::int64_t at, std::int64_t now);
  void refresh_delivery(const std::string& message_id, std::int64_t now);
  void set_delivery(const std::string& message_id, const std::string& status, const Json& error, std::int64_t now);
  Json message_locked(sql::Connection& db, const std::string& id);
  void queue_send(const ConversationRef& c, const std::string& message_id, const Json& plan, std::int64_t now);
  // One knowledge-history pair, in the caller's write (a confirmation, an agent's citation).
  void learn(const std::string& conversation_id, const std::string& text, const std::string& article_id, std::int64_t now);
  Json message_json(sql::Stmt& s);
  Json attachments_json(const std::string& ids_json);

  std::string where_;
  std::mutex mutex_;  // the writer connection and the batch state
  std::unique_ptr<sql::Connection> writer_;
  sql::Connection& db_;  // *writer_
  EventHub& hub_;
  // Read connections, lent one per read (see read()).
  class ReadLease {
   public:
    ReadLease(Store& store, std::unique_ptr<sql::Connection> c) : store_(&store), c_(std::move(c)) {}
    ReadLease(ReadLease&& o) noexcept = default;
    ReadLease& operator=(ReadLease&&) = delete;
    ~ReadLease();
    sql::Connection& operator*() { return *c_; }
    sql::Connection* operator->() { return c_.get(); }

   private:
    Store* store_;
    std::unique_ptr<sql::Connection> c_;
  };
  ReadLease read();
  static constexpr std::size_t kMaxReaders = 8;
  std::mutex read_mutex_;
  std::condition_variable read_cv_;
  std::vector<std::unique_ptr<sql::Connection>> idle_readers_;
  std::size_t open_readers_ = 0;
  std::vector<Event> pending_;  // appended in the current batch, published after its commit

  static constexpr int kMaxBatch = 64;
  std::condition_variable committed_cv_;
  std::atomic<int> arrivals_{0};  // writers waiting for the mutex: they will join the open batch
  bool tx_open_ = false;
  bool release_pending_ = false;  // the last write's savepoint is still open (released by the next write or COMMIT)
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
    db_.begin_write();  // may throw (the database is unreachable): nothing is open yet
    tx_open_ = true;
    ++batch_;
    batch_size_ = 0;
  }
  const auto mine = batch_;
  const auto events_before = pending_.size();
  std::optional<decltype(fn())> result;
  std::exception_ptr error;
  bool broken = false;  // the savepoint itself failed (a dropped connection): the batch is lost
  try {
    // The previous write's savepoint is released and this one's begun on the way to this write's
    // first statement (PostgreSQL: in its round trip); COMMIT releases the last one. A failure
    // there fails that statement, whose rollback to the savepoint then fails: the batch is lost.
    if (release_pending_) db_.defer("RELEASE one_write");
    db_.defer("SAVEPOINT one_write");
    release_pending_ = false;
    try {
      result.emplace(fn());
      release_pending_ = true;
      ++batch_size_;
    } catch (...) {
      error = std::current_exception();
      pending_.resize(events_before);
      db_.exec("ROLLBACK TO one_write; RELEASE one_write");
    }
  } catch (...) {
    if (!error) error = std::current_exception();
    broken = true;
  }
  if (!broken && arrivals_ > 0 && batch_size_ < kMaxBatch) {
    committed_cv_.wait(lock, [&] { return committed_ >= mine; });
  } else {
    commit_batch(broken);
  }
  if (error) std::rethrow_exception(error);
  if (failed_ == mine) throw std::runtime_error("commit failed: " + failure_);
  return std::move(*result);
}
}  // namespace parley::relay
