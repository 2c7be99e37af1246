// draft.slots: {messages:[{text}|string], order_prefix?, order_digits?} ->
// {slots:{name:{value, message, start, end, kind}}}: what the customer already wrote, with where.
#include "parley/slots.h"
#include "parley/text.h"

namespace parley::slots {
namespace {
Json slots_method(const Json& request) {
  const Json& list = require(request, "messages", Json::value_t::array);
  std::vector<std::string> messages;
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string p = "/messages/" + std::to_string(i);
    std::string s = list[i].is_string() ? list[i].get<std::string>() : require_string(list[i], "text", p);
    if (auto bad = text::invalid_utf8_offset(s)) throw Error("invalid_utf8", p + " is not valid UTF-8: bad byte at offset " + std::to_string(*bad), p);
    messages.push_back(s);
  }
  Options o;
  o.order_prefix = optional_string(request, "order_prefix", o.order_prefix);
  double digits = optional_number(request, "order_digits", 6);
  if (!(digits >= 1 && digits <= 20 && digits == static_cast<int>(digits)))
    throw Error("invalid_value", "/order_digits must be a whole number from 1 to 20", "/order_digits");
  o.order_digits = static_cast<std::size_t>(digits);
  Json slots = Json::object();
  for (const auto& [name, f] : extract(messages, o))
    slots[name] = Json{{"value", f.value}, {"message", f.message}, {"start", f.start}, {"end", f.end}, {"kind", f.kind}};
  return Json{{"slots", slots}};
}
}  // namespace
PARLEY_METHOD("draft.slots", slots_method,
              "Slots the conversation already gives {messages:[{text}], order_prefix?=\"PD-\", order_digits?=6} -> {slots:{name:{value,message,start,end,kind}}}");
}  // namespace parley::slots
