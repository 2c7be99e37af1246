// WeCom 微信客服 inbound (see wecom.h): the encrypted callback, then kf/sync_msg's msg_list
// (developer.work.weixin.qq.com/document/path/94670, 读取消息).
#include "wecom.h"
#include "xml.h"

#include "parley/digest.h"

namespace parley::channels::wecom {
namespace {
std::string child(const xml::Element& e, const char* key) {
  auto it = e.children.find(key);
  return it == e.children.end() ? "" : it->second;
}

std::string query_param(const Json& q, const char* key) {
  auto it = q.find(key);
  if (it == q.end() || !it->is_string())
    throw Error("missing_signature", std::string("/query/") + key + " is required to verify the sender", std::string("/query/") + key);
  return it->get<std::string>();
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// "[location]" and the like: a message the console can show although it has no text.
std::string placeholder(const std::string& type) { return "[" + type + "]"; }
}  // namespace

inbound::Batch callback(const std::string& body, const Json& query, const std::string& token, const std::string& key,
                        const std::string& receive_id) {
  const std::string given = lower(query_param(query, "msg_signature"));
  const std::string timestamp = query_param(query, "timestamp"), nonce = query_param(query, "nonce");
  // The signature covers <Encrypt>, so the outer envelope is read first; nothing inside it is
  // looked at before the signature holds.
  const xml::Element outer = xml::parse_flat(body);
  if (outer.name != "xml") throw Error("invalid_payload", "/body: the root element must be <xml>, not <" + outer.name + ">", "/body");
  const std::string encrypt = child(outer, "Encrypt");
  if (encrypt.empty()) throw Error("invalid_payload", "/body/xml/Encrypt is required (WeCom callbacks are always encrypted)", "/body/xml/Encrypt");
  if (!digest::constant_time_equal(given, signature(token, timestamp, nonce, encrypt)))
    throw Error("invalid_signature", "/query/msg_signature does not match the token, timestamp, nonce and Encrypt", "/query/msg_signature");

  const std::string inner_xml = open(key, encrypt, receive_id, "/body/xml/Encrypt");
  const xml::Element inner = xml::parse_flat(inner_xml);
  if (child(inner, "Event") != "kf_msg_or_event") return inbound::wechat(inner_xml, "wecom");

  const std::string sync_token = child(inner, "Token"), open_kfid = child(inner, "OpenKfId");
  if (sync_token.empty()) throw Error("invalid_payload", "/body/xml/Encrypt: the kf_msg_or_event has no <Token>", "/body/xml/Encrypt/Token");
  if (open_kfid.empty()) throw Error("invalid_payload", "/body/xml/Encrypt: the kf_msg_or_event has no <OpenKfId>", "/body/xml/Encrypt/OpenKfId");
  const std::int64_t at = inbound::unix_seconds(child(inner, "CreateTime"));
  inbound::Batch b;
  b.events.push_back({{"type", "kf_msg_or_event"}, {"dedupe_key", ""}, {"open_kfid", open_kfid}, {"sync_token", sync_token},
                      {"at", at < 0 ? Json(nullptr) : Json(at * 1000)}});
  return b;
}

inbound::Batch sync_items(const Json& msg_list) {
  inbound::Batch b;
  for (std::size_t i = 0; i < msg_list.size(); ++i) {
    const Json& m = msg_list[i];
    const std::string path = "/body/msg_list/" + std::to_string(i);
    if (!m.is_object()) throw Error("invalid_payload", path + " must be an object", path);
    const std::string type = inbound::str(m, "msgtype"), id = inbound::str(m, "msgid");
    if (type.empty()) throw Error("invalid_payload", path + "/msgtype is required", path + "/msgtype");
    const Json origin = inbound::field(m, "origin");
    const std::int64_t from = origin.is_number_integer() ? origin.get<std::int64_t>() : 0;

    if (type == "event" || from != 3) {  // system events and what agents sent from the WeCom client
      const Json ev = m.contains("event") && m["event"].is_object() ? m["event"] : Json::object();
      b.events.push_back({{"type", type == "event" ? inbound::str(ev, "event_type") : "servicer_message"},
                          {"dedupe_key", id.empty() ? "" : "wecom:" + id},
                          {"open_kfid", inbound::str(type == "event" ? ev : m, "open_kfid")},
                          {"external_userid", inbound::str(type == "event" ? ev : m, "external_userid")},
                          {"raw", m}});
      continue;
    }
    if (id.empty()) throw Error("invalid_payload", path + "/msgid is required for a customer message", path + "/msgid");
    const std::string user = inbound::str(m, "external_userid"), kf = inbound::str(m, "open_kfid");
    if (user.empty()) throw Error("invalid_payload", path + "/external_userid is required (the customer)", path + "/external_userid");
    if (kf.empty()) throw Error("invalid_payload", path + "/open_kfid is required (the customer-service account)", path + "/open_kfid");
    const Json sent = inbound::field(m, "send_time");
    if (!sent.is_number_integer() || sent.get<std::int64_t>() < 0)
      throw Error("invalid_payload", path + "/send_time must be Unix seconds", path + "/send_time");

    Json msg{{"id", id},
             {"conversation_id", kf + "/" + user},  // one thread per customer and KF account: replies go out on that account
             {"channel", "wecom"},
             {"direction", "inbound"},
             {"sender", {{"type", "customer"}, {"id", user}}},
             {"text", ""},
             {"at", sent.get<std::int64_t>() * 1000}};
    Json extra{{"open_kfid", kf}};
    const Json body = m.contains(type) && m[type].is_object() ? m[type] : Json::object();
    if (type == "text") {
      msg["text"] = inbound::str(body, "content");
      if (const std::string menu = inbound::str(body, "menu_id"); !menu.empty()) extra["menu_id"] = menu;
    } else if (type == "image" || type == "voice" || type == "video" || type == "file") {
      msg["attachments"] = Json::array({{{"type", type == "voice" ? "audio" : type}}});
      extra["media_id"] = inbound::str(body, "media_id");
    } else if (type == "location") {
      msg["text"] = placeholder(type) + " " + inbound::str(body, "name") + " " + inbound::str(body, "address");
    } else if (type == "link") {
      msg["text"] = inbound::str(body, "title") + " " + inbound::str(body, "url");
    }
    if (msg["text"] == "" && !msg.contains("attachments")) msg["text"] = placeholder(type);
    b.messages.push_back({msg, m, "wecom:" + id, extra});
  }
  return b;
}
}  // namespace parley::channels::wecom
