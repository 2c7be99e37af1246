// Contact: the person behind the messages, with one identity per channel.
#include "parley/model.h"
#include "read.h"

namespace parley::model {
Contact parse_contact(const Json& v, const std::string& path) {
  require_object(v, path);
  read::only_keys(v, path, {"id", "name", "locale", "timezone", "country", "identities", "metadata"});
  Contact c;
  c.raw = v;
  c.id = read::nonempty(v, "id", path);
  c.name = read::text(v, "name", path);
  c.locale = read::text(v, "locale", path);
  c.timezone = read::text(v, "timezone", path);
  c.country = read::text(v, "country", path);
  if (!c.country.empty() && (c.country.size() != 2 || c.country[0] < 'A' || c.country[0] > 'Z' || c.country[1] < 'A' ||
                             c.country[1] > 'Z'))
    throw Error("invalid_value", read::at(path, "country") + " must be an ISO 3166-1 alpha-2 code like \"US\"",
                read::at(path, "country"));
  if (const Json* ids = optional(v, "identities", Json::value_t::array, path)) {
    std::string ip = read::at(path, "identities");
    for (std::size_t i = 0; i < ids->size(); ++i) {
      std::string p = read::at(ip, i);
      require_object((*ids)[i], p);
      read::only_keys((*ids)[i], p, {"channel", "id"});
      c.identities.emplace_back(require_channel((*ids)[i], "channel", p), read::nonempty((*ids)[i], "id", p));
    }
  }
  optional(v, "metadata", Json::value_t::object, path);
  return c;
}

Json to_json(const Contact& c) {
  Json ids = Json::array();
  for (const auto& [ch, id] : c.identities) ids.push_back({{"channel", ch}, {"id", id}});
  return Json{{"id", c.id},         {"name", c.name},     {"locale", c.locale}, {"timezone", c.timezone},
              {"country", c.country}, {"identities", ids}, {"raw", c.raw}};
}
}  // namespace parley::model
