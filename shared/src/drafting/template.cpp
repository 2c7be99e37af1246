// Tone templates and the e-mail frame, parsed with errors that point into the pack.
#include "parley/drafting.h"

namespace parley::drafting {
namespace {
const char* const kSlotTypes[] = {"text", "number", "date", "datetime", "money"};
}

Template parse_template(const Json& value, const std::string& path) {
  require_object(value, path);
  Template t;
  t.id = require_string(value, "id", path);
  t.locale = require_string(value, "locale", path);
  t.channel = require_string(value, "channel", path);
  t.intent = require_string(value, "intent", path);
  t.register_ = optional_string(value, "register", "", path);
  if (!t.register_.empty() && t.register_ != "formal" && t.register_ != "informal")
    throw Error("invalid_value", path + "/register must be \"formal\" or \"informal\"", path + "/register");
  t.body = require_string(value, "body", path);
  t.subject = optional_string(value, "subject", "", path);
  if (const Json* slots = optional(value, "slots", Json::value_t::object, path)) {
    for (const auto& [name, spec] : slots->items()) {
      std::string p = path + "/slots/" + name;
      SlotSpec s{name, "text", false};
      if (spec.is_string()) {
        s.type = spec.get<std::string>();
      } else {
        require_object(spec, p);
        s.type = optional_string(spec, "type", "text", p);
        if (const Json* r = optional(spec, "required", Json::value_t::boolean, p)) s.required = r->get<bool>();
      }
      bool known = false;
      for (const char* k : kSlotTypes) known = known || s.type == k;
      if (!known) throw Error("invalid_value", p + " has unknown type \"" + s.type + "\" (text, number, date, datetime, money)", p);
      t.slots.push_back(std::move(s));
    }
  }
  return t;
}

Frame parse_frame(const Json& value, const std::string& path) {
  require_object(value, path);
  Frame f;
  f.greeting = optional_string(value, "greeting", "", path);
  f.signature = optional_string(value, "signature", "", path);
  f.reply_prefix = optional_string(value, "reply_prefix", "Re: ", path);
  return f;
}
}  // namespace parley::drafting
