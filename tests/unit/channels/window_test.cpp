// Messaging windows: the answer moves with `now`, and outside a window it names the legal path.
#include "parley/api.h"

#include <catch2/catch.hpp>

using namespace parley;

static Json window(const Json& r) { return api::call("channels.window", r); }

TEST_CASE("WhatsApp's window is 24 h from the customer's last message, at the millisecond", "[channels]") {
  Json r = Json::parse(R"({"channel":"whatsapp","history":[{"direction":"inbound","at":1000},{"direction":"inbound","at":5000}]})");
  r["now"] = 5000 + 24 * 3600 * 1000 - 1;
  CHECK(window(r)["free_form"] == true);
  r["now"] = 5000 + 24 * 3600 * 1000;
  CHECK(window(r)["free_form"] == false);
  CHECK(window(r)["requires"] == "approved_template");
  // Messages from the future (clock skew in the history) do not open a window in the past.
  r["history"].push_back(Json::parse(R"({"direction":"inbound","at":999999999999})"));
  CHECK(window(r)["free_form"] == false);
}

TEST_CASE("WeChat counts business messages since the customer's last message", "[channels]") {
  Json r = Json::parse(R"({"channel":"wechat","now":100000,"history":[{"direction":"inbound","at":0}]})");
  for (int i = 1; i <= 5; ++i) {
    CHECK(window(r)["messages_left"] == 6 - i);
    r["history"].push_back({{"direction", "outbound"}, {"at", i * 1000}});
  }
  CHECK(window(r)["free_form"] == false);
  r["history"].push_back(Json::parse(R"({"direction":"inbound","at":50000})"));  // the customer writes again
  CHECK(window(r)["messages_left"] == 5);
}

TEST_CASE("Messenger tags are offered only to humans, within 7 days, never promotional", "[channels]") {
  Json r = Json::parse(R"({"channel":"messenger","history":[{"direction":"inbound","at":"2026-01-01T00:00:00Z"}],"now":"2026-01-03T00:00:00Z"})");
  Json human = window(r);
  CHECK(human["options"].size() == 4);
  for (const auto& o : human["options"]) CHECK(o["promotional"] == false);
  r["sender"] = "bot";
  CHECK(window(r)["options"].size() == 3);
  r["sender"] = "robot";
  CHECK(window(r)["error"]["path"] == "/sender");
}
