// The bot's words come from the pack, per language, never from code: a shop localises its
// self-service by editing strings, and a missing translation falls back visibly to English.
#include "parley/automation.h"

namespace parley::automation {
namespace {
// "a.b.c" in `values`; non-strings print as JSON, absent prints as nothing.
std::string lookup(const Json& values, const std::string& dotted) {
  const Json* at = &values;
  std::size_t start = 0;
  while (start <= dotted.size()) {
    auto dot = dotted.find('.', start);
    const std::string key = dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!at->is_object() || !at->contains(key)) return "";
    at = &(*at)[key];
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (at->is_string()) return at->get<std::string>();
  if (at->is_null()) return "";
  return at->dump();
}
}  // namespace

std::string strings_language(const Pack& pack, const std::string& lang) {
  if (pack.strings.contains(lang)) return lang;
  const std::string base = lang.substr(0, lang.find('-'));
  if (pack.strings.contains(base)) return base;
  for (const auto& [key, value] : pack.strings.items())  // "pt" asked, "pt-BR" written
    if (key.rfind(base + "-", 0) == 0) return key;
  return "en";
}

std::string text_for(const Pack& pack, const std::string& lang, const std::string& key, const Json& values) {
  const Json* s = nullptr;
  for (const std::string& l : {strings_language(pack, lang), std::string("en")})
    if (pack.strings[l].contains(key) && pack.strings[l][key].is_string()) {
      s = &pack.strings[l][key];
      break;
    }
  if (!s) throw Error("unknown_string", "/automation/strings/en has no \"" + key + "\" (a flow or policy uses it)", "/automation/strings/en");
  const std::string& t = s->get_ref<const std::string&>();
  std::string out;
  for (std::size_t i = 0; i < t.size();) {
    if (t[i] == '{') {
      auto close = t.find('}', i);
      if (close != std::string::npos) {
        out += lookup(values, t.substr(i + 1, close - i - 1));
        i = close + 1;
        continue;
      }
    }
    out += t[i++];
  }
  return out;
}
}  // namespace parley::automation
