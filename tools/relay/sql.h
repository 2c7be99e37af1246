// The relay's SQL seam: one connection to SQLite (the embedded default, sql_sqlite.cpp) or to
// PostgreSQL through libpq (sql_postgres.cpp), chosen by where the store lives. The Store writes
// its SQL once in SQLite's dialect (`?`/`?N` parameters); translate_for_postgres maps what differs.
// Where the engines truly differ the caller passes two literals, chosen by postgres().
//
// Not thread-safe by itself: the Store serialises every use of a connection behind its mutex.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace parley::relay::sql {

// A prepared statement: bind (1-based), step through the rows, read columns (0-based).
class Statement {
 public:
  virtual ~Statement() = default;
  virtual void bind(int index, std::int64_t value) = 0;
  virtual void bind(int index, const std::string& value) = 0;
  virtual void bind_null(int index) = 0;
  virtual bool step() = 0;  // true while a row is available
  virtual std::int64_t i64(int column) const = 0;
  virtual std::string text(int column) const = 0;
  virtual bool is_null(int column) const = 0;
  virtual int columns() const = 0;
  virtual void reset() = 0;  // ready to bind and run again
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual bool postgres() const = 0;
  // Statements without parameters (several may be separated by `;`), e.g. a migration.
  virtual void exec(const std::string& sql) = 0;
  // The statement cache, keyed by the literal's address: each call site prepares once. Pass a
  // string literal (or a string that lives as long as the connection), never a temporary.
  virtual Statement& cached(const char* sql) = 0;
  // A statement made once (SQL built at run time); not cached.
  virtual std::unique_ptr<Statement> prepare(const std::string& sql) = 0;
  // Rows changed by the last INSERT/UPDATE/DELETE on this connection.
  virtual std::int64_t changes() = 0;
  // A statement without parameters or rows (SAVEPOINT, RELEASE) whose answer nobody waits for:
  // SQLite runs it now; PostgreSQL sends it ahead of the next statement, in one round trip
  // (libpq pipeline mode), and its error, if any, is that statement's.
  virtual void defer(const char* sql) { exec(sql); }

  // A write transaction. SQLite: BEGIN IMMEDIATE (the database's one writer lock). PostgreSQL:
  // BEGIN plus a transaction-scoped advisory lock, so the writers of every relay instance take
  // turns (see sql_postgres.cpp for why the event log needs that); both are deferred, sent with
  // the transaction's first statement.
  virtual void begin_write() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;  // never throws: used on the way out of a failure
  virtual bool in_transaction() const = 0;

  // The schema version (SQLite: PRAGMA user_version; PostgreSQL: a one-row table). Read and set
  // inside a write transaction, so two relays starting at once migrate one after the other.
  virtual std::int64_t schema_version() = 0;
  virtual void set_schema_version(std::int64_t v) = 0;

  [[noreturn]] virtual void fail(const std::string& what) = 0;

  // PostgreSQL's LISTEN/NOTIFY (the event feed's wake-up): listen() on a channel, then wait()
  // returns when a notification came, when `wake_fd` (if >= 0) became readable, or after
  // `timeout_ms`. SQLite has no notifications: wait() only sleeps.
  enum class WaitResult { notified, woken, timeout };
  virtual void listen(const std::string& channel);
  virtual WaitResult wait(int timeout_ms, int wake_fd);
};

// "postgres://…" or "postgresql://…" (a libpq URI): PostgreSQL; anything else is a SQLite file path.
bool is_postgres(const std::string& where);
std::unique_ptr<Connection> open(const std::string& where);
std::unique_ptr<Connection> open_sqlite(const std::string& path);
std::unique_ptr<Connection> open_postgres(const std::string& uri);

// SQLite's dialect as the Store writes it → PostgreSQL: `?`/`?N` → `$N`, INTEGER → BIGINT,
// INTEGER PRIMARY KEY AUTOINCREMENT → BIGSERIAL PRIMARY KEY, parentheses around an expression
// (COALESCE(…)) in an index definition. Quoted strings and `--` comments are left alone.
std::string translate_for_postgres(const std::string& sql);

// A cached statement in use: bind, step, read columns; reset when it goes out of scope.
class Stmt {
 public:
  Stmt(Connection& db, const char* sql) : s_(db.cached(sql)) {}
  ~Stmt() { s_.reset(); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int index, std::int64_t value) {
    s_.bind(index, value);
    return *this;
  }
  Stmt& bind(int index, const std::string& value) {
    s_.bind(index, value);
    return *this;
  }
  Stmt& bind_null(int index) {
    s_.bind_null(index);
    return *this;
  }
  Stmt& bind_optional(int index, const std::optional<std::string>& value) { return value ? bind(index, *value) : bind_null(index); }
  bool step() { return s_.step(); }
  void run() {
    while (step()) {
    }
  }
  std::int64_t i64(int column) const { return s_.i64(column); }
  std::string text(int column) const { return s_.text(column); }
  bool is_null(int column) const { return s_.is_null(column); }

 private:
  Statement& s_;
};

// A write transaction; rolls back if destroyed before commit() (an exception on the way).
class Transaction {
 public:
  explicit Transaction(Connection& db) : db_(db) { db_.begin_write(); }
  ~Transaction() {
    if (!done_) db_.rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    db_.commit();
    done_ = true;
  }

 private:
  Connection& db_;
  bool done_ = false;
};
}  // namespace parley::relay::sql
