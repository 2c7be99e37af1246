// Charsets of mail text → UTF-8. The four charsets most mail uses are decoded here, without ICU,
// byte by byte; everything else goes to ICU's converters. A byte a charset does not define, or a
// charset nothing here can convert, is an error naming the part: never mojibake stored quietly.
#include "mail.h"

#include "parley/api.h"
#include "parley/text.h"

namespace parley::channels::mail {
namespace {
// windows-1252 0x80–0x9F (the WHATWG index); 0 marks the five bytes it leaves undefined.
constexpr char16_t kCp1252[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
                                  0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
                                  0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

std::string canonical(std::string_view cs) {
  std::string c = lower(trim(cs));
  if (c.size() >= 2 && c.front() == '"' && c.back() == '"') c = c.substr(1, c.size() - 2);
  if (c == "utf8") return "utf-8";
  if (c == "ascii" || c == "us-ascii" || c == "ansi_x3.4-1968") return "us-ascii";
  if (c == "latin1" || c == "latin-1" || c == "iso8859-1" || c == "iso_8859-1" || c == "l1") return "iso-8859-1";
  if (c == "cp1252" || c == "windows1252") return "windows-1252";
  return c;
}

[[noreturn]] void undefined(std::string_view cs, std::size_t offset, unsigned char byte, const std::string& path) {
  throw Error("invalid_payload",
              path + ": byte 0x" + std::string(1, "0123456789ABCDEF"[byte >> 4]) + std::string(1, "0123456789ABCDEF"[byte & 15]) +
                  " at offset " + std::to_string(offset) + " is not defined in " + std::string(cs),
              path);
}
}  // namespace

std::string to_utf8(std::string_view bytes, std::string_view declared, const std::string& path) {
  const std::string cs = canonical(declared);
  if (cs.empty() || cs == "utf-8") {  // none declared: UTF-8 when it is, else an error (no guessing)
    if (auto bad = text::invalid_utf8_offset(bytes))
      throw Error("invalid_payload",
                  path + ": the text is not valid UTF-8" + std::string(cs.empty() ? " (no charset declared)" : "") + ": bad byte at offset " +
                      std::to_string(*bad),
                  path);
    return std::string(bytes);
  }
  std::string out;
  out.reserve(bytes.size());
  if (cs == "us-ascii" || cs == "iso-8859-1" || cs == "windows-1252") {
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      const auto b = static_cast<unsigned char>(bytes[i]);
      if (b < 0x80) out += static_cast<char>(b);
      else if (cs == "us-ascii") undefined(cs, i, b, path);
      else if (cs == "windows-1252" && b < 0xA0) {
        if (!kCp1252[b - 0x80]) undefined(cs, i, b, path);
        text::append_utf8(out, kCp1252[b - 0x80]);
      } else text::append_utf8(out, b);  // Latin-1 is the first 256 code points
    }
    return out;
  }
  if (auto converted = icu_to_utf8(bytes, cs, path)) return *converted;
  throw Error("invalid_payload", path + ": charset \"" + std::string(declared) + "\" cannot be converted by this build", path);
}
}  // namespace parley::channels::mail
