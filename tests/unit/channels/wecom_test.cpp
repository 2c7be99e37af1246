// WeCom 微信客服: AES-256-CBC against NIST/FIPS vectors, the envelope (seal/open, padding to 32,
// receive id), msg_signature over the callback, URL verification, kf/sync_msg normalisation,
// gettoken, and kf/send_msg requests and answers.
#include "parley/api.h"
#include "parley/digest.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace parley;

namespace {
std::string unhex(const std::string& h) {
  std::string out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) out += static_cast<char>(std::stoi(h.substr(i, 2), nullptr, 16));
  return out;
}

const std::string kAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";  // 43 characters, as WeCom issues them
const std::string kCorp = "ww0000000000000001";
const std::string kToken = "wecom-token";

Json seal(const std::string& message, const std::string& ts = "1700000000", const std::string& nonce = "n0nce", const std::string& corp = kCorp) {
  Json s = api::call("channels.wecom_seal", {{"token", kToken}, {"encoding_aes_key", kAesKey}, {"receive_id", corp}, {"message", message},
                                             {"timestamp", ts}, {"nonce", nonce}, {"random_hex", "00112233445566778899aabbccddeeff"}});
  REQUIRE_FALSE(s.contains("error"));
  return s;
}

Json query_of(const Json& sealed, const std::string& ts = "1700000000", const std::string& nonce = "n0nce") {
  return {{"msg_signature", sealed["msg_signature"]}, {"timestamp", ts}, {"nonce", nonce}};
}

Json callback(const std::string& body, const Json& query) {
  return api::call("channels.inbound", {{"channel", "wecom"}, {"headers", Json::object()}, {"body", body}, {"secret", kToken}, {"query", query},
                                        {"encoding_aes_key", kAesKey}, {"receive_id", kCorp}, {"now", 1700000000000}});
}

const std::string kEvent =
    "<xml><ToUserName><![CDATA[ww0000000000000001]]></ToUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType>"
    "<Event><![CDATA[kf_msg_or_event]]></Event><Token><![CDATA[ENCsyncToken123]]></Token><OpenKfId><![CDATA[wkTestKf0001]]></OpenKfId></xml>";
}  // namespace

TEST_CASE("AES-256 matches FIPS 197 C.3 and SP 800-38A F.2.5/F.2.6 (CBC-AES256)", "[digest][wecom]") {
  // FIPS 197 Appendix C.3: one block, key 00..1f.
  const std::string k3 = unhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  const std::string zero_iv(16, '\0');
  CHECK(digest::hex(digest::aes256_cbc_encrypt(k3, zero_iv, unhex("00112233445566778899aabbccddeeff"))) == "8ea2b7ca516745bfeafc49904b496089");
  CHECK(digest::hex(digest::aes256_cbc_decrypt(k3, zero_iv, unhex("8ea2b7ca516745bfeafc49904b496089"))) == "00112233445566778899aabbccddeeff");

  const std::string key = unhex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
  const std::string iv = unhex("000102030405060708090a0b0c0d0e0f");
  const std::string plain = unhex(
      "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
  const std::string cipher =
      "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b";
  CHECK(digest::hex(digest::aes256_cbc_encrypt(key, iv, plain)) == cipher);
  CHECK(digest::aes256_cbc_decrypt(key, iv, unhex(cipher)) == plain);
  // CBC chains: a changed first block changes every block after it.
  std::string changed = plain;
  changed[0] ^= 1;
  const std::string c2 = digest::hex(digest::aes256_cbc_encrypt(key, iv, changed));
  CHECK(c2.substr(96) != cipher.substr(96));

  CHECK_THROWS(digest::aes256_cbc_encrypt(key.substr(1), iv, plain));
  CHECK_THROWS(digest::aes256_cbc_encrypt(key, iv, plain.substr(1)));
}

TEST_CASE("wecom: seal and open round-trip, padding is to 32 bytes, the receive id must be ours", "[channels][wecom]") {
  for (std::size_t n : {0u, 1u, 11u, 12u, 13u, 43u, 44u, 300u}) {
    const std::string msg = "<xml><Content><![CDATA[" + std::string(n, 'x') + "你好]]></Content></xml>";
    const Json s = seal(msg);
    const auto raw = digest::base64_decode(s["encrypt"].get<std::string>());
    REQUIRE(raw);
    CHECK(raw->size() % 32 == 0);  // WeCom's PKCS#7 block is 32, not AES's 16
    // Opening through the URL handshake (the signature covers the encrypted text).
    Json q{{"msg_signature", s["msg_signature"]}, {"timestamp", "1700000000"}, {"nonce", "n0nce"}, {"echostr", s["encrypt"]}};
    Json v = api::call("channels.wecom_verify_url", {{"query", q}, {"token", kToken}, {"encoding_aes_key", kAesKey}, {"receive_id", kCorp}});
    REQUIRE_FALSE(v.contains("error"));
    CHECK(v["echo"] == msg);
  }
  const Json other = seal("hello", "1700000000", "n0nce", "ww_other_corp");
  Json q{{"msg_signature", other["msg_signature"]}, {"timestamp", "1700000000"}, {"nonce", "n0nce"}, {"echostr", other["encrypt"]}};
  Json v = api::call("channels.wecom_verify_url", {{"query", q}, {"token", kToken}, {"encoding_aes_key", kAesKey}, {"receive_id", kCorp}});
  CHECK(v["error"]["code"] == "invalid_signature");
  CHECK(v["error"]["path"] == "/query/echostr");
}

TEST_CASE("wecom: URL verification refuses a wrong signature, token or key, naming the field", "[channels][wecom]") {
  const Json s = seal("echo-me-1234");
  Json q{{"msg_signature", s["msg_signature"]}, {"timestamp", "1700000000"}, {"nonce", "n0nce"}, {"echostr", s["encrypt"]}};
  auto verify = [&](const Json& query, const std::string& token, const std::string& key) {
    return api::call("channels.wecom_verify_url", {{"query", query}, {"token", token}, {"encoding_aes_key", key}, {"receive_id", kCorp}});
  };
  CHECK(verify(q, kToken, kAesKey)["echo"] == "echo-me-1234");
  CHECK(verify(q, "other-token", kAesKey)["error"]["code"] == "invalid_signature");
  Json late = q;
  late["timestamp"] = "1700000001";
  CHECK(verify(late, kToken, kAesKey)["error"]["code"] == "invalid_signature");
  Json bad_key = verify(q, kToken, "short");
  CHECK(bad_key["error"]["path"] == "/encoding_aes_key");
  CHECK(bad_key["error"]["message"].get<std::string>().find("short") == std::string::npos);  // no secret in the message
  // The right signature over an echostr that another key encrypted: the padding gives it away.
  Json wrong_key = verify(q, kToken, "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut");
  CHECK(wrong_key["error"]["code"] == "invalid_payload");
  Json missing = q;
  missing.erase("echostr");
  CHECK(verify(missing, kToken, kAesKey)["error"]["path"] == "/query/echostr");
}

TEST_CASE("wecom: a signed kf_msg_or_event callback yields the sync token and the KF account, nothing to store", "[channels][wecom]") {
  const Json s = seal(kEvent);
  const Json r = callback(s["body"], query_of(s));
  REQUIRE_FALSE(r.contains("error"));
  CHECK(r["messages"].empty());
  REQUIRE(r["events"].size() == 1);
  CHECK(r["events"][0]["type"] == "kf_msg_or_event");
  CHECK(r["events"][0]["sync_token"] == "ENCsyncToken123");
  CHECK(r["events"][0]["open_kfid"] == "wkTestKf0001");
  CHECK(r["events"][0]["dedupe_key"] == "");
  CHECK(r["events"][0]["at"] == 1700000000000);
}

TEST_CASE("wecom: forged, tampered or unsigned callbacks are refused before decryption", "[channels][wecom]") {
  const Json s = seal(kEvent);
  Json forged = query_of(s);
  forged["msg_signature"] = std::string(40, '0');
  CHECK(callback(s["body"], forged)["error"]["code"] == "invalid_signature");
  // One character of Encrypt changed: the signature no longer covers it.
  std::string body = s["body"];
  const auto at = body.find("<![CDATA[", body.find("<Encrypt>")) + 9;
  body[at] = body[at] == 'A' ? 'B' : 'A';
  CHECK(callback(body, query_of(s))["error"]["code"] == "invalid_signature");
  Json no_sig = query_of(s);
  no_sig.erase("msg_signature");
  CHECK(callback(s["body"], no_sig)["error"]["code"] == "missing_signature");
  CHECK(callback("<xml><ToUserName>x</ToUserName></xml>", query_of(s))["error"]["path"] == "/body/xml/Encrypt");
  CHECK(callback("not xml", query_of(s))["error"]["code"] == "invalid_payload");
  // Signed with our token but sealed for another corp: not ours.
  const Json other = seal(kEvent, "1700000000", "n0nce", "ww_other_corp");
  CHECK(callback(other["body"], query_of(other))["error"]["code"] == "invalid_signature");
  // A signed event without its sync token is a clear error naming it.
  const Json no_token = seal("<xml><MsgType>event</MsgType><Event>kf_msg_or_event</Event><OpenKfId>wk1</OpenKfId></xml>");
  CHECK(callback(no_token["body"], query_of(no_token))["error"]["path"] == "/body/xml/Encrypt/Token");
}

TEST_CASE("wecom: kf/sync_msg customer messages become Messages keyed by msgid; events and agents' own messages do not", "[channels][wecom]") {
  const Json answer{{"errcode", 0},
                    {"errmsg", "ok"},
                    {"next_cursor", "CURSOR2"},
                    {"has_more", 1},
                    {"msg_list",
                     {{{"msgid", "m1"}, {"open_kfid", "wkTestKf0001"}, {"external_userid", "wmCustomer1"}, {"send_time", 1700000000}, {"origin", 3},
                       {"msgtype", "text"}, {"text", {{"content", "我的订单在哪里？"}}}},
                      {{"msgid", "m2"}, {"open_kfid", "wkTestKf0001"}, {"external_userid", "wmCustomer1"}, {"send_time", 1700000005}, {"origin", 3},
                       {"msgtype", "image"}, {"image", {{"media_id", "MEDIA1"}}}},
                      {{"msgid", "m3"}, {"open_kfid", "wkTestKf0001"}, {"external_userid", "wmCustomer1"}, {"send_time", 1700000006}, {"origin", 5},
                       {"servicer_userid", "zhangsan"}, {"msgtype", "text"}, {"text", {{"content", "agent from the WeCom app"}}}},
                      {{"msgid", "m4"}, {"send_time", 1700000007}, {"origin", 4}, {"msgtype", "event"},
                       {"event", {{"event_type", "enter_session"}, {"open_kfid", "wkTestKf0001"}, {"external_userid", "wmCustomer2"}}}}}}};
  const Json r = api::call("channels.wecom_sync", {{"body", answer.dump()}});
  REQUIRE(r["ok"] == true);
  CHECK(r["next_cursor"] == "CURSOR2");
  CHECK(r["has_more"] == true);
  REQUIRE(r["messages"].size() == 2);
  const Json& m = r["messages"][0];
  CHECK(m["dedupe_key"] == "wecom:m1");
  CHECK(m["open_kfid"] == "wkTestKf0001");
  CHECK(m["message"]["channel"] == "wecom");
  CHECK(m["message"]["text"] == "我的订单在哪里？");
  CHECK(m["message"]["sender"]["id"] == "wmCustomer1");
  CHECK(m["message"]["conversation_id"] == "wkTestKf0001/wmCustomer1");
  CHECK(m["message"]["at"] == "2023-11-14T22:13:20.000Z");
  CHECK(r["messages"][1]["message"]["attachments"][0]["type"] == "image");
  CHECK(r["messages"][1]["media_id"] == "MEDIA1");
  REQUIRE(r["events"].size() == 2);
  CHECK(r["events"][0]["type"] == "servicer_message");
  CHECK(r["events"][0]["dedupe_key"] == "wecom:m3");
  CHECK(r["events"][1]["type"] == "enter_session");
  CHECK(r["events"][1]["external_userid"] == "wmCustomer2");
}

TEST_CASE("wecom: sync_msg errors come back as data with what to do; malformed items name the field", "[channels][wecom]") {
  auto sync = [](const Json& b) { return api::call("channels.wecom_sync", {{"body", b.dump()}}); };
  CHECK(sync({{"errcode", 42001}, {"errmsg", "access_token expired"}})["retry"] == "refresh_token");
  CHECK(sync({{"errcode", 95007}, {"errmsg", "invalid msg token"}})["retry"] == "drop_token");
  CHECK(sync({{"errcode", -1}, {"errmsg", "system busy"}})["retry"] == "backoff");
  CHECK(sync({{"errcode", 40003}, {"errmsg", "x"}})["retry"] == "never");
  CHECK(sync({{"errcode", 0}, {"has_more", 1}, {"msg_list", Json::array()}})["error"]["path"] == "/body/next_cursor");
  Json no_user{{"errcode", 0}, {"msg_list", {{{"msgid", "m"}, {"origin", 3}, {"msgtype", "text"}, {"open_kfid", "wk"}, {"send_time", 1}}}}};
  CHECK(sync(no_user)["error"]["path"] == "/body/msg_list/0/external_userid");
  Json bad_time{{"errcode", 0}, {"msg_list", {{{"msgid", "m"}, {"origin", 3}, {"msgtype", "text"}, {"open_kfid", "wk"}, {"external_userid", "u"}, {"send_time", "x"}}}}};
  CHECK(sync(bad_time)["error"]["path"] == "/body/msg_list/0/send_time");
  CHECK(api::call("channels.wecom_sync", {{"body", "{"}})["error"]["code"] == "invalid_json");
  const Json empty = sync({{"errcode", 0}, {"next_cursor", "C"}, {"has_more", 0}, {"msg_list", Json::array()}});
  CHECK(empty["has_more"] == false);
  CHECK(empty["messages"].empty());
}

TEST_CASE("wecom: gettoken and sync_msg requests; the token answer says when to stop using it", "[channels][wecom]") {
  const Json account{{"api_base", "http://127.0.0.1:9"}, {"corp_id", kCorp}, {"secret", "s e/cret"}};
  const Json g = api::call("channels.wecom_request", {{"kind", "gettoken"}, {"account", account}});
  CHECK(g["method"] == "GET");
  CHECK(g["url"] == "http://127.0.0.1:9/cgi-bin/gettoken?corpid=ww0000000000000001&corpsecret=s%20e%2Fcret");
  const Json s = api::call("channels.wecom_request", {{"kind", "sync_msg"}, {"account", account}, {"access_token", "AT"}, {"open_kfid", "wk1"},
                                                      {"cursor", "C1"}, {"sync_token", "T1"}});
  CHECK(s["url"] == "http://127.0.0.1:9/cgi-bin/kf/sync_msg?access_token=AT");
  CHECK(Json::parse(s["body"].get<std::string>()) == Json{{"cursor", "C1"}, {"token", "T1"}, {"limit", 1000}, {"open_kfid", "wk1"}});
  CHECK(api::call("channels.wecom_request", {{"kind", "sync_msg"}, {"account", account}, {"open_kfid", "wk1"}})["error"]["path"] == "/access_token");
  CHECK(api::call("channels.wecom_request", {{"kind", "nope"}, {"account", account}})["error"]["path"] == "/kind");
  const Json media = api::call("channels.wecom_request", {{"kind", "media_get"}, {"account", account}, {"access_token", "A T"}, {"media_id", "2-G6n/x"}});
  CHECK(media["method"] == "GET");
  CHECK(media["url"] == "http://127.0.0.1:9/cgi-bin/media/get?access_token=A%20T&media_id=2-G6n%2Fx");
  CHECK(api::call("channels.wecom_request", {{"kind", "media_get"}, {"account", account}, {"access_token", "AT"}})["error"]["path"] == "/media_id");

  const Json t = api::call("channels.wecom_token", {{"body", R"({"errcode":0,"errmsg":"ok","access_token":"AT2","expires_in":7200})"}, {"now", 1000}});
  CHECK(t["access_token"] == "AT2");
  CHECK(t["expires_at"] == 1000 + 7200000 - 300000);
  CHECK(api::call("channels.wecom_token", {{"body", R"({"errcode":40001,"errmsg":"invalid secret"})"}, {"now", 1}})["retry"] == "never");
}

TEST_CASE("wecom: kf/send_msg carries touser, open_kfid, a msgid from the key; token errors ask for a new token", "[channels][wecom]") {
  const Json account{{"api_base", "http://127.0.0.1:9"}, {"access_token", "AT"}};
  const Json r = api::call("channels.outbound", {{"channel", "wecom"}, {"account", account}, {"to", {{"id", "wmCustomer1"}, {"open_kfid", "wkTestKf0001"}}},
                                                 {"text", "您好，订单已发货。"}, {"idempotency_key", "k-1"}, {"now", 1}});
  REQUIRE(r["requests"].size() == 1);
  const Json& q = r["requests"][0];
  CHECK(q["url"] == "http://127.0.0.1:9/cgi-bin/kf/send_msg?access_token=AT");
  CHECK(q["resend_after_timeout"] == "unsafe");
  const Json body = Json::parse(q["body"].get<std::string>());
  CHECK(body["touser"] == "wmCustomer1");
  CHECK(body["open_kfid"] == "wkTestKf0001");
  CHECK(body["msgtype"] == "text");
  CHECK(body["text"]["content"] == "您好，订单已发货。");
  CHECK(body["msgid"].get<std::string>().size() == 32);
  const Json again = api::call("channels.outbound", {{"channel", "wecom"}, {"account", account}, {"to", {{"id", "wmCustomer1"}, {"open_kfid", "wkTestKf0001"}}},
                                                     {"text", "您好，订单已发货。"}, {"idempotency_key", "k-1"}, {"now", 2}});
  CHECK(Json::parse(again["requests"][0]["body"].get<std::string>())["msgid"] == body["msgid"]);  // the same reply, the same msgid
  const Json no_kf = api::call("channels.outbound", {{"channel", "wecom"}, {"account", account}, {"to", {{"id", "wm1"}}}, {"text", "x"},
                                                     {"idempotency_key", "k"}, {"now", 1}});
  CHECK(no_kf["error"]["path"] == "/to/open_kfid");

  auto result = [](const std::string& b) { return api::call("channels.send_result", {{"channel", "wecom"}, {"status", 200}, {"body", b}}); };
  const Json ok = result(R"({"errcode":0,"errmsg":"ok","msgid":"MSG1"})");
  CHECK(ok["ok"] == true);
  CHECK(ok["provider_message_id"] == "MSG1");
  CHECK(result(R"({"errcode":42001,"errmsg":"access_token expired"})")["retry"] == "refresh_token");
  CHECK(result(R"({"errcode":40014,"errmsg":"invalid access_token"})")["error"]["code"] == "token_expired");
  // WeChat's Official Account keeps a fixed token: the same errcode is not healed by a refresh there.
  CHECK(api::call("channels.send_result", {{"channel", "wechat"}, {"status", 200}, {"body", R"({"errcode":42001})"}})["retry"] == "never");
}
