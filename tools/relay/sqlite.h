// A thin RAII layer over SQLite: one connection, cached prepared statements, transactions.
// Not thread-safe by itself: the Store serialises every use behind its mutex.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace parley::relay::sql {

class Db;

// A cached statement in use: bind, step, read columns; reset when it goes out of scope.
class Stmt {
 public:
  Stmt(Db& db, const char* sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int index, std::int64_t value);
  Stmt& bind(int index, const std::string& value);
  Stmt& bind_null(int index);
  Stmt& bind_optional(int index, const std::optional<std::string>& value);
  bool step();  // true while a row is available
  void run();   // step to completion (statements that return no rows)

  std::int64_t i64(int column) const;
  std::string text(int column) const;
  bool is_null(int column) const;

 private:
  Db& db_;
  sqlite3_stmt* stmt_;
};

class Db {
 public:
  explicit Db(const std::string& path);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void exec(const std::string& sql);
  std::int64_t user_version();
  sqlite3* raw() { return db_; }
  [[noreturn]] void fail(const std::string& what);

 private:
  friend class Stmt;
  sqlite3_stmt* prepared(const char* sql);
  sqlite3* db_ = nullptr;
  std::map<const char*, sqlite3_stmt*> cache_;  // keyed by the literal's address: each call site one statement
};

// BEGIN IMMEDIATE … COMMIT; rolls back if destroyed before commit() (an exception on the way).
class Transaction {
 public:
  explicit Transaction(Db& db);
  ~Transaction();
  void commit();

 private:
  Db& db_;
  bool done_ = false;
};
}  // namespace parley::relay::sql
