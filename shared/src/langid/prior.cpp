// Priors from context. Small bonuses: they decide between close candidates ("pt" vs "es" on a
// short message, "zh-Hans" vs "zh-Hant" when few characters differ) but never outvote the text.
#include "prior.h"

#include <iterator>

namespace parley::langid {
namespace {
constexpr double kLocaleBonus = 2.0;
constexpr double kCountryBonus = 1.0;
constexpr double kChannelBonus = 0.5;

struct Entry { const char* key; const char* languages; };

// Countries whose customers mostly write in these languages (space-separated, first is strongest).
const Entry kCountries[] = {
    {"BR", "pt"}, {"PT", "pt"}, {"AO", "pt"}, {"MZ", "pt"},
    {"ES", "es"}, {"MX", "es"}, {"AR", "es"}, {"CO", "es"}, {"CL", "es"}, {"PE", "es"}, {"VE", "es"}, {"EC", "es"}, {"UY", "es"},
    {"US", "en es"}, {"GB", "en"}, {"AU", "en"}, {"CA", "en fr"}, {"IE", "en"}, {"NZ", "en"}, {"PH", "en"}, {"NG", "en"}, {"ZA", "en"},
    {"JP", "ja"}, {"KR", "ko"}, {"CN", "zh-Hans"}, {"SG", "en zh-Hans ms"}, {"TW", "zh-Hant"}, {"HK", "zh-Hant en"}, {"MO", "zh-Hant"},
    {"DE", "de"}, {"AT", "de"}, {"CH", "de fr it"}, {"FR", "fr"}, {"BE", "fr nl"}, {"LU", "fr de"},
    {"ID", "id"}, {"MY", "ms en"}, {"BN", "ms"}, {"IN", "hi hi-Latn en"}, {"TH", "th"}, {"VN", "vi"}, {"TR", "tr"},
    {"IT", "it"}, {"NL", "nl"}, {"RU", "ru"}, {"BY", "ru"}, {"KZ", "ru"}, {"IL", "he"},
    {"SA", "ar ar-Latn"}, {"AE", "ar ar-Latn en"}, {"EG", "ar ar-Latn"}, {"MA", "ar ar-Latn fr"}, {"DZ", "ar ar-Latn fr"},
    {"TN", "ar ar-Latn fr"}, {"JO", "ar ar-Latn"}, {"LB", "ar ar-Latn fr"}, {"KW", "ar ar-Latn"}, {"QA", "ar ar-Latn"},
    {"IQ", "ar"}, {"OM", "ar"}, {"BH", "ar"}};

const Entry kChannels[] = {
    {"kakao_chat", "ko"}, {"kakaotalk", "ko"}, {"kakao_alimtalk", "ko"}, {"naver_talktalk", "ko"}, {"line", "ja th zh-Hant"},
    {"wechat", "zh-Hans"}, {"wecom", "zh-Hans"}};

bool listed(const char* languages, const std::string& language) {
  std::string list = std::string(" ") + languages + " ";
  return list.find(" " + language + " ") != std::string::npos;
}

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

// "pt-BR" → {"pt", "BR"}; "zh-Hant-TW" → {"zh", "TW"} with script "Hant".
struct Locale { std::string language, script, region; };
Locale parse_locale(const std::string& tag) {
  Locale out;
  std::size_t from = 0, part = 0;
  while (from <= tag.size()) {
    std::size_t sep = tag.find_first_of("-_", from);
    if (sep == std::string::npos) sep = tag.size();
    std::string sub = tag.substr(from, sep - from);
    if (part == 0) {
      for (char& c : sub) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      out.language = sub;
    } else if (sub.size() == 4) {
      out.script = sub;
      out.script[0] = static_cast<char>(out.script[0] >= 'a' ? out.script[0] - 32 : out.script[0]);
    } else if (sub.size() == 2 || sub.size() == 3) {
      out.region = upper(sub);
    }
    ++part;
    from = sep + 1;
  }
  return out;
}

double locale_bonus(const std::string& language, const std::string& tag) {
  if (tag.empty()) return 0;
  Locale loc = parse_locale(tag);
  if (loc.language == "zh") {
    bool hant = loc.script == "Hant" || (loc.script.empty() && (loc.region == "TW" || loc.region == "HK" || loc.region == "MO"));
    return language == (hant ? "zh-Hant" : "zh-Hans") ? kLocaleBonus : 0;
  }
  if (language == loc.language) return kLocaleBonus;
  // Hindi and Arabic speakers often type their language in Latin letters.
  if ((loc.language == "hi" && language == "hi-Latn") || (loc.language == "ar" && language == "ar-Latn")) return kLocaleBonus * 0.75;
  return 0;
}

double table_bonus(const Entry* begin, const Entry* end, const std::string& key, const std::string& language, double bonus) {
  for (const Entry* e = begin; e != end; ++e)
    if (key == e->key && listed(e->languages, language)) return bonus;
  return 0;
}
}  // namespace

double prior_bonus(const std::string& language, const Hints& hints) {
  double bonus = locale_bonus(language, hints.locale);
  if (!hints.country.empty())
    bonus += table_bonus(std::begin(kCountries), std::end(kCountries), upper(hints.country), language, kCountryBonus);
  if (!hints.channel.empty()) bonus += table_bonus(std::begin(kChannels), std::end(kChannels), hints.channel, language, kChannelBonus);
  return bonus;
}
}  // namespace parley::langid
