// The demo store's orders API (see shop.h).
#include "relay/shop.h"

#include "parley/digest.h"
#include "relay/app.h"
#include "relay/http.h"
#include "relay/ids.h"
#include "relay/router.h"

#include <ctime>
#include <filesystem>
#include <fstream>

namespace parley::relay {
namespace {
constexpr std::int64_t kDay = 86400000;
constexpr std::int64_t kReturnWindowDays = 30;

std::string iso_date(std::int64_t ms) {  // "2026-12-08": dates in data, each surface formats them
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

const char* const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS orders (
  number TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  status TEXT NOT NULL,            -- processing | shipped | delivered | cancelled
  placed_at INTEGER NOT NULL, shipped_at INTEGER, delivered_at INTEGER, ships_by INTEGER, eta INTEGER,
  carrier TEXT, tracking_number TEXT,
  items TEXT NOT NULL,             -- JSON [{sku, name, qty, price}]
  currency TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS returns (
  id TEXT PRIMARY KEY,
  order_number TEXT NOT NULL REFERENCES orders(number),
  sku TEXT NOT NULL, reason TEXT NOT NULL, resolution TEXT NOT NULL,
  tracking_number TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (order_number, sku));
)sql";

void seed(sql::Connection& db, const std::string& file, std::int64_t now) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read the demo store's orders " + file);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const Json doc = api::parse(text, file);
  sql::Transaction t(db);
  for (const auto& o : doc.at("orders")) {
    auto days = [&](const char* k, int sign) -> std::optional<std::int64_t> {
      if (!o.contains(k)) return std::nullopt;
      return now + sign * o[k].get<std::int64_t>() * kDay;
    };
    auto bind_time = [](sql::Stmt& s, int i, std::optional<std::int64_t> v) {
      if (v) s.bind(i, *v);
      else s.bind_null(i);
    };
    sql::Stmt ins(db,
                  "INSERT INTO orders (number, email, status, placed_at, shipped_at, delivered_at, ships_by, eta, carrier,"
                  " tracking_number, items, currency) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    ins.bind(1, o.at("number").get<std::string>()).bind(2, o.at("email").get<std::string>()).bind(3, o.at("status").get<std::string>());
    bind_time(ins, 4, days("placed_days_ago", -1));
    bind_time(ins, 5, days("shipped_days_ago", -1));
    bind_time(ins, 6, days("delivered_days_ago", -1));
    bind_time(ins, 7, days("ships_in", 1));
    bind_time(ins, 8, days("eta_in", 1));
    ins.bind_optional(9, o.contains("carrier") ? std::optional<std::string>(o["carrier"]) : std::nullopt);
    ins.bind_optional(10, o.contains("tracking_number") ? std::optional<std::string>(o["tracking_number"]) : std::nullopt);
    ins.bind(11, o.at("items").dump()).bind(12, o.at("currency").get<std::string>()).run();
  }
  t.commit();
}

std::string tracking_url(const std::string& carrier, const std::string& number) {
  if (carrier == "DHL") return "https://www.dhl.com/global-en/home/tracking.html?tracking-id=" + number;
  if (carrier == "UPS") return "https://www.ups.com/track?tracknum=" + number;
  return "";
}
}  // namespace

Shop::Shop(const std::string& data_dir, const std::string& seed_file, std::int64_t now)
    : owned_(sql::open_sqlite((std::filesystem::path(data_dir) / "shop.db").string())),
      db_(*owned_),
      token_(stored_secret((std::filesystem::path(data_dir) / "shop-token").string(), 24)) {
  db_.exec("PRAGMA journal_mode=WAL");
  db_.exec(kSchema);
  sql::Stmt n(db_, "SELECT COUNT(*) FROM orders");
  if (n.step() && n.i64(0) == 0) seed(db_, seed_file, now);
}

Json Shop::order(const std::string& number, std::int64_t now) {
  std::lock_guard lock(mutex_);
  sql::Stmt s(db_,
              "SELECT number, email, status, placed_at, shipped_at, delivered_at, ships_by, eta, carrier, tracking_number, items, currency"
              " FROM orders WHERE number = ?");
  s.bind(1, number);
  if (!s.step()) return nullptr;
  auto date = [&](int col) { return s.is_null(col) ? Json(nullptr) : Json(iso_date(s.i64(col))); };
  Json o{{"order_number", s.text(0)}, {"email", s.text(1)}, {"status", s.text(2)}, {"placed_at", date(3)}, {"shipped_at", date(4)},
         {"delivered_at", date(5)}, {"ships_by", date(6)}, {"eta", date(7)}, {"carrier", s.is_null(8) ? Json(nullptr) : Json(s.text(8))},
         {"tracking_number", s.is_null(9) ? Json(nullptr) : Json(s.text(9))}, {"items", Json::parse(s.text(10))}, {"currency", s.text(11)}};
  o["tracking_url"] = o["carrier"].is_string() && o["tracking_number"].is_string() ? Json(tracking_url(o["carrier"], o["tracking_number"])) : Json(nullptr);
  // Returnable: delivered within the return window.
  o["returnable"] = o["status"] == "delivered" && !s.is_null(5) && now - s.i64(5) <= kReturnWindowDays * kDay;
  o["cancellable"] = o["status"] == "processing";
  sql::Stmt r(db_, "SELECT id, sku, resolution FROM returns WHERE order_number = ? ORDER BY created_at");
  r.bind(1, number);
  Json returns = Json::array();
  while (r.step()) returns.push_back({{"return_id", r.text(0)}, {"sku", r.text(1)}, {"resolution", r.text(2)}});
  o["returns"] = returns;
  return o;
}

Json Shop::create_return(const std::string& number, const Json& body, const std::string& label_base, std::int64_t now) {
  const Json o = order(number, now);
  if (o.is_null()) throw not_found("order");
  const std::string sku = body.value("sku", ""), reason = body.value("reason", ""), resolution = body.value("resolution", "");
  bool has = false;
  for (const auto& i : o["items"]) has = has || i.value("sku", "") == sku;
  if (!has) throw HttpError(422, "invalid_value", "/sku is not an item of order " + number, "/sku");
  if (reason.empty()) throw HttpError(422, "missing_field", "/reason is required", "/reason");
  if (resolution != "refund" && resolution != "exchange") throw HttpError(422, "invalid_value", "/resolution must be refund or exchange", "/resolution");
  if (!o["returnable"].get<bool>()) throw HttpError(409, "not_returnable", "order " + number + " is past the return window or not delivered");
  std::lock_guard lock(mutex_);
  {
    sql::Stmt dup(db_, "SELECT id, tracking_number FROM returns WHERE order_number = ? AND sku = ?");
    dup.bind(1, number).bind(2, sku);
    if (dup.step())  // asked twice (a retried connector call): the same return
      return {{"return_id", dup.text(0)}, {"tracking_number", dup.text(1)}, {"label_url", label_base + "/api/v1/shop/returns/" + dup.text(0) + "/label"}, {"status", "open"}};
  }
  const std::string id = "RMA-" + random_hex(8);
  const std::string tracking = "RT" + random_hex(6);
  sql::Stmt ins(db_, "INSERT INTO returns (id, order_number, sku, reason, resolution, tracking_number, created_at) VALUES (?,?,?,?,?,?,?)");
  ins.bind(1, id).bind(2, number).bind(3, sku).bind(4, reason).bind(5, resolution).bind(6, tracking).bind(7, now).run();
  return {{"return_id", id}, {"tracking_number", tracking}, {"label_url", label_base + "/api/v1/shop/returns/" + id + "/label"}, {"status", "open"},
          {"resolution", resolution}};
}

Json Shop::cancel(const std::string& number, std::int64_t now) {
  {
    std::lock_guard lock(mutex_);
    sql::Stmt s(db_, "SELECT status FROM orders WHERE number = ?");
    s.bind(1, number);
    if (!s.step()) throw not_found("order");
    const std::string status = s.text(0);
    if (status != "processing" && status != "cancelled")
      throw HttpError(409, "already_shipped", "order " + number + " has shipped and can no longer be cancelled");
    sql::Stmt up(db_, "UPDATE orders SET status = 'cancelled' WHERE number = ?");
    up.bind(1, number).run();
  }
  return order(number, now);
}

std::string Shop::label(const std::string& return_id) {
  std::lock_guard lock(mutex_);
  sql::Stmt s(db_, "SELECT r.id, r.order_number, r.sku, r.tracking_number, o.email FROM returns r JOIN orders o ON o.number = r.order_number WHERE r.id = ?");
  s.bind(1, return_id);
  if (!s.step()) return "";
  return "PREPAID RETURN LABEL\n\nReturn " + s.text(0) + "\nOrder " + s.text(1) + ", item " + s.text(2) + "\nTracking " + s.text(3) +
         "\n\nTo: Parley demo store, Returns, 1 Harbour Road, Lisbon\n";
}

void mount_shop_routes(Router& server, App& app) {
  auto authorised = [&app](const Request& req) {
    const std::string header = req.get_header_value("Authorization");
    if (header.rfind("Bearer ", 0) != 0 || !app.shop || !digest::constant_time_equal(header.substr(7), app.shop->token()))
      throw HttpError(401, "unauthorized", "the shop API wants its own Authorization: Bearer token");
  };
  const std::string orders = "/api/v1/shop/orders/{id}";
  server.get(orders, http::route([&app, authorised](const Request& req, Response& res) {
    authorised(req);
    Json o = app.shop->order(req.matches[1], now_ms());
    if (o.is_null()) throw not_found("order");
    http::reply(res, 200, o);
  }));
  server.post(orders + "/returns", http::route([&app, authorised](const Request& req, Response& res) {
    authorised(req);
    http::reply(res, 201, app.shop->create_return(req.matches[1], http::json_body(req), app.public_base(), now_ms()));
  }));
  server.post(orders + "/cancel", http::route([&app, authorised](const Request& req, Response& res) {
    authorised(req);
    http::reply(res, 200, app.shop->cancel(req.matches[1], now_ms()));
  }));
  server.get("/api/v1/shop/returns/{id}/label", http::route([&app](const Request& req, Response& res) {
    // Unguessable id, as a carrier's label link is: the customer opens it from any channel.
    const std::string label = app.shop ? app.shop->label(req.matches[1]) : "";
    if (label.empty()) throw not_found("return");
    res.status = 200;
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(label, "text/plain; charset=utf-8");
  }));
}
}  // namespace parley::relay
