// Internet mail pieces for channels.inbound (e-mail) and channels.outbound (e-mail): headers
// (RFC 5322, folding; RFC 2047 encoded-words), MIME (RFC 2045/2046: multipart, transfer
// encodings), charsets to UTF-8, quoted history, and the encoders a composed message needs.
// Everything is data in, data out; errors are Error("invalid_payload", …, "/body…").
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::channels::mail {
// ---- headers (mail_headers.cpp) ----
struct Header {
  std::string name;   // as written
  std::string value;  // unfolded, raw (encoded-words not decoded)
};
using Headers = std::vector<Header>;

// Splits "headers\n\nbody" (line ends already LF). Throws on a header line that is neither a
// field nor a continuation.
std::pair<Headers, std::string_view> split_message(std::string_view lf_text, const std::string& path);
std::optional<std::string> find(const Headers& h, std::string_view name);  // first, case-insensitive
std::string lower(std::string_view s);
std::string trim(std::string_view s);

// RFC 2047 encoded-words (=?charset?B|Q?…?=) → UTF-8; a word that cannot be decoded stays as written.
std::string decode_words(std::string_view value, const std::string& path);

struct Address {
  std::string address;  // lower-cased
  std::string name;     // decoded display name, "" if none
};
std::optional<Address> parse_address(std::string_view value, const std::string& path);
std::vector<std::string> message_ids(std::string_view value);  // "<a@b> <c@d>" → {"<a@b>", "<c@d>"}

struct ContentType {
  std::string type = "text/plain";  // lower-cased type/subtype
  std::map<std::string, std::string> params;  // lower-cased names; RFC 2231 name*= decoded
};
ContentType parse_content_type(std::string_view value, const std::string& path);  // also parses Content-Disposition

// RFC 5322 date-time → Unix ms; nullopt when it does not parse.
std::optional<std::int64_t> parse_date(std::string_view value);

// ---- transfer encodings and charsets (mail_mime.cpp, mail_charset.cpp) ----
std::string decode_quoted_printable(std::string_view body);
std::string decode_base64(std::string_view body, const std::string& path);
// Bytes in `charset` → UTF-8. utf-8, us-ascii, iso-8859-1 and windows-1252 are built in; other
// charsets go through ICU. A byte sequence the charset does not define, or a charset that
// cannot be converted, throws (never a silent replacement character).
std::string to_utf8(std::string_view bytes, std::string_view charset, const std::string& path);
// ICU's converters (mail_charset_icu.cpp); nullopt when ICU has no converter for `charset`.
std::optional<std::string> icu_to_utf8(std::string_view bytes, const std::string& charset, const std::string& path);

struct Attachment {
  std::string filename, content_type;
  std::size_t size = 0;
};
struct Body {
  std::string text;   // the chosen text/plain, else text/html stripped to text (UTF-8)
  bool from_html = false;
  std::vector<Attachment> attachments;
};
// The message's body: MIME tree walked (nested multiparts), parts decoded.
Body read_body(const Headers& headers, std::string_view body, const std::string& path);

// ---- reading the text (mail_html.cpp; quoted history: parley::triage::strip_email) ----
std::string html_to_text(std::string_view html);  // tags dropped, entities decoded, <blockquote> as "> "

// ---- composing (mail_compose.cpp) ----
std::string encode_quoted_printable(std::string_view utf8);  // CRLF lines ≤ 76
std::string encode_header_words(std::string_view utf8);      // as is when ASCII, else =?UTF-8?B?…?= words
}  // namespace parley::channels::mail
