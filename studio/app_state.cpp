// Studio — application state: the pack, its template matrix, edits. Every figure in a cell comes
// from the core's methods (draft.render, channels.format, channels.measure, channels.sms,
// channels.profile) called through the same dispatcher as every other surface.
#include "app_state.h"

#include "text_shape.h"
#include "parley/channels.h"

#include <algorithm>

namespace studio {
namespace {
using parley::Error;

void add_unique(std::vector<std::string>& list, const std::string& v) {
  if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
}

const Json* overrides_for(const Pack& pack, const std::string& channel) {
  auto it = pack.channel_overrides.find(channel);
  return it == pack.channel_overrides.end() ? nullptr : &*it;
}

Json with_overrides(Json request, const Pack& pack, const std::string& channel) {
  if (const Json* o = overrides_for(pack, channel)) request["overrides"] = *o;
  return request;
}

// The locale's file (its email frame) and the template for intent × channel, or the fallback:
// the locale's first template for the intent, in file order.
struct Found {
  const Json* file = nullptr;
  const Json* tpl = nullptr;
  Variant variant = Variant::none;
};
Found find_variant(const Pack& pack, const std::string& intent, const std::string& locale, const std::string& channel) {
  Found f;
  for (const Json& file : pack.template_files) {
    for (const Json& t : file["templates"]) {
      if (t.value("locale", "") != locale || t.value("intent", "") != intent) continue;
      if (t.value("channel", "") == channel) return Found{&file, &t, Variant::exact};
      if (!f.tpl) f = Found{&file, &t, Variant::fallback};
    }
  }
  return f;
}

std::string time_zone_for(const Pack& pack, const std::string& locale) {
  if (pack.manifest.contains("markets"))
    for (const Json& m : pack.manifest["markets"])
      if (m.value("locale", "") == locale && m.contains("time_zone")) return m["time_zone"].get<std::string>();
  return "UTC";
}

Fill render_fill(const Pack& pack, const Found& found, const std::string& locale, const std::string& channel, bool worst, Cell& cell) {
  Fill fill;
  Json tpl = *found.tpl;
  tpl["channel"] = channel;  // a fallback is rendered as if written for this channel
  const Json& fills = pack.fills[worst ? "worst" : "sample"];
  Json slots = fills.contains(locale) ? fills[locale] : Json::object();
  Json req{{"template", tpl}, {"locale", locale}, {"slots", slots}, {"time_zone", time_zone_for(pack, locale)}, {"lint", pack.lint}};
  if (channel == "email" && found.file->contains("email")) req["frame"] = (*found.file)["email"];
  if (worst && pack.fills.contains("citation_worst") && pack.fills["citation_worst"].contains(locale))
    req["citation"] = {{"article_id", "worst-case"}, {"title", ""}, {"snippet", pack.fills["citation_worst"][locale]}};
  Json rendered = call_core("draft.render", req);
  fill.text = rendered["text"].get<std::string>();
  for (const Json& m : rendered["missing_slots"]) fill.missing_slots.push_back(m.get<std::string>());
  // The matrix measures with the channel's profile (and the pack's overrides) below; the lint's
  // own over_limit uses drafting's fallback table, so it is not repeated here.
  for (const Json& f : rendered["findings"])
    if (f.value("code", "") != "over_limit") add_unique(fill.findings, f.value("code", ""));

  Json formatted = call_core("channels.format", with_overrides({{"channel", channel}, {"draft", parley::channels::draft_of_text(fill.text)}, {"split", false}}, pack, channel));
  std::string text;
  for (const Json& part : formatted["parts"]) text += (text.empty() ? "" : "\n\n") + part["text"].get<std::string>();
  fill.text = text;

  Json measured = call_core("channels.measure", with_overrides({{"text", text}, {"channel", channel}}, pack, channel));
  const Json& m = measured["channel"];
  fill.unit = m["unit"].get<std::string>();
  fill.length = m["length"].get<std::size_t>();
  fill.limit = m["max"].get<std::size_t>();
  fill.over_limit = !m["fits"].get<bool>();
  if (channel == "sms") {
    Json sms = call_core("channels.sms", with_overrides({{"text", text}}, pack, channel));
    Json profile = call_core("channels.profile", with_overrides({{"channel", channel}}, pack, channel))["profile"];
    fill.sms_encoding = sms["encoding"].get<std::string>();
    fill.sms_segments = sms["segments"].get<std::size_t>();
    fill.sms_max_segments = profile["segments"]["max"].get<std::size_t>();
    if (fill.sms_max_segments && fill.sms_segments > fill.sms_max_segments) fill.over_limit = true;
  }
  cell.rtl = cell.rtl || needs_shaping(text);
  return fill;
}

Json fill_json(const Fill& f) {
  Json j{{"text", f.text}, {"unit", f.unit}, {"length", f.length}, {"limit", f.limit}, {"over_limit", f.over_limit},
         {"missing_slots", f.missing_slots}, {"findings", f.findings}};
  if (!f.sms_encoding.empty())
    j["sms"] = {{"encoding", f.sms_encoding}, {"segments", f.sms_segments}, {"max_segments", f.sms_max_segments}};
  return j;
}
const char* variant_name(Variant v) { return v == Variant::exact ? "exact" : v == Variant::fallback ? "fallback" : "none"; }
}  // namespace

Json call_core(const char* method, const Json& request) {
  Json answer = parley::api::call(method, request);
  if (answer.is_object() && answer.contains("error")) {
    const Json& e = answer["error"];
    throw parley::Error(e.value("code", "error"), std::string(method) + ": " + e.value("message", ""), e.value("path", ""));
  }
  return answer;
}

std::vector<std::string> jsonl_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) out.push_back(std::move(line));
    start = end + 1;
  }
  return out;
}

Json parse_line(const std::string& line, std::size_t number) {
  const std::string at = "/line/" + std::to_string(number);
  try {
    return parley::api::parse(line, "line " + std::to_string(number));
  } catch (const parley::Error& e) {
    throw parley::Error(e.code, e.what(), at);
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Pack
//-----------------------------------------------------------------------------
Pack load_pack(const Json& manifest, const Json& files_by_name, const Json& fills) {
  parley::require_object(manifest, "/pack");
  Pack pack;
  pack.manifest = manifest;
  pack.fills = fills.is_object() ? fills : Json::object();
  const Json& locales = parley::require(manifest, "locales", Json::value_t::array, "/pack");
  for (std::size_t i = 0; i < locales.size(); ++i)
    if (!locales[i].is_string()) throw Error("invalid_type", "/pack/locales/" + std::to_string(i) + " must be a string", "/pack/locales/" + std::to_string(i));
  const Json& files = parley::require(manifest, "files", Json::value_t::object, "/pack");
  const Json& templates = parley::require(files, "templates", Json::value_t::array, "/pack/files");
  for (std::size_t i = 0; i < templates.size(); ++i) {
    const std::string at = "/pack/files/templates/" + std::to_string(i);
    if (!templates[i].is_string()) throw Error("invalid_type", at + " must be a file name", at);
    const std::string name = templates[i].get<std::string>();
    if (!files_by_name.contains(name)) throw Error("missing_file", at + ": \"" + name + "\" was not loaded", at);
    const Json& file = files_by_name[name];
    parley::require(file, "templates", Json::value_t::array, "/" + name);
    pack.files.push_back(name);
    pack.template_files.push_back(file);
  }
  if (const Json* lint = parley::optional(files, "lint", Json::value_t::string, "/pack/files")) {
    const std::string name = lint->get<std::string>();
    if (files_by_name.contains(name)) pack.lint = files_by_name[name];
  }
  if (const Json* o = parley::optional(manifest, "channel_overrides", Json::value_t::object, "/pack")) pack.channel_overrides = *o;
  return pack;
}

//-----------------------------------------------------------------------------
// [SECTION] Matrix
//-----------------------------------------------------------------------------
void compute_cell(const Pack& pack, Cell& cell) {
  cell.error_code.clear();
  cell.error_message.clear();
  cell.sample = Fill{};
  cell.worst = Fill{};
  cell.rtl = false;
  Found found = find_variant(pack, cell.intent, cell.locale, cell.channel);
  cell.variant = found.variant;
  cell.template_id = found.tpl ? found.tpl->value("id", "") : "";
  if (!found.tpl) return;
  try {
    cell.sample = render_fill(pack, found, cell.locale, cell.channel, false, cell);
    cell.worst = render_fill(pack, found, cell.locale, cell.channel, true, cell);
  } catch (const Error& e) {
    cell.error_code = e.code;
    cell.error_message = e.what();
  }
}

Matrix build_matrix(const Pack& pack) {
  Matrix m;
  for (const Json& l : pack.manifest["locales"]) add_unique(m.locales, l.get<std::string>());
  if (pack.manifest.contains("markets"))
    for (const Json& market : pack.manifest["markets"])
      if (market.contains("channels"))
        for (const Json& c : market["channels"]) add_unique(m.channels, c.get<std::string>());
  for (const Json& file : pack.template_files)
    for (const Json& t : file["templates"]) {
      add_unique(m.intents, t.value("intent", ""));
      add_unique(m.channels, t.value("channel", ""));
    }
  for (const auto& intent : m.intents)
    for (const auto& locale : m.locales)
      for (const auto& channel : m.channels) {
        Cell c;
        c.intent = intent;
        c.locale = locale;
        c.channel = channel;
        compute_cell(pack, c);
        m.cells.push_back(std::move(c));
      }
  return m;
}

Json to_json(const Matrix& m) {
  Json cells = Json::array(), over = Json::array();
  for (const Cell& c : m.cells) {
    Json j{{"intent", c.intent}, {"locale", c.locale}, {"channel", c.channel}, {"variant", variant_name(c.variant)},
           {"template", c.template_id}, {"rtl", c.rtl}, {"approximate", c.rtl}, {"over_limit", c.over_limit()}};
    if (c.variant != Variant::none && c.error_code.empty()) {
      j["sample"] = fill_json(c.sample);
      j["worst"] = fill_json(c.worst);
    }
    if (!c.error_code.empty()) j["error"] = {{"code", c.error_code}, {"message", c.error_message}};
    if (c.over_limit()) over.push_back(c.intent + "/" + c.locale + "/" + c.channel);
    cells.push_back(std::move(j));
  }
  return Json{{"intents", m.intents}, {"locales", m.locales}, {"channels", m.channels}, {"cells", cells}, {"over_limit", over}};
}

//-----------------------------------------------------------------------------
// [SECTION] Editing
//-----------------------------------------------------------------------------
Json* find_template(Pack& pack, const std::string& id) {
  for (Json& file : pack.template_files)
    for (Json& t : file["templates"])
      if (t.value("id", "") == id) return &t;
  return nullptr;
}

void edit_template(Pack& pack, Matrix& matrix, const std::string& id, const std::string& body) {
  Json* t = find_template(pack, id);
  if (!t) throw Error("unknown_template", "/id: no template \"" + id + "\" in the pack", "/id");
  (*t)["body"] = body;
  const std::string intent = t->value("intent", ""), locale = t->value("locale", "");
  // A body change can only move cells of its own intent × locale (exact or fallback renders).
  for (Cell& c : matrix.cells)
    if (c.intent == intent && c.locale == locale) compute_cell(pack, c);
}

std::pair<std::string, std::string> template_file_for(const Pack& pack, const std::string& id) {
  for (std::size_t i = 0; i < pack.template_files.size(); ++i)
    for (const Json& t : pack.template_files[i]["templates"])
      if (t.value("id", "") == id) return {pack.files[i], pack.template_files[i].dump(2) + "\n"};
  throw Error("unknown_template", "/id: no template \"" + id + "\" in the pack", "/id");
}
}  // namespace studio
