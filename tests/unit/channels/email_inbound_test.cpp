// E-mail inbound: the signed hop, headers (folding, RFC 2047), MIME trees and transfer
// encodings, charsets, quoted history and signatures, auto-replies, threading, bad input.
#include "parley/api.h"
#include "parley/digest.h"

#include <catch2/catch.hpp>

using namespace parley;

namespace {
const std::string kSecret = "email-inbound-secret";

Json receive(const std::string& raw, const std::string& signed_with = kSecret) {
  const std::string sig = "sha256=" + digest::hex(digest::hmac_sha256(signed_with, raw));
  return api::call("channels.inbound", {{"channel", "email"}, {"headers", {{"X-Parley-Signature", sig}}}, {"body", raw},
                                        {"secret", kSecret}, {"now", 1764780000000}});
}

// A message from headers and a body, CRLF line ends as SMTP delivers it.
std::string mail(const std::string& headers, const std::string& body) {
  std::string out;
  for (char c : headers + "\n" + body) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
  return out;
}

const std::string kBasic = "From: Ana Lima <Ana@Example.org>\nTo: support@shop.example\nSubject: Order 1234\n"
                           "Message-ID: <abc123@example.org>\nDate: Thu, 03 Dec 2026 17:00:00 +0100\n";

Json first(const Json& r) {
  INFO(r.dump());
  REQUIRE(r.contains("messages"));
  REQUIRE(r["messages"].size() == 1);
  return r["messages"][0];
}

std::string error_of(const Json& r) {
  INFO(r.dump());
  REQUIRE(r.contains("error"));
  return r["error"]["code"].get<std::string>() + " " + r["error"]["path"].get<std::string>() + " " + r["error"]["message"].get<std::string>();
}
}  // namespace

TEST_CASE("email: a plain message gives sender, text, thread and dedupe key", "[channels][email]") {
  Json m = first(receive(mail(kBasic + "Content-Type: text/plain; charset=utf-8\n", "Where is my parcel?\n")));
  CHECK(m["dedupe_key"] == "email:<abc123@example.org>");
  CHECK(m["message"]["sender"]["id"] == "ana@example.org");
  CHECK(m["email"]["from"]["name"] == "Ana Lima");
  CHECK(m["message"]["text"] == "Where is my parcel?");
  CHECK(m["message"]["conversation_id"] == "ana@example.org");  // no thread named: the customer's conversation
  CHECK(m["message"]["at"] == "2026-12-03T16:00:00.000Z");  // 17:00 +0100 = 16:00 UTC
  CHECK(m["email"]["subject"] == "Order 1234");
  CHECK(m["email"]["auto_reply"] == false);
  CHECK(m["email"]["references"] == Json::array());
}

TEST_CASE("email: the signature is over the raw bytes", "[channels][email]") {
  const std::string raw = mail(kBasic, "Hi\n");
  CHECK(receive(raw, "wrong")["error"]["code"] == "invalid_signature");
  Json r = api::call("channels.inbound", {{"channel", "email"}, {"headers", Json::object()}, {"body", raw}, {"secret", kSecret}, {"now", 1}});
  CHECK(r["error"]["code"] == "missing_signature");
}

TEST_CASE("email: threading fields, the root is the first reference", "[channels][email]") {
  Json m = first(receive(mail(kBasic + "In-Reply-To: <p2@shop.example>\nReferences: <root@example.org>\n <p2@shop.example>\n", "Thanks\n")));
  CHECK(m["email"]["in_reply_to"] == "<p2@shop.example>");
  CHECK(m["email"]["references"] == Json::array({"<root@example.org>", "<p2@shop.example>"}));
  CHECK(m["message"]["conversation_id"] == "<root@example.org>");
  Json only_irt = first(receive(mail(kBasic + "In-Reply-To: <p2@shop.example>\n", "Thanks\n")));
  CHECK(only_irt["message"]["conversation_id"] == "<p2@shop.example>");
}

TEST_CASE("email: without a Message-ID the dedupe key is a hash of the message", "[channels][email]") {
  const std::string raw = mail("From: a@example.org\nSubject: x\n", "Hello\n");
  Json a = first(receive(raw)), b = first(receive(raw));
  CHECK(a["dedupe_key"].get<std::string>().rfind("email:sha256:", 0) == 0);
  CHECK(a["dedupe_key"] == b["dedupe_key"]);
  CHECK(first(receive(mail("From: a@example.org\nSubject: x\n", "Hello!\n")))["dedupe_key"] != a["dedupe_key"]);
}

TEST_CASE("email: RFC 2047 subjects and names, folded headers", "[channels][email]") {
  Json m = first(receive(mail("From: =?UTF-8?Q?Jos=C3=A9_P=C3=A9rez?= <jose@example.org>\n"
                              "Subject: =?UTF-8?B?0J/RgNC40LLQtdGCLCDQvNC40YA=?=\n =?ISO-8859-1?Q?_Gr=FC=DFe?=\n"
                              "Message-ID: <s1@example.org>\n",
                              "x\n")));
  CHECK(m["email"]["from"]["name"] == "José Pérez");
  CHECK(m["email"]["subject"] == "Привет, мир Grüße");  // the space between two encoded-words goes
  Json folded = first(receive(mail("From: a@example.org\nSubject: a long\n\tfolded subject\nMessage-ID: <s2@example.org>\n", "x\n")));
  CHECK(folded["email"]["subject"] == "a long\tfolded subject");
}

TEST_CASE("email: multipart/alternative prefers text/plain", "[channels][email]") {
  const std::string body = "--b1\nContent-Type: text/plain; charset=utf-8\n\nPlain words\n--b1\nContent-Type: text/html; charset=utf-8\n\n"
                           "<p>HTML words</p>\n--b1--\n";
  Json m = first(receive(mail(kBasic + "MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b1\"\n", body)));
  CHECK(m["message"]["text"] == "Plain words");
}

TEST_CASE("email: HTML only is stripped to text, scripts and styles dropped, never rendered", "[channels][email]") {
  const std::string html = "<html><head><style>p{color:red}</style></head><body><p>Hello &amp; welcome</p><script>alert(1)</script>"
                           "<div>Line&nbsp;two<br>Line three</div></body></html>";
  Json m = first(receive(mail(kBasic + "Content-Type: text/html; charset=utf-8\n", html)));
  CHECK(m["message"]["text"] == "Hello & welcome\n\nLine two\nLine three");
  CHECK(m["email"]["from_html"] == true);
}

TEST_CASE("email: nested multipart/mixed lists the attachment without its bytes", "[channels][email]") {
  const std::string body =
      "preamble\n--outer\nContent-Type: multipart/alternative; boundary=inner\n\n--inner\nContent-Type: text/plain; charset=utf-8\n"
      "Content-Transfer-Encoding: quoted-printable\n\nSee the photo, caf=C3=A9 =\nincluded.\n--inner\nContent-Type: text/html\n\n<p>x</p>\n"
      "--inner--\n--outer\nContent-Type: image/png; name=\"receipt.png\"\nContent-Disposition: attachment; filename=\"receipt.png\"\n"
      "Content-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--outer\nContent-Type: application/pdf\n"
      "Content-Disposition: attachment; filename*=utf-8''Rechnung%20M%C3%A4rz.pdf\n\n%PDF\n--outer--\nepilogue\n";
  Json m = first(receive(mail(kBasic + "Content-Type: multipart/mixed; boundary=\"outer\"\n", body)));
  CHECK(m["message"]["text"] == "See the photo, café included.");
  REQUIRE(m["message"]["attachments"].size() == 2);
  CHECK(m["message"]["attachments"][0]["type"] == "image");
  CHECK(m["message"]["attachments"][0]["mime"] == "image/png");
  CHECK(m["message"]["attachments"][0]["bytes"] == 8);
  CHECK(m["email"]["attachments"][0] == Json{{"filename", "receipt.png"}, {"content_type", "image/png"}, {"size", 8}});
  CHECK(m["email"]["attachments"][1]["filename"] == "Rechnung März.pdf");
  CHECK_FALSE(m["message"]["raw"].dump().find("iVBOR") != std::string::npos);
}

TEST_CASE("email: base64 and quoted-printable bodies decode", "[channels][email]") {
  Json b64 = first(receive(mail(kBasic + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n",
                                "w4dhIG1hcmNo\nZSB0csOocyBiaWVuLCBtZXJjaS4K\n")));
  CHECK(b64["message"]["text"] == "Ça marche très bien, merci.");
  Json qp = first(receive(mail(kBasic + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: Quoted-Printable\n",
                               "A long line that was=\n broken softly =3D kept, trailing space=20\nnext line   \n")));
  CHECK(qp["message"]["text"] == "A long line that was broken softly = kept, trailing space \nnext line");
}

TEST_CASE("email: iso-8859-1, windows-1252 and Japanese charsets become UTF-8", "[channels][email]") {
  auto text = [](const std::string& charset, const std::string& bytes) {
    return first(receive(mail(kBasic + "Content-Type: text/plain; charset=" + charset + "\nContent-Transfer-Encoding: 8bit\n", bytes)))["message"]["text"];
  };
  CHECK(text("iso-8859-1", "Gr\xFC\xDF" "e aus K\xF6ln") == "Grüße aus Köln");
  CHECK(text("\"windows-1252\"", "Gr\xFC\xDF" "e \x96 \x93quoted\x94 \x80") == "Grüße – “quoted” €");
  CHECK(text("Shift_JIS", "\x82\xB1\x82\xF1\x82\xC9\x82\xBF\x82\xCD\x81\x41\x92\x8D\x95\xB6\x82\xCC\x8C\x8F\x82\xC5\x82\xB7") ==
        "こんにちは、注文の件です");
  CHECK(text("ISO-2022-JP", "\x1B\x24\x42\x24\x33\x24\x73\x24\x4B\x24\x41\x24\x4F\x21\x22\x43\x6D\x4A\x38\x24\x4E\x37\x6F\x24\x47\x24\x39\x1B\x28\x42") ==
        "こんにちは、注文の件です");
}

TEST_CASE("email: bytes a charset does not define and unknown charsets are errors, not mojibake", "[channels][email]") {
  auto err = [](const std::string& charset, const std::string& bytes) {
    return error_of(receive(mail(kBasic + "Content-Type: text/plain; charset=" + charset + "\n", bytes)));
  };
  CHECK_THAT(err("utf-8", "caf\xE9\n"), Catch::Contains("invalid_payload /body") && Catch::Contains("not valid UTF-8"));
  CHECK_THAT(err("us-ascii", "caf\xE9\n"), Catch::Contains("not defined in us-ascii"));
  CHECK_THAT(err("windows-1252", "x\x81y\n"), Catch::Contains("0x81"));
  CHECK_THAT(err("x-no-such-charset", "abc\n"), Catch::Contains("cannot be converted"));
  CHECK_THAT(err("Shift_JIS", "\x82\n"), Catch::Contains("not valid Shift_JIS") || Catch::Contains("not valid shift_jis"));
  CHECK_THAT(error_of(receive(mail(kBasic, "caf\xE9\n"))), Catch::Contains("no charset declared"));
}

TEST_CASE("email: quoted history is cut and kept (Gmail, Outlook, Japanese, German, French, Spanish)", "[channels][email]") {
  auto read = [](const std::string& body) { return first(receive(mail(kBasic + "Content-Type: text/plain; charset=utf-8\n", body))); };
  Json gmail = read("Yes, that works.\n\nOn Thu, Dec 3, 2026 at 5:00 PM Shop Support <support@shop.example>\nwrote:\n> Can you confirm?\n> Thanks\n");
  CHECK(gmail["message"]["text"] == "Yes, that works.");
  CHECK_THAT(gmail["email"]["quoted"].get<std::string>(), Catch::StartsWith("On Thu, Dec 3") && Catch::Contains("> Can you confirm?"));

  // {body, the new text}: one row per client's way of quoting.
  const std::pair<const char*, const char*> rows[] = {
      {"Please cancel it.\n\n-----Original Message-----\nFrom: Support\nSent: Thursday\nSubject: Order\n\nYour order\n", "Please cancel it."},
      {"Please cancel it.\n________________________________\nFrom: Support <support@shop.example>\nSent: Thursday\n\nOld text\n", "Please cancel it."},
      {"承知しました。\n\n2026年12月3日(木) 17:00 Shop Support <support@shop.example>:\n> ご確認ください\n", "承知しました。"},
      {"ありがとうございます。\n\n山田さんは書きました:\n> 発送しました\n", "ありがとうございます。"},
      {"Danke!\n\nAm 03.12.2026 um 17:00 schrieb Shop Support <support@shop.example>:\n> Ihre Bestellung\n", "Danke!"},
      {"Merci !\n\nLe jeu. 3 déc. 2026 à 17:00, Shop <support@shop.example> a écrit :\n> Votre commande\n", "Merci !"},
      {"¡Gracias!\n\nEl jue, 3 dic 2026 a las 17:00, Shop (<support@shop.example>) escribió:\n> Su pedido\n", "¡Gracias!"},
  };
  for (const auto& [body, text] : rows) {
    INFO(body);
    Json m = read(body);
    CHECK(m["message"]["text"] == text);
    CHECK_FALSE(m["email"]["quoted"].get<std::string>().empty());
  }

  Json interleaved = read("> Which size?\nLarge, please.\n> Which colour?\nBlue.\n");
  CHECK(interleaved["message"]["text"] == "Large, please.\nBlue.");
  CHECK(interleaved["email"]["quoted"] == "> Which size?\n> Which colour?");
}

TEST_CASE("email: the signature after '-- ' is cut", "[channels][email]") {
  Json m = first(receive(mail(kBasic, "It arrived, thanks.\n\n-- \nAna Lima\nACME Ltd.\n")));
  CHECK(m["message"]["text"] == "It arrived, thanks.");
  CHECK(m["email"]["quoted"] == "-- \nAna Lima\nACME Ltd.");
}

TEST_CASE("email: a message that is all quote keeps its text", "[channels][email]") {
  Json m = first(receive(mail(kBasic, "> only a quote\n")));
  CHECK(m["message"]["text"] == "> only a quote");
}

TEST_CASE("email: auto-replies are flagged", "[channels][email]") {
  auto flag = [](const std::string& extra, const std::string& subject = "Order 1234") {
    return first(receive(mail("From: a@example.org\nSubject: " + subject + "\nMessage-ID: <x@example.org>\n" + extra, "away\n")))["email"]["auto_reply"];
  };
  CHECK(flag("Auto-Submitted: auto-replied\n") == true);
  CHECK(flag("Auto-Submitted: no\n") == false);
  CHECK(flag("X-Autoreply: yes\n") == true);
  CHECK(flag("X-Autorespond: 1\n") == true);
  CHECK(flag("Precedence: bulk\n") == true);
  CHECK(flag("Precedence: junk\n") == true);
  CHECK(flag("", "Out of Office: back Monday") == true);
  CHECK(flag("", "Automatic reply: Order 1234") == true);
  CHECK(flag("", "Abwesenheitsnotiz") == true);
  CHECK(flag("", "=?UTF-8?B?6Ieq5YuV5b+c562U?=") == true);  // 自動応答
  CHECK(flag("", "Re: Order 1234") == false);
  // One list with triage: more languages, and a missed-delivery notice (不在票) is not an auto-reply.
  CHECK(flag("Precedence: list\n") == true);
  CHECK(flag("", "AUTO: back on Monday") == true);
  CHECK(flag("", "Respuesta autom\xC3\xA1tica: pedido") == true);
  CHECK(flag("", "=?UTF-8?B?6Ieq5Yqo5Zue5aSN?=") == true);  // 自动回复
  CHECK(flag("", "\xE4\xB8\x8D\xE5\x9C\xA8\xE7\xA5\xA8\xE3\x81\xAB\xE3\x81\xA4\xE3\x81\x84\xE3\x81\xA6") == false);  // 不在票について
}

TEST_CASE("email: the new text is what triage reads — closings and phone signatures are cut, questions are not", "[channels][email]") {
  Json m = first(receive(mail(kBasic, "Where is order 5521?\n\nSent from my iPhone\n")));
  CHECK(m["message"]["text"] == "Where is order 5521?");
  CHECK(m["email"]["quoted"] == "Sent from my iPhone");
  Json q = first(receive(mail(kBasic, "Thanks!\nAlso, can you resend the invoice?\n")));
  CHECK(q["message"]["text"] == "Thanks!\nAlso, can you resend the invoice?");
  CHECK(q["email"]["quoted"] == "");
}

TEST_CASE("email: malformed input is an error naming what is wrong", "[channels][email]") {
  CHECK_THAT(error_of(receive(mail("To: support@shop.example\nSubject: x\n", "x\n"))), Catch::Contains("/body/headers/from"));
  CHECK_THAT(error_of(receive(mail("From: not an address\nSubject: x\n", "x\n"))), Catch::Contains("no e-mail address"));
  CHECK_THAT(error_of(receive(mail("From: a@example.org\nthis is not a header\n", "x\n"))), Catch::Contains("header line 2"));
  CHECK_THAT(error_of(receive(mail("From: a@example.org\nContent-Type: multipart/mixed\n", "x\n"))), Catch::Contains("no boundary"));
  CHECK_THAT(error_of(receive(mail("From: a@example.org\nContent-Type: multipart/mixed; boundary=zz\n", "--zz\n\ntext\n"))),
             Catch::Contains("never closed"));
  CHECK_THAT(error_of(receive(mail("From: a@example.org\nContent-Type: multipart/mixed; boundary=zz\n", "no parts\n"))),
             Catch::Contains("never appears"));
  CHECK_THAT(error_of(receive(mail("From: a@example.org\nContent-Transfer-Encoding: base64\n", "!!!!\n"))), Catch::Contains("base64"));
  CHECK_THAT(error_of(receive(mail("From: a@example.org\nContent-Transfer-Encoding: x-uuencode\n", "x\n"))),
             Catch::Contains("x-uuencode"));
  CHECK_THAT(error_of(receive("")), Catch::Contains("empty"));
  CHECK_THAT(error_of(receive(mail("From: a@example.org\nSubject: Gr\xFC\xDF" "e\n", "x\n"))),
             Catch::Contains("/body/headers/subject is not valid UTF-8"));
  CHECK(first(receive(mail("From: a@example.org\nSubject: Grüße\n", "x\n")))["email"]["subject"] == "Grüße");  // RFC 6532 raw UTF-8
}
