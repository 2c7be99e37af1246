// SQLite FTS5 as the lexical baseline of the retrieval benchmarks (bench assist, bench retrieval):
// unicode61 with diacritics removed, or fed Parley's own terms. Header-only: two benches share it.
#pragma once
#include "parley/api.h"
#include "parley/knowledge.h"

#include <sqlite3.h>

#include <cctype>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley::cli {
//-----------------------------------------------------------------------------
// SQLite FTS5 baseline
//-----------------------------------------------------------------------------
struct Fts {
  sqlite3* db = nullptr;
  sqlite3_stmt* query = nullptr;
  bool parley_terms;
  explicit Fts(bool use_parley_terms) : parley_terms(use_parley_terms) {
    sqlite3_open(":memory:", &db);
    exec("CREATE VIRTUAL TABLE kb USING fts5(aid UNINDEXED, locale UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2')");
    sqlite3_prepare_v2(db, "SELECT aid FROM kb WHERE kb MATCH ?1 AND locale = ?2 ORDER BY bm25(kb, 0, 0, 2.0, 1.0) LIMIT 5", -1, &query, nullptr);
  }
  ~Fts() { sqlite3_finalize(query); sqlite3_close(db); }
  void exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string e = err ? err : "?";
      sqlite3_free(err);
      throw std::runtime_error("sqlite: " + e);
    }
  }
  static std::string joined(const std::vector<std::string>& terms) {
    std::string s;
    for (const auto& t : terms) s += (s.empty() ? "" : " ") + t;
    return s;
  }
  void add_all(const Json& articles) {
    exec("BEGIN");
    sqlite3_stmt* ins = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO kb(aid, locale, title, body) VALUES (?1, ?2, ?3, ?4)", -1, &ins, nullptr);
    for (const auto& a : articles) {
      std::string id = a["id"], locale = a["locale"], title = a["title"], body = a["body"];
      if (a.value("audience", "public") == "internal") continue;
      if (parley_terms) { title = joined(knowledge::terms(title)); body = joined(knowledge::terms(body)); }
      sqlite3_bind_text(ins, 1, id.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins, 2, locale.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins, 3, title.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(ins, 4, body.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_step(ins);
      sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    exec("COMMIT");
  }
  // A natural-language query as an OR of quoted terms (FTS5 syntax would choke on "?" or "-").
  std::string match_expression(const std::string& q) const {
    std::vector<std::string> words;
    if (parley_terms) {
      for (auto& t : knowledge::terms(q)) if (!knowledge::is_kana_only(t) && !knowledge::is_stopword(t)) words.push_back(t);
      if (words.empty()) words = knowledge::terms(q);
    } else {
      std::string w;
      for (char c : q) {
        bool sep = static_cast<unsigned char>(c) < 0x80 && !std::isalnum(static_cast<unsigned char>(c));
        if (sep) { if (!w.empty()) words.push_back(w); w.clear(); } else w += c;
      }
      if (!w.empty()) words.push_back(w);
    }
    std::string expr;
    for (const auto& w : words) {
      std::string quoted = "\"";
      for (char c : w) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
      expr += (expr.empty() ? "" : " OR ") + quoted + "\"";
    }
    return expr;
  }
  std::vector<std::string> search(const std::string& q, const std::string& locale) {
    std::vector<std::string> out;
    std::string expr = match_expression(q);
    if (expr.empty()) return out;
    sqlite3_bind_text(query, 1, expr.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(query, 2, locale.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(query) == SQLITE_ROW) out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(query, 0)));
    sqlite3_reset(query);
    return out;
  }
  std::int64_t bytes() {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()", -1, &s, nullptr);
    std::int64_t b = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return b;
  }
};
}  // namespace parley::cli
