// MIME bodies (RFC 2045/2046): the part tree is walked to its leaves; the first text/plain that is
// not an attachment is the message's text (else the first text/html, stripped: HTML is never
// rendered); attachments are listed by name, type and decoded size, their bytes not kept.
#include "inbound.h"
#include "mail.h"

#include "parley/api.h"
#include "parley/digest.h"

namespace parley::channels::mail {
namespace {
using inbound::hex_value;

struct Walk {
  Body out;
  std::string plain, html;
  bool have_plain = false, have_html = false;
};

std::string transfer_decode(std::string_view body, const Headers& h, const std::string& path) {
  const std::string cte = lower(find(h, "Content-Transfer-Encoding").value_or("7bit"));
  if (cte == "quoted-printable") return decode_quoted_printable(body);
  if (cte == "base64") return decode_base64(body, path);
  if (cte == "7bit" || cte == "8bit" || cte == "binary" || cte.empty()) return std::string(body);
  throw Error("invalid_payload", path + ": Content-Transfer-Encoding \"" + cte + "\" is not one MIME defines", path + "/content-transfer-encoding");
}

std::string kind_of(const std::string& type) { return type.substr(0, type.find('/')); }

void walk(Walk& w, const Headers& h, std::string_view body, const std::string& path, int depth) {
  if (depth > 12) throw Error("invalid_payload", path + ": multiparts nested more than 12 deep", path);
  const ContentType ct = parse_content_type(find(h, "Content-Type").value_or("text/plain"), path);
  if (kind_of(ct.type) == "multipart") {
    auto b = ct.params.find("boundary");
    if (b == ct.params.end() || b->second.empty())
      throw Error("invalid_payload", path + ": " + ct.type + " has no boundary parameter", path + "/content-type");
    const std::string delim = "--" + b->second;
    // Delimiter lines: "--boundary" (closing "--boundary--"), trailing white space allowed.
    std::vector<std::string_view> parts;
    std::size_t i = 0, start = std::string_view::npos;
    bool closed = false;
    while (i <= body.size() && !closed) {
      std::size_t end = body.find('\n', i);
      if (end == std::string_view::npos) end = body.size();
      std::string_view line = body.substr(i, end - i);
      while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
      if (line.substr(0, delim.size()) == delim) {
        std::string_view rest = line.substr(delim.size());
        if (rest.empty() || rest == "--") {
          if (start != std::string_view::npos) parts.push_back(body.substr(start, i > start ? i - 1 - start : 0));
          start = end + 1;
          closed = rest == "--";
        }
      }
      if (end == body.size()) break;
      i = end + 1;
    }
    if (start == std::string_view::npos)
      throw Error("invalid_payload", path + ": boundary \"" + b->second + "\" never appears in the " + ct.type + " body", path);
    if (!closed) throw Error("invalid_payload", path + ": boundary \"" + b->second + "\" is never closed (no --" + b->second + "--)", path);
    for (std::size_t k = 0; k < parts.size(); ++k) {
      const std::string p = path + "/parts/" + std::to_string(k);
      auto [ph, pb] = split_message(parts[k], p);
      walk(w, ph, pb, p, depth + 1);
    }
    return;
  }
  const std::string bytes = transfer_decode(body, h, path);
  const ContentType disp = parse_content_type(find(h, "Content-Disposition").value_or("inline"), path);
  std::string filename;
  if (auto f = disp.params.find("filename"); f != disp.params.end()) filename = f->second;
  else if (auto n = ct.params.find("name"); n != ct.params.end()) filename = n->second;
  filename = decode_words(filename, path);
  const bool attachment = disp.type == "attachment" || !filename.empty() || (ct.type != "text/plain" && ct.type != "text/html");
  if (attachment) {
    w.out.attachments.push_back({filename, ct.type, bytes.size()});
    return;
  }
  auto cs = ct.params.find("charset");
  const std::string text = to_utf8(bytes, cs == ct.params.end() ? "" : cs->second, path);
  if (ct.type == "text/plain" && !w.have_plain) {
    w.plain = text;
    w.have_plain = true;
  } else if (ct.type == "text/html" && !w.have_html) {
    w.html = text;
    w.have_html = true;
  }
}
}  // namespace

std::string decode_quoted_printable(std::string_view s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t end = s.find('\n', i);
    const bool last = end == std::string_view::npos;
    std::string_view line = s.substr(i, (last ? s.size() : end) - i);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);  // transport padding
    bool soft = false;
    for (std::size_t k = 0; k < line.size(); ++k) {
      if (line[k] != '=') {
        out += line[k];
      } else if (k + 1 == line.size()) {
        soft = true;  // "=" at the end of a line: the break is not in the text
      } else if (k + 2 < line.size() && hex_value(line[k + 1]) >= 0 && hex_value(line[k + 2]) >= 0) {
        out += static_cast<char>(hex_value(line[k + 1]) * 16 + hex_value(line[k + 2]));
        k += 2;
      } else {
        out += '=';  // not an escape: kept as written (RFC 2045 §6.7 robustness)
      }
    }
    if (last) break;
    if (!soft) out += '\n';
    i = end + 1;
  }
  return out;
}

std::string decode_base64(std::string_view s, const std::string& path) {
  std::string compact;
  for (char c : s)
    if (c != '\n' && c != '\r' && c != ' ' && c != '\t') compact += c;
  while (compact.size() % 4) compact += '=';  // some senders drop the padding
  auto bytes = digest::base64_decode(compact);
  if (!bytes) throw Error("invalid_payload", path + ": the base64 body has characters or padding base64 does not allow", path);
  return *bytes;
}

Body read_body(const Headers& headers, std::string_view body, const std::string& path) {
  Walk w;
  walk(w, headers, body, path, 0);
  if (w.have_plain) {
    w.out.text = w.plain;
  } else if (w.have_html) {
    w.out.text = html_to_text(w.html);
    w.out.from_html = true;
  }
  return std::move(w.out);
}
}  // namespace parley::channels::mail
