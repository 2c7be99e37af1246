// channels.outbound for e-mail: a complete RFC 5322 message (threading, Re: once, RFC 2047,
// multipart/alternative in quoted-printable, CRLF, short lines), read back by the inbound parser.
#include "parley/api.h"
#include "parley/digest.h"

#include <catch2/catch.hpp>

using namespace parley;

namespace {
Json compose(const std::string& text, const Json& thread, const std::string& key = "msg-key-1") {
  Json account{{"from", "support@shop.example"}, {"from_name", "Shop Support"}, {"smtp", {{"host", "127.0.0.1"}, {"port", 2525}}}};
  Json r = api::call("channels.outbound", {{"channel", "email"}, {"account", account}, {"to", {{"id", "ana@example.org"}}}, {"text", text},
                                           {"idempotency_key", key}, {"thread", thread}, {"now", 1796313600000}});
  INFO(r.dump());
  REQUIRE(r.contains("requests"));
  REQUIRE(r["requests"].size() == 1);
  return r["requests"][0];
}

std::string header(const std::string& data, const std::string& name) {
  const std::size_t at = data.find("\r\n" + name + ": ");
  if (at == std::string::npos) return "";
  std::size_t end = data.find("\r\n", at + 2);
  while (end != std::string::npos && end + 2 < data.size() && data[end + 2] == ' ') end = data.find("\r\n", end + 2);  // folded
  return data.substr(at + 4 + name.size(), end - at - 4 - name.size());
}

Json read_back(const std::string& data) {
  const std::string sig = "sha256=" + digest::hex(digest::hmac_sha256("s", data));
  return api::call("channels.inbound", {{"channel", "email"}, {"headers", {{"x-parley-signature", sig}}}, {"body", data}, {"secret", "s"}, {"now", 1}});
}

const Json kThread = {{"subject", "Order 1234"}, {"in_reply_to", "<c2@example.org>"}, {"references", {"<c1@example.org>"}}};
}  // namespace

TEST_CASE("email outbound: the SMTP request and its headers", "[channels][outbound][email]") {
  Json r = compose("Your parcel left today.", kThread);
  CHECK(r["transport"] == "smtp");
  CHECK(r["host"] == "127.0.0.1");
  CHECK(r["port"] == 2525);
  CHECK(r["from"] == "support@shop.example");
  CHECK(r["to"] == Json::array({"ana@example.org"}));
  const std::string data = "\r\n" + r["data"].get<std::string>();
  const std::string id = "<" + digest::hex(digest::sha256("msg-key-1")).substr(0, 32) + "@shop.example>";
  CHECK(r["message_id"] == id);
  CHECK(header(data, "Message-ID") == id);
  CHECK(header(data, "Date") == "Thu, 03 Dec 2026 16:00:00 +0000");
  CHECK(header(data, "From") == "Shop Support <support@shop.example>");
  CHECK(header(data, "To") == "ana@example.org");
  CHECK(header(data, "Subject") == "Re: Order 1234");
  CHECK(header(data, "In-Reply-To") == "<c2@example.org>");
  CHECK(header(data, "References") == "<c1@example.org>\r\n <c2@example.org>");
  CHECK(header(data, "MIME-Version") == "1.0");
  CHECK_THAT(header(data, "Content-Type"), Catch::StartsWith("multipart/alternative; boundary=\"=_parley_"));
  CHECK(compose("Your parcel left today.", kThread)["data"] == r["data"]);              // deterministic: a resend is the same message
  CHECK(compose("Your parcel left today.", kThread, "msg-key-2")["message_id"] != id);  // another send, another id
}

TEST_CASE("email outbound: Re: once, non-ASCII subjects encoded, new threads need a subject", "[channels][outbound][email]") {
  auto subject = [](const Json& thread) { return header("\r\n" + compose("x", thread)["data"].get<std::string>(), "Subject"); };
  CHECK(subject({{"subject", "Re: Order 1234"}, {"in_reply_to", "c2@example.org"}}) == "Re: Order 1234");
  CHECK(subject({{"subject", "RE: Order"}, {"in_reply_to", "<c2@example.org>"}}) == "RE: Order");
  CHECK(subject({{"subject", "New order"}}) == "New order");  // not a reply: no Re:
  CHECK(subject({{"subject", "Bestellung für Köln"}}) == "=?UTF-8?B?" + digest::base64("Bestellung für Köln") + "?=");
}

TEST_CASE("email outbound: every line CRLF and at most 998 octets; the body survives the round trip", "[channels][outbound][email]") {
  std::string text = "Grüße aus Köln — 注文を確認しました。\n.a line starting with a dot = and an equals sign   \n\n";
  for (int i = 0; i < 300; ++i) text += "long ";
  text += "\n<b>not markup</b> & more";
  const std::string data = compose(text, kThread)["data"];
  std::size_t start = 0;
  while (start < data.size()) {
    std::size_t end = data.find("\r\n", start);
    REQUIRE(end != std::string::npos);  // ends with CRLF
    CHECK(end - start <= 998);
    CHECK(data.substr(start, end - start).find('\n') == std::string::npos);  // no bare LF
    start = end + 2;
  }
  for (unsigned char c : data) CHECK(c < 0x80);  // 7-bit: quoted-printable and encoded-words
  Json back = read_back(data);
  INFO(back.dump());
  REQUIRE(back.contains("messages"));
  const Json& m = back["messages"][0];
  CHECK(m["message"]["text"] == text);  // trailing spaces too: quoted-printable encodes the last one
  CHECK(m["email"]["subject"] == "Re: Order 1234");
  CHECK(m["email"]["in_reply_to"] == "<c2@example.org>");
  CHECK(m["email"]["references"] == Json::array({"<c1@example.org>", "<c2@example.org>"}));
  CHECK(m["email"]["from"] == Json{{"address", "support@shop.example"}, {"name", "Shop Support"}});
}

TEST_CASE("email outbound: the HTML alternative escapes the agent's text", "[channels][outbound][email]") {
  const std::string data = compose("<script>alert(1)</script> & co", kThread)["data"];
  const std::size_t html = data.find("Content-Type: text/html");
  REQUIRE(html != std::string::npos);
  const std::string part = data.substr(html);
  CHECK(part.find("<script>") == std::string::npos);
  CHECK(part.find("&lt;script&gt;") != std::string::npos);
}
