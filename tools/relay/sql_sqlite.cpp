// SQLite behind the SQL seam (sql.h): errors become exceptions carrying SQLite's message (they
// are bugs or disk failures, reported as 500 by the HTTP layer, never as a half-written row
// thanks to transactions).
#include "relay/sql.h"

#include <poll.h>
#include <sqlite3.h>

#include <map>
#include <stdexcept>

namespace parley::relay::sql {
namespace {
class SqliteStatement final : public Statement {
 public:
  SqliteStatement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) fail("prepare " + sql);
  }
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  void bind(int i, std::int64_t v) override { check(sqlite3_bind_int64(stmt_, i, v)); }
  void bind(int i, const std::string& v) override {
    check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  void bind_null(int i) override { check(sqlite3_bind_null(stmt_, i)); }
  bool step() override {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail("step");
  }
  std::int64_t i64(int c) const override { return sqlite3_column_int64(stmt_, c); }
  std::string text(int c) const override {
    const auto* p = sqlite3_column_text(stmt_, c);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c)))
             : std::string();
  }
  bool is_null(int c) const override { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
  int columns() const override { return sqlite3_column_count(stmt_); }
  void reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail("bind");
  }
  [[noreturn]] void fail(const std::string& what) const { throw std::runtime_error("sqlite: " + what + ": " + sqlite3_errmsg(db_)); }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw std::runtime_error("cannot open " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  ~SqliteConnection() override {
    cache_.clear();  // statements are finalised before the connection closes
    sqlite3_close(db_);
  }

  bool postgres() const override { return false; }
  void exec(const std::string& sql) override {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "unknown error";
      sqlite3_free(err);
      throw std::runtime_error("sqlite: " + msg + " in: " + sql.substr(0, 80));
    }
  }
  Statement& cached(const char* sql) override {
    auto& s = cache_[sql];
    if (!s) s = std::make_unique<SqliteStatement>(db_, sql);
    return *s;
  }
  std::unique_ptr<Statement> prepare(const std::string& sql) override { return std::make_unique<SqliteStatement>(db_, sql); }
  std::int64_t changes() override { return sqlite3_changes(db_); }

  void begin_write() override { exec("BEGIN IMMEDIATE"); }
  void commit() override { exec("COMMIT"); }
  void rollback() noexcept override { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }
  bool in_transaction() const override { return sqlite3_get_autocommit(db_) == 0; }

  std::int64_t schema_version() override {
    Stmt s(*this, "PRAGMA user_version");
    s.step();
    return s.i64(0);
  }
  void set_schema_version(std::int64_t v) override { exec("PRAGMA user_version=" + std::to_string(v)); }

  [[noreturn]] void fail(const std::string& what) override { throw std::runtime_error("sqlite: " + what + ": " + sqlite3_errmsg(db_)); }

 private:
  sqlite3* db_ = nullptr;
  std::map<const char*, std::unique_ptr<SqliteStatement>> cache_;  // keyed by the literal's address
};
}  // namespace

void Connection::listen(const std::string&) {}
Connection::WaitResult Connection::wait(int timeout_ms, int wake_fd) {
  pollfd fd{wake_fd, POLLIN, 0};
  return ::poll(&fd, wake_fd >= 0 ? 1 : 0, timeout_ms) > 0 ? WaitResult::woken : WaitResult::timeout;
}

bool is_postgres(const std::string& where) { return where.rfind("postgres://", 0) == 0 || where.rfind("postgresql://", 0) == 0; }

std::unique_ptr<Connection> open_sqlite(const std::string& path) { return std::make_unique<SqliteConnection>(path); }

std::unique_ptr<Connection> open(const std::string& where) { return is_postgres(where) ? open_postgres(where) : open_sqlite(where); }
}  // namespace parley::relay::sql
