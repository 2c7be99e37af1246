// Studio — metrics view: per-channel plots of the core's figures, drawn with ImDrawList (no
// plotting library is packaged for ImGui 1.86).
//
// Index
//   [SECTION] Data       the export, split per channel, metrics.compute per channel by day
//   [SECTION] State      the JSON form tests read (with where each point was drawn)
//   [SECTION] Plot       axes, the median–p90 band, the median line and its points, hover, click
//   [SECTION] View       measure chooser, legend, one plot per channel, the clicked point's cases
#include "metrics_view.h"

#include "layout.h"
#include "strings.h"
#include "text_shape.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

namespace studio {
namespace {
const ImU32 kMedian = IM_COL32(110, 180, 255, 255), kBand = IM_COL32(110, 180, 255, 60), kP90 = IM_COL32(110, 180, 255, 140),
            kAxis = IM_COL32(150, 150, 160, 255), kGrid = IM_COL32(70, 70, 80, 255), kSelected = IM_COL32(255, 210, 90, 255);

std::string mtext(S id) { return visual_line(tr(id)); }

S measure_label(int i) {
  const S labels[] = {S::measure_first_response, S::measure_first_response_business, S::measure_response_time, S::measure_resolution};
  return labels[i];
}

// Durations as people read them: ms below a second, then s, min, h.
std::string duration(double ms) {
  char buf[48];
  if (ms < 1000) std::snprintf(buf, sizeof buf, "%.0f ms", ms);
  else if (ms < 60000) std::snprintf(buf, sizeof buf, "%.1f s", ms / 1000);
  else if (ms < 3600000) std::snprintf(buf, sizeof buf, "%.1f min", ms / 60000);
  else std::snprintf(buf, sizeof buf, "%.1f h", ms / 3600000);
  return buf;
}

// An axis speaks one unit, chosen by its top: "0 min · 2.5 min · 5.0 min", never "0 ms" under a
// minute scale.
struct Scale { double ms_per_unit; const char* unit; };
Scale scale_for(double top_ms) {
  if (top_ms < 1000) return {1, "ms"};
  if (top_ms < 60000) return {1000, "s"};
  if (top_ms < 3600000) return {60000, "min"};
  return {3600000, "h"};
}
std::string in_unit(double ms, const Scale& s) {
  char buf[48];
  std::snprintf(buf, sizeof buf, s.ms_per_unit == 1 ? "%.0f %s" : "%.1f %s", ms / s.ms_per_unit, s.unit);
  return buf;
}
constexpr int kGridLines = 3;  // 0, half, top

//-----------------------------------------------------------------------------
// [SECTION] Data
//-----------------------------------------------------------------------------
void fill_points(Metrics& m) {
  const Json::json_pointer at(metric_measures()[m.measure].pointer);
  for (MetricSeries& s : m.series) {
    s.points.clear();
    for (const std::string& day : m.days) {
      MetricPoint p;
      p.day = day;
      if (s.by_day.contains(day)) {
        const Json& g = s.by_day[day];
        for (const Json& id : g.value("ids", Json::array())) p.ids.push_back(id.get<std::string>());
        if (g.contains(at)) {
          const Json& d = g[at];
          p.n = d.value("n", 0LL);
          if (p.n > 0 && d["median"].is_number() && d["p90"].is_number()) {
            p.median = d["median"].get<double>();
            p.p90 = d["p90"].get<double>();
          } else {
            p.n = 0;
          }
        }
      }
      s.points.push_back(std::move(p));
    }
    s.ymax = 0;
    for (const MetricPoint& p : s.points) if (p.n) s.ymax = std::max(s.ymax, p.p90);
    s.ymax = s.ymax > 0 ? s.ymax * 1.1 : 1;
    const Scale scale = scale_for(s.ymax);
    s.axis.clear();
    for (int g = 0; g < kGridLines; ++g) s.axis.push_back(in_unit(s.ymax * g / (kGridLines - 1), scale));
  }
}
}  // namespace

const std::vector<Measure>& metric_measures() {
  static const std::vector<Measure> list = {{"first_response", "/first_response"},
                                            {"first_response_business", "/first_response_business"},
                                            {"response_time", "/response_time"},
                                            {"resolution", "/resolution/full"}};
  return list;
}

void load_events(Metrics& m, const std::string& name, const std::string& jsonl, const std::string& now, const std::string& time_zone) {
  Metrics next;
  next.name = name;
  next.now = now;
  next.time_zone = time_zone;
  next.measure = m.measure;
  const std::vector<std::string> lines = jsonl_lines(jsonl);
  for (std::size_t i = 0; i < lines.size(); ++i) next.events.push_back(parse_line(lines[i], i + 1));
  // A conversation's channel is the last one its events give (docs/metrics.md); the relay's export
  // always gives one, and "webchat" is what it assumes when an older event has none.
  std::map<std::string, std::string> channel_of;
  std::vector<std::string> order;
  for (const Json& e : next.events) {
    if (!e.is_object() || !e.contains("conversation") || !e["conversation"].is_string()) continue;
    const std::string c = e["conversation"].get<std::string>();
    if (e.contains("channel") && e["channel"].is_string()) channel_of[c] = e["channel"].get<std::string>();
    else channel_of.emplace(c, "webchat");
  }
  for (const Json& e : next.events)
    if (e.is_object() && e.contains("conversation") && e["conversation"].is_string()) {
      const std::string& ch = channel_of[e["conversation"].get<std::string>()];
      if (std::find(order.begin(), order.end(), ch) == order.end()) order.push_back(ch);
    }
  std::set<std::string> days;
  for (const std::string& ch : order) {
    Json mine = Json::array();
    for (const Json& e : next.events)
      if (e.is_object() && e.contains("conversation") && e["conversation"].is_string() && channel_of[e["conversation"].get<std::string>()] == ch) mine.push_back(e);
    Json figures = call_core("metrics.compute", {{"events", mine}, {"now", now}, {"workspace", {{"timezone", time_zone}}}, {"group_by", Json::array({"day"})}});
    MetricSeries s;
    s.channel = ch;
    s.conversations = figures["overall"].value("conversations", 0LL);
    s.by_day = figures["by"]["day"];
    for (auto it = s.by_day.begin(); it != s.by_day.end(); ++it) days.insert(it.key());
    next.series.push_back(std::move(s));
  }
  if (next.series.empty()) throw parley::Error("empty", name + ": no conversation events", "/line/1");
  next.days.assign(days.begin(), days.end());
  fill_points(next);
  m = std::move(next);
}

bool set_measure(Metrics& m, const std::string& id) {
  for (std::size_t i = 0; i < metric_measures().size(); ++i)
    if (id == metric_measures()[i].id) {
      m.measure = static_cast<int>(i);
      fill_points(m);
      return true;
    }
  return false;
}

bool select_point(Metrics& m, const std::string& channel, const std::string& day) {
  for (std::size_t s = 0; s < m.series.size(); ++s)
    for (std::size_t p = 0; p < m.series[s].points.size(); ++p)
      if (m.series[s].channel == channel && m.series[s].points[p].day == day) {
        m.sel_series = static_cast<int>(s);
        m.sel_point = static_cast<int>(p);
        return true;
      }
  return false;
}

//-----------------------------------------------------------------------------
// [SECTION] State
//-----------------------------------------------------------------------------
Json to_json(const Metrics& m) {
  if (!m.open()) return Json{{"open", false}};
  Json series = Json::array();
  for (const MetricSeries& s : m.series) {
    Json points = Json::array();
    for (const MetricPoint& p : s.points) {
      Json j{{"day", p.day}, {"n", p.n}, {"ids", p.ids}, {"x", p.x}, {"y", p.y}};
      j["median"] = p.n ? Json(p.median) : Json(nullptr);
      j["p90"] = p.n ? Json(p.p90) : Json(nullptr);
      points.push_back(std::move(j));
    }
    series.push_back({{"channel", s.channel}, {"conversations", s.conversations}, {"axis", s.axis}, {"points", points}});
  }
  Json selected = nullptr;
  if (m.sel_series >= 0 && m.sel_point >= 0) {
    const MetricSeries& s = m.series[m.sel_series];
    selected = {{"channel", s.channel}, {"day", s.points[m.sel_point].day}, {"ids", s.points[m.sel_point].ids}};
  }
  Json hovered = nullptr;
  if (m.hot_series >= 0 && m.hot_point >= 0) {
    const MetricSeries& s = m.series[m.hot_series];
    const MetricPoint& p = s.points[m.hot_point];
    hovered = {{"channel", s.channel}, {"day", p.day}, {"n", p.n}, {"median", p.median}, {"p90", p.p90}};
  }
  return Json{{"open", true}, {"name", m.name}, {"now", m.now}, {"time_zone", m.time_zone}, {"measure", metric_measures()[m.measure].id},
              {"days", m.days}, {"series", series}, {"selected", selected}, {"hovered", hovered}};
}

void want_metrics_text(Fonts& fonts, const Metrics& m) {
  for (const MetricSeries& s : m.series) {
    want_text(fonts, s.channel);
    for (const MetricPoint& p : s.points)
      for (const std::string& id : p.ids) want_text(fonts, id);
  }
  want_text(fonts, m.name + "–·");
}

//-----------------------------------------------------------------------------
// [SECTION] Plot
//-----------------------------------------------------------------------------
namespace {
void tooltip(const MetricSeries& s, const MetricPoint& p) {
  ImGui::BeginTooltip();
  ImGui::Text("%s · %s", s.channel.c_str(), p.day.c_str());
  ImGui::Text("%s: %lld", mtext(S::metrics_n).c_str(), p.n);
  ImGui::Text("%s: %s", mtext(S::metrics_legend_median).c_str(), duration(p.median).c_str());
  ImGui::Text("p90: %s", duration(p.p90).c_str());
  ImGui::Text("%zu %s", p.ids.size(), mtext(S::metrics_conversations).c_str());
  ImGui::EndTooltip();
}

void draw_plot(Metrics& m, int si) {
  MetricSeries& s = m.series[si];
  label(format("%s · %lld %s", s.channel.c_str(), s.conversations, tr(S::metrics_conversations)));
  const float font = ImGui::GetFontSize();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = std::max(200.0f, ImGui::GetContentRegionAvail().x), height = font * 9;
  // The value axis at the start edge: left, or right in a right-to-left UI, where days run right to left.
  const bool mirrored = rtl();
  const float axis_room = font * 5, left = origin.x + (mirrored ? font : axis_room), right = origin.x + width - (mirrored ? axis_room : font);
  const float top = origin.y + font * 0.5f, bottom = origin.y + height - font * 1.6f;
  const float axis_x = mirrored ? right : left;
  ImDrawList* dl = ImGui::GetWindowDrawList();

  const double ymax = s.ymax;
  const float step = (right - left) / static_cast<float>(std::max<std::size_t>(1, s.points.size()));
  const auto X = [&](std::size_t i) { const float d = (static_cast<float>(i) + 0.5f) * step; return mirrored ? right - d : left + d; };
  const auto Y = [&](double v) { return bottom - static_cast<float>(v / ymax) * (bottom - top); };

  // Axes, the grid lines with their values (one unit for the axis), the days below.
  for (int g = 0; g < kGridLines; ++g) {
    const float y = Y(ymax * g / (kGridLines - 1));
    dl->AddLine(ImVec2(left, y), ImVec2(right, y), g ? kGrid : kAxis);
    const std::string& text = s.axis[static_cast<std::size_t>(g)];
    const float w = ImGui::CalcTextSize(text.c_str()).x;
    dl->AddText(ImVec2(mirrored ? axis_x + 6 : axis_x - w - 6, y - font * 0.5f), kAxis, text.c_str());
  }
  dl->AddLine(ImVec2(axis_x, top), ImVec2(axis_x, bottom), kAxis);
  note_rect("metrics.axis." + std::to_string(si), ImVec2(axis_x, top), ImVec2(axis_x, bottom));
  const std::size_t label_every = std::max<std::size_t>(1, static_cast<std::size_t>(s.points.size() * font * 4 / std::max(1.0f, right - left)) + 1);
  for (std::size_t i = 0; i < s.points.size(); i += label_every) {
    const std::string d = s.points[i].day.size() >= 10 ? s.points[i].day.substr(5) : s.points[i].day;  // MM-DD
    dl->AddText(ImVec2(X(i) - ImGui::CalcTextSize(d.c_str()).x / 2, bottom + 3), kAxis, d.c_str());
  }

  // The band between consecutive days that both have values (a day without any breaks it), then the lines.
  for (std::size_t i = 0; i + 1 < s.points.size(); ++i) {
    const MetricPoint &a = s.points[i], &b = s.points[i + 1];
    if (!a.n || !b.n) continue;
    dl->AddQuadFilled(ImVec2(X(i), Y(a.median)), ImVec2(X(i), Y(a.p90)), ImVec2(X(i + 1), Y(b.p90)), ImVec2(X(i + 1), Y(b.median)), kBand);
    dl->AddLine(ImVec2(X(i), Y(a.p90)), ImVec2(X(i + 1), Y(b.p90)), kP90, 1.0f);
    dl->AddLine(ImVec2(X(i), Y(a.median)), ImVec2(X(i + 1), Y(b.median)), kMedian, 2.0f);
  }

  // Points: each an invisible button, so the mouse and keyboard navigation reach it.
  const float r = std::max(4.0f, font * 0.3f);
  ImGui::PushID(si);
  for (std::size_t i = 0; i < s.points.size(); ++i) {
    MetricPoint& p = s.points[i];
    if (!p.n) { p.x = p.y = 0; continue; }
    p.x = X(i);
    p.y = Y(p.median);
    if (p.n == 1 || s.points.size() == 1 || ((i == 0 || !s.points[i - 1].n) && (i + 1 == s.points.size() || !s.points[i + 1].n)))
      dl->AddLine(ImVec2(p.x, Y(p.median)), ImVec2(p.x, Y(p.p90)), kP90, 3.0f);  // a lone day: its band is a bar
    ImGui::SetCursorScreenPos(ImVec2(p.x - r * 1.6f, p.y - r * 1.6f));
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::InvisibleButton("##point", ImVec2(r * 3.2f, r * 3.2f))) {
      m.sel_series = si;
      m.sel_point = static_cast<int>(i);
    }
    const bool hot = ImGui::IsItemHovered() || ImGui::IsItemFocused();
    ImGui::PopID();
    const bool selected = m.sel_series == si && m.sel_point == static_cast<int>(i);
    dl->AddCircleFilled(ImVec2(p.x, p.y), hot ? r * 1.4f : r, kMedian);
    if (selected) dl->AddCircle(ImVec2(p.x, p.y), r * 2.0f, kSelected, 0, 2.0f);
    if (hot) {
      tooltip(s, p);
      m.hot_series = si;
      m.hot_point = static_cast<int>(i);
    }
  }
  ImGui::PopID();
  ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + height));
  ImGui::Dummy(ImVec2(width, font * 0.5f));
}

// A legend entry in the header row: its swatch, then its label (mirrored in a right-to-left UI).
void legend(Row& row, ImU32 colour, S id, bool band) {
  const float h = ImGui::GetTextLineHeight();
  row.place(h * 1.5f);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (band) dl->AddRectFilled(ImVec2(p.x, p.y + h * 0.2f), ImVec2(p.x + h * 1.5f, p.y + h * 0.8f), colour);
  else dl->AddLine(ImVec2(p.x, p.y + h / 2), ImVec2(p.x + h * 1.5f, p.y + h / 2), colour, 2.0f);
  ImGui::Dummy(ImVec2(h * 1.5f, h));
  const std::string text = mtext(id);
  row.place(ImGui::CalcTextSize(text.c_str()).x + h);
  ImGui::TextUnformatted(text.c_str());
}
}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] View
//-----------------------------------------------------------------------------
void draw_metrics_view(Metrics& m) {
  if (!m.open()) {
    paragraph(tr(S::metrics_none));
    return;
  }
  label(format("%s · %s · %zu", tr(S::metrics_title), m.name.c_str(), m.series.size()));
  note("metrics.title");
  // The header row from the start edge: the measure's name, its chooser, the legend.
  Row row;
  const std::string name = mtext(S::metrics_measure), current = mtext(measure_label(m.measure));
  row.place(ImGui::CalcTextSize(name.c_str()).x);
  ImGui::TextUnformatted(name.c_str());
  const float combo = ImGui::GetFontSize() * 16;
  row.place(combo);
  ImGui::SetNextItemWidth(combo);
  if (ImGui::BeginCombo("##measure", current.c_str())) {
    for (int i = 0; i < static_cast<int>(metric_measures().size()); ++i)
      if (ImGui::Selectable(mtext(measure_label(i)).c_str(), i == m.measure)) set_measure(m, metric_measures()[i].id);
    ImGui::EndCombo();
  }
  note("metrics.measure");
  legend(row, kMedian, S::metrics_legend_median, false);
  legend(row, kBand, S::metrics_legend_band, true);

  m.hot_series = m.hot_point = -1;  // set again by the plot whose point is hovered this frame
  const float side = ImGui::GetContentRegionAvail().x * 0.26f;
  panes("metrics", ImGui::GetContentRegionAvail().x - side, false, true,
        [&] { for (int i = 0; i < static_cast<int>(m.series.size()); ++i) draw_plot(m, i); },
        [&] {
          label(tr(S::metrics_cases));
          ImGui::Separator();
          if (m.sel_series < 0 || m.sel_point < 0) {
            paragraph(tr(S::metrics_pick));
            return;
          }
          const MetricSeries& s = m.series[m.sel_series];
          const MetricPoint& p = s.points[m.sel_point];
          label(format("%s · %s", s.channel.c_str(), p.day.c_str()));
          if (p.n) label_disabled(format("%s %s · p90 %s · %s %lld", tr(S::metrics_legend_median), duration(p.median).c_str(), duration(p.p90).c_str(), tr(S::metrics_n), p.n));
          for (const std::string& id : p.ids) ImGui::Selectable(id.c_str());
        });
}
}  // namespace studio
