// RFC 5322 header fields: unfolding, encoded-words (RFC 2047), addresses, message ids, MIME
// parameters (RFC 2045 §5.1, RFC 2231 name*=charset''percent-encoded) and dates.
#include "inbound.h"
#include "mail.h"

#include "parley/api.h"
#include "parley/model.h"
#include "parley/text.h"

#include <array>

namespace parley::channels::mail {
namespace {
bool space(char c) { return c == ' ' || c == '\t'; }

using inbound::hex_value;

// One encoded-word's payload, or nullopt when it is not one.
std::optional<std::string> decode_word(std::string_view charset, char enc, std::string_view data, const std::string& path) {
  std::string bytes;
  if (enc == 'B' || enc == 'b') {
    try {
      bytes = decode_base64(data, path);
    } catch (const Error&) {
      return std::nullopt;
    }
  } else if (enc == 'Q' || enc == 'q') {
    for (std::size_t i = 0; i < data.size(); ++i) {
      if (data[i] == '_') bytes += ' ';
      else if (data[i] == '=' && i + 2 < data.size() && hex_value(data[i + 1]) >= 0 && hex_value(data[i + 2]) >= 0) {
        bytes += static_cast<char>(hex_value(data[i + 1]) * 16 + hex_value(data[i + 2]));
        i += 2;
      } else bytes += data[i];
    }
  } else {
    return std::nullopt;
  }
  std::string cs(charset.substr(0, charset.find('*')));  // RFC 2231 language suffix
  return to_utf8(bytes, cs, path);
}
// Raw 8-bit header bytes must be UTF-8 (RFC 6532); other charsets come as encoded-words.
Headers checked(Headers h, const std::string& path);
}  // namespace

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (space(s[b]) || s[b] == '\n' || s[b] == '\r')) ++b;
  while (e > b && (space(s[e - 1]) || s[e - 1] == '\n' || s[e - 1] == '\r')) --e;
  return std::string(s.substr(b, e - b));
}

namespace {
Headers checked(Headers h, const std::string& path) {
  for (const auto& f : h)
    if (auto bad = text::invalid_utf8_offset(f.value))
      throw Error("invalid_payload",
                  path + "/" + lower(f.name) + " is not valid UTF-8 (bad byte at offset " + std::to_string(*bad) +
                      "; other charsets must be RFC 2047 encoded-words)",
                  path + "/" + lower(f.name));
  return h;
}
}  // namespace

std::pair<Headers, std::string_view> split_message(std::string_view text, const std::string& path) {
  Headers out;
  std::size_t i = 0, line_no = 0;
  while (i < text.size()) {
    std::size_t end = text.find('\n', i);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(i, end - i);
    ++line_no;
    const std::size_t next = end < text.size() ? end + 1 : end;
    if (line.empty()) return {checked(out, path), text.substr(next)};
    if (space(line[0])) {  // a folded continuation: the line break goes, the white space stays
      if (out.empty()) throw Error("invalid_payload", path + ": header line 1 starts with white space (a continuation of nothing)", path);
      out.back().value += std::string(line);
    } else {
      std::size_t colon = line.find(':');
      std::string_view name = colon == std::string_view::npos ? std::string_view() : line.substr(0, colon);
      bool ok = !name.empty();
      for (char c : name) ok = ok && c > 32 && c < 127;
      if (!ok)
        throw Error("invalid_payload", path + ": header line " + std::to_string(line_no) + " is not \"Name: value\" (a malformed header block)", path);
      out.push_back({std::string(name), std::string(line.substr(colon + 1))});
    }
    i = next;
  }
  return {checked(out, path), std::string_view()};  // headers only, no body
}

std::optional<std::string> find(const Headers& h, std::string_view name) {
  const std::string want = lower(name);
  for (const auto& f : h)
    if (lower(f.name) == want) return trim(f.value);
  return std::nullopt;
}

std::string decode_words(std::string_view v, const std::string& path) {
  std::string out;
  std::size_t i = 0;
  bool last_was_word = false;
  std::string pending_space;  // white space between two encoded-words is dropped (RFC 2047 §6.2)
  while (i < v.size()) {
    if (v.substr(i, 2) == "=?") {
      std::size_t q1 = v.find('?', i + 2);
      std::size_t q2 = q1 == std::string_view::npos ? q1 : v.find('?', q1 + 1);
      std::size_t end = q2 == std::string_view::npos ? q2 : v.find("?=", q2 + 1);
      if (end != std::string_view::npos && q2 == q1 + 2) {
        auto word = decode_word(v.substr(i + 2, q1 - i - 2), v[q1 + 1], v.substr(q2 + 1, end - q2 - 1), path);
        if (word) {
          if (!last_was_word) out += pending_space;
          pending_space.clear();
          out += *word;
          last_was_word = true;
          i = end + 2;
          continue;
        }
      }
    }
    if (space(v[i])) {
      pending_space += v[i++];
      continue;
    }
    out += pending_space;
    pending_space.clear();
    out += v[i++];
    last_was_word = false;
  }
  return out + pending_space;
}

std::optional<Address> parse_address(std::string_view v, const std::string& path) {
  std::string s = trim(v);
  Address a;
  std::size_t lt = s.rfind('<'), gt = s.rfind('>');
  if (lt != std::string::npos && gt != std::string::npos && gt > lt) {
    a.address = trim(std::string_view(s).substr(lt + 1, gt - lt - 1));
    std::string name = trim(std::string_view(s).substr(0, lt));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      std::string unq;
      for (std::size_t i = 1; i + 1 < name.size(); ++i) {
        if (name[i] == '\\' && i + 2 < name.size()) ++i;
        unq += name[i];
      }
      name = unq;
    }
    a.name = trim(decode_words(name, path));
  } else {
    std::size_t paren = s.find('(');  // addr (Name), the old form
    a.address = trim(std::string_view(s).substr(0, paren));
    if (paren != std::string::npos && s.back() == ')') a.name = trim(decode_words(std::string_view(s).substr(paren + 1, s.size() - paren - 2), path));
  }
  a.address = lower(a.address);
  const std::size_t at = a.address.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == a.address.size() || a.address.find_first_of(" \t,;<>\"") != std::string::npos)
    return std::nullopt;
  return a;
}

std::vector<std::string> message_ids(std::string_view v) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while ((i = v.find('<', i)) != std::string_view::npos) {
    std::size_t e = v.find('>', i);
    if (e == std::string_view::npos) break;
    std::string id(v.substr(i, e - i + 1));
    if (id.size() > 2 && id.find_first_of(" \t") == std::string::npos) out.push_back(id);
    i = e + 1;
  }
  if (out.empty()) {  // a bare id without brackets (seen from some gateways)
    std::string t = trim(v);
    if (!t.empty() && t.find_first_of(" \t<>") == std::string::npos && t.find('@') != std::string::npos) out.push_back("<" + t + ">");
  }
  return out;
}

ContentType parse_content_type(std::string_view v, const std::string& path) {
  ContentType ct;
  std::size_t semi = v.find(';');
  std::string type = lower(trim(v.substr(0, semi)));
  if (!type.empty()) ct.type = type;
  std::size_t i = semi == std::string_view::npos ? v.size() : semi + 1;
  while (i < v.size()) {
    while (i < v.size() && (space(v[i]) || v[i] == ';')) ++i;
    std::size_t eq = v.find('=', i);
    if (eq == std::string_view::npos) break;
    std::string name = lower(trim(v.substr(i, eq - i)));
    i = eq + 1;
    while (i < v.size() && space(v[i])) ++i;
    std::string value;
    if (i < v.size() && v[i] == '"') {
      ++i;
      while (i < v.size() && v[i] != '"') {
        if (v[i] == '\\' && i + 1 < v.size()) ++i;
        value += v[i++];
      }
      ++i;
    } else {
      while (i < v.size() && v[i] != ';') value += v[i++];
      value = trim(value);
    }
    if (name.size() > 1 && name.back() == '*') {  // RFC 2231: charset'language'percent-encoded
      name.pop_back();
      std::size_t a = value.find('\''), b = a == std::string::npos ? a : value.find('\'', a + 1);
      if (b != std::string::npos) {
        std::string bytes;
        for (std::size_t k = b + 1; k < value.size(); ++k) {
          if (value[k] == '%' && k + 2 < value.size() && hex_value(value[k + 1]) >= 0 && hex_value(value[k + 2]) >= 0) {
            bytes += static_cast<char>(hex_value(value[k + 1]) * 16 + hex_value(value[k + 2]));
            k += 2;
          } else bytes += value[k];
        }
        value = to_utf8(bytes, value.substr(0, a), path);
      }
    }
    ct.params[name] = value;
  }
  return ct;
}

// "Thu, 3 Dec 2026 17:00:00 +0100" (day name optional, seconds optional, obsolete zones GMT/UT/Z).
std::optional<std::int64_t> parse_date(std::string_view v) {
  std::string s = trim(v);
  if (auto comma = s.find(','); comma != std::string::npos) s = trim(std::string_view(s).substr(comma + 1));
  std::vector<std::string> tok;
  std::string cur;
  for (char c : s) {
    if (space(c)) {
      if (!cur.empty()) tok.push_back(cur);
      cur.clear();
    } else cur += c;
  }
  if (!cur.empty()) tok.push_back(cur);
  if (tok.size() < 4) return std::nullopt;
  auto num = [](const std::string& t) -> std::optional<int> {
    if (t.empty() || t.size() > 4) return std::nullopt;
    int n = 0;
    for (char c : t) {
      if (c < '0' || c > '9') return std::nullopt;
      n = n * 10 + (c - '0');
    }
    return n;
  };
  static const std::array<const char*, 12> months = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  auto day = num(tok[0]), year = num(tok[2]);
  int month = -1;
  for (int m = 0; m < 12; ++m)
    if (lower(tok[1]).rfind(months[static_cast<std::size_t>(m)], 0) == 0) month = m + 1;
  if (!day || !year || month < 0) return std::nullopt;
  int y = *year < 50 ? *year + 2000 : *year < 1000 ? *year + 1900 : *year;
  int hh = 0, mm = 0, ss = 0;
  {
    const std::string& t = tok[3];
    if (t.size() < 5 || t[2] != ':') return std::nullopt;
    auto h = num(t.substr(0, 2)), m = num(t.substr(3, 2));
    if (!h || !m) return std::nullopt;
    hh = *h;
    mm = *m;
    if (t.size() >= 8 && t[5] == ':') {
      auto sec = num(t.substr(6, 2));
      if (!sec) return std::nullopt;
      ss = *sec;
    }
  }
  int offset = 0;  // minutes east of UTC
  if (tok.size() > 4) {
    const std::string& z = tok[4];
    if ((z[0] == '+' || z[0] == '-') && z.size() == 5) {
      auto n = num(z.substr(1));
      if (!n) return std::nullopt;
      offset = (*n / 100 * 60 + *n % 100) * (z[0] == '-' ? -1 : 1);
    }
  }
  if (*day < 1 || *day > 31 || hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  const std::int64_t days = model::days_from_civil(y, static_cast<unsigned>(month), static_cast<unsigned>(*day));
  return ((days * 86400 + hh * 3600 + mm * 60 + ss) - offset * 60) * 1000;
}
}  // namespace parley::channels::mail
