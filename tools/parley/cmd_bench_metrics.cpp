// `parley bench metrics [--json] [--conversations N]`: the metrics core on a generated history
// (about 5 events per conversation: 200,000 conversations ≈ 1 million events), beside the same
// figures computed with SQL over SQLite in the same run, figure by figure. Business hours and
// re-explanations are not in the SQL (a calendar walk and a value matcher are not queries); the
// figures compared are listed in `compared`. The history has no contact links (SQL would need a
// recursive union-find); a person writing again is the same contact id on another conversation.
#include "parley/command.h"
#include "parley/metrics.h"
#include "relay/sql.h"

#include <chrono>
#include <iostream>

namespace parley::cli {
namespace {
using Clock = std::chrono::steady_clock;
constexpr std::int64_t kMin = 60000, kHour = 60 * kMin, kDay = 24 * kHour;
constexpr std::int64_t kBase = 1772323200000;  // 2026-03-01T00:00:00Z
const char* const kChannels[] = {"whatsapp", "messenger", "line", "telegram", "sms", "email", "webchat"};

struct Lcg {
  std::uint64_t s = 20261203;
  std::int64_t next(std::int64_t n) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::int64_t>((s >> 33) % static_cast<std::uint64_t>(n));
  }
};

std::vector<metrics::Event> generate(int conversations) {
  Lcg rng;
  std::vector<metrics::Event> out;
  out.reserve(static_cast<std::size_t>(conversations) * 12);
  for (int i = 0; i < conversations; ++i) {
    const std::string id = "c" + std::to_string(i);
    std::int64_t t = kBase + rng.next(60 * kDay);
    auto add = [&](std::string type) -> metrics::Event& {
      t += 1000 + rng.next(20 * kMin);  // strictly increasing: the SQL needs no tie-break
      metrics::Event e;
      e.conversation = id;
      e.at = t;
      e.type = std::move(type);
      out.push_back(std::move(e));
      return out.back();
    };
    auto message = [&](metrics::Sender s, const std::string& agent = "") -> metrics::Event& {
      auto& e = add("message");
      e.sender = s;
      e.agent = agent;
      if (s == metrics::Sender::human && rng.next(4) != 0) e.handle_ms = 30000 + rng.next(570000);
      return e;
    };
    auto& first = message(metrics::Sender::customer);
    first.contact = "k" + std::to_string(rng.next(conversations * 7 / 10 + 1));
    first.channel = kChannels[rng.next(7)];
    const bool bot_only = rng.next(5) == 0;
    if (bot_only) {
      message(metrics::Sender::bot);
      add("status").status = "resolved";
      continue;
    }
    if (rng.next(2) == 0) {
      message(metrics::Sender::bot);
      add("handoff");
    }
    const std::string agent = "a" + std::to_string(rng.next(20));
    if (rng.next(10) == 0) add("message").is_public = false, out.back().sender = metrics::Sender::human, out.back().agent = agent;
    t += rng.next(4 * kHour);
    message(metrics::Sender::human, agent);
    if (rng.next(5) == 0) {
      message(metrics::Sender::customer);
      message(metrics::Sender::human, rng.next(10) == 0 ? "a" + std::to_string(rng.next(20)) : agent);
    }
    if (rng.next(20) == 0) add("transfer").transfer = rng.next(2) ? "escalation" : "channel";
    const int outcome = static_cast<int>(rng.next(10));
    if (outcome == 0) continue;  // still open
    t += rng.next(2 * kDay);
    add("status").status = "resolved";
    if (outcome == 1) {
      t += rng.next(10 * kDay);
      message(metrics::Sender::customer);
      add("status").status = "reopened";
      message(metrics::Sender::human, agent);
      add("status").status = "resolved";
    }
    if (rng.next(5) < 3) {
      add("csat_request");
      if (rng.next(5) < 2) add("csat").score = 1 + static_cast<int>(rng.next(5));
    }
  }
  return out;
}

// SQL over the same events: per-conversation rows, then the same aggregates.
Json sql_figures(relay::sql::Connection& db, std::int64_t now, const metrics::Settings& s) {
  const std::string N = std::to_string(now), W = std::to_string(s.fcr_window_ms), R = std::to_string(s.automation_return_ms),
                    C = std::to_string(s.automation_confirm_ms), H = std::to_string(s.default_handle_ms),
                    A = std::to_string(s.agent_hour_micros);
  db.exec(R"sql(
CREATE TEMP TABLE conv AS SELECT conv, MIN(at) started, MAX(NULLIF(contact,'')) contact, MAX(NULLIF(channel,'')) channel FROM ev GROUP BY conv;
CREATE INDEX conv_id ON conv(conv);
CREATE TEMP TABLE cm AS SELECT e.conv, e.at, c.contact FROM ev e JOIN conv c USING(conv) WHERE e.type='message' AND e.sender='customer';
CREATE INDEX cm_conv ON cm(conv, at);
CREATE INDEX cm_contact ON cm(contact, at);
CREATE TEMP TABLE hr AS SELECT conv, at, agent, handle_ms FROM ev WHERE type='message' AND sender='human' AND pub=1;
CREATE INDEX hr_conv ON hr(conv, at);
)sql");
  db.exec("CREATE TEMP TABLE pc AS SELECT c.conv, c.channel, c.contact, c.started,"
          " (SELECT MIN(at) FROM cm WHERE cm.conv=c.conv) cs,"
          " (SELECT MIN(at) FROM ev WHERE ev.conv=c.conv AND type='status' AND status IN ('resolved','closed')) first_r,"
          " (SELECT MAX(at) FROM ev WHERE ev.conv=c.conv AND type='status' AND status IN ('resolved','closed')) last_r,"
          " (SELECT status IN ('resolved','closed') FROM ev WHERE ev.conv=c.conv AND type='status' ORDER BY at DESC LIMIT 1) resolved_now,"
          " (SELECT COUNT(*) FROM hr WHERE hr.conv=c.conv) humans,"
          " (SELECT COUNT(DISTINCT agent) FROM hr WHERE hr.conv=c.conv) agents,"
          " (SELECT SUM(CASE WHEN handle_ms>=0 THEN handle_ms ELSE " + H + " END) FROM hr WHERE hr.conv=c.conv) handle,"
          " (SELECT COUNT(*) FROM ev WHERE ev.conv=c.conv AND type='transfer') transfers,"
          " (SELECT COUNT(*) FROM ev WHERE ev.conv=c.conv AND type='transfer' AND kind='channel') channel_transfers,"
          " (SELECT COUNT(*) FROM ev WHERE ev.conv=c.conv AND type='message' AND sender IN ('human','bot') AND pub=1) outbound,"
          " (SELECT COUNT(*) FROM ev WHERE ev.conv=c.conv AND type IN ('csat_request','csat')) > 0 csat_requested,"
          " (SELECT score FROM ev WHERE ev.conv=c.conv AND type='csat' ORDER BY at DESC LIMIT 1) csat"
          " FROM conv c");
  db.exec("ALTER TABLE pc ADD COLUMN fh INTEGER; UPDATE pc SET fh = (SELECT MIN(at) FROM hr WHERE hr.conv=pc.conv AND hr.at>=pc.cs);"
          "ALTER TABLE pc ADD COLUMN frt INTEGER;"
          "UPDATE pc SET frt = fh - COALESCE((SELECT MAX(at) FROM ev WHERE ev.conv=pc.conv AND (type='handoff' OR (type='status' AND status='reopened'))"
          "  AND at>=pc.cs AND at<pc.fh), cs) WHERE fh IS NOT NULL;"
          "ALTER TABLE pc ADD COLUMN customer_messages INTEGER;"
          "UPDATE pc SET customer_messages = (SELECT COUNT(*) FROM cm WHERE cm.conv=pc.conv AND (pc.first_r IS NULL OR cm.at < pc.first_r));"
          "ALTER TABLE pc ADD COLUMN fcr INTEGER;"
          "UPDATE pc SET fcr = CASE WHEN first_r IS NULL OR humans=0 THEN NULL"
          "  WHEN EXISTS (SELECT 1 FROM cm WHERE cm.contact=pc.contact AND cm.at>pc.first_r AND cm.at<=pc.first_r+" + W + ") THEN 0"
          "  WHEN agents>1 OR transfers>0 THEN 0 WHEN " + N + ">=first_r+" + W + " THEN 1 ELSE NULL END;"
          "ALTER TABLE pc ADD COLUMN type TEXT;"
          "UPDATE pc SET type = CASE WHEN NOT COALESCE(resolved_now,0) THEN 'unresolved' WHEN humans>0 THEN 'human'"
          "  WHEN EXISTS (SELECT 1 FROM cm WHERE cm.contact=pc.contact AND cm.at>pc.last_r AND cm.at<=pc.last_r+" + R + ") THEN 'automation_returned'"
          "  WHEN " + N + ">=last_r+" + C + " THEN 'automated' ELSE 'automation_pending' END;"
          "ALTER TABLE pc ADD COLUMN cost INTEGER;"
          "UPDATE pc SET cost = COALESCE(handle,0)*" + A + "/3600000 + outbound*COALESCE((SELECT micros FROM rates WHERE rates.channel=pc.channel),0);"
          "CREATE TEMP TABLE rt AS SELECT (SELECT MIN(at) FROM hr WHERE hr.conv=cm.conv AND hr.at>=cm.at) - cm.at v FROM cm;");
  auto one = [&](const std::string& sql) -> Json {
    const auto st = db.prepare(sql);
    Json row = Json::array();
    if (st->step())
      for (int k = 0; k < st->columns(); ++k) row.push_back(st->is_null(k) ? Json() : Json(st->i64(k)));
    return row;
  };
  auto duration = [&](const std::string& v, const std::string& from) {
    const Json n = one("SELECT COUNT(" + v + "), (2*SUM(" + v + ")+COUNT(" + v + "))/(2*COUNT(" + v + ")) FROM " + from + " WHERE " + v + " IS NOT NULL");
    auto rank = [&](const std::string& r) {
      return one("SELECT x FROM (SELECT " + v + " x, ROW_NUMBER() OVER (ORDER BY " + v + ") rn, COUNT(*) OVER () n FROM " + from + " WHERE " + v +
                 " IS NOT NULL) WHERE rn=" + r)[0];
    };
    if (n[0] == 0) return Json{{"n", 0}, {"median", nullptr}, {"p90", nullptr}, {"mean", nullptr}};
    return Json{{"n", n[0]}, {"median", rank("(n+1)/2")}, {"p90", rank("(9*n+9)/10")}, {"mean", n[1]}};
  };
  Json f;
  f["first_response"] = duration("frt", "pc");
  f["response_time"] = duration("v", "rt");
  f["resolution_first"] = duration("first_r - started", "pc");
  f["resolution_full"] = duration("CASE WHEN resolved_now THEN last_r - started END", "pc");
  f["resolution_human"] = duration("CASE WHEN resolved_now AND humans>0 THEN last_r - started END", "pc");
  const Json fcr = one("SELECT SUM(fcr=1), COUNT(fcr), SUM(fcr IS NULL AND first_r IS NOT NULL AND humans>0) FROM pc");
  f["fcr_7d"] = {{"numerator", fcr[0]}, {"denominator", fcr[1]}, {"pending", fcr[2]}};
  const Json csat = one("SELECT SUM(csat>=4), COUNT(csat), SUM(csat_requested) FROM pc");
  f["csat"] = {{"positive", csat[0]}, {"responses", csat[1]}, {"requested", csat[2]}};
  f["messages_to_resolution"] = duration("CASE WHEN type IN ('human','automated','automation_returned') THEN customer_messages END", "pc");
  f["channel_transfers"] = one("SELECT SUM(channel_transfers) FROM pc")[0];
  const Json au = one("SELECT SUM(type='automated'), SUM(type IN ('automated','automation_returned','human')), SUM(type='automation_pending'),"
                      " SUM(type='automation_returned') FROM pc");
  f["automation_rate"] = {{"numerator", au[0]}, {"denominator", au[1]}, {"pending", au[2]}, {"returned", au[3]}};
  const Json cost = one("SELECT SUM(cost), COUNT(*) FROM pc WHERE type IN ('human','automated','automation_returned')");
  f["cost_per_resolution"] = {{"total_micros", cost[0]}, {"resolutions", cost[1]}};
  return f;
}

// The same figures picked out of the core's aggregate, in the SQL's shape.
Json parley_figures(const Json& o) {
  Json f;
  f["first_response"] = o["first_response"];
  f["response_time"] = o["response_time"];
  f["resolution_first"] = o["resolution"]["first"];
  f["resolution_full"] = o["resolution"]["full"];
  f["resolution_human"] = o["resolution"]["human"];
  f["fcr_7d"] = {{"numerator", o["fcr_7d"]["numerator"]}, {"denominator", o["fcr_7d"]["denominator"]}, {"pending", o["fcr_7d"]["pending"]}};
  f["csat"] = {{"positive", o["csat"]["positive"]}, {"responses", o["csat"]["responses"]}, {"requested", o["csat"]["requested"]}};
  f["messages_to_resolution"] = o["customer_effort"]["messages_to_resolution"];
  f["channel_transfers"] = o["customer_effort"]["channel_transfers"];
  f["automation_rate"] = {{"numerator", o["automation_rate"]["numerator"]}, {"denominator", o["automation_rate"]["denominator"]},
                          {"pending", o["automation_rate"]["pending"]}, {"returned", o["automation_rate"]["returned"]}};
  f["cost_per_resolution"] = {{"total_micros", o["cost_per_resolution"]["total_micros"]}, {"resolutions", o["cost_per_resolution"]["resolutions"]}};
  return f;
}

int run_bench_metrics(const Args& args) {
  const bool json = has_flag(args, "--json");
  const int n = std::stoi(option(args, "--conversations", "200000"));
  const std::vector<metrics::Event> events = generate(n);
  const std::int64_t now = kBase + 75 * kDay;
  metrics::Settings s;
  s.agent_hour_micros = 30000000;
  s.message_micros = {{"whatsapp", 5000}, {"sms", 7900}, {"messenger", 0}, {"line", 3000}};

  auto t0 = Clock::now();
  const auto cs = metrics::conversations(events, s, now);
  const Json ours = metrics::aggregate(cs, {"channel"});
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();

  auto owned = relay::sql::open_sqlite(":memory:");
  relay::sql::Connection& db = *owned;
  t0 = Clock::now();
  db.exec("CREATE TABLE ev(conv TEXT, at INTEGER, type TEXT, sender TEXT, pub INTEGER, agent TEXT, contact TEXT, channel TEXT, status TEXT,"
          " kind TEXT, score INTEGER, handle_ms INTEGER); CREATE TABLE rates(channel TEXT PRIMARY KEY, micros INTEGER); BEGIN");
  for (const auto& [ch, m] : s.message_micros) relay::sql::Stmt(db, "INSERT INTO rates VALUES (?1, ?2)").bind(1, ch).bind(2, m).run();
  const char* const senders[] = {"customer", "human", "bot", "system"};
  for (const auto& e : events) {
    relay::sql::Stmt st(db, "INSERT INTO ev VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)");
    st.bind(1, e.conversation).bind(2, e.at).bind(3, e.type).bind(4, std::string(senders[static_cast<int>(e.sender)]))
        .bind(5, static_cast<std::int64_t>(e.is_public)).bind(6, e.agent).bind(7, e.contact).bind(8, e.channel).bind(9, e.status)
        .bind(10, e.transfer).bind(11, static_cast<std::int64_t>(e.score)).bind(12, e.handle_ms);
    if (e.type != "csat") st.bind_null(11);
    st.run();
  }
  db.exec("COMMIT; CREATE INDEX ev_conv ON ev(conv, type, at)");
  const double load_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  t0 = Clock::now();
  const Json theirs = sql_figures(db, now, s);
  const double sqlite_seconds = std::chrono::duration<double>(Clock::now() - t0).count();

  const Json mine = parley_figures(ours["overall"]);
  Json differ = Json::array();
  for (auto it = mine.begin(); it != mine.end(); ++it)
    if (theirs[it.key()] != *it) differ.push_back({{"figure", it.key()}, {"parley", *it}, {"sqlite", theirs[it.key()]}});
  Json result{{"events", events.size()},
              {"conversations", cs.size()},
              {"seconds", std::round(seconds * 1000) / 1000},
              {"events_per_s", static_cast<long long>(events.size() / seconds)},
              {"sqlite_seconds", std::round(sqlite_seconds * 1000) / 1000},
              {"sqlite_load_seconds", std::round(load_seconds * 1000) / 1000},
              {"matches_sqlite", differ.empty()},
              {"differences", differ},
              {"metrics", {"first_response", "response_time", "resolution", "fcr_7d", "csat", "customer_effort", "automation_rate", "cost_per_resolution"}},
              {"compared", Json::array()},
              {"not_compared", {"first_response_business", "re_explanations", "contact links"}},
              {"figures", ours["overall"]}};
  for (auto it = mine.begin(); it != mine.end(); ++it) result["compared"].push_back(it.key());
  result["figures"].erase("ids");
  std::cout << "parley bench metrics — " << events.size() << " events, " << cs.size() << " conversations\n"
            << "  Parley: " << result["seconds"] << " s (" << result["events_per_s"] << " events/s)\n"
            << "  SQLite: " << result["sqlite_seconds"] << " s for the same figures (+" << result["sqlite_load_seconds"] << " s to load)\n"
            << "  figures identical: " << (differ.empty() ? "yes" : "no") << " (" << result["compared"].size() << " compared)\n";
  for (const auto& d : differ) std::cout << "    " << d.dump() << "\n";
  const auto& o = ours["overall"];
  std::cout << "  first response median " << o["first_response"]["median"] << " ms, FCR-7d " << o["fcr_7d"]["rate"] << ", automation "
            << o["automation_rate"]["rate"] << ", CSAT " << o["csat"]["rate"] << " (response rate " << o["csat"]["response_rate"] << ")\n";
  if (json) std::cout << result.dump() << "\n";
  return differ.empty() ? 0 : 1;
}
PARLEY_COMMAND("bench metrics", run_bench_metrics, "support metrics on a generated history of ~1M events, beside the same figures in SQL over SQLite",
               "--json             print one JSON object with the figures\n"
               "--conversations N  conversations to generate (200000: about 1 million events)\n");
}  // namespace
}  // namespace parley::cli
