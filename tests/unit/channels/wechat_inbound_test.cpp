// WeChat inbound: the query signature, the flat XML (CDATA, entities, malformed input), messages
// by MsgId and events by sender + time.
#include "parley/api.h"
#include "parley/digest.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace parley;

namespace {
Json signed_query(const std::string& token, const std::string& ts = "1700000000", const std::string& nonce = "n0nce") {
  std::vector<std::string> parts{token, ts, nonce};
  std::sort(parts.begin(), parts.end());
  return {{"signature", digest::hex(digest::sha1(parts[0] + parts[1] + parts[2]))}, {"timestamp", ts}, {"nonce", nonce}};
}

Json wechat(const std::string& xml, const Json& query = signed_query("wx-token"), const std::string& channel = "wechat") {
  return api::call("channels.inbound", {{"channel", channel}, {"headers", Json::object()}, {"body", xml}, {"secret", "wx-token"},
                                        {"query", query}, {"now", 1700000000000}});
}

const std::string kText =
    "<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[oXyZ_openid_1]]></FromUserName>"
    "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好 <b>&amp;</b>]]></Content>"
    "<MsgId>23456789012345678</MsgId></xml>";
}  // namespace

TEST_CASE("wechat: a text message keeps CDATA as written, sender and thread are the OpenID", "[channels][wechat]") {
  Json r = wechat(kText);
  REQUIRE(r["messages"].size() == 1);
  const Json& m = r["messages"][0];
  CHECK(m["dedupe_key"] == "wechat:23456789012345678");
  CHECK(m["message"]["text"] == "你好 <b>&amp;</b>");  // CDATA: no entity decoding inside
  CHECK(m["message"]["sender"]["id"] == "oXyZ_openid_1");
  CHECK(m["message"]["conversation_id"] == "oXyZ_openid_1");
  CHECK(m["message"]["at"] == "2023-11-14T22:13:20.000Z");
}

TEST_CASE("wechat: entities outside CDATA are decoded", "[channels][wechat]") {
  std::string xml = "<?xml version=\"1.0\"?>\n<xml>\n <FromUserName>o1</FromUserName>\n <CreateTime>1</CreateTime>\n"
                    " <MsgType>text</MsgType>\n <Content>a &lt;b&gt; &amp; &#x4F60;&#22909;</Content>\n <MsgId>7</MsgId>\n</xml>\n";
  CHECK(wechat(xml)["messages"][0]["message"]["text"] == "a <b> & 你好");
}

TEST_CASE("wechat: image and voice are attachments, voice recognition is the text", "[channels][wechat]") {
  Json img = wechat("<xml><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>image</MsgType>"
                    "<PicUrl>https://mmbiz.qpic.cn/x.jpg</PicUrl><MediaId>m1</MediaId><MsgId>8</MsgId></xml>");
  CHECK(img["messages"][0]["message"]["attachments"][0]["type"] == "image");
  CHECK(img["messages"][0]["message"]["attachments"][0]["url"] == "https://mmbiz.qpic.cn/x.jpg");
  CHECK(img["messages"][0]["media_id"] == "m1");
  Json voice = wechat("<xml><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>voice</MsgType>"
                      "<Format>amr</Format><MediaId>m2</MediaId><Recognition>在吗</Recognition><MsgId>9</MsgId></xml>");
  CHECK(voice["messages"][0]["message"]["attachments"][0]["mime"] == "audio/amr");
  CHECK(voice["messages"][0]["message"]["text"] == "在吗");
}

TEST_CASE("wechat: subscribe and unsubscribe are events keyed by sender and time", "[channels][wechat]") {
  for (const char* ev : {"subscribe", "unsubscribe"}) {
    Json r = wechat(std::string("<xml><FromUserName>o9</FromUserName><CreateTime>1700000001</CreateTime><MsgType>event</MsgType><Event>") + ev +
                    "</Event></xml>");
    CHECK(r["messages"].empty());
    REQUIRE(r["events"].size() == 1);
    CHECK(r["events"][0]["type"] == ev);
    CHECK(r["events"][0]["dedupe_key"] == "wechat:event:o9:1700000001");
  }
}

TEST_CASE("wechat: the query signature is checked", "[channels][wechat]") {
  CHECK(wechat(kText, signed_query("other"))["error"]["code"] == "invalid_signature");
  CHECK(wechat(kText, Json{{"timestamp", "1"}, {"nonce", "n"}})["error"]["code"] == "missing_signature");
}

TEST_CASE("wechat: malformed XML is an error naming what is wrong", "[channels][wechat]") {
  auto code_and_message = [](const std::string& xml) {
    Json e = wechat(xml)["error"];
    return e["code"].get<std::string>() + " " + e["message"].get<std::string>();
  };
  CHECK_THAT(code_and_message("<xml><FromUserName>o1</FromUser></xml>"), Catch::Contains("invalid_payload") && Catch::Contains("closes"));
  CHECK_THAT(code_and_message("<xml><Content><![CDATA[x</Content></xml>"), Catch::Contains("CDATA"));
  CHECK_THAT(code_and_message("<xml><Content>&bogus;</Content></xml>"), Catch::Contains("unknown entity"));
  CHECK_THAT(code_and_message("<xml><MsgType>text</MsgType>"), Catch::Contains("never closed"));
  CHECK_THAT(code_and_message("{\"json\":true}"), Catch::Contains("no root element"));
  CHECK_THAT(code_and_message("<xml></xml><xml></xml>"), Catch::Contains("after the root"));
  CHECK_THAT(code_and_message("<xml><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>"), Catch::Contains("FromUserName"));
  CHECK_THAT(code_and_message("<xml><FromUserName>o</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType></xml>"),
             Catch::Contains("MsgId"));
}

TEST_CASE("wecom: the same XML shape, sealed in WeCom's envelope, reads as a wecom message", "[channels][wechat]") {
  const std::string key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  const Json sealed = api::call("channels.wecom_seal", {{"token", "wx-token"}, {"encoding_aes_key", key}, {"receive_id", "ww1"}, {"message", kText},
                                                        {"timestamp", "1700000000"}, {"nonce", "n0nce"}, {"random_hex", std::string(32, 'a')}});
  Json r = api::call("channels.inbound", {{"channel", "wecom"}, {"headers", Json::object()}, {"body", sealed["body"]}, {"secret", "wx-token"},
                                          {"query", {{"msg_signature", sealed["msg_signature"]}, {"timestamp", "1700000000"}, {"nonce", "n0nce"}}},
                                          {"encoding_aes_key", key}, {"receive_id", "ww1"}, {"now", 1700000000000}});
  CHECK(r["messages"][0]["message"]["channel"] == "wecom");
  CHECK(r["messages"][0]["dedupe_key"] == "wecom:23456789012345678");
  // Plaintext with WeChat's query signature is not a WeCom callback: the envelope's key is required.
  CHECK(wechat(kText, signed_query("wx-token"), "wecom")["error"]["path"] == "/encoding_aes_key");
}
