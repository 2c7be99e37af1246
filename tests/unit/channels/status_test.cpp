// Delivery statuses: WhatsApp statuses[], Messenger/Instagram delivery and read, Twilio's status
// callbacks all come out of channels.inbound in the one shape the relay's store reads.
#include "parley/api.h"
#include "parley/digest.h"

#include <catch2/catch.hpp>

using namespace parley;

namespace {
Json meta(const std::string& channel, const Json& body) {
  const std::string raw = body.dump();
  return api::call("channels.inbound", {{"channel", channel}, {"headers", {{"x-hub-signature-256", "sha256=" + digest::hex(digest::hmac_sha256("s", raw))}}},
                                        {"body", raw}, {"secret", "s"}, {"now", 1}});
}

Json twilio(const std::string& form) {
  const std::string url = "https://relay.example/webhooks/sms";
  std::vector<std::pair<std::string, std::string>> pairs;
  std::size_t start = 0;
  while (start < form.size()) {
    std::size_t amp = form.find('&', start), eq = form.find('=', start);
    if (amp == std::string::npos) amp = form.size();
    pairs.emplace_back(form.substr(start, eq - start), form.substr(eq + 1, amp - eq - 1));
    start = amp + 1;
  }
  std::sort(pairs.begin(), pairs.end());
  std::string data = url;
  for (const auto& [k, v] : pairs) data += k + v;
  return api::call("channels.inbound", {{"channel", "sms"}, {"headers", {{"x-twilio-signature", digest::base64(digest::hmac_sha1("t", data))}}},
                                        {"body", form}, {"secret", "t"}, {"url", url}, {"now", 1796313600000}});
}

void one_shape(const Json& ev) {
  INFO(ev.dump());
  CHECK(ev["type"] == "status");
  CHECK(ev["dedupe_key"].is_string());
  CHECK(ev.contains("provider_message_id"));
  CHECK(ev.contains("at"));
  const std::string s = ev["status"];
  CHECK((s == "sent" || s == "delivered" || s == "read" || s == "failed"));
}
}  // namespace

TEST_CASE("status: WhatsApp statuses[] with errors", "[channels][status]") {
  Json body{{"object", "whatsapp_business_account"},
            {"entry", {{{"id", "W"}, {"changes", {{{"field", "messages"}, {"value", {{"messaging_product", "whatsapp"}, {"statuses", {
                {{"id", "wamid.A"}, {"status", "delivered"}, {"timestamp", "1700000000"}, {"recipient_id", "5511"}},
                {{"id", "wamid.B"}, {"status", "failed"}, {"timestamp", "1700000001"}, {"recipient_id", "5511"},
                 {"errors", {{{"code", 131047}, {"title", "Re-engagement message"}, {"message", "More than 24 hours have passed"}}}}}}}}}}}}}}}};
  Json r = meta("whatsapp", body);
  REQUIRE(r["events"].size() == 2);
  for (const auto& ev : r["events"]) one_shape(ev);
  CHECK(r["events"][0]["provider_message_id"] == "wamid.A");
  CHECK(r["events"][0]["at"] == 1700000000000);
  CHECK(r["events"][0]["dedupe_key"] == "whatsapp:status:wamid.A:delivered");
  CHECK(r["events"][1]["error"] == Json{{"code", "131047"}, {"message", "More than 24 hours have passed"}});
}

TEST_CASE("status: Messenger delivery per mid, read as a watermark for the reader", "[channels][status]") {
  Json body{{"object", "page"},
            {"entry", {{{"id", "P"}, {"time", 1}, {"messaging", {
                {{"sender", {{"id", "PSID1"}}}, {"recipient", {{"id", "P"}}}, {"timestamp", 1700000000500}, {"delivery", {{"mids", {"m_1", "m_2"}}, {"watermark", 1700000000000}}}},
                {{"sender", {{"id", "PSID1"}}}, {"recipient", {{"id", "P"}}}, {"timestamp", 1700000000900}, {"read", {{"watermark", 1700000000800}}}}}}}}}};
  Json r = meta("messenger", body);
  REQUIRE(r["events"].size() == 3);
  one_shape(r["events"][0]);
  CHECK(r["events"][0]["provider_message_id"] == "m_1");
  CHECK(r["events"][1]["provider_message_id"] == "m_2");
  CHECK(r["events"][1]["status"] == "delivered");
  const Json& read = r["events"][2];
  CHECK(read["type"] == "status");
  CHECK(read["status"] == "read");
  CHECK(read["watermark"] == 1700000000800);
  CHECK(read["recipient"] == "PSID1");
  CHECK(read["at"] == 1700000000900);
}

TEST_CASE("status: Twilio status callbacks; undelivered is failed with its error", "[channels][status]") {
  Json r = twilio("MessageSid=SM1&MessageStatus=delivered&To=14155550100&From=15005550006&AccountSid=AC1");
  REQUIRE(r["events"].size() == 1);
  CHECK(r["messages"].empty());
  one_shape(r["events"][0]);
  CHECK(r["events"][0]["provider_message_id"] == "SM1");
  CHECK(r["events"][0]["at"] == 1796313600000);
  Json failed = twilio("MessageSid=SM2&MessageStatus=undelivered&ErrorCode=30003&ErrorMessage=Unreachable&To=14155550100&From=15005550006");
  CHECK(failed["events"][0]["status"] == "failed");
  CHECK(failed["events"][0]["error"] == Json{{"code", "30003"}, {"message", "Unreachable"}});
  Json queued = twilio("MessageSid=SM4&MessageStatus=queued&To=14155550100&From=15005550006");
  CHECK(queued["events"][0]["type"] == "status_progress");  // not a delivery status: claimed, nothing moves
  CHECK(twilio("MessageSid=SM3&SmsStatus=received&Body=hi&From=14155550100&To=15005550006")["messages"].size() == 1);
}
