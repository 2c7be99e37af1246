// WeChat Official Account messages in plaintext mode (mp.weixin.qq.com 接收普通消息 / 接收事件推送)
// and WeCom's callback of the same <xml> shape. Messages dedupe by MsgId; events have none, so
// WeChat's own advice applies: FromUserName + CreateTime. The sender and the thread are the OpenID.
#include "inbound.h"
#include "xml.h"

namespace parley::channels::inbound {
namespace {
std::string get(const xml::Element& e, const char* key) {
  auto it = e.children.find(key);
  return it == e.children.end() ? "" : it->second;
}

bool web_url(const std::string& u) { return u.rfind("https://", 0) == 0 || u.rfind("http://", 0) == 0; }
}  // namespace

Batch wechat(const std::string& body, const std::string& channel) {
  const xml::Element x = xml::parse_flat(body);
  if (x.name != "xml") throw Error("invalid_payload", "/body: the root element must be <xml>, not <" + x.name + ">", "/body");
  const std::string from = get(x, "FromUserName"), type = get(x, "MsgType");
  if (from.empty()) throw Error("invalid_payload", "/body/xml/FromUserName is required (the sender's OpenID)", "/body/xml/FromUserName");
  if (type.empty()) throw Error("invalid_payload", "/body/xml/MsgType is required", "/body/xml/MsgType");
  const std::int64_t at = unix_seconds(get(x, "CreateTime"));
  if (at < 0) throw Error("invalid_payload", "/body/xml/CreateTime must be Unix seconds", "/body/xml/CreateTime");
  Json raw = Json::object();
  for (const auto& [k, v] : x.children) raw[k] = v;

  Batch b;
  if (type == "event") {
    std::string event = get(x, "Event");
    for (auto& c : event) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    b.events.push_back({{"type", event.empty() ? "event" : event},
                        {"dedupe_key", channel + ":event:" + from + ":" + std::to_string(at)},
                        {"sender", from},
                        {"at", at * 1000},
                        {"raw", raw}});
    return b;
  }
  const std::string id = get(x, "MsgId");
  if (id.empty()) throw Error("invalid_payload", "/body/xml/MsgId is required for a " + type + " message", "/body/xml/MsgId");
  Json msg{{"id", id},
           {"conversation_id", from},
           {"channel", channel},
           {"direction", "inbound"},
           {"sender", {{"type", "customer"}, {"id", from}}},
           {"text", ""},
           {"at", at * 1000}};
  Json extra = Json::object();
  if (type == "text") {
    msg["text"] = get(x, "Content");
  } else if (type == "image") {
    Json a{{"type", "image"}};
    if (web_url(get(x, "PicUrl"))) a["url"] = get(x, "PicUrl");
    msg["attachments"] = Json::array({a});
    extra["media_id"] = get(x, "MediaId");
  } else if (type == "voice") {
    Json a{{"type", "audio"}};
    if (!get(x, "Format").empty()) a["mime"] = "audio/" + get(x, "Format");
    msg["attachments"] = Json::array({a});
    msg["text"] = get(x, "Recognition");  // WeChat's speech recognition, when switched on
    extra["media_id"] = get(x, "MediaId");
  }
  if (msg["text"] == "" && !msg.contains("attachments")) msg["text"] = "[" + type + "]";  // video, location, link…: visible
  b.messages.push_back({msg, raw, channel + ":" + id, extra});
  return b;
}

std::int64_t unix_seconds(const std::string& s) {
  if (s.empty() || s.size() > 12) return -1;
  std::int64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}
}  // namespace parley::channels::inbound
