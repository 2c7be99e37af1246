// Dialects. WhatsApp: *bold* _italic_ (no escape mechanism exists). Telegram MarkdownV2: every
// special character escaped with '\' outside entities; inside a link URL only ')' and '\'
// (core.telegram.org/bots/api#markdownv2-style). Markdown: CommonMark subset for the web widget.
// Plain: styles dropped, links as "label (url)"; SMS as plain with GSM-7 list markers.
#include "dialect.h"

#include "parley/api.h"

namespace parley::channels::dialect {
namespace {
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string telegram_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("_*[]()~`>#+-=|{}.!\\").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string telegram_url(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ')' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string markdown_escape(std::string_view s, bool line_start) {
  std::string out;
  std::size_t i = 0;
  if (line_start) {
    // Block syntax only matters where a line starts: "# ", "- ", "+ ", "> ", "1. ".
    std::size_t d = 0;
    while (d < s.size() && s[d] >= '0' && s[d] <= '9') ++d;
    if (d > 0 && d < s.size() && (s[d] == '.' || s[d] == ')')) {
      out.append(s.substr(0, d));
      out += '\\';
      i = d;
    } else if (!s.empty() && (s[0] == '#' || s[0] == '-' || s[0] == '+' || s[0] == '>')) {
      out += '\\';
    }
  }
  for (; i < s.size(); ++i) {
    if (std::string_view("\\`*_[]<>").find(s[i]) != std::string_view::npos) out += '\\';
    out += s[i];
  }
  return out;
}

std::string markdown_url(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '(') out += "%28";
    else if (c == ')') out += "%29";
    else if (c == ' ') out += "%20";
    else out += c;
  }
  return out;
}

std::string display_url(std::string_view url) {
  for (std::string_view scheme : {"mailto:", "tel:"})
    if (url.substr(0, scheme.size()) == scheme) return std::string(url.substr(scheme.size()));
  return std::string(url);
}
}  // namespace

Kind parse(std::string_view n, const std::string& path) {
  if (n == "plain") return Kind::plain;
  if (n == "sms") return Kind::sms;
  if (n == "whatsapp") return Kind::whatsapp;
  if (n == "telegram_markdown_v2") return Kind::telegram_markdown_v2;
  if (n == "markdown") return Kind::markdown;
  if (n == "email") return Kind::email;
  throw Error("invalid_value", path + ": \"" + std::string(n) + "\" is not a dialect (plain, sms, whatsapp, telegram_markdown_v2, markdown, email)", path);
}

bool has_emphasis(Kind k) { return k == Kind::whatsapp || k == Kind::telegram_markdown_v2 || k == Kind::markdown; }

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string bullet(Kind k, bool ordered, std::size_t n) {
  // SMS: "•" is not in GSM-7 and would switch the whole message to UCS-2 (half the capacity).
  if (!ordered) return k == Kind::markdown || k == Kind::sms ? "- " : "• ";
  return std::to_string(n) + (k == Kind::telegram_markdown_v2 ? "\\. " : ". ");
}

std::string run(Kind k, std::string_view text, bool bold, bool italic, std::string_view link, bool line_start) {
  // Markers must hug the words ("*bold *" does not render): whitespace goes outside them.
  std::size_t a = 0, b = text.size();
  while (a < b && is_space(text[a])) ++a;
  while (b > a && is_space(text[b - 1])) --b;
  std::string_view lead = text.substr(0, a), core = text.substr(a, b - a), trail = text.substr(b);
  if (core.empty()) return std::string(text);
  std::string body;
  switch (k) {
    case Kind::plain:
    case Kind::sms:
    case Kind::email:
    case Kind::whatsapp: {
      body = std::string(core);
      if (k == Kind::whatsapp) {
        if (italic) body = "_" + body + "_";
        if (bold) body = "*" + body + "*";
      }
      if (!link.empty() && display_url(link) != core) body += " (" + display_url(link) + ")";
      break;
    }
    case Kind::telegram_markdown_v2: {
      body = telegram_escape(core);
      if (!link.empty()) body = "[" + body + "](" + telegram_url(link) + ")";
      if (italic) body = "_" + body + "_";
      if (bold) body = "*" + body + "*";
      break;
    }
    case Kind::markdown: {
      body = markdown_escape(core, line_start && lead.empty());
      if (!link.empty()) body = "[" + body + "](" + markdown_url(link) + ")";
      if (italic) body = "*" + body + "*";
      if (bold) body = "**" + body + "**";
      break;
    }
  }
  if (k == Kind::telegram_markdown_v2) return telegram_escape(lead) + body + telegram_escape(trail);
  return std::string(lead) + body + std::string(trail);
}
}  // namespace parley::channels::dialect
