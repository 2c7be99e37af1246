// Matching multilingual cue phrases in normalised text (private to the triage module).
// Latin-script cues match whole words ("sue" is not found in "issue"); a trailing '*' allows any
// word ending ("verklag*"). Cues in scripts without spaces (ja, zh, th) match as substrings.
#pragma once
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace parley::triage::cues {
bool contains(std::string_view normalized, std::string_view cue);
// Cues written naturally ("kündigen", "hủy") put through the same normalisation as the text;
// callers keep the result in a static.
std::vector<std::string> prepare(std::initializer_list<const char*> list);
// Every cue of `list` found in `normalized` (each at most once).
std::vector<std::string> find(std::string_view normalized, const std::vector<std::string>& list);
}  // namespace parley::triage::cues
