// The demo store's own backend, beside the relay: orders in SQLite (<data>/shop.db, seeded from
// site/store/orders.json) behind a small orders API that the self-service connectors call over
// HTTP like any shop's system. Not part of the chat API: a real workspace points its connectors
// at its own shop instead (workspace automation.connector_base).
//
//   GET  /api/v1/shop/orders/{number}           the order, or 404
//   POST /api/v1/shop/orders/{number}/returns   {sku, reason, resolution} -> {return_id, label_url, tracking_number}
//   POST /api/v1/shop/orders/{number}/cancel    {} -> the order, cancelled; 409 once it has shipped
//   GET  /api/v1/shop/returns/{id}/label        the prepaid label (text/plain)
// Every route but the label wants `Authorization: Bearer <token>` (<data>/shop-token).
#pragma once
#include "parley/api.h"
#include "relay/sql.h"

#include <memory>

#include <cstdint>
#include <mutex>
#include <string>

namespace parley::relay {
class Router;

class Shop {
 public:
  // Opens (and on first start seeds) the shop database; throws std::runtime_error naming the file.
  Shop(const std::string& data_dir, const std::string& seed_file, std::int64_t now);
  const std::string& token() const { return token_; }
  Json order(const std::string& number, std::int64_t now);  // null when unknown
  Json create_return(const std::string& number, const Json& body, const std::string& label_base, std::int64_t now);
  Json cancel(const std::string& number, std::int64_t now);
  std::string label(const std::string& return_id);  // empty when unknown

 private:
  std::mutex mutex_;
  std::unique_ptr<sql::Connection> owned_;  // per instance (a demo shop), always SQLite
  sql::Connection& db_;
  std::string token_;
};

struct App;
void mount_shop_routes(Router& server, App& app);
}  // namespace parley::relay
