// Message: one thing said in a conversation, by whom, when, on which channel.
#include "parley/model.h"
#include "parley/text.h"
#include "read.h"

namespace parley::model {
namespace {
Attachment parse_attachment(const Json& v, const std::string& path) {
  require_object(v, path);
  read::only_keys(v, path, {"type", "url", "mime", "bytes"});
  Attachment a;
  a.type = read::one_of(v, "type", path, {"image", "video", "audio", "file", "sticker", "location"}, "");
  if (a.type.empty()) a.type = read::nonempty(v, "type", path);  // reports the missing field
  a.url = read::url(v, "url", path);
  a.mime = read::text(v, "mime", path);
  if (const Json* b = optional(v, "bytes", Json::value_t::number_integer, path)) {
    if (!b->is_number_integer() || b->get<std::int64_t>() < 0)
      throw Error("invalid_value", read::at(path, "bytes") + " must be a non-negative integer", read::at(path, "bytes"));
    a.bytes = b->get<std::int64_t>();
  }
  return a;
}
}  // namespace

Message parse_message(const Json& v, const std::string& path) {
  require_object(v, path);
  read::only_keys(v, path, {"id", "conversation_id", "channel", "direction", "sender", "text", "at", "attachments",
                            "reply_to", "metadata"});
  Message m;
  m.raw = v;
  m.id = read::nonempty(v, "id", path);
  m.conversation_id = read::text(v, "conversation_id", path);
  m.channel = require_channel(v, "channel", path);
  m.direction = read::one_of(v, "direction", path, {"inbound", "outbound"}, "");
  if (m.direction.empty()) m.direction = read::nonempty(v, "direction", path);
  const Json& sender = require(v, "sender", Json::value_t::object, path);
  std::string sp = read::at(path, "sender");
  read::only_keys(sender, sp, {"type", "id", "name"});
  m.sender_type = read::one_of(sender, "type", sp, {"customer", "agent", "bot", "system"}, "");
  if (m.sender_type.empty()) m.sender_type = read::nonempty(sender, "type", sp);
  m.sender_id = read::text(sender, "id", sp);
  m.sender_name = read::text(sender, "name", sp);
  // Direction and sender must agree: a customer never sends outbound, an agent never inbound.
  if ((m.sender_type == "customer") != (m.direction == "inbound") && m.sender_type != "system")
    throw Error("inconsistent", read::at(sp, "type") + " \"" + m.sender_type + "\" cannot send a message whose direction is \"" +
                                    m.direction + "\"",
                read::at(sp, "type"));
  m.text = read::text(v, "text", path);
  if (auto bad = text::invalid_utf8_offset(m.text))
    throw Error("invalid_utf8", read::at(path, "text") + " is not valid UTF-8: bad byte at offset " + std::to_string(*bad),
                read::at(path, "text"));
  m.at = require_time(v, "at", path);
  if (const Json* list = optional(v, "attachments", Json::value_t::array, path)) {
    for (std::size_t i = 0; i < list->size(); ++i)
      m.attachments.push_back(parse_attachment((*list)[i], read::at(read::at(path, "attachments"), i)));
  }
  if (m.text.empty() && m.attachments.empty())
    throw Error("empty_message", read::at(path, "text") + " is required when there are no attachments", read::at(path, "text"));
  m.reply_to = read::text(v, "reply_to", path);
  optional(v, "metadata", Json::value_t::object, path);
  return m;
}

Json to_json(const Message& m) {
  Json atts = Json::array();
  for (const auto& a : m.attachments) {
    Json j{{"type", a.type}, {"url", a.url}, {"mime", a.mime}};
    if (a.bytes) j["bytes"] = *a.bytes;
    atts.push_back(j);
  }
  Json sender{{"type", m.sender_type}, {"id", m.sender_id}};
  if (!m.sender_name.empty()) sender["name"] = m.sender_name;
  return Json{{"id", m.id},
              {"conversation_id", m.conversation_id},
              {"channel", m.channel},
              {"direction", m.direction},
              {"sender", sender},
              {"text", m.text},
              {"at", format_time(m.at)},
              {"at_ms", m.at},
              {"attachments", atts},
              {"reply_to", m.reply_to},
              {"raw", m.raw}};
}
}  // namespace parley::model
