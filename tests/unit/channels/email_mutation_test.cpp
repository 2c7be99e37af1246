// Mutated e-mails and WeChat XML: every answer is a normalised message or an invalid_payload error
// naming /body — never an internal error, a crash, or JSON that cannot be written.
#include "parley/api.h"
#include "parley/digest.h"

#include <catch2/catch.hpp>

#include <random>

using namespace parley;

namespace {
std::string mutate(std::string s, std::mt19937& rng) {
  std::uniform_int_distribution<int> op(0, 3), byte(0, 255);
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits && !s.empty(); ++e) {
    const std::size_t at = rng() % s.size();
    switch (op(rng)) {
      case 0: s[at] = static_cast<char>(byte(rng)); break;
      case 1: s.erase(at, 1 + rng() % 8); break;
      case 2: s.insert(at, std::string(1 + rng() % 3, "=?-<>\n:\"&;["[rng() % 12])); break;
      default: s.insert(at, s.substr(rng() % s.size(), 1 + rng() % 16)); break;
    }
  }
  return s;
}

void outcome_is_clear(const std::string& channel, const std::string& body) {
  Json r;
  if (channel == "email") {
    const std::string sig = "sha256=" + digest::hex(digest::hmac_sha256("k", body));
    r = api::call("channels.inbound", {{"channel", "email"}, {"headers", {{"x-parley-signature", sig}}}, {"body", body}, {"secret", "k"}, {"now", 1}});
  } else {
    r = api::call("channels.inbound", {{"channel", "wechat"}, {"headers", Json::object()}, {"body", body}, {"secret", "t"}, {"now", 1},
                                       {"query", {{"signature", "398bfe7627050416ec030766223864d8e756c09e"}, {"timestamp", "1"}, {"nonce", "n"}}}});
  }
  INFO(body);
  INFO(r.dump(-1, ' ', false, Json::error_handler_t::replace));
  if (r.contains("error")) {
    CHECK((r["error"]["code"] == "invalid_payload" || r["error"]["code"] == "invalid_signature"));
  } else {
    CHECK(r["messages"].size() + r["events"].size() == 1);
    CHECK_NOTHROW(r.dump());  // valid UTF-8 throughout
  }
}
}  // namespace

TEST_CASE("mutated e-mails give a message or a clear error", "[channels][email]") {
  const std::string seed =
      "From: =?UTF-8?Q?Jos=C3=A9?= <jose@example.org>\r\nSubject: =?ISO-8859-1?Q?Gr=FC=DFe?=\r\nMessage-ID: <m@example.org>\r\n"
      "References: <a@x> <b@y>\r\nContent-Type: multipart/mixed; boundary=\"o\"\r\n\r\n--o\r\nContent-Type: multipart/alternative; boundary=i\r\n\r\n"
      "--i\r\nContent-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nCaf=E9 =\r\nok\r\n\r\n"
      "On Mon, X <x@y> wrote:\r\n> old\r\n-- \r\nsig\r\n--i\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>a&amp;b</p>\r\n--i--\r\n"
      "--o\r\nContent-Type: image/png; name=a.png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--o--\r\n";
  std::mt19937 rng(20261203);
  for (int i = 0; i < 3000; ++i) outcome_is_clear("email", mutate(seed, rng));
}

TEST_CASE("mutated WeChat XML gives a message or a clear error", "[channels][wechat]") {
  const std::string seed = "<xml><FromUserName><![CDATA[o1]]></FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType>"
                           "<Content>a &lt; &#x4F60;</Content><MsgId>7</MsgId></xml>";
  std::mt19937 rng(7);
  for (int i = 0; i < 3000; ++i) outcome_is_clear("wechat", mutate(seed, rng));
}
