// channels.send_result: the classification table (ok / backoff / never) per provider, with the
// provider's message id on success and its own error text on failure.
#include "parley/api.h"

#include <catch2/catch.hpp>

using namespace parley;

namespace {
Json result(const std::string& channel, int status, const Json& body, const Json& headers = Json::object()) {
  return api::call("channels.send_result", {{"channel", channel}, {"status", status}, {"headers", headers},
                                            {"body", body.is_string() ? body.get<std::string>() : body.dump()}});
}
}  // namespace

TEST_CASE("send_result: 2xx gives each provider's message id", "[channels][send_result]") {
  struct Row {
    const char* channel;
    int status;
    Json body;
    const char* id;
    const char* state;
  };
  const Row rows[] = {
      {"whatsapp", 200, {{"messaging_product", "whatsapp"}, {"messages", {{{"id", "wamid.HBg1"}}}}}, "wamid.HBg1", "accepted"},
      {"messenger", 200, {{"recipient_id", "1"}, {"message_id", "m_abc"}}, "m_abc", "sent"},
      {"instagram", 200, {{"recipient_id", "1"}, {"message_id", "m_ig"}}, "m_ig", "sent"},
      {"line", 200, {{"sentMessages", {{{"id", "4617"}, {"quoteToken", "q"}}}}}, "4617", "sent"},
      {"telegram", 200, {{"ok", true}, {"result", {{"message_id", 42}}}}, "42", "sent"},
      {"sms", 201, {{"sid", "SM123"}, {"status", "queued"}}, "SM123", "accepted"},
      {"wechat", 200, {{"errcode", 0}, {"errmsg", "ok"}, {"msgid", 99}}, "99", "sent"},
  };
  for (const auto& row : rows) {
    INFO(row.channel);
    Json r = result(row.channel, row.status, row.body);
    CHECK(r["ok"] == true);
    CHECK(r["retry"] == "none");
    CHECK(r["provider_message_id"] == row.id);
    CHECK(r["status"] == row.state);
    CHECK_FALSE(r.contains("error"));
  }
}

TEST_CASE("send_result: 5xx and 429 back off, other 4xx never, with the provider's words", "[channels][send_result]") {
  struct Row {
    const char* channel;
    int status;
    Json body;
    const char* retry;
    const char* code;
    const char* text;  // in error.message
  };
  const Row rows[] = {
      {"whatsapp", 500, {{"error", {{"message", "Internal"}, {"code", 1}}}}, "backoff", "provider_unavailable", "Internal"},
      {"whatsapp", 400, {{"error", {{"message", "Re-engagement message"}, {"code", 131047}}}}, "never", "provider_rejected", "Re-engagement"},
      {"whatsapp", 400, {{"error", {{"message", "Rate limit hit"}, {"code", 130429}}}}, "backoff", "rate_limited", "Rate limit"},
      {"messenger", 400, {{"error", {{"message", "(#10) outside of allowed window"}, {"code", 10}}}}, "never", "provider_rejected", "allowed window"},
      {"messenger", 401, {{"error", {{"message", "Invalid OAuth access token"}, {"code", 190}}}}, "never", "unauthorized", "OAuth"},
      {"line", 400, {{"message", "The request body has 1 error(s)"}, {"details", {{{"message", "May not be empty"}, {"property", "messages[0].text"}}}}},
       "never", "provider_rejected", "messages[0].text: May not be empty"},
      {"line", 429, {{"message", "You have reached your monthly limit."}}, "backoff", "rate_limited", "monthly limit"},
      {"telegram", 400, {{"ok", false}, {"error_code", 400}, {"description", "Bad Request: can't parse entities"}}, "never", "provider_rejected", "can't parse"},
      {"telegram", 429, {{"ok", false}, {"error_code", 429}, {"description", "Too Many Requests: retry after 5"}}, "backoff", "rate_limited", "retry after"},
      {"sms", 400, {{"code", 21211}, {"message", "The 'To' number is not a valid phone number."}}, "never", "provider_rejected", "not a valid phone"},
      {"sms", 503, "Service Unavailable", "backoff", "provider_unavailable", "HTTP 503"},
      {"line", 302, "", "never", "unexpected_status", "HTTP 302"},
  };
  for (const auto& row : rows) {
    INFO(row.channel << " " << row.status);
    Json r = result(row.channel, row.status, row.body);
    CHECK(r["ok"] == false);
    CHECK(r["retry"] == row.retry);
    CHECK(r["error"]["code"] == row.code);
    CHECK_THAT(r["error"]["message"].get<std::string>(), Catch::Contains(row.text));
    CHECK(r["error"]["status"] == row.status);
  }
  CHECK(result("sms", 400, {{"code", 21211}, {"message", "x"}})["error"]["provider_code"] == "21211");
}

TEST_CASE("send_result: LINE 409 with an accepted request id is already sent", "[channels][send_result]") {
  Json r = result("line", 409, {{"message", "The retry key is already accepted"}}, {{"x-line-accepted-request-id", "req-1"}});
  CHECK(r["ok"] == true);
  CHECK(r["status"] == "accepted");
  CHECK(r["accepted_request_id"] == "req-1");
  CHECK(result("line", 409, {{"message", "Conflict"}})["retry"] == "never");  // without the header it is a plain conflict
}

TEST_CASE("send_result: WeChat errcode decides, even with HTTP 200", "[channels][send_result]") {
  Json busy = result("wechat", 200, {{"errcode", -1}, {"errmsg", "system error"}});
  CHECK(busy["ok"] == false);
  CHECK(busy["retry"] == "backoff");
  Json window = result("wechat", 200, {{"errcode", 45015}, {"errmsg", "response out of time limit"}});
  CHECK(window["retry"] == "never");
  CHECK(window["error"]["code"] == "outside_window");
  Json limit = result("wechat", 200, {{"errcode", 45047}, {"errmsg", "out of response count limit"}});
  CHECK(limit["error"]["code"] == "message_limit");
  CHECK(result("wechat", 200, {{"errcode", 40001}, {"errmsg", "invalid credential"}})["error"]["code"] == "unauthorized");
  CHECK(result("wechat", 200, {{"errcode", 43004}, {"errmsg", "require subscribe"}})["retry"] == "never");
}

TEST_CASE("send_result: a bad call is an error, not a classification", "[channels][send_result]") {
  CHECK(api::call("channels.send_result", {{"channel", "line"}, {"status", 700}})["error"]["path"] == "/status");
  CHECK(api::call("channels.send_result", {{"channel", "line"}})["error"]["path"] == "/status");
}
