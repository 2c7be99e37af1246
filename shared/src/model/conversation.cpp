// Conversation: the messages with one contact on one channel, plus the web session if any.
#include "parley/model.h"
#include "read.h"

#include <algorithm>
#include <set>

namespace parley::model {
Conversation parse_conversation(const Json& v, const std::string& path) {
  require_object(v, path);
  read::only_keys(v, path, {"id", "channel", "contact_id", "messages", "session", "metadata"});
  Conversation c;
  c.raw = v;
  c.id = read::nonempty(v, "id", path);
  c.channel = require_channel(v, "channel", path);
  c.contact_id = read::text(v, "contact_id", path);
  std::set<std::string> seen;
  if (const Json* list = optional(v, "messages", Json::value_t::array, path)) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      std::string p = read::at(read::at(path, "messages"), i);
      Message m = parse_message((*list)[i], p);
      if (m.channel != c.channel)
        throw Error("inconsistent", read::at(p, "channel") + " is \"" + m.channel + "\" but the conversation is on \"" + c.channel + "\"",
                    read::at(p, "channel"));
      if (!m.conversation_id.empty() && m.conversation_id != c.id)
        throw Error("inconsistent", read::at(p, "conversation_id") + " does not match the conversation id", read::at(p, "conversation_id"));
      if (!seen.insert(m.id).second)
        throw Error("duplicate", read::at(p, "id") + " \"" + m.id + "\" appears twice", read::at(p, "id"));
      c.messages.push_back(std::move(m));
    }
  }
  std::stable_sort(c.messages.begin(), c.messages.end(), [](const Message& a, const Message& b) { return a.at < b.at; });
  if (const Json* s = optional(v, "session", Json::value_t::object, path)) c.session = parse_session(*s, read::at(path, "session"));
  optional(v, "metadata", Json::value_t::object, path);
  return c;
}

Json to_json(const Conversation& c) {
  Json msgs = Json::array();
  for (const auto& m : c.messages) {
    Json j = to_json(m);
    j.erase("raw");  // the conversation's own raw already holds every message as received
    msgs.push_back(j);
  }
  Json out{{"id", c.id}, {"channel", c.channel}, {"contact_id", c.contact_id}, {"messages", msgs}};
  if (c.session) {
    Json s = to_json(*c.session);
    s.erase("raw");
    out["session"] = s;
  }
  out["raw"] = c.raw;
  return out;
}
}  // namespace parley::model
