// Inbound webhooks: signatures over the raw bytes, tampering detected, dedupe keys stable.
#include "parley/api.h"
#include "parley/digest.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace parley;

static std::string fixture(const std::string& name) {
  std::ifstream in(std::string(PARLEY_SOURCE_DIR) + "/tests/contract/fixtures/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

static Json whatsapp(const std::string& body, const std::string& signed_body, const std::string& secret = "s3cret") {
  std::string sig = "sha256=" + digest::hex(digest::hmac_sha256(secret, signed_body));
  return api::call("channels.inbound", {{"channel", "whatsapp"}, {"headers", {{"X-Hub-Signature-256", sig}}}, {"body", body}, {"secret", "s3cret"}});
}

TEST_CASE("a WhatsApp webhook verifies over the exact bytes", "[channels]") {
  std::string body = fixture("whatsapp_messages.json");
  REQUIRE(!body.empty());
  Json ok = whatsapp(body, body);
  REQUIRE(ok["messages"].size() == 2);
  CHECK(ok["messages"][0]["message"]["raw"]["text"]["body"] == "Does it come in another color?");
  // One changed byte anywhere (even whitespace, which JSON parsing would ignore) fails.
  std::string tampered = body;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == ' ' ? '\t' : ' ';
  CHECK(whatsapp(tampered, body)["error"]["code"] == "invalid_signature");
  CHECK(whatsapp(body, body, "other")["error"]["code"] == "invalid_signature");
}

TEST_CASE("redelivered webhooks give the same dedupe keys", "[channels]") {
  std::string body = fixture("whatsapp_messages.json");
  Json a = whatsapp(body, body), b = whatsapp(body, body);
  CHECK(a["messages"][0]["dedupe_key"] == b["messages"][0]["dedupe_key"]);
  CHECK(a["messages"][0]["dedupe_key"] != a["messages"][1]["dedupe_key"]);
}

TEST_CASE("LINE signature is Base64 HMAC-SHA256 with the channel secret", "[channels]") {
  std::string body = fixture("line_callback.json");
  std::string sig = digest::base64(digest::hmac_sha256("line-secret", body));
  Json r{{"channel", "line"}, {"headers", {{"x-line-signature", sig}}}, {"body", body}, {"secret", "line-secret"}};
  Json ok = api::call("channels.inbound", r);
  REQUIRE(ok["messages"].size() == 1);
  CHECK(ok["messages"][0]["reply_token"] == "b60d432864f44d079f6d8efe86cf404b");
  CHECK(ok["messages"][0]["message"]["text"] == "注文の配送状況を教えてください 🍎");
  r["secret"] = "";
  CHECK(api::call("channels.inbound", r)["error"]["path"] == "/secret");
}

TEST_CASE("Twilio signature covers the URL and every sorted form field", "[channels]") {
  std::string body = "To=%2B1555&From=%2B1666&Body=Hi+there&MessageSid=SM1";
  std::string url = "https://example.com/sms";
  std::string data = url + "BodyHi there" + "From+1666" + "MessageSidSM1" + "To+1555";
  std::string sig = digest::base64(digest::hmac_sha1("tok", data));
  Json r{{"channel", "sms"}, {"headers", {{"X-Twilio-Signature", sig}}}, {"body", body}, {"secret", "tok"}, {"url", url}, {"now", 0}};
  Json ok = api::call("channels.inbound", r);
  REQUIRE(ok["messages"].size() == 1);
  CHECK(ok["messages"][0]["message"]["text"] == "Hi there");
  r["body"] = body + "&Extra=1";  // a field added in transit
  CHECK(api::call("channels.inbound", r)["error"]["code"] == "invalid_signature");
}
