// Studio — metrics per channel: the relay's event export (GET /api/v1/metrics/export, JSON Lines,
// docs/metrics.md) computed by the core (metrics.compute, per channel, grouped by day), one plot
// per channel drawn with ImDrawList: the median as a line with points, the median–p90 band behind
// it, the values on hover, a click (or Enter on a focused point) lists the point's conversations.
#pragma once
#include "app_state.h"
#include "fonts.h"

#include <string>
#include <vector>

namespace studio {
struct MetricPoint {
  std::string day;
  long long n = 0;
  double median = 0, p90 = 0;   // ms; valid only when n > 0
  std::vector<std::string> ids; // the conversations of that channel started that day
  float x = 0, y = 0;           // where it was last drawn (screen = canvas pixels), for tests
};
struct MetricSeries {
  std::string channel;
  long long conversations = 0;
  Json by_day = Json::object();          // metrics.compute's "by"."day" for this channel
  std::vector<MetricPoint> points;       // one per day of the whole export, in order
  double ymax = 1;                       // the plot's top (ms): 1.1 × the highest p90
  std::vector<std::string> axis;         // the y axis' labels, bottom up, all in one unit ("0 min", "2.5 min", "5.0 min")
};
struct Metrics {
  std::string name, now, time_zone;       // time_zone: the IANA zone days are counted in (the browser's)
  Json events = Json::array();
  std::vector<std::string> days;          // every local day of the export, in `time_zone`
  std::vector<MetricSeries> series;       // per channel, in order of first appearance
  int measure = 0;                        // index into metric_measures()
  int sel_series = -1, sel_point = -1;    // the clicked point
  int hot_series = -1, hot_point = -1;    // the point under the mouse or keyboard focus (its tooltip shown)
  bool open() const { return !series.empty(); }
};

struct Measure { const char* id; const char* pointer; };  // "first_response", "/first_response"
const std::vector<Measure>& metric_measures();

// Read an event export (JSON Lines) and compute every channel's figures at `now` (ISO-8601 or
// Unix ms, an input: the core has no clock), grouped by local day in `time_zone` (an IANA zone,
// data like `now`: the shell passes the browser's). Throws parley::Error naming the line or the path.
void load_events(Metrics& m, const std::string& name, const std::string& jsonl, const std::string& now, const std::string& time_zone);
// Choose the measure by id; recomputes the points. Returns false for an unknown id.
bool set_measure(Metrics& m, const std::string& id);
// Select a point (as a click does); false when there is none at (channel, day).
bool select_point(Metrics& m, const std::string& channel, const std::string& day);
// {open, name, now, time_zone, measure, days, series:[{channel, conversations, axis:[label…], points:[{day,n,median,p90,ids,x,y}]}],
//  selected:{channel,day,ids}|null, hovered:{channel,day,n,median,p90}|null}
Json to_json(const Metrics& m);

void want_metrics_text(Fonts& fonts, const Metrics& m);
void draw_metrics_view(Metrics& m);
}  // namespace studio
