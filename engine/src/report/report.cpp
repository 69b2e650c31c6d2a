// report.html (stroom/report.hpp): one self-contained, printable page.
//
// [SECTION] Map frame: world metres → SVG pixels (y up in the world, down in SVG)
// [SECTION] Venue map
// [SECTION] Density maps (PNG data URI under an SVG outline)
// [SECTION] Tables and plots
// [SECTION] Page
#include <algorithm>
#include <cmath>

#include "measure/text.hpp"
#include "report/svg.hpp"
#include "stroom/level_of_service.hpp"
#include "stroom/report.hpp"

namespace stroom {

using measure::fixed;
using report::escape;

namespace {

// [SECTION] Map frame: world metres → SVG pixels (y up in the world, down in SVG)

struct MapFrame {
  Bounds world;
  double scale = 1.0;  ///< px per m
  double pad = 40.0;   ///< px around the venue
  double px(double x) const { return pad + (x - world.min.x) * scale; }
  double py(double y) const { return pad + (world.max.y - y) * scale; }
  double width() const { return 2 * pad + world.width() * scale; }
  double height() const { return 2 * pad + world.height() * scale; }
};

MapFrame map_frame(const std::vector<PolygonWithHoles>& walkable) {
  MapFrame f;
  bool first = true;
  for (const auto& poly : walkable) {
    for (const Vec2& p : poly.outer) {
      if (first) f.world = {p, p}, first = false;
      f.world.min.x = std::min(f.world.min.x, p.x), f.world.min.y = std::min(f.world.min.y, p.y);
      f.world.max.x = std::max(f.world.max.x, p.x), f.world.max.y = std::max(f.world.max.y, p.y);
    }
  }
  const double w = std::max(f.world.width(), 1e-6), h = std::max(f.world.height(), 1e-6);
  f.scale = std::min(880.0 / w, 560.0 / h);
  return f;
}

std::string num(double v) {
  return fixed(v, 1);
}

std::string ring_path(const MapFrame& f, const Polygon& ring) {
  std::string d;
  for (std::size_t i = 0; i < ring.size(); ++i)
    d += (i == 0 ? "M" : "L") + num(f.px(ring[i].x)) + " " + num(f.py(ring[i].y)) + " ";
  return d + "Z ";
}

std::string walkable_path(const MapFrame& f, const std::vector<PolygonWithHoles>& walkable,
                          const std::string& cls) {
  std::string d;
  for (const auto& poly : walkable) {
    d += ring_path(f, poly.outer);
    for (const auto& hole : poly.holes)
      d += ring_path(f, hole);
  }
  return "<path class=\"" + cls + "\" fill-rule=\"evenodd\" d=\"" + d + "\"/>\n";
}

/// Up to this many obstacles every named obstacle is labelled on the venue map.
constexpr std::size_t kObstaclesAlwaysLabelled = 12;

std::string label(double x, double y, const std::string& text, const char* anchor = "middle") {
  return "<text class=\"label\" x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor +
         "\">" + escape(text) + "</text>\n";
}

std::string segment(const MapFrame& f, const Segment& s, const std::string& cls) {
  return "<line class=\"" + cls + "\" x1=\"" + num(f.px(s.a.x)) + "\" y1=\"" + num(f.py(s.a.y)) +
         "\" x2=\"" + num(f.px(s.b.x)) + "\" y2=\"" + num(f.py(s.b.y)) + "\"/>\n";
}

std::string segment_label(const MapFrame& f, const Segment& s, const std::string& text) {
  const Vec2 m = s.midpoint();
  return label(f.px(m.x), f.py(m.y) - 8.0, text);
}

Vec2 centre_of(const Polygon& p) {
  Vec2 lo = p.empty() ? Vec2{} : p[0], hi = lo;
  for (const Vec2& v : p) {
    lo = {std::min(lo.x, v.x), std::min(lo.y, v.y)};
    hi = {std::max(hi.x, v.x), std::max(hi.y, v.y)};
  }
  return (lo + hi) * 0.5;
}

std::string scale_bar(const MapFrame& f) {
  const double metres = report::nice_step(f.world.width(), 5);
  const double x0 = f.pad, y = f.height() - 8.0;
  return "<line class=\"scale\" x1=\"" + num(x0) + "\" y1=\"" + num(y) + "\" x2=\"" +
         num(x0 + metres * f.scale) + "\" y2=\"" + num(y) + "\"/>" +
         label(x0 + metres * f.scale + 6.0, y + 4.0, fixed(metres, 0) + " m", "start");
}

std::string open_map(const MapFrame& f, const std::string& aria) {
  return "<svg class=\"map\" viewBox=\"0 0 " + num(f.width()) + " " + num(f.height()) +
         "\" role=\"img\" aria-label=\"" + escape(aria) + "\">\n";
}

// [SECTION] Venue map

std::string venue_map(const Scenario& sc, const std::vector<PolygonWithHoles>& walkable,
                      const MapFrame& f) {
  const VenueDesc& v = sc.venue;
  std::string s = open_map(f, "Venue map");
  s += walkable_path(f, walkable, "walkable");
  for (const auto& z : v.zones)
    s += "<path class=\"zone\" d=\"" + ring_path(f, z.polygon) + "\"/>\n";
  for (const auto& o : v.obstacles)
    s += "<path class=\"obstacle\" d=\"" + ring_path(f, o.polygon) + "\"/>\n";
  for (const auto& l : v.lines) {
    s += segment(f, l.line, "mline");
    // A tick on the forward side (right of a→b).
    const Vec2 m = l.line.midpoint(), d = normalized(l.line.b - l.line.a);
    const Vec2 tip = m + Vec2{d.y, -d.x} * (12.0 / f.scale);
    s += segment(f, {m, tip}, "mline-dir");
  }
  for (const auto& d : v.doors)
    s += segment(f, d.line, d.open ? "door" : "door closed");
  for (const auto& c : v.checkpoints)
    s += segment(f, c.line, "checkpoint");
  for (const auto& e : v.exits)
    s += segment(f, e.line, "exit");
  for (const auto& w : v.waypoints) {
    s += "<circle class=\"waypoint\" cx=\"" + num(f.px(w.at.x)) + "\" cy=\"" + num(f.py(w.at.y)) +
         "\" r=\"" + num(std::max(3.0, w.radius * f.scale)) + "\"/>\n";
  }
  // Labels last, on top of everything.
  for (const auto& z : v.zones) {
    const Vec2 c = centre_of(z.polygon);
    s += label(f.px(c.x), f.py(c.y), "zone " + z.name);
  }
  for (const auto& o : v.obstacles) {
    if (o.name.empty()) continue;
    // On a venue with many obstacles (a site with a hundred pavilion blocks) only names that
    // fit inside their obstacle as drawn, so that labels do not cover the map.
    double min_x = o.polygon.front().x, max_x = min_x;
    for (const Vec2& p : o.polygon) {
      min_x = std::min(min_x, p.x);
      max_x = std::max(max_x, p.x);
    }
    const double label_width_px = 6.5 * static_cast<double>(o.name.size());
    if (v.obstacles.size() > kObstaclesAlwaysLabelled && label_width_px > (max_x - min_x) * f.scale)
      continue;
    const Vec2 c = centre_of(o.polygon);
    s += label(f.px(c.x), f.py(c.y), o.name);
  }
  for (const auto& l : v.lines)
    s += segment_label(f, l.line, "line " + l.name);
  for (const auto& d : v.doors)
    s += segment_label(f, d.line, "door " + d.name + (d.open ? "" : " (closed)"));
  for (const auto& c : v.checkpoints)
    s += segment_label(f, c.line,
                       "checkpoint " + c.name + " (" + std::to_string(c.lanes) + " lanes)");
  for (const auto& e : v.exits)
    s += segment_label(f, e.line, "exit " + e.name);
  for (const auto& w : v.waypoints)
    s += label(f.px(w.at.x), f.py(w.at.y) - std::max(3.0, w.radius * f.scale) - 4.0, w.name);
  return s + scale_bar(f) + "</svg>\n";
}

// [SECTION] Density maps (PNG data URI under an SVG outline)

std::string density_map_svg(const Scenario& sc, const std::vector<PolygonWithHoles>& walkable,
                            const MapFrame& f, const DensityMap& map, const std::string& title,
                            const std::optional<std::vector<double>>& mark) {
  std::string s = open_map(f, title);
  s += walkable_path(f, walkable, "walkable-under");
  if (map.columns > 0) {
    const int ppc = std::clamp(static_cast<int>(std::floor(880.0 / map.columns)), 1, 16);
    const std::string data = base64_encode(density_map_png(map, ppc));
    const double x0 = f.px(map.origin.x);
    const double y0 = f.py(map.origin.y + map.rows * map.cell);
    s += "<image class=\"density\" x=\"" + num(x0) + "\" y=\"" + num(y0) + "\" width=\"" +
         num(map.columns * map.cell * f.scale) + "\" height=\"" +
         num(map.rows * map.cell * f.scale) +
         "\" preserveAspectRatio=\"none\" href=\"data:image/png;base64," + data + "\"/>\n";
  }
  s += walkable_path(f, walkable, "outline");
  for (const auto& o : sc.venue.obstacles)
    s += "<path class=\"obstacle-outline\" d=\"" + ring_path(f, o.polygon) + "\"/>\n";
  for (const auto& e : sc.venue.exits)
    s += segment(f, e.line, "exit");
  if (mark && mark->size() == 2) {
    s += "<circle class=\"peak\" cx=\"" + num(f.px((*mark)[0])) + "\" cy=\"" +
         num(f.py((*mark)[1])) + "\" r=\"" + num(std::max(6.0, map.cell * f.scale)) + "\"/>\n";
  }
  return s + scale_bar(f) + "</svg>\n";
}

std::string density_legend() {
  std::string s = "<div class=\"legend\">";
  for (int i = 0; i < kLevelOfServiceCount; ++i) {
    const auto los = static_cast<LevelOfService>(i);
    s += "<span><i style=\"background:" + std::string(level_of_service_colour(los)) + "\"></i>" +
         level_of_service_name(los) + ": " + escape(level_of_service_band(los)) + "</span>";
  }
  s += "<span><i style=\"background:#fbfbfb\"></i>empty</span>";
  s += "<span><i style=\"background:#dde3ea\"></i>not measured (&lt; 25 % walkable)</span>";
  return s + "</div>\n";
}

// [SECTION] Tables and plots

std::string opt(const std::optional<double>& v, int decimals, const char* unit = "") {
  if (!v) return "–";
  return fixed(*v, decimals) + unit;
}

std::string row(const std::string& key, const std::string& value) {
  return "<tr><th>" + escape(key) + "</th><td>" + escape(value) + "</td></tr>\n";
}

std::string criterion_unit(const std::string& name) {
  if (name == "max_evacuation_time" || name == "all_out_by") return " s";
  if (name == "max_density" || name.ends_with(":max_density")) return " P/m²";
  if (name == "max_exit_flow") return " P/(m·s)";
  if (name.ends_with(":capacity")) return " persons";
  return "";
}

std::string criteria_table(const Summary& s) {
  if (s.criteria.empty()) return "<p>The scenario defines no criteria.</p>\n";
  std::string t =
      "<table class=\"criteria\"><thead><tr><th>Criterion</th><th>Limit</th><th>Value</th>"
      "<th>Result</th><th>Note</th></tr></thead><tbody>\n";
  for (const auto& c : s.criteria) {
    const std::string unit = criterion_unit(c.name);
    const int decimals = c.name.ends_with(":capacity") ? 0 : 2;
    t += std::string("<tr class=\"") + (c.pass ? "pass" : "fail") + "\"><td>" + escape(c.name) +
         "</td><td>" + escape(fixed(c.limit, decimals) + unit) + "</td><td>" +
         escape(c.value ? fixed(*c.value, decimals) + unit : "not determined") +
         "</td><td class=\"verdict\">" + (c.pass ? "PASS" : "FAIL") + "</td><td>" + escape(c.note) +
         "</td></tr>\n";
  }
  return t + "</tbody></table>\n";
}

std::string los_section(const Measurement& m) {
  const auto t = m.level_of_service_person_time();
  double total = 0.0;
  for (double v : t)
    total += v;
  if (!(total > 0.0)) return "<p>No person-time was measured on the density grid.</p>\n";
  std::string bar = "<div class=\"losbar\">";
  std::string table =
      "<table class=\"los\"><thead><tr><th>Level</th><th>Space per person</th>"
      "<th>Person-time</th><th>Share</th></tr></thead><tbody>\n";
  for (int i = 0; i < kLevelOfServiceCount; ++i) {
    const auto los = static_cast<LevelOfService>(i);
    const double share = t[i] / total;
    if (share > 0.0) {
      bar += "<span style=\"width:" + fixed(100.0 * share, 2) +
             "%;background:" + level_of_service_colour(los) + "\" title=\"" +
             level_of_service_name(los) + "\"></span>";
    }
    table += "<tr><td><i class=\"swatch\" style=\"background:" +
             std::string(level_of_service_colour(los)) + "\"></i> " + level_of_service_name(los) +
             "</td><td>" + escape(level_of_service_band(los)) + "</td><td>" + fixed(t[i], 0) +
             " person-s</td><td>" + fixed(100.0 * share, 1) + " %</td></tr>\n";
  }
  return bar + "</div>\n" + table + "</tbody></table>\n";
}

std::string time_above_table(const Measurement& m) {
  std::string t =
      "<table><thead><tr><th>Density above</th><th>Cells that reached it</th>"
      "<th>Area of those cells</th><th>Longest time in one cell</th></tr></thead><tbody>\n";
  for (std::size_t k = 0; k < kDensityThresholds.size(); ++k) {
    const DensityMap map = m.time_above_map(static_cast<int>(k));
    int cells = 0;
    double area = 0.0, longest = 0.0;
    for (int i = 0; i < static_cast<int>(map.values.size()); ++i) {
      const double v = map.values[i];
      if (std::isnan(v) || v <= 0.0) continue;
      ++cells;
      area += m.grid().walkable_area(i);
      longest = std::max(longest, v);
    }
    t += "<tr><td>" + fixed(kDensityThresholds[k], 0) + " P/m²</td><td>" + std::to_string(cells) +
         "</td><td>" + fixed(area, 1) + " m²</td><td>" + fixed(longest, 1) + " s</td></tr>\n";
  }
  return t + "</tbody></table>\n";
}

std::string figures_tables(const Scenario& sc, const Measurement& m, const Summary& s) {
  std::string out;
  if (!s.exits.empty()) {
    // The flow limit column only where the scenario sets one (`max_flow`).
    const bool limits = std::any_of(sc.venue.exits.begin(), sc.venue.exits.end(),
                                    [](const ExitDesc& e) { return e.max_flow.has_value(); });
    out +=
        "<h3>Exits</h3><table><thead><tr><th>Exit</th><th>Width</th><th>Persons</th>"
        "<th>First</th><th>Last</th><th>Peak flow</th><th>Peak specific flow</th>" +
        std::string(limits ? "<th>Flow limit</th>" : "") + "</tr></thead><tbody>\n";
    for (const auto& e : sc.venue.exits) {
      const ExitFigures& f = s.exits.at(e.name);
      out += "<tr><td>" + escape(e.name) + "</td><td>" + fixed(f.width, 2) + " m</td><td>" +
             std::to_string(f.count) + "</td><td>" + opt(f.first, 1, " s") + "</td><td>" +
             opt(f.last, 1, " s") + "</td><td>" + fixed(f.peak_flow, 2) + " P/s</td><td>" +
             (f.width > 0 ? fixed(f.peak_flow / f.width, 2) + " P/(m·s)" : "–") + "</td>";
      if (limits) out += "<td>" + (e.max_flow ? fixed(*e.max_flow, 2) + " P/(m·s)" : "–") + "</td>";
      out += "</tr>\n";
    }
    out += "</tbody></table>\n";
  }
  if (!s.lines.empty()) {
    out +=
        "<h3>Measurement lines</h3><table><thead><tr><th>Line</th><th>Forward</th>"
        "<th>Backward</th><th>Peak flow</th></tr></thead><tbody>\n";
    for (const auto& l : sc.venue.lines) {
      const LineFigures& f = s.lines.at(l.name);
      out += "<tr><td>" + escape(l.name) + "</td><td>" + std::to_string(f.forward) + "</td><td>" +
             std::to_string(f.backward) + "</td><td>" + fixed(f.peak_flow, 2) + " P/s</td></tr>\n";
    }
    out += "</tbody></table>\n";
  }
  if (!s.zones.empty()) {
    out +=
        "<h3>Zones</h3><table><thead><tr><th>Zone</th><th>Area</th><th>Peak occupancy</th>"
        "<th>Capacity</th><th>Peak density</th><th>Clear at</th></tr></thead><tbody>\n";
    for (std::size_t z = 0; z < sc.venue.zones.size(); ++z) {
      const auto& zd = sc.venue.zones[z];
      const ZoneFigures& f = s.zones.at(zd.name);
      const auto clear = m.zone_clear_time(static_cast<int>(z));
      out += "<tr><td>" + escape(zd.name) + "</td><td>" + fixed(f.area, 1) + " m²</td><td>" +
             std::to_string(f.peak_occupancy) + "</td><td>" +
             (f.capacity ? std::to_string(*f.capacity) : "–") + "</td><td>" +
             fixed(f.peak_density, 2) + " P/m²</td><td>" +
             (clear ? fixed(*clear, 1) + " s" : "still occupied") + "</td></tr>\n";
    }
    out += "</tbody></table>\n";
  }
  return out;
}

std::string plots(const Scenario& sc, const Measurement& m) {
  using report::PlotAxes;
  using report::PlotSeries;
  std::string out;
  const TimeSeries inside = m.persons_inside();
  out += report::line_plot({"Persons inside the venue", "simulated time (s)", "persons"},
                           {PlotSeries{"", inside.time, inside.value}});
  if (!sc.venue.exits.empty()) {
    std::vector<PlotSeries> series;
    for (std::size_t e = 0; e < sc.venue.exits.size(); ++e) {
      const TimeSeries f = m.exit_flow(static_cast<int>(e), 1.0);
      series.push_back({"exit " + sc.venue.exits[e].name, f.time, f.value});
    }
    out += report::line_plot({"Flow per exit (1 s bins)", "simulated time (s)", "flow (persons/s)"},
                             series);
  }
  if (!sc.venue.checkpoints.empty()) {
    std::vector<PlotSeries> series;
    for (std::size_t c = 0; c < sc.venue.checkpoints.size(); ++c) {
      const TimeSeries q = m.checkpoint_queue(static_cast<int>(c));
      series.push_back({"checkpoint " + sc.venue.checkpoints[c].name, q.time, q.value});
    }
    out += report::line_plot(
        {"Queue per checkpoint (waiting or in service)", "simulated time (s)", "persons"}, series);
  }
  if (!sc.venue.zones.empty()) {
    std::vector<PlotSeries> series;
    for (std::size_t z = 0; z < sc.venue.zones.size(); ++z) {
      const TimeSeries o = m.zone_occupancy(static_cast<int>(z));
      series.push_back({"zone " + sc.venue.zones[z].name, o.time, o.value});
    }
    out += report::line_plot({"Zone occupancy", "simulated time (s)", "persons"}, series);
  }
  const std::vector<double> travel = m.travel_times();
  if (!travel.empty()) {
    out += report::histogram(
        {"Travel time per person (entry to exit)", "travel time (s)", "persons"}, travel);
  }
  if (const auto alarm = m.alarm_time()) {
    std::vector<double> after;
    for (double t : m.exit_times())
      if (t >= *alarm) after.push_back(t - *alarm);
    if (!after.empty()) {
      out += report::histogram(
          {"Exit times after the alarm", "time since the alarm (s)", "persons"}, after);
    }
  }
  return out;
}

// [SECTION] Page

constexpr const char* kStyle = R"css(
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;color:#1d2733;margin:0;background:#fff}
main{max-width:960px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:2px solid #1d2733;padding-bottom:4px}
h3{font-size:15px;margin:20px 0 6px}.sub{color:#556;margin:0 0 16px}
table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0 12px}
th,td{border:1px solid #c9d1da;padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:#eef1f4}table.params th{width:30%;background:#f6f8fa;font-weight:normal;color:#445}
tr.pass .verdict{color:#0b6e2f;font-weight:bold}tr.fail .verdict{color:#b3131b;font-weight:bold}
tr.fail td{background:#fdecec}tr.pass td{background:#edf8f0}
.banner{padding:10px 14px;font-weight:bold;font-size:16px;margin:12px 0;border-radius:3px}
.banner.pass{background:#edf8f0;color:#0b6e2f;border:1px solid #0b6e2f}
.banner.fail{background:#fdecec;color:#b3131b;border:1px solid #b3131b}
.kpis{display:grid;grid-template-columns:repeat(4,1fr);gap:8px}
.kpi{border:1px solid #c9d1da;padding:8px}.kpi b{display:block;font-size:18px}.kpi span{font-size:12px;color:#556}
svg{display:block;width:100%;height:auto;margin:8px 0}
.walkable{fill:#eef1f4;stroke:#1d2733;stroke-width:1.5}
.walkable-under{fill:#dde3ea;stroke:none}.outline{fill:none;stroke:#1d2733;stroke-width:1.5}
.obstacle{fill:#9aa3ad;stroke:#5f6b78}.obstacle-outline{fill:#9aa3ad;stroke:#1d2733}
.zone{fill:#2b6cb0;fill-opacity:.10;stroke:#2b6cb0;stroke-dasharray:6 3}
.exit{stroke:#0b6e2f;stroke-width:5}.door{stroke:#8c6d31;stroke-width:3}.door.closed{stroke-dasharray:4 2}
.checkpoint{stroke:#7b3294;stroke-width:4}.mline{stroke:#d6604d;stroke-width:2;stroke-dasharray:5 3}
.mline-dir{stroke:#d6604d;stroke-width:2}.waypoint{fill:#fff;fill-opacity:.6;stroke:#444;stroke-dasharray:2 2}
.peak{fill:none;stroke:#000;stroke-width:2}.scale{stroke:#1d2733;stroke-width:3}
.label{font-size:11px;fill:#1d2733;paint-order:stroke;stroke:#fff;stroke-width:3px}
image.density{image-rendering:pixelated;image-rendering:crisp-edges}
.plot-title{font-size:13px;font-weight:bold;fill:#1d2733}.tick,.legend{font-size:11px;fill:#334}
.axis-label{font-size:12px;fill:#1d2733}.grid{stroke:#e3e7ec}.axes{fill:none;stroke:#7a8794}
.series{fill:none;stroke-width:1.6}.bar{fill:#4a78a8;stroke:#fff;stroke-width:.5}
.legend-row,.legend{font-size:12px}div.legend span{display:inline-block;margin:2px 12px 2px 0}
i{display:inline-block;width:12px;height:12px;border:1px solid #888;vertical-align:middle;margin-right:4px}
.losbar{display:flex;height:22px;border:1px solid #888;margin:8px 0}.losbar span{display:block;height:100%}
footer{font-size:11px;color:#667;margin-top:32px;border-top:1px solid #c9d1da;padding-top:8px}
@media print{main{max-width:none;padding:0}h2{break-after:avoid}svg,table,.kpis{break-inside:avoid}}
)css";

}  // namespace

std::string render_report(const Scenario& sc, const std::vector<PolygonWithHoles>& walkable,
                          const Measurement& m, const Summary& s) {
  const MapFrame frame = map_frame(walkable);
  std::string h;
  h.reserve(1 << 16);
  h += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<title>Stroom report: " + escape(s.scenario) + "</title>\n<style>" + kStyle +
       "</style>\n</head>\n<body>\n<main>\n";
  h += "<h1>" + escape(s.scenario) + "</h1>\n<p class=\"sub\">Stroom crowd-flow report</p>\n";

  // Verdict and key figures.
  const bool pass = s.all_criteria_pass();
  h += std::string("<div class=\"banner ") + (pass ? "pass" : "fail") + "\">" +
       (s.criteria.empty() ? "No criteria defined"
        : pass             ? "PASS: every criterion is met"
                           : "FAIL: at least one criterion is not met") +
       (s.completed ? "" : " (run did not complete)") + "</div>\n";
  h += "<div class=\"kpis\">";
  const auto kpi = [&](const std::string& v, const std::string& k) {
    h += "<div class=\"kpi\"><b>" + escape(v) + "</b><span>" + escape(k) + "</span></div>";
  };
  kpi(std::to_string(s.agents.spawned), "persons entered");
  kpi(opt(s.evacuation.evacuation_time, 1, " s"), s.evacuation.alarm_time
                                                      ? "evacuation time (from the alarm)"
                                                      : "evacuation time (from t = 0)");
  kpi(opt(s.density.peak, 2, " P/m²"),
      "peak density (grid, " + fixed(sc.measure.window, 0) + " s average)");
  kpi(opt(s.travel_time.p95, 1, " s"), "travel time, 95th percentile");
  h += "</div>\n";

  h += "<h2>Criteria</h2>\n" + criteria_table(s);

  h += "<h2>Scenario</h2>\n<table class=\"params\">\n";
  h += row("Scenario file", s.file);
  h += row("Stroom version", s.stroom_version);
  h += row("Seed", std::to_string(s.seed));
  h += row("Model", s.model);
  h += row("Time step", fixed(s.step, 3) + " s");
  h += row("Duration (limit)", fixed(sc.duration, 1) + " s");
  h += row("Simulated time", fixed(s.simulated_time, 1) + " s" +
                                 (s.completed ? "" : " (interrupted, results are partial)"));
  h += row("Persons", std::to_string(s.agents.spawned) + " entered, " +
                          std::to_string(s.agents.exited) + " left through an exit, " +
                          std::to_string(s.agents.inside) + " still inside, " +
                          std::to_string(s.agents.not_entered) + " never entered");
  h += row("Alarm",
           s.evacuation.alarm_time ? "t = " + fixed(*s.evacuation.alarm_time, 1) + " s" : "none");
  h += row("Last exit", opt(s.evacuation.last_exit_time, 1, " s"));
  h += row("Travel time (mean / P50 / P95 / max)",
           opt(s.travel_time.mean, 1) + " / " + opt(s.travel_time.p50, 1) + " / " +
               opt(s.travel_time.p95, 1) + " / " + opt(s.travel_time.max, 1) + " s");
  h += row("Density grid", fixed(sc.measure.cell, 2) + " m cells, averaged over " +
                               fixed(sc.measure.window, 1) + " s, sampled every " +
                               fixed(std::max(Measurement::kSampleInterval, sc.step), 2) + " s");
  h += "</table>\n";

  h += "<h2>Venue</h2>\n" + venue_map(sc, walkable, frame);

  h += "<h2>Where it gets crowded</h2>\n";
  const DensityMap peak = m.peak_density_map();
  h += "<h3>Density at the peak";
  if (s.density.peak)
    h += " (" + fixed(*s.density.peak, 2) + " P/m² at t = " + fixed(*s.density.peak_time, 1) +
         " s, circled)";
  h += "</h3>\n" +
       density_map_svg(sc, walkable, frame, peak, "Density at the peak", s.density.peak_at);
  h += density_legend();
  h += "<h3>Highest density per cell over the run</h3>\n" +
       density_map_svg(sc, walkable, frame, m.max_density_map(),
                       "Highest density per cell over the run", std::nullopt);
  h += density_legend();
  h += "<h3>Time spent above 2, 4 and 6 P/m² (window-averaged)</h3>\n" + time_above_table(m);
  h += "<h3>Share of person-time per level of service (Fruin, walkways)</h3>\n" + los_section(m);

  h += "<h2>Flows and occupancy</h2>\n" + figures_tables(sc, m, s);
  h += "<h2>Over time</h2>\n" + plots(sc, m);

  h += "<footer>Densities: persons per walkable m² in grid cells, averaged over the moving "
       "window; flows: persons per second through the whole exit or line over the window; "
       "travel time: from entering the simulation to leaving through an exit. Levels of "
       "service after Fruin (1971), walkway bands. Generated by Stroom " +
       escape(s.stroom_version) + ".</footer>\n";
  h += "</main>\n</body>\n</html>\n";
  return h;
}

}  // namespace stroom
