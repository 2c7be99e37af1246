// PostgreSQL behind the SQL seam (sql.h), through libpq.
//
// Statements are prepared once per connection (named, lazily) and run with text parameters whose
// types PostgreSQL infers from the SQL. A dropped connection (the server restarted) is reset
// outside a transaction: a read is retried once on the new connection, and so is a transaction's
// first statement (BEGIN and the writers' lock travel with it, see begin_write); inside
// a transaction the failure goes up (the write is lost as a whole and the client's retry, with its
// idempotency key, stores it once).
//
// Why writers take turns (begin_write's pg_advisory_xact_lock): the event log's seq comes from a
// sequence, and a sequence hands out values at INSERT time, not at COMMIT. With two writers at
// once, seq 11 could commit (and be read by an event feed, which then moves past it) before seq 10
// commits; the feed would never publish 10. Holding one lock from BEGIN to COMMIT means the
// transaction that took a seq commits before the next one can take any, so seq values become
// visible in order and "everything after the last seq I published" is a complete answer. The
// lock is released by COMMIT itself, after the commit is visible. Writes are batched (group
// commit in store.h), so the turn is taken once per batch, not once per message.
#include "relay/sql.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <map>
#include <stdexcept>
#include <vector>

namespace parley::relay::sql {

std::string translate_for_postgres(const std::string& sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int highest = 0;               // SQLite numbers a bare `?` one past the highest so far
  bool index_statement = false;  // CREATE [UNIQUE] INDEX …: expressions need their own parentheses
  int wrap_depth = -1;           // paren depth at which a wrapped COALESCE( … ) closes
  int depth = 0;
  std::string first_words;       // the statement's first words, to spot CREATE INDEX
  auto word_at = [&](std::size_t i, const char* w) {
    const std::size_t n = std::strlen(w);
    if (sql.compare(i, n, w) != 0) return false;
    const bool before = i == 0 || !(std::isalnum(static_cast<unsigned char>(sql[i - 1])) || sql[i - 1] == '_');
    const bool after = i + n >= sql.size() || !(std::isalnum(static_cast<unsigned char>(sql[i + n])) || sql[i + n] == '_');
    return before && after;
  };
  for (std::size_t i = 0; i < sql.size();) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {  // a quoted string or identifier, copied as is ('' and "" escape)
      std::size_t j = i + 1;
      for (; j < sql.size(); ++j)
        if (sql[j] == c) {
          if (j + 1 < sql.size() && sql[j + 1] == c) ++j;
          else break;
        }
      out.append(sql, i, j + 1 - i);
      i = j + 1;
      continue;
    }
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {  // a comment, to the end of the line
      const std::size_t j = sql.find('\n', i);
      const std::size_t end = j == std::string::npos ? sql.size() : j;
      out.append(sql, i, end - i);
      i = end;
      continue;
    }
    if (c == '?') {
      std::size_t j = i + 1;
      while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) ++j;
      const int n = j > i + 1 ? std::stoi(sql.substr(i + 1, j - i - 1)) : highest + 1;
      highest = std::max(highest, n);
      out += "$" + std::to_string(n);
      i = j;
      continue;
    }
    if (c == ';') {
      index_statement = false;
      first_words.clear();
      depth = 0;
    }
    if (c == '(') ++depth;
    if (c == ')') {
      --depth;
      if (depth == wrap_depth) {
        out += "))";
        wrap_depth = -1;
        ++i;
        continue;
      }
    }
    if (std::isalpha(static_cast<unsigned char>(c)) && (i == 0 || !(std::isalnum(static_cast<unsigned char>(sql[i - 1])) || sql[i - 1] == '_'))) {
      std::size_t j = i;
      while (j < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_')) ++j;
      const std::string word = sql.substr(i, j - i);
      if (first_words.size() < 40) {
        first_words += word + " ";
        if (first_words == "CREATE INDEX " || first_words == "CREATE UNIQUE INDEX ") index_statement = true;
      }
      if (word == "INTEGER") {
        static const char* const autoinc = " PRIMARY KEY AUTOINCREMENT";
        if (sql.compare(j, std::strlen(autoinc), autoinc) == 0) {
          out += "BIGSERIAL PRIMARY KEY";
          i = j + std::strlen(autoinc);
        } else {
          out += "BIGINT";
          i = j;
        }
        continue;
      }
      if (word == "COALESCE" && index_statement && wrap_depth < 0 && word_at(i, "COALESCE")) {
        std::size_t k = out.size();
        while (k > 0 && out[k - 1] == ' ') --k;
        if (k > 0 && (out[k - 1] == '(' || out[k - 1] == ',')) {  // an index column that is an expression
          out += "(COALESCE";
          wrap_depth = depth;  // closes when the paren opened after COALESCE closes
          i = j;
          continue;
        }
      }
      out += word;
      i = j;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

namespace {
constexpr long long kWriterLock = 0x5061726c6579;  // "Parley": the advisory lock every relay's writer takes

int parameters_in(const std::string& translated) {
  int n = 0;
  for (std::size_t i = 0; i < translated.size(); ++i)
    if (translated[i] == '$' && i + 1 < translated.size() && std::isdigit(static_cast<unsigned char>(translated[i + 1])))
      n = std::max(n, std::atoi(translated.c_str() + i + 1));
  return n;
}

void quiet(void*, const char*) {}  // NOTICEs (e.g. "relation already exists, skipping") are not errors

class PgConnection;

class PgStatement final : public Statement {
 public:
  PgStatement(PgConnection& db, std::string translated, std::string name)
      : db_(db), sql_(std::move(translated)), name_(std::move(name)), values_(static_cast<std::size_t>(parameters_in(sql_))),
        set_(values_.size(), false) {}
  ~PgStatement() override { PQclear(res_); }

  void bind(int i, std::int64_t v) override { put(i, std::to_string(v)); }
  void bind(int i, const std::string& v) override { put(i, v); }
  void bind_null(int i) override {
    check_index(i);
    set_[static_cast<std::size_t>(i - 1)] = false;
  }
  bool step() override;
  std::int64_t i64(int c) const override {
    const char* v = PQgetvalue(res_, row_, c);
    if (v[0] == 't' && v[1] == 0) return 1;  // a boolean column
    if (v[0] == 'f' && v[1] == 0) return 0;
    return std::strtoll(v, nullptr, 10);
  }
  std::string text(int c) const override {
    return std::string(PQgetvalue(res_, row_, c), static_cast<std::size_t>(PQgetlength(res_, row_, c)));
  }
  bool is_null(int c) const override { return PQgetisnull(res_, row_, c) != 0; }
  int columns() const override { return res_ ? PQnfields(res_) : 0; }
  void reset() override {
    PQclear(res_);
    res_ = nullptr;
    row_ = -1;
    std::fill(set_.begin(), set_.end(), false);
  }

  std::uint64_t prepared_in = 0;  // the connection generation it was prepared on (0: not yet)

 private:
  void check_index(int i) const {
    if (i < 1 || static_cast<std::size_t>(i) > values_.size())
      throw std::runtime_error("postgres: parameter " + std::to_string(i) + " out of range in: " + sql_.substr(0, 80));
  }
  void put(int i, std::string v) {
    check_index(i);
    values_[static_cast<std::size_t>(i - 1)] = std::move(v);
    set_[static_cast<std::size_t>(i - 1)] = true;
  }
  PGresult* run();

  PgConnection& db_;
  std::string sql_, name_;  // name_ empty: run once with PQexecParams, not prepared
  std::vector<std::string> values_;
  std::vector<bool> set_;
  PGresult* res_ = nullptr;
  int row_ = -1;
};

class PgConnection final : public Connection {
 public:
  explicit PgConnection(std::string uri) : uri_(std::move(uri)) {
    conn_ = PQconnectdb(uri_.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      const std::string msg = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw std::runtime_error("cannot connect to PostgreSQL: " + msg);
    }
    PQsetNoticeProcessor(conn_, quiet, nullptr);
    ++generation_;
  }
  ~PgConnection() override {
    cache_.clear();
    PQfinish(conn_);
  }

  bool postgres() const override { return true; }

  void exec(const std::string& sql) override {
    const std::string all = with_deferred(translate_for_postgres(sql));
    PQclear(checked(PQexec(conn_, all.c_str()), all));
  }
  void defer(const char* sql) override { deferred_.push_back(sql); }

  Statement& cached(const char* sql) override {
    auto& s = cache_[sql];
    if (!s) s = std::make_unique<PgStatement>(*this, translate_for_postgres(sql), "p" + std::to_string(cache_.size()));
    return *s;
  }
  std::unique_ptr<Statement> prepare(const std::string& sql) override {
    return std::make_unique<PgStatement>(*this, translate_for_postgres(sql), "");
  }
  std::int64_t changes() override { return changes_; }

  // BEGIN and the lock go with the transaction's first statement, in its round trip; when that
  // finds the connection dropped (the server restarted), step() begins again once on a new one.
  void begin_write() override {
    static const std::string lock = "SELECT pg_advisory_xact_lock(" + std::to_string(kWriterLock) + ")";
    if (PQstatus(conn_) != CONNECTION_OK) reconnect();
    deferred_.assign({"BEGIN", lock.c_str()});
    in_tx_ = true;
  }
  void commit() override {
    in_tx_ = false;
    last_pipeline_.clear();
    const std::string sql = with_deferred("COMMIT");  // e.g. "NOTIFY parley_events; COMMIT": one round trip
    PGresult* r = checked(PQexec(conn_, sql.c_str()), sql);
    // COMMIT of a transaction that had failed answers "ROLLBACK", successfully.
    const bool committed = std::strcmp(PQcmdStatus(r), "COMMIT") == 0;
    PQclear(r);
    if (!committed) throw std::runtime_error("postgres: the transaction was rolled back");
  }
  void rollback() noexcept override {
    in_tx_ = false;
    deferred_.clear();
    last_pipeline_.clear();
    if (PQstatus(conn_) == CONNECTION_OK) PQclear(PQexec(conn_, "ROLLBACK"));
  }
  bool in_transaction() const override { return in_tx_; }

  std::int64_t schema_version() override {
    exec("CREATE TABLE IF NOT EXISTS parley_schema (version BIGINT NOT NULL)");
    auto s = prepare("SELECT version FROM parley_schema");
    return s->step() ? s->i64(0) : 0;
  }
  void set_schema_version(std::int64_t v) override {
    exec("DELETE FROM parley_schema; INSERT INTO parley_schema (version) VALUES (" + std::to_string(v) + ")");
  }

  [[noreturn]] void fail(const std::string& what) override { throw std::runtime_error("postgres: " + what + ": " + PQerrorMessage(conn_)); }

  // LISTEN on `channel` (again after every reconnect); wait() then wakes on its notifications.
  void listen(const std::string& channel) override {
    listening_.push_back(channel);
    exec("LISTEN " + channel);
  }
  WaitResult wait(int timeout_ms, int wake_fd) override {
    if (PQstatus(conn_) != CONNECTION_OK) reconnect();
    if (drain_notifications()) return WaitResult::notified;
    pollfd fds[2] = {{PQsocket(conn_), POLLIN, 0}, {wake_fd, POLLIN, 0}};
    const int n = ::poll(fds, wake_fd >= 0 ? 2 : 1, timeout_ms);
    if (n > 0 && (fds[0].revents & (POLLIN | POLLERR | POLLHUP))) {
      if (PQconsumeInput(conn_) == 0) fail("connection lost while listening");
      if (drain_notifications()) return WaitResult::notified;
    }
    if (n > 0 && wake_fd >= 0 && (fds[1].revents & POLLIN)) return WaitResult::woken;
    return WaitResult::timeout;
  }

  // After a failure: when the connection dropped and no transaction is open, a fresh one (the
  // caller may retry once). Throws when the server is still unreachable.
  // Inside a transaction only when the failed statement was its first (its pipeline began with
  // BEGIN): nothing of it reached the database, so it is begun again.
  bool recover_after_failure() {
    if (PQstatus(conn_) == CONNECTION_OK) return false;
    std::vector<const char*> again;
    if (in_tx_) {
      const auto& begun = deferred_.empty() ? last_pipeline_ : deferred_;  // sent with the failed statement, or not sent yet
      if (begun.empty() || std::strcmp(begun[0], "BEGIN") != 0) return false;
      again = begun;
    }
    reconnect();
    deferred_ = again;
    in_tx_ = !again.empty();
    return true;
  }

  // The deferred statements, then the one `send_last` queues, in one pipeline (one round trip).
  // Returns the last statement's result, or the first failed deferred statement's (its error is
  // the one worth reporting: the statements after it were skipped).
  template <class Send>
  PGresult* pipelined(Send&& send_last) {
    const std::vector<const char*> queued = std::move(deferred_);
    deferred_.clear();
    last_pipeline_ = queued;
    if (PQenterPipelineMode(conn_) == 0) fail("pipeline mode");
    bool sent = true;
    for (const char* q : queued) sent = sent && PQsendQueryParams(conn_, q, 0, nullptr, nullptr, nullptr, nullptr, 0) != 0;
    sent = sent && send_last() != 0 && PQpipelineSync(conn_) != 0;
    PGresult* failed = nullptr;
    PGresult* last = nullptr;
    for (std::size_t i = 0; sent && i <= queued.size(); ++i) {
      PGresult* first = PQgetResult(conn_);  // this statement's result, then a null between statements
      while (PGresult* more = PQgetResult(conn_)) PQclear(more);
      if (i == queued.size()) last = first;
      else if (!failed && !ok(first)) failed = first;
      else PQclear(first);
      if (PQstatus(conn_) != CONNECTION_OK) break;
    }
    for (int i = 0; sent && i < 4 && PQstatus(conn_) == CONNECTION_OK; ++i) {  // up to the sync point
      PGresult* r = PQgetResult(conn_);
      const bool sync = r && PQresultStatus(r) == PGRES_PIPELINE_SYNC;
      PQclear(r);
      if (sync) break;
    }
    PQexitPipelineMode(conn_);
    if (failed) {
      PQclear(last);
      return failed;
    }
    return last;  // null when the connection broke: checked() reports PQerrorMessage
  }

  PGconn* raw() { return conn_; }
  std::uint64_t generation() const { return generation_; }
  bool has_deferred() const { return !deferred_.empty(); }
  void forget_pipeline() { last_pipeline_.clear(); }
  void set_changes(std::int64_t n) { changes_ = n; }

  PGresult* checked(PGresult* r, const std::string& what) {
    if (ok(r)) return r;
    std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
    PQclear(r);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    throw std::runtime_error("postgres: " + msg + " in: " + what.substr(0, 120));
  }

 private:
  static bool ok(PGresult* r) {
    const auto s = PQresultStatus(r);
    return r && (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK);
  }
  void reconnect() {
    in_tx_ = false;
    deferred_.clear();
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) fail("reconnect");
    PQsetNoticeProcessor(conn_, quiet, nullptr);
    ++generation_;  // prepared statements died with the old session
    for (const auto& c : listening_) exec("LISTEN " + c);
  }
  std::string with_deferred(std::string sql) {
    std::string all;
    for (const char* q : deferred_) all += std::string(q) + "; ";
    deferred_.clear();
    return all + sql;
  }
  bool drain_notifications() {
    bool any = false;
    while (PGnotify* n = PQnotifies(conn_)) {
      any = true;
      PQfreemem(n);
    }
    return any;
  }

  std::string uri_;
  PGconn* conn_ = nullptr;
  std::map<const char*, std::unique_ptr<PgStatement>> cache_;  // keyed by the literal's address
  std::vector<std::string> listening_;
  std::vector<const char*> deferred_;  // defer(): sent ahead of the next statement
  std::vector<const char*> last_pipeline_;  // what the last pipelined statement was sent after
  std::uint64_t generation_ = 0;
  std::int64_t changes_ = 0;
  bool in_tx_ = false;
};

PGresult* PgStatement::run() {
  std::vector<const char*> params(values_.size());
  for (std::size_t i = 0; i < values_.size(); ++i) params[i] = set_[i] ? values_[i].c_str() : nullptr;
  const int n = static_cast<int>(params.size());
  if (!name_.empty() && prepared_in != db_.generation()) {
    PQclear(db_.checked(PQprepare(db_.raw(), name_.c_str(), sql_.c_str(), 0, nullptr), "prepare " + sql_));
    prepared_in = db_.generation();
  }
  if (db_.has_deferred())
    return db_.pipelined([&] {
      return name_.empty() ? PQsendQueryParams(db_.raw(), sql_.c_str(), n, nullptr, params.data(), nullptr, nullptr, 0)
                           : PQsendQueryPrepared(db_.raw(), name_.c_str(), n, params.data(), nullptr, nullptr, 0);
    });
  db_.forget_pipeline();
  if (name_.empty()) return PQexecParams(db_.raw(), sql_.c_str(), n, nullptr, params.data(), nullptr, nullptr, 0);
  return PQexecPrepared(db_.raw(), name_.c_str(), n, params.data(), nullptr, nullptr, 0);
}

bool PgStatement::step() {
  if (!res_) {
    PGresult* r = nullptr;
    try {
      r = db_.checked(run(), sql_);
    } catch (const std::exception&) {
      if (!db_.recover_after_failure()) throw;
      r = db_.checked(run(), sql_);  // once, on the new connection
    }
    res_ = r;
    const char* tuples = PQcmdTuples(res_);
    db_.set_changes(tuples && *tuples ? std::strtoll(tuples, nullptr, 10) : 0);
    row_ = -1;
  }
  return ++row_ < PQntuples(res_);
}
}  // namespace

std::unique_ptr<Connection> open_postgres(const std::string& uri) { return std::make_unique<PgConnection>(uri); }
}  // namespace parley::relay::sql
