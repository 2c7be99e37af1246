// Secrets typed after a password word in the languages Parley serves: "my password is hunter2",
// "senha: abc123", "パスワードはabc123です". The whole secret is replaced by a fixed-width mask
// so not even its length leaks; the word before it stays so the agent knows what was there.
#include "detect.h"

namespace parley::pii::detect {
namespace {
// Lower-case (ASCII letters are compared case-insensitively).
const char* const kKeywords[] = {
    "password", "passwort", "passwd", "passcode", "pwd", "pw", "pin", "kennwort", "senha", "contraseña", "contrasena",
    "clave", "mot de passe", "mdp", "parola d'ordine", "wachtwoord", "şifre", "sifre", "parola", "kata sandi",
    "kata laluan", "mật khẩu", "mat khau", "пароль", "パスワード", "暗証番号", "비밀번호", "비번", "密码", "密碼", "口令",
    "كلمة المرور", "كلمة السر", "סיסמה", "סיסמא", "पासवर्ड", "รหัสผ่าน", "otp", "cvv", "cvc"};

// Short or ambiguous words ("pin was bent", "la clave es sencilla"): a secret after them must have a digit.
bool weak_keyword(std::string_view k) {
  return k == "pin" || k == "pw" || k == "otp" || k == "cvv" || k == "cvc" || k == "mdp" || k == "clave" || k == "parola";
}

// Words or signs between the keyword and the secret.
const char* const kConnectors[] = {":", "=", "：", "is", "was", "é", "es", "era", "ist", "lautet", "est", "è", "adalah",
                                   "ialah", "là", "は", "が", "是", "为", "為", "는", "은", "-", "→", "->"};

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool starts_with_ci(std::string_view s, std::size_t i, std::string_view word) {
  if (i + word.size() > s.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    char a = s[i + k];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (a != word[k]) return false;
  }
  return true;
}

void skip_spaces(std::string_view s, std::size_t& j) {
  while (j < s.size() && space(s[j])) ++j;
}

bool trailing_punct(std::string_view s, std::size_t end, std::size_t& len) {
  // Sentence punctuation after the secret; "!" and "?" are common inside passwords, so they stay.
  static const char* const marks[] = {".", ",", ";", ")", "\"", "'", "。", "、", "！", "？", "」", "』"};
  for (const char* m : marks) {
    std::string_view mv(m);
    if (end >= mv.size() && s.substr(end - mv.size(), mv.size()) == mv) {
      len = mv.size();
      return true;
    }
  }
  return false;
}
}  // namespace

void secrets(std::string_view s, std::vector<Finding>& out) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    for (const char* kw : kKeywords) {
      std::string_view k(kw);
      if (!starts_with_ci(s, i, k)) continue;
      const bool ascii_kw = static_cast<unsigned char>(k[0]) < 0x80;
      // ASCII keywords must be whole words: "pin" is not in "shipping", "pw" not in "pwned".
      if (ascii_kw && ((i > 0 && ascii_alpha(s[i - 1])) || (i + k.size() < s.size() && ascii_alpha(s[i + k.size()])))) continue;
      std::size_t j = i + k.size();
      skip_spaces(s, j);
      bool connected = false;
      for (const char* c : kConnectors) {
        std::string_view cv(c);
        if (!starts_with_ci(s, j, cv)) continue;
        std::size_t after = j + cv.size();
        // Word connectors ("is") need a space after them; signs and CJK particles do not.
        if (ascii_alpha(cv[0]) && (after >= s.size() || !space(s[after]))) continue;
        j = after;
        connected = true;
        break;
      }
      skip_spaces(s, j);
      while (j < s.size() && (s[j] == '"' || s[j] == '\'')) ++j;
      std::size_t e = j;
      const bool ascii_secret = j < s.size() && static_cast<unsigned char>(s[j]) < 0x80;
      while (e < s.size() && !space(s[e])) {
        // A secret typed in ASCII ends where Japanese/Korean/Chinese text resumes ("abc123です").
        if (ascii_secret && static_cast<unsigned char>(s[e]) >= 0x80) break;
        ++e;
      }
      std::size_t cut = 0;
      while (e > j && trailing_punct(s, e, cut)) e -= cut;
      if (e == j) continue;
      std::string_view secret = s.substr(j, e - j);
      bool has_digit_or_symbol = false, has_digit = false;
      for (char c : secret) {
        has_digit_or_symbol = has_digit_or_symbol || (!ascii_alpha(c) && static_cast<unsigned char>(c) < 0x80);
        has_digit = has_digit || (c >= '0' && c <= '9');
      }
      if (weak_keyword(k) && !has_digit) continue;
      // Without "is"/":" the next word is a secret only if it looks like one ("password hunter2",
      // not "password reset").
      if (!connected && !has_digit_or_symbol) continue;
      out.push_back({"secret", std::string(k), j, e - j, "********"});
      i = e;
      break;
    }
  }
}
}  // namespace parley::pii::detect
