// Profiles: compiled-in defaults merged with a workspace's overrides, checked so a typo or a wrong
// type in a pack is an error that names the field instead of a silently ignored setting.
#include "profiles.h"

#include "parley/channels.h"
#include "parley/model.h"

namespace parley::channels {
namespace {
std::string token(std::string_view key) {
  std::string out;
  for (char c : key) out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
  return out;
}

bool same_kind(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return true;
  return a.type() == b.type();
}

// Merge `patch` into `target` (both objects); `at` is the pointer inside the profile,
// `path` the pointer inside the request, for errors.
void merge(Json& target, const Json& patch, const std::string& at, const std::string& path, Json& changed) {
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    std::string p = path + "/" + token(it.key());
    std::string a = at + "/" + token(it.key());
    auto cur = target.find(it.key());
    if (cur == target.end())
      throw Error("unknown_field", p + " is not a field of this channel's profile", p);
    if (!same_kind(*cur, *it))
      throw Error("invalid_type", p + " must have the same type as the default (" + std::string(cur->type_name()) + ")", p);
    if (it->is_object()) {
      merge(*cur, *it, a, p, changed);
      continue;
    }
    if (it->is_number() && it->get<double>() < 0) throw Error("invalid_value", p + " must not be negative", p);
    *cur = *it;
    changed.push_back(a);
  }
}
}  // namespace

const Json& default_profiles() {
  static const Json profiles = Json::parse(default_profiles_json());
  return profiles;
}

Json profile(const std::string& channel, const Json* overrides, const std::string& path) {
  const Json& all = default_profiles();
  auto it = all.find(channel);
  if (it == all.end()) throw Error("unknown_channel", "no profile for channel \"" + channel + "\"", "/channel");
  Json p = *it;
  Json changed = Json::array();
  if (overrides) {
    require_object(*overrides, path);
    for (auto g = overrides->begin(); g != overrides->end(); ++g) {
      std::string gp = path + "/" + token(g.key());
      if (g.key() == "id" || g.key() == "name") throw Error("invalid_value", gp + " cannot be overridden", gp);
      auto cur = p.find(g.key());
      if (cur == p.end()) throw Error("unknown_field", gp + " is not a group of the " + channel + " profile", gp);
      if (!g->is_object()) throw Error("invalid_type", gp + " must be an object", gp);
      std::size_t before = changed.size();
      merge(*cur, *g, "/" + token(g.key()), gp, changed);
      if (changed.size() != before) {
        // The workspace vouches for the values it sets, unless it says otherwise.
        if (!g->contains("verified")) (*cur)["verified"] = true;
        (*cur)["origin"] = "workspace";
      }
    }
  }
  p["overridden"] = changed;
  return p;
}

Json profile_for_request(const Json& request) {
  std::string channel = model::require_channel(request, "channel");
  return profile(channel, optional(request, "overrides", Json::value_t::object));
}
}  // namespace parley::channels
