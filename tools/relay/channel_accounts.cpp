// Provider accounts from the workspace file (see channel_accounts.h). Every key is known: an
// unknown one is a typo, reported by name; every secret must be a non-empty string; base URLs
// must be http(s) without a trailing slash, so tests can point a channel at a loopback simulator.
#include "relay/channel_accounts.h"

#include <stdexcept>

namespace parley::relay {
namespace {
struct Spec {
  const char* channel;
  const char* signing_key;                    // the secret channels.inbound checks the signature with
  std::vector<const char*> required;          // non-empty strings
  std::vector<std::pair<const char*, const char*>> defaults;  // optional strings and their defaults
};

const std::vector<Spec>& specs() {
  static const std::vector<Spec> s = {
      {"whatsapp", "app_secret", {"app_secret", "verify_token", "access_token", "phone_number_id"},
       {{"api_base", "https://graph.facebook.com"}, {"api_version", "v23.0"}}},
      {"messenger", "app_secret", {"app_secret", "verify_token", "page_access_token", "page_id"},
       {{"api_base", "https://graph.facebook.com"}, {"api_version", "v23.0"}}},
      {"instagram", "app_secret", {"app_secret", "verify_token", "page_access_token", "ig_user_id"},
       {{"api_base", "https://graph.facebook.com"}, {"api_version", "v23.0"}}},
      {"line", "channel_secret", {"channel_secret", "channel_access_token"}, {{"api_base", "https://api.line.me"}}},
      {"telegram", "secret_token", {"secret_token", "bot_token"}, {{"api_base", "https://api.telegram.org"}}},
      {"sms", "auth_token", {"auth_token", "account_sid", "from"}, {{"api_base", "https://api.twilio.com"}}},
      {"wechat", "token", {"token", "app_id", "access_token"}, {{"api_base", "https://api.weixin.qq.com"}}},
      {"wecom", "token", {"token", "encoding_aes_key", "corp_id", "secret"}, {{"api_base", "https://qyapi.weixin.qq.com"}}},
      {"email", "inbound_secret", {"inbound_secret", "from"}, {{"from_name", ""}}},
      // Kakao documents no signature: `secret` is what the skill's header X-Parley-Kakao-Secret
      // must carry; `waiting_text` replaces the built-in "a person will reply" answers.
      {"kakao_chat", "secret", {"secret"}, {{"waiting_text", ""}}},
  };
  return s;
}

const Spec* spec_for(const std::string& channel) {
  for (const auto& s : specs())
    if (channel == s.channel) return &s;
  return nullptr;
}

[[noreturn]] void bad(const std::string& key, const std::string& what) {
  throw std::runtime_error("workspace " + key + " " + what);
}

bool http_url(const std::string& s) {
  const bool scheme = s.rfind("https://", 0) == 0 || s.rfind("http://", 0) == 0;
  const auto host = s.find("://") + 3;
  return scheme && s.size() > host && s.back() != '/' && s.find_first_of(" \t\r\n?#", 0) == std::string::npos;
}

void check_templates(const Json& templates, const std::string& key) {
  if (!templates.is_object()) bad(key, "must be an object of template name -> {language, body_parameters}");
  for (const auto& [name, t] : templates.items()) {
    const std::string k = key + "." + name;
    if (!t.is_object()) bad(k, "must be an object {language, body_parameters}");
    for (const auto& [field, v] : t.items()) {
      if (field == "language") {
        if (!v.is_string() || v.get<std::string>().empty()) bad(k + ".language", "must be a language code such as \"en\"");
      } else if (field == "body_parameters") {
        if (!v.is_number_unsigned() || v.get<int>() > 20) bad(k + ".body_parameters", "must be a whole number from 0 to 20");
      } else if (field != "category") {
        bad(k + "." + field, "is not a known key (language, body_parameters, category)");
      }
    }
    if (!t.contains("language")) bad(k + ".language", "is required");
  }
}

Json check_smtp(const Json& smtp, const std::string& key) {
  if (!smtp.is_object()) bad(key, "must be an object {host, port}");
  Json out{{"host", "127.0.0.1"}, {"port", 25}};
  for (const auto& [field, v] : smtp.items()) {
    if (field == "host") {
      if (!v.is_string() || v.get<std::string>().empty()) bad(key + ".host", "must be a host name or address");
      out["host"] = v;
    } else if (field == "port") {
      if (!v.is_number_unsigned() || v.get<unsigned>() < 1 || v.get<unsigned>() > 65535) bad(key + ".port", "must be a port number (1-65535)");
      out["port"] = v;
    } else if (field == "helo") {
      if (!v.is_string() || v.get<std::string>().empty()) bad(key + ".helo", "must be a host name");
      out["helo"] = v;
    } else {
      bad(key + "." + field, "is not a known key (host, port, helo)");
    }
  }
  return out;
}

Json check_account(const Spec& spec, const Json& given) {
  const std::string key = std::string("channels.") + spec.channel;
  if (!given.is_object()) bad(key, "must be an object (the channel's account)");
  Json out = Json::object();
  for (const char* r : spec.required) {
    const auto it = given.find(r);
    if (it == given.end() || !it->is_string() || it->get<std::string>().empty())
      bad(key + "." + r, "must be a non-empty string");
    out[r] = *it;
  }
  for (const auto& [name, fallback] : spec.defaults) {
    const auto it = given.find(name);
    if (it == given.end()) {
      out[name] = fallback;
      continue;
    }
    if (!it->is_string()) bad(key + "." + name, "must be a string");
    out[name] = *it;
  }
  for (const auto& [field, v] : given.items()) {
    if (out.contains(field)) continue;
    if (std::string(spec.channel) == "whatsapp" && field == "templates") {
      check_templates(v, key + ".templates");
      out[field] = v;
    } else if (std::string(spec.channel) == "email" && field == "smtp") {
      out[field] = check_smtp(v, key + ".smtp");
    } else {
      std::string known;
      for (const char* r : spec.required) known += std::string(known.empty() ? "" : ", ") + r;
      for (const auto& d : spec.defaults) known += std::string(", ") + d.first;
      if (std::string(spec.channel) == "whatsapp") known += ", templates";
      if (std::string(spec.channel) == "email") known += ", smtp";
      bad(key + "." + field, "is not a known key (" + known + ")");
    }
  }
  if (out.contains("api_base") && !http_url(out["api_base"])) bad(key + ".api_base", "must be an http(s) URL without a trailing slash");
  if (std::string(spec.channel) == "whatsapp" && !out.contains("templates")) out["templates"] = Json::object();
  if (std::string(spec.channel) == "email" && !out.contains("smtp")) out["smtp"] = Json{{"host", "127.0.0.1"}, {"port", 25}};
  return out;
}
}  // namespace

const std::vector<std::string>& webhook_channels() {
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> out;
    for (const auto& s : specs()) out.emplace_back(s.channel);
    return out;
  }();
  return ids;
}

bool is_webhook_channel(const std::string& channel) { return spec_for(channel) != nullptr; }

std::string ChannelAccounts::webhook_secret(const std::string& channel) const {
  return account(channel).at(spec_for(channel)->signing_key).get<std::string>();
}

std::vector<std::string> ChannelAccounts::ids() const {
  std::vector<std::string> out;
  for (const auto& c : webhook_channels())
    if (configured(c)) out.push_back(c);
  return out;
}

ChannelAccounts load_channel_accounts(const Json& workspace) {
  ChannelAccounts out;
  if (const auto it = workspace.find("public_url"); it != workspace.end() && !it->is_null()) {
    if (!it->is_string() || !http_url(*it)) bad("public_url", "must be an http(s) URL without a trailing slash (how providers reach the relay)");
    out.public_url = *it;
  }
  const auto it = workspace.find("channels");
  if (it == workspace.end() || it->is_null()) return out;
  if (!it->is_object()) bad("channels", "must be an object of channel id -> account");
  for (const auto& [channel, account] : it->items()) {
    const Spec* spec = spec_for(channel);
    if (!spec) {
      std::string known;
      for (const auto& c : webhook_channels()) known += (known.empty() ? "" : ", ") + c;
      bad("channels." + channel, "is not a channel the relay connects (" + known + ")");
    }
    out.accounts[channel] = check_account(*spec, account);
  }
  // Twilio signs the URL it called: without the public URL no SMS signature can be checked.
  if (out.configured("sms") && out.public_url.empty()) bad("public_url", "is required when channels.sms is configured (Twilio signs the URL it calls)");
  return out;
}
}  // namespace parley::relay
