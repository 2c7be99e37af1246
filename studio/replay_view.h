// Studio — case replay: an evidence chain as Assist exports it (evidence.export: JSON Lines, one
// record per line exactly as hashed), stepped through as a supervisor reads it (original message →
// knowledge used → AI suggestion → approval → final reply), the suggestion diffed against the
// final reply, and the chain verified by the core (evidence.replay / evidence.verify). Any record
// may be edited in place, byte for byte, to see where a change breaks the chain.
#pragma once
#include "app_state.h"
#include "fonts.h"

#include <string>
#include <vector>

namespace studio {
struct Replay {
  std::string name;                  // the file's name, as loaded
  std::vector<std::string> loaded;   // the lines as loaded (non-empty lines of the file)
  std::vector<std::string> lines;    // the lines now (after edits in the record editor)
  Json records = Json::array();      // `lines` parsed
  Json result;                       // evidence.replay: {verification, steps, final}
  Json diff;                         // evidence.diff of the AI suggestion vs the final reply (null without both)
  std::string suggestion, final_reply;
  int step = 0;                      // the step shown
  std::string buffer;                // the record editor's text
  int buffer_for = -1;               // the step the buffer was filled from
  std::string error;                 // why the file or an edit could not be read (line and the core's message)
  // Where the diff's words were last drawn (screen px), in the ops' order: for tests. A diff of
  // right-to-left text runs from the right edge leftwards.
  struct DiffWord { std::string text, op; float x = 0, y = 0, width = 0; };
  std::vector<DiffWord> diff_words;
  bool diff_rtl = false;
  bool open() const { return !records.empty(); }
};

// Read an exported chain (JSON Lines). Throws parley::Error (path "/line/N") on a line that is not
// JSON; a chain that does not verify still loads: showing that is the point.
void load_evidence(Replay& r, const std::string& name, const std::string& jsonl);
// Replace record `index`'s line (as the record editor does) and verify again. Throws parley::Error.
void replace_record(Replay& r, std::size_t index, const std::string& line);
// The byte offset of the first difference between record `index` as loaded and as it is now, or -1.
long changed_byte(const Replay& r, std::size_t index);
// {name, count, verification, step, steps:[{seq, kind, actor, at, trusted, text, sentence}], stages:{…:step index|-1},
//  suggestion, final, diff, diff_layout:{rtl, words:[{text, op, x, y, width}]}, hashes:[{stored, computed, ok}], changed:[{index, byte}]}
// `text` is the core's English sentence for the step, `sentence` the one shown (in the UI language).
Json to_json(const Replay& r);

void want_replay_text(Fonts& fonts, const Replay& r);
void draw_replay_view(Replay& r, Fonts& fonts);
}  // namespace studio
