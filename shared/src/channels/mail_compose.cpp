// Encoders for the mail Parley sends: quoted-printable bodies (RFC 2045 §6.7) and RFC 2047
// header words, so every line stays 7-bit and short whatever the agent wrote.
#include "mail.h"

#include "parley/digest.h"
#include "parley/text.h"

namespace parley::channels::mail {
namespace {
const char* kHex = "0123456789ABCDEF";
std::string escape(unsigned char b) { return std::string{'=', kHex[b >> 4], kHex[b & 15]}; }
}  // namespace

std::string encode_quoted_printable(std::string_view s) {
  std::string out, line;
  auto flush_soft = [&](std::size_t next) {  // keep room for "=" at the end of a soft-broken line
    if (line.size() + next > 75) {
      out += line + "=\r\n";
      line.clear();
    }
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b == '\n') {
      // White space before a line break would be taken for transport padding: encode it.
      if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
        const unsigned char ws = static_cast<unsigned char>(line.back());
        line.pop_back();
        flush_soft(3);
        line += escape(ws);
      }
      out += line + "\r\n";
      line.clear();
      continue;
    }
    if (b == '\r' && i + 1 < s.size() && s[i + 1] == '\n') continue;
    // A leading "." is encoded too: no line can look like SMTP's end of data to a careless relay.
    const bool literal = (b >= 33 && b <= 126 && b != '=' && !(b == '.' && line.empty())) || b == ' ' || b == '\t';
    std::string piece = literal ? std::string(1, static_cast<char>(b)) : escape(b);
    flush_soft(piece.size());
    line += piece;
  }
  if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
    const unsigned char ws = static_cast<unsigned char>(line.back());
    line.pop_back();
    flush_soft(3);
    line += escape(ws);
  }
  return out + line;
}

std::string encode_header_words(std::string_view s) {
  bool ascii = true;
  for (char c : s) ascii = ascii && static_cast<unsigned char>(c) < 0x80 && c != '\n' && c != '\r';
  if (ascii && s.find("=?") == std::string_view::npos) return std::string(s);
  // Base64 words of whole code points, each word ≤ 75 characters (45 bytes → 60 of base64).
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t end = i;
    while (end < s.size()) {
      std::size_t j = end;
      text::next_code_point(s, j);
      if (j - i > 45) break;
      end = j;
    }
    if (end == i) text::next_code_point(s, end);
    out += (out.empty() ? "" : "\r\n ") + std::string("=?UTF-8?B?") + digest::base64(s.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}
}  // namespace parley::channels::mail
