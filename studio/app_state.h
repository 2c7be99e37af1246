// Studio — the application state: the pack being edited, the fill values, and the template
// matrix the core computed from them. No ImGui here: views read this state, the shell (shell.js)
// reads its JSON form (window.parleyStudio), and both change it only through the functions below.
//
// Index
//   [SECTION] Pack        templates per locale file, lint rules, channel overrides, fill values
//   [SECTION] Matrix      one cell per intent × locale × channel, computed by the core
//   [SECTION] Editing     change a template's body, recompute its cells, save a pack file
#pragma once
#include "parley/api.h"

#include <string>
#include <vector>

namespace studio {
using parley::Json;

// A core method's answer, or the core's error thrown as parley::Error (its code, the method and
// message, its path). Every view calls the core through this.
Json call_core(const char* method, const Json& request);
// JSON Lines: the non-blank lines of `text` (a trailing \r dropped), and one of them parsed.
// parse_line throws parley::Error with the core's code and path "/line/N" (N counts from 1).
std::vector<std::string> jsonl_lines(const std::string& text);
Json parse_line(const std::string& line, std::size_t number);

//-----------------------------------------------------------------------------
// [SECTION] Pack
//-----------------------------------------------------------------------------
// What the shell hands in: pack.json, every templates/<locale>.json it names, lint.json, and
// the Studio's fill values (fills.json: sample and worst-case slot values per locale).
struct Pack {
  Json manifest;                    // pack.json
  std::vector<std::string> files;   // template file names, in the manifest's order ("templates/en.json")
  std::vector<Json> template_files; // parallel to `files`: {"locale","email"?,"templates":[…]}
  Json lint = Json::object();
  Json fills = Json::object();      // {"sample":{locale:{slot:value}}, "worst":{…}, "citation_worst":{locale:text}}
  Json channel_overrides = Json::object();  // pack.json "channel_overrides": {channel: partial profile}
};

// Throws parley::Error naming the field when the manifest or a file is not what it should be.
Pack load_pack(const Json& manifest, const Json& files_by_name, const Json& fills);

//-----------------------------------------------------------------------------
// [SECTION] Matrix
//-----------------------------------------------------------------------------
enum class Variant { exact, fallback, none };

// One fill (sample or worst case) of one cell, as the core measured it.
struct Fill {
  std::string text;               // in the channel's dialect (channels.format), what would be sent
  std::string unit;               // the channel's own unit (channels.measure)
  std::size_t length = 0, limit = 0;  // limit 0: none
  bool over_limit = false;
  std::string sms_encoding;       // SMS only: GSM-7 | UCS-2
  std::size_t sms_segments = 0, sms_max_segments = 0;
  std::vector<std::string> missing_slots;
  std::vector<std::string> findings;  // lint codes (draft.lint via draft.render)
};

struct Cell {
  std::string intent, locale, channel;
  Variant variant = Variant::none;
  std::string template_id;        // the template rendered (the fallback's id when variant is fallback)
  std::string error_code, error_message;  // the core refused (e.g. a channel it does not know)
  bool rtl = false;               // shown through ICU shaping + bidi: approximate, see docs/studio.md
  Fill sample, worst;
  bool over_limit() const { return sample.over_limit || worst.over_limit; }
};

struct Matrix {
  std::vector<std::string> intents, locales, channels;  // axes, in the pack's order
  std::vector<Cell> cells;        // intents × locales × channels, row-major in that order
  const Cell& at(std::size_t intent, std::size_t locale, std::size_t channel) const {
    return cells[(intent * locales.size() + locale) * channels.size() + channel];
  }
};

Matrix build_matrix(const Pack& pack);
void compute_cell(const Pack& pack, Cell& cell);
Json to_json(const Matrix& matrix);

//-----------------------------------------------------------------------------
// [SECTION] Editing
//-----------------------------------------------------------------------------
// The template with `id` (pointer into pack.template_files), or nullptr.
Json* find_template(Pack& pack, const std::string& id);
// Replace a template's body and recompute every cell that renders it. Throws parley::Error
// (code unknown_template, path /id) when no template has that id.
void edit_template(Pack& pack, Matrix& matrix, const std::string& id, const std::string& body);
// The templates file that holds `id`, as it would be saved (pretty JSON), with its file name.
std::pair<std::string, std::string> template_file_for(const Pack& pack, const std::string& id);
}  // namespace studio
