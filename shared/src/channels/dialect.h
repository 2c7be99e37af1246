// Channel dialects: how a run of text with a style is written on each channel.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace parley::channels::dialect {
enum class Kind { plain, sms, whatsapp, telegram_markdown_v2, markdown, email };
// nullopt-free: unknown names throw Error at `path`.
Kind parse(std::string_view name, const std::string& path);

// One run of same-styled text. `line_start`: the run begins a line (Markdown block syntax).
std::string run(Kind k, std::string_view text, bool bold, bool italic, std::string_view link, bool line_start);
// The marker before a list item: "• ", "1. ", "- ", "1\. " (Telegram).
std::string bullet(Kind k, bool ordered, std::size_t number);
// Whether bold/italic survive in this dialect (plain text drops them).
bool has_emphasis(Kind k);

std::string html_escape(std::string_view s);
}  // namespace parley::channels::dialect
