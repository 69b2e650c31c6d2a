// report.html (stroom/report.hpp): one self-contained, printable page.
//
// [SECTION] Map frame: world metres → SVG pixels (y up in the world, down in SVG)
// [SECTION] Element states over time (as the simulation reported them, Measurement)
// [SECTION] Venue map
// [SECTION] Density maps (PNG data URI under an SVG outline)
// [SECTION] Tables and plots
// [SECTION] Assumptions
// [SECTION] Page
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "measure/text.hpp"
#include "report/suite_status.hpp"
#include "report/svg.hpp"
#include "stroom/lang.hpp"
#include "stroom/level_of_service.hpp"
#include "stroom/profiles.hpp"
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

MapFrame frame_of(Bounds world, double max_w = 880.0, double max_h = 560.0) {
  MapFrame f;
  f.world = world;
  const double w = std::max(f.world.width(), 1e-6), h = std::max(f.world.height(), 1e-6);
  f.scale = std::min(max_w / w, max_h / h);
  return f;
}

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

/// A place as the reader reads it: "(12.5, 3.0)" in English, "(12,5; 3,0)" in Dutch.
std::string xy(double x, double y, int decimals);

/// A number as the reader reads it: decimal comma in Dutch (display_number).
std::string dn(double v, int decimals) {
  return display_number(v, decimals);
}

std::string xy(double x, double y, int decimals) {
  return tr("({0}, {1})", {dn(x, decimals), dn(y, decimals)});
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
  // Keep the whole label on the map: about 6.5 px per character at 11 px.
  const double half = 3.25 * static_cast<double>(text.size());
  const double x = std::clamp(f.px(m.x), half + 2.0, std::max(half + 2.0, f.width() - half - 2.0));
  return label(x, f.py(m.y) - 8.0, text);
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
         label(x0 + metres * f.scale + 6.0, y + 4.0, dn(metres, 0) + " m", "start");
}

std::string open_map(const MapFrame& f, const std::string& aria) {
  return "<svg class=\"map\" viewBox=\"0 0 " + num(f.width()) + " " + num(f.height()) +
         "\" role=\"img\" aria-label=\"" + escape(aria) + "\">\n";
}

/// Coordinate ticks along the bottom and left edges of the drawn area, in the scenario's
/// metres, so that a place on the map can be found on the plan.
std::string map_axes(const MapFrame& f) {
  std::string s;
  const double step = report::nice_step(std::max(f.world.width(), f.world.height()), 8);
  const double x0 = f.px(f.world.min.x), x1 = f.px(f.world.max.x);
  const double y0 = f.py(f.world.max.y), y1 = f.py(f.world.min.y);
  s += "<rect class=\"map-frame\" x=\"" + num(x0) + "\" y=\"" + num(y0) + "\" width=\"" +
       num(x1 - x0) + "\" height=\"" + num(y1 - y0) + "\"/>\n";
  for (double x = std::ceil(f.world.min.x / step) * step; x <= f.world.max.x + 1e-9; x += step) {
    s += "<line class=\"map-tick\" x1=\"" + num(f.px(x)) + "\" x2=\"" + num(f.px(x)) + "\" y1=\"" +
         num(y1) + "\" y2=\"" + num(y1 + 4) + "\"/>";
    s += "<text class=\"map-tick-label\" x=\"" + num(f.px(x)) + "\" y=\"" + num(y1 + 14) +
         "\" text-anchor=\"middle\">" + dn(x, 0) + "</text>\n";
  }
  for (double y = std::ceil(f.world.min.y / step) * step; y <= f.world.max.y + 1e-9; y += step) {
    s += "<line class=\"map-tick\" x1=\"" + num(x0 - 4) + "\" x2=\"" + num(x0) + "\" y1=\"" +
         num(f.py(y)) + "\" y2=\"" + num(f.py(y)) + "\"/>";
    s += "<text class=\"map-tick-label\" x=\"" + num(x0 - 6) + "\" y=\"" + num(f.py(y) + 3) +
         "\" text-anchor=\"end\">" + dn(y, 0) + "</text>\n";
  }
  return s;
}

// [SECTION] Element states over time (as the simulation reported them, Measurement)

/// "closed from 0 s", "open, closed at 90 s, opened at 300 s".
std::string history_text(const ElementHistory& h) {
  bool open = h.open_at_start;
  for (const auto& c : h.changes)
    if (c.first <= 0.0) open = c.second;
  std::string out = open ? tr("open") : tr("closed from 0 s");
  for (const auto& [at, now_open] : h.changes) {
    if (at <= 0.0 || now_open == open) continue;
    out += now_open ? tr(", opened at {0} s", {dn(at, 0)}) : tr(", closed at {0} s", {dn(at, 0)});
    open = now_open;
  }
  return out;
}

/// The exits as drawn on every map: green when open throughout, red and dashed when closed at
/// any time (labelled with when), at time `at` when given.
std::string exits_svg(const Scenario& sc, const Measurement& m, const MapFrame& f,
                      std::optional<double> at, bool labels) {
  std::string s;
  for (std::size_t i = 0; i < sc.venue.exits.size(); ++i) {
    const ExitDesc& e = sc.venue.exits[i];
    const ElementHistory& h = m.exit_history()[i];
    const bool closed = at ? !h.open_at(*at) : h.ever_closed();
    s += segment(f, e.line, closed ? "exit closed" : "exit");
    if (labels) {
      std::string text = tr("exit {0}", {e.name});
      if (h.ever_closed()) text += " (" + history_text(h) + ")";
      s += segment_label(f, e.line, text);
    }
  }
  return s;
}

// [SECTION] Venue map

/// How the underlay is placed, as the caption states it.
std::string underlay_placement(const VenueUnderlay& u) {
  if (!u.world_file.empty())
    return tr("by its world file {0}", {std::filesystem::path(u.world_file).filename().string()});
  if (!u.corners.empty()) return tr("by the corners the venue gives");
  return tr("by the georeference in the image");
}

/// The underlay plan as an SVG <image> placed by its geotransform through the map frame
/// (venue y up, SVG y down), drawn at its opacity over the walkable area's fill.
std::string underlay_image(const MapFrame& f, const UnderlayImage& u) {
  const auto& t = u.to_venue;
  const auto m = [](double v) { return fixed(v + 0.0, 6); };  // + 0.0: no "-0.000000"
  // SVG matrix(a b c d e g): (u, v) ↦ (a u + c v + e, b u + d v + g).
  const std::string matrix = m(t[1] * f.scale) + " " + m(-t[4] * f.scale) + " " +
                             m(t[2] * f.scale) + " " + m(-t[5] * f.scale) + " " + m(f.px(t[0])) +
                             " " + m(f.py(t[3]));
  // Clipped to the map's frame, so that the axes and the scale bar stay on white; by a group
  // around the image, since a clip path on the image itself would take on its transform.
  const std::string clip = "<clipPath id=\"underlay-clip\"><rect x=\"" + num(f.pad) + "\" y=\"" +
                           num(f.pad) + "\" width=\"" + num(f.world.width() * f.scale) +
                           "\" height=\"" + num(f.world.height() * f.scale) + "\"/></clipPath>\n";
  return clip +
         "<g clip-path=\"url(#underlay-clip)\"><image class=\"underlay\" x=\"0\" y=\"0\" width=\"" +
         std::to_string(u.width) + "\" height=\"" + std::to_string(u.height) +
         "\" preserveAspectRatio=\"none\" opacity=\"" + fixed(u.opacity, 2) +
         "\" transform=\"matrix(" + matrix + ")\" href=\"data:image/png;base64," +
         base64_encode(rgba_png(u.width, u.height, u.rgba)) + "\"/></g>\n";
}

std::string venue_map(const Scenario& sc, const Measurement& m,
                      const std::vector<PolygonWithHoles>& walkable, const MapFrame& f,
                      const UnderlayImage* underlay) {
  const VenueDesc& v = sc.venue;
  std::string s = open_map(f, tr("Venue map"));
  s += walkable_path(f, walkable, "walkable");
  if (underlay != nullptr && underlay->width > 0) {
    s += underlay_image(f, *underlay);
    s += walkable_path(f, walkable, "outline");
  }
  for (const auto& z : v.zones)
    s += "<path class=\"zone\" d=\"" + ring_path(f, z.polygon) + "\"/>\n";
  for (const auto& o : v.obstacles)
    s += "<path class=\"obstacle\" d=\"" + ring_path(f, o.polygon) + "\"/>\n";
  for (const auto& l : v.lines) {
    s += segment(f, l.line, "mline");
    // A tick on the forward side (right of a→b).
    const Vec2 mid = l.line.midpoint(), d = normalized(l.line.b - l.line.a);
    const Vec2 tip = mid + Vec2{d.y, -d.x} * (12.0 / f.scale);
    s += segment(f, {mid, tip}, "mline-dir");
  }
  for (std::size_t i = 0; i < v.doors.size(); ++i)
    s += segment(f, v.doors[i].line, m.door_history()[i].ever_closed() ? "door closed" : "door");
  for (std::size_t i = 0; i < v.checkpoints.size(); ++i)
    s += segment(f, v.checkpoints[i].line,
                 m.checkpoint_history()[i].ever_closed() ? "checkpoint closed" : "checkpoint");
  s += exits_svg(sc, m, f, std::nullopt, false);
  for (const auto& w : v.waypoints) {
    s += "<circle class=\"waypoint\" cx=\"" + num(f.px(w.at.x)) + "\" cy=\"" + num(f.py(w.at.y)) +
         "\" r=\"" + num(std::max(3.0, w.radius * f.scale)) + "\"/>\n";
  }
  // Labels last, on top of everything.
  for (const auto& z : v.zones) {
    const Vec2 c = centre_of(z.polygon);
    s += label(f.px(c.x), f.py(c.y), tr("zone {0}", {z.name}));
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
    s += segment_label(f, l.line, tr("line {0}", {l.name}));
  for (std::size_t i = 0; i < v.doors.size(); ++i) {
    const DoorDesc& d = v.doors[i];
    const ElementHistory& h = m.door_history()[i];
    s += segment_label(
        f, d.line,
        tr("door {0}", {d.name}) + (h.changes.empty() ? (d.open ? "" : " (" + tr("closed") + ")")
                                                      : " (" + history_text(h) + ")"));
  }
  for (std::size_t i = 0; i < v.checkpoints.size(); ++i) {
    const CheckpointDesc& c = v.checkpoints[i];
    const ElementHistory& h = m.checkpoint_history()[i];
    s += segment_label(f, c.line,
                       tr("checkpoint {0}", {c.name}) + " (" +
                           tr("{0} lanes", {std::to_string(c.lanes)}) +
                           (h.ever_closed() ? ", " + history_text(h) : "") + ")");
  }
  for (std::size_t i = 0; i < v.exits.size(); ++i) {
    const ElementHistory& h = m.exit_history()[i];
    s += segment_label(
        f, v.exits[i].line,
        tr("exit {0}", {v.exits[i].name}) + (h.ever_closed() ? " (" + history_text(h) + ")" : ""));
  }
  for (const auto& w : v.waypoints)
    s += label(f.px(w.at.x), f.py(w.at.y) - std::max(3.0, w.radius * f.scale) - 4.0, w.name);
  return s + map_axes(f) + scale_bar(f) + "</svg>\n";
}

// [SECTION] Density maps (PNG data URI under an SVG outline)

using Rgb = std::array<std::uint8_t, 3>;

Rgb hex_rgb(unsigned v) {
  return {static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>((v >> 8) & 0xff),
          static_cast<std::uint8_t>(v & 0xff)};
}

Rgb mix(Rgb a, Rgb b, double t) {
  Rgb out{};
  for (int k = 0; k < 3; ++k)
    out[k] = static_cast<std::uint8_t>(std::lround(a[k] + (b[k] - a[k]) * t));
  return out;
}

std::string css_colour(Rgb c) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s = "#";
  for (std::uint8_t v : c)
    s += kHex[v >> 4], s += kHex[v & 15];
  return s;
}

/// A scale with its legend text and unit.
struct MapScale {
  ColourScale colours;
  std::string unit;        ///< for the legend, e.g. "P/m²"
  std::string zero_label;  ///< legend text for 0
  int decimals = 1;
};

/// Density classes whose boundaries are 1, 2, 4, 5, 6 P/m² and every density limit of the
/// scenario; classes above 4 P/m² are reds and purples, each in its own shade.
MapScale limit_scale(const std::vector<double>& limits) {
  std::vector<double> b = {1.0, 2.0, 4.0, 5.0, 6.0};
  for (double l : limits)
    if (l > 0.0 && l < 20.0) b.push_back(l);
  std::sort(b.begin(), b.end());
  b.erase(std::unique(b.begin(), b.end()), b.end());
  // Base bands and the colours their sub-classes run between.
  struct Band {
    double lo;
    unsigned from, to;
  };
  const Band bands[] = {{0.0, 0xe3f2d9, 0xc5e5b4}, {1.0, 0xa6d596, 0x79bd68},
                        {2.0, 0xfde68a, 0xf59e0b}, {4.0, 0xef4444, 0xc81e1e},
                        {5.0, 0xa3123a, 0x7f1d1d}, {6.0, 0x6b21a8, 0x4c1d95}};
  MapScale m;
  m.colours.bounds = b;
  m.unit = "P/m²";
  m.zero_label = tr("empty");
  m.decimals = 1;
  const auto band_of = [&](double lo) {
    int k = 0;
    for (int i = 0; i < 6; ++i)
      if (lo >= bands[i].lo - 1e-9) k = i;
    return k;
  };
  // Lower bound of each class: 0, then the bounds.
  std::vector<double> lows = {0.0};
  lows.insert(lows.end(), b.begin(), b.end());
  for (std::size_t i = 0; i < lows.size(); ++i) {
    const int band = band_of(lows[i]);
    int n = 0, index = 0;
    for (std::size_t j = 0; j < lows.size(); ++j) {
      if (band_of(lows[j]) != band) continue;
      if (j < i) ++index;
      ++n;
    }
    const double t = n == 1 ? 0.5 : static_cast<double>(index) / (n - 1);
    m.colours.colours.push_back(mix(hex_rgb(bands[band].from), hex_rgb(bands[band].to), t));
  }
  return m;
}

MapScale fruin_scale(bool queuing) {
  MapScale m;
  m.unit = "P/m²";
  m.zero_label = tr("empty");
  m.decimals = 2;
  if (queuing) {
    m.colours.bounds = {1.0 / 1.2, 1.0 / 0.9, 1.0 / 0.6, 1.0 / 0.3, 1.0 / 0.2};
  } else {
    for (int i = 1; i < kLevelOfServiceCount; ++i)
      m.colours.bounds.push_back(level_of_service_min_density(static_cast<LevelOfService>(i)));
  }
  for (int i = 0; i < kLevelOfServiceCount; ++i)
    m.colours.colours.push_back(level_of_service_rgb(static_cast<LevelOfService>(i)));
  return m;
}

MapScale density_scale(const Scenario& sc, DensityClasses classes) {
  if (classes == DensityClasses::fruin_walkway) return fruin_scale(false);
  if (classes == DensityClasses::fruin_queuing) return fruin_scale(true);
  std::vector<double> limits;
  if (sc.criteria.max_density) limits.push_back(sc.criteria.max_density->limit);
  for (const auto& z : sc.venue.zones)
    if (z.max_density) limits.push_back(*z.max_density);
  return limit_scale(limits);
}

MapScale seconds_scale() {
  MapScale m;
  m.colours.bounds = {10.0, 30.0, 60.0, 300.0};
  for (unsigned c : {0xfde68aU, 0xf59e0bU, 0xef4444U, 0xa3123aU, 0x4c1d95U})
    m.colours.colours.push_back(hex_rgb(c));
  m.unit = "s";
  m.zero_label = tr("never above");
  m.decimals = 0;
  return m;
}

MapScale pressure_scale() {
  MapScale m;
  m.colours.bounds = {0.005, 0.01, kCrowdPressureThreshold, 0.05};
  for (unsigned c : {0xe3f2d9U, 0xa6d596U, 0xfde68aU, 0xef4444U, 0x6b21a8U})
    m.colours.colours.push_back(hex_rgb(c));
  m.unit = "1/s²";
  m.zero_label = tr("no pressure");
  m.decimals = 3;
  return m;
}

std::string legend(const MapScale& m) {
  std::string s = "<div class=\"legend\">";
  const auto& b = m.colours.bounds;
  for (std::size_t i = 0; i <= b.size(); ++i) {
    std::string text;
    if (i == 0)
      text = "≤ " + dn(b[0], m.decimals);
    else if (i == b.size())
      text = "> " + dn(b[i - 1], m.decimals);
    else
      text = dn(b[i - 1], m.decimals) + "–" + dn(b[i], m.decimals);
    s += "<span><i style=\"background:" + css_colour(m.colours.colours[i]) + "\"></i>" +
         escape(text + " " + m.unit) + "</span>";
  }
  s += "<span><i style=\"background:" + css_colour(m.colours.zero) + "\"></i>" +
       escape(m.zero_label) + "</span>";
  s += "<span><i style=\"background:#dde3ea\"></i>" + escape(tr("not measured (< 25 % walkable)")) +
       "</span>";
  return s + "</div>\n";
}

/// Cells per drawn square so that a square is at least 2 px wide on the page.
int pool_block(const MapFrame& f, double cell) {
  return std::max(1, static_cast<int>(std::ceil(2.0 / std::max(1e-9, cell * f.scale) - 1e-9)));
}

DensityMap crop(const DensityMap& map, const Bounds& b) {
  const int c0 =
      std::clamp(static_cast<int>(std::floor((b.min.x - map.origin.x) / map.cell)), 0, map.columns);
  const int c1 =
      std::clamp(static_cast<int>(std::ceil((b.max.x - map.origin.x) / map.cell)), c0, map.columns);
  const int r0 =
      std::clamp(static_cast<int>(std::floor((b.min.y - map.origin.y) / map.cell)), 0, map.rows);
  const int r1 =
      std::clamp(static_cast<int>(std::ceil((b.max.y - map.origin.y) / map.cell)), r0, map.rows);
  DensityMap out;
  out.columns = c1 - c0;
  out.rows = r1 - r0;
  out.cell = map.cell;
  out.origin = {map.origin.x + c0 * map.cell, map.origin.y + r0 * map.cell};
  out.time = map.time;
  for (int r = r0; r < r1; ++r)
    for (int c = c0; c < c1; ++c)
      out.values.push_back(map.values[static_cast<std::size_t>(r * map.columns + c)]);
  return out;
}

struct MapDraw {
  std::optional<std::vector<double>> mark;  ///< [x, y] circled
  std::optional<double> state_time;         ///< exits drawn in their state at this time
  bool exit_labels = false;
};

/// The report's map images, drawn while its text is written: each is left as a placeholder
/// (kImageMark, its number, kImageMark) and encoded with the others at the end, in parallel
/// (render_report()). Null outside render_report(): drawn at once.
thread_local std::vector<MapImage>* pending_images = nullptr;
constexpr char kImageMark = '\x1f';  // never in the report's text (escape() keeps no controls)

/// The base64 PNG of a map for a data URI, or its placeholder while a report is written.
std::string image_data(const DensityMap& map, int pixels_per_cell, const ColourScale& scale) {
  if (pending_images == nullptr) return base64_encode(map_png(map, pixels_per_cell, scale));
  pending_images->push_back({map, pixels_per_cell, scale});
  return kImageMark + std::to_string(pending_images->size() - 1) + kImageMark;
}

std::string map_svg(const Scenario& sc, const Measurement& m,
                    const std::vector<PolygonWithHoles>& walkable, const MapFrame& f,
                    const DensityMap& raw, const MapScale& scale, const std::string& title,
                    const MapDraw& draw) {
  std::string s = open_map(f, title);
  s += walkable_path(f, walkable, "walkable-under");
  if (raw.columns > 0) {
    const DensityMap map = max_pool(raw, pool_block(f, raw.cell));
    const int ppc = std::clamp(static_cast<int>(std::floor(880.0 / map.columns)), 1, 16);
    const std::string data = image_data(map, ppc, scale.colours);
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
  s += exits_svg(sc, m, f, draw.state_time, draw.exit_labels);
  if (draw.mark && draw.mark->size() == 2) {
    s += "<circle class=\"peak\" cx=\"" + num(f.px((*draw.mark)[0])) + "\" cy=\"" +
         num(f.py((*draw.mark)[1])) + "\" r=\"" + num(std::max(8.0, raw.cell * f.scale)) + "\"/>\n";
  }
  return s + map_axes(f) + scale_bar(f) + "</svg>\n";
}

/// The inset around the worst place: 50 m high, as wide as the drawing's 880 × 420 px frame
/// makes it (about 105 m), so that the picture fills the frame.
constexpr double kInsetHeight = 50.0, kInsetWidth = kInsetHeight * 880.0 / 420.0;

/// A map of the whole venue and, when the venue is so large that a drawn square covers
/// several cells, an inset at full resolution around `focus`.
std::string map_block(const Scenario& sc, const Measurement& m,
                      const std::vector<PolygonWithHoles>& walkable, const MapFrame& f,
                      const DensityMap& map, const MapScale& scale, const std::string& title,
                      const MapDraw& draw, const std::optional<std::vector<double>>& focus) {
  std::string s = map_svg(sc, m, walkable, f, map, scale, title, draw);
  const int block = map.columns > 0 ? pool_block(f, map.cell) : 1;
  if (block > 1) {
    s += "<p class=\"note\">" +
         escape(tr("Each coloured square shows the highest value of the {0} × {0} cells ({1} m × "
                   "{1} m) it covers, so that no place above a limit is lost at this scale.",
                   {std::to_string(block), dn(block * map.cell, 0)})) +
         "</p>\n";
  }
  if (block > 1 && focus && focus->size() == 2) {
    const Vec2 c{(*focus)[0], (*focus)[1]};
    // Centred on the place, but shifted to stay inside the venue's bounds where it can.
    const auto shift = [](double lo, double size, double min, double max) {
      if (max - min <= size) return min - 0.5 * (size - (max - min));
      return std::clamp(lo, min, max - size);
    };
    const double x0 = shift(c.x - kInsetWidth / 2, kInsetWidth, f.world.min.x, f.world.max.x);
    const double y0 = shift(c.y - kInsetHeight / 2, kInsetHeight, f.world.min.y, f.world.max.y);
    Bounds b{{x0, y0}, {x0 + kInsetWidth, y0 + kInsetHeight}};
    const MapFrame inset = frame_of(b, 880.0, 420.0);
    MapDraw d = draw;
    d.exit_labels = true;
    s += "<p class=\"inset-title\">" +
         escape(tr("Inset: {0} m × {1} m around {2}, every {3} m cell drawn",
                   {dn(kInsetWidth, 0), dn(kInsetHeight, 0), xy(c.x, c.y, 0), dn(map.cell, 0)})) +
         "</p>\n";
    s += map_svg(sc, m, walkable, inset, crop(map, b), scale, title + " (" + tr("inset") + ")", d);
  }
  return s + legend(scale);
}

// [SECTION] Tables and plots

std::string name_list(const std::vector<std::string>& names) {
  std::string t;
  for (std::size_t i = 0; i < names.size(); ++i)
    t += (i ? ", " : "") + names[i];
  return t;
}

std::string opt(const std::optional<double>& v, int decimals, const char* unit = "") {
  if (!v) return "–";
  return dn(*v, decimals) + unit;
}

std::string row(const std::string& key, const std::string& value) {
  return "<tr><th>" + escape(key) + "</th><td>" + escape(value) + "</td></tr>\n";
}

/// Table header cells, each text translated.
std::string th(std::initializer_list<const char*> texts) {
  std::string out;
  for (const char* t : texts)
    out += "<th>" + escape(tr(t)) + "</th>";
  return out;
}

std::string criterion_unit(const std::string& name) {
  if (name == "max_evacuation_time" || name == "all_out_by") return " s";
  if (name == "max_density" || name.ends_with(":max_density")) return " P/m²";
  if (name == "max_exit_flow") return " P/(m·s)";
  if (name.ends_with(":capacity")) return " " + tr("persons");
  return "";
}

std::string criteria_table(const Summary& s) {
  if (s.criteria.empty()) return "<p>" + tr("The scenario defines no criteria.") + "</p>\n";
  std::string t = "<table class=\"criteria\"><thead><tr>" +
                  th({"Criterion", "Limit", "Value", "Result", "Note"}) + "</tr></thead><tbody>\n";
  for (const auto& c : s.criteria) {
    const std::string unit = criterion_unit(c.name);
    const int decimals = c.name.ends_with(":capacity") ? 0 : 2;
    t += std::string("<tr class=\"") + (c.pass ? "pass" : "fail") + "\"><td>" + escape(c.name) +
         "</td><td>" + escape(dn(c.limit, decimals) + unit) + "</td><td>" +
         escape(c.value ? dn(*c.value, decimals) + unit : tr("not determined")) +
         "</td><td class=\"verdict\">" + (c.pass ? tr("PASS") : tr("FAIL")) + "</td><td>" +
         escape(c.note) + "</td></tr>\n";
  }
  return t + "</tbody></table>\n";
}

std::string los_section(const Measurement& m) {
  const auto t = m.level_of_service_person_time();
  double total = 0.0;
  for (double v : t)
    total += v;
  if (!(total > 0.0))
    return "<p>" + tr("No person-time was measured on the density grid.") + "</p>\n";
  std::string bar = "<div class=\"losbar\">";
  std::string table = "<table class=\"los\"><thead><tr>" +
                      th({"Level", "Space per person", "Person-time", "Share"}) +
                      "</tr></thead><tbody>\n";
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
             "</td><td>" + escape(tr(level_of_service_band(los))) + "</td><td>" +
             escape(tr("{0} person-s", {dn(t[i], 0)})) + "</td><td>" + dn(100.0 * share, 1) +
             " %</td></tr>\n";
  }
  return bar + "</div>\n" + table + "</tbody></table>\n";
}

std::string figures_tables(const Scenario& sc, const Measurement& m, const Summary& s) {
  std::string out;
  if (!s.exits.empty()) {
    // The flow limit column only where the scenario sets one (`max_flow`).
    const bool limits = std::any_of(sc.venue.exits.begin(), sc.venue.exits.end(),
                                    [](const ExitDesc& e) { return e.max_flow.has_value(); });
    out += "<h3>" + tr("Exits") + "</h3><table><thead><tr>" +
           th({"Exit", "Width", "Persons", "First", "Last", "Peak flow", "Peak specific flow"}) +
           (limits ? th({"Flow limit"}) : "") + "</tr></thead><tbody>\n";
    for (const auto& e : sc.venue.exits) {
      const ExitFigures& f = s.exits.at(e.name);
      out += "<tr><td>" + escape(e.name) + "</td><td>" + dn(f.width, 2) + " m</td><td>" +
             std::to_string(f.count) + "</td><td>" + opt(f.first, 1, " s") + "</td><td>" +
             opt(f.last, 1, " s") + "</td><td>" + dn(f.peak_flow, 2) + " P/s</td><td>" +
             (f.width > 0 ? dn(f.peak_flow / f.width, 2) + " P/(m·s)" : "–") + "</td>";
      if (limits) out += "<td>" + (e.max_flow ? dn(*e.max_flow, 2) + " P/(m·s)" : "–") + "</td>";
      out += "</tr>\n";
    }
    out += "</tbody></table>\n";
  }
  if (!s.lines.empty()) {
    out += "<h3>" + tr("Measurement lines") + "</h3><table><thead><tr>" +
           th({"Line", "Forward", "Backward", "Peak flow"}) + "</tr></thead><tbody>\n";
    for (const auto& l : sc.venue.lines) {
      const LineFigures& f = s.lines.at(l.name);
      out += "<tr><td>" + escape(l.name) + "</td><td>" + std::to_string(f.forward) + "</td><td>" +
             std::to_string(f.backward) + "</td><td>" + dn(f.peak_flow, 2) + " P/s</td></tr>\n";
    }
    out += "</tbody></table>\n";
  }
  if (!s.zones.empty()) {
    out += "<h3>" + tr("Zones") + "</h3><table><thead><tr>" +
           th({"Zone", "Area", "Peak occupancy", "Capacity", "Peak density", "Clear at"}) +
           "</tr></thead><tbody>\n";
    for (std::size_t z = 0; z < sc.venue.zones.size(); ++z) {
      const auto& zd = sc.venue.zones[z];
      const ZoneFigures& f = s.zones.at(zd.name);
      const auto clear = m.zone_clear_time(static_cast<int>(z));
      out += "<tr><td>" + escape(zd.name) + "</td><td>" + dn(f.area, 1) + " m²</td><td>" +
             std::to_string(f.peak_occupancy) + "</td><td>" +
             (f.capacity ? std::to_string(*f.capacity) : "–") + "</td><td>" +
             dn(f.peak_density, 2) + " P/m²</td><td>" +
             (clear ? dn(*clear, 1) + " s" : tr("still occupied")) + "</td></tr>\n";
    }
    out += "</tbody></table>\n";
  }
  out += "<h3>" + tr("Persons stuck") + "</h3>\n";
  const std::string after = dn(s.stuck.after, 0), progress = dn(s.stuck.progress, 1);
  if (s.stuck.persons == 0) {
    out += "<p>" +
           escape(tr("Nobody walked {0} s without coming {1} m closer to their target.",
                     {after, progress})) +
           "</p>\n";
    return out;
  }
  out += "<p class=\"note\">" +
         escape(tr("{0} persons walked {1} s or longer without coming {2} m closer to their "
                   "target (queueing, staying and premovement not counted): look for a clogged "
                   "door or a dead end. The places, the most persons first:",
                   {std::to_string(s.stuck.persons), after, progress})) +
         "</p>\n<table><thead><tr>" + th({"Place", "Persons", "Stuck since"}) +
         "</tr></thead><tbody>\n";
  for (const auto& p : s.stuck.places)
    out += "<tr><td>" + xy(p.x, p.y, 0) + "</td><td>" + std::to_string(p.persons) + "</td><td>" +
           dn(p.since, 0) + " s</td></tr>\n";
  out += "</tbody></table>\n";
  return out;
}

std::string exceedance_table(const Scenario& sc, const Summary& s) {
  std::string t = "<table class=\"exceedance\"><thead><tr>" +
                  th({"Density above", "Area ever above it",
                      "Longest time one place stayed above it", "Area × time above it"}) +
                  "</tr></thead><tbody>\n";
  for (const auto& e : s.density.exceedance) {
    std::string what = dn(e.threshold, 1) + " P/m²";
    if (sc.criteria.max_density && sc.criteria.max_density->limit == e.threshold)
      what += " (" + tr("limit of max_density") + ")";
    std::vector<std::string> zones;
    for (const auto& z : sc.venue.zones)
      if (z.max_density && *z.max_density == e.threshold) zones.push_back(z.name);
    if (zones.size() == 1) what += " (" + tr("limit of zone {0}", {zones[0]}) + ")";
    if (zones.size() > 1) what += " (" + tr("limit of zones {0}", {name_list(zones)}) + ")";
    t += std::string("<tr") + (e.area > 0.0 && e.threshold >= 4.0 ? " class=\"fail\"" : "") +
         "><td>" + escape(what) + "</td><td>" + dn(e.area, 0) + " m²</td><td>" + dn(e.longest, 1) +
         " s</td><td>" + dn(e.area_seconds, 0) + " m²·s</td></tr>\n";
  }
  return t + "</tbody></table>\n";
}

std::string event_label(const EventDesc& e) {
  switch (e.kind) {
    case EventDesc::Kind::evacuate:
      return tr("alarm");
    case EventDesc::Kind::close:
      return tr("close {0}", {e.target});
    case EventDesc::Kind::open:
      return tr("open {0}", {e.target});
  }
  return "";
}

/// A vertical mark per event of the scenario (the alarm, closures, openings).
report::PlotMarks event_marks(const Scenario& sc, double shift = 0.0) {
  report::PlotMarks marks;
  for (const EventDesc& e : sc.events)
    if (e.at - shift >= 0.0) marks.x.push_back({e.at - shift, event_label(e), false});
  return marks;
}

std::string plots(const Scenario& sc, const Measurement& m, const Summary& s) {
  using report::PlotAxes;
  using report::PlotSeries;
  std::string out;
  const TimeSeries inside = m.persons_inside();
  report::PlotMarks marks = event_marks(sc);
  if (sc.criteria.all_out_by)
    marks.x.push_back({sc.criteria.all_out_by->limit, tr("limit all_out_by"), true});
  if (sc.criteria.max_evacuation_time) {
    const double from = s.evacuation.alarm_time.value_or(0.0);
    marks.x.push_back(
        {from + sc.criteria.max_evacuation_time->limit, tr("limit max_evacuation_time"), true});
  }
  if (s.capacity && s.capacity->egress_time) {
    marks.x.push_back({s.evacuation.alarm_time.value_or(0.0) + *s.capacity->egress_time,
                       tr("hand calculation"), false});
  }
  out +=
      report::line_plot({tr("Persons inside the venue"), tr("simulated time (s)"), tr("persons")},
                        {PlotSeries{"", inside.time, inside.value}}, marks);
  if (!sc.venue.exits.empty()) {
    std::vector<PlotSeries> series;
    report::PlotMarks flow_marks = event_marks(sc);
    for (std::size_t e = 0; e < sc.venue.exits.size(); ++e) {
      const ExitDesc& x = sc.venue.exits[e];
      const TimeSeries f = m.exit_flow(static_cast<int>(e), 1.0);
      series.push_back({tr("exit {0}", {x.name}), f.time, f.value});
      if (x.max_flow)
        flow_marks.y.push_back(
            {*x.max_flow * x.line.length(), tr("cap of exit {0}", {x.name}), true});
    }
    if (sc.criteria.max_exit_flow && sc.venue.exits.size() == 1) {
      flow_marks.y.push_back({sc.criteria.max_exit_flow->limit * sc.venue.exits[0].line.length(),
                              tr("limit max_exit_flow"), true});
    }
    out += report::line_plot(
        {tr("Flow per exit (1 s bins)"), tr("simulated time (s)"), tr("flow (persons/s)")}, series,
        flow_marks);
  }
  if (!sc.venue.checkpoints.empty()) {
    std::vector<PlotSeries> series;
    for (std::size_t c = 0; c < sc.venue.checkpoints.size(); ++c) {
      const TimeSeries q = m.checkpoint_queue(static_cast<int>(c));
      series.push_back({tr("checkpoint {0}", {sc.venue.checkpoints[c].name}), q.time, q.value});
    }
    out += report::line_plot({tr("Queue per checkpoint (waiting or in service)"),
                              tr("simulated time (s)"), tr("persons")},
                             series, event_marks(sc));
  }
  if (!sc.venue.zones.empty()) {
    std::vector<PlotSeries> series, density;
    report::PlotMarks occ_marks = event_marks(sc), density_marks = event_marks(sc);
    for (std::size_t z = 0; z < sc.venue.zones.size(); ++z) {
      const ZoneDesc& zd = sc.venue.zones[z];
      const TimeSeries o = m.zone_occupancy(static_cast<int>(z));
      series.push_back({tr("zone {0}", {zd.name}), o.time, o.value});
      const TimeSeries d = m.zone_density(static_cast<int>(z));
      density.push_back({tr("zone {0}", {zd.name}), d.time, d.value});
      if (zd.capacity)
        occ_marks.y.push_back(
            {static_cast<double>(*zd.capacity), tr("capacity {0}", {zd.name}), true});
      if (zd.max_density)
        density_marks.y.push_back({*zd.max_density, tr("limit {0}", {zd.name}), true});
    }
    out += report::line_plot({tr("Zone occupancy"), tr("simulated time (s)"), tr("persons")},
                             series, occ_marks);
    out += report::line_plot(
        {tr("Zone density (window average)"), tr("simulated time (s)"), tr("density (P/m²)")},
        density, density_marks);
  }
  const std::vector<double> travel = m.travel_times();
  if (!travel.empty()) {
    out += report::histogram(
        {tr("Travel time per person (entry to exit)"), tr("travel time (s)"), tr("persons")},
        travel);
  }
  if (const auto alarm = m.alarm_time()) {
    std::vector<double> after;
    for (double t : m.exit_times())
      if (t >= *alarm) after.push_back(t - *alarm);
    if (!after.empty()) {
      report::PlotMarks limit = event_marks(sc, *alarm);
      if (sc.criteria.max_evacuation_time)
        limit.x.push_back(
            {sc.criteria.max_evacuation_time->limit, tr("limit max_evacuation_time"), true});
      out += report::histogram(
          {tr("Exit times after the alarm"), tr("time since the alarm (s)"), tr("persons")}, after,
          limit);
    }
  }
  return out;
}

// [SECTION] Assumptions

std::string distribution_text(const Distribution& d, const std::string& unit, int decimals) {
  const auto v = [&](double x) { return dn(x, decimals); };
  switch (d.kind) {
    case Distribution::Kind::constant:
      return tr("{0} {1} (everyone)", {v(d.value), unit});
    case Distribution::Kind::normal: {
      std::string t = tr("normal, mean {0} {2}, sd {1} {2}", {v(d.mean), v(d.sd), unit});
      if (std::isfinite(d.min) || std::isfinite(d.max))
        t += tr(", within {0}–{1} {2}", {std::isfinite(d.min) ? v(d.min) : "−∞",
                                         std::isfinite(d.max) ? v(d.max) : "∞", unit});
      return t;
    }
    case Distribution::Kind::uniform:
      return tr("uniform {0}–{1} {2}", {v(d.min), v(d.max), unit});
    case Distribution::Kind::lognormal:
      return tr("lognormal, mean {0} {2}, sd {1} {2}", {v(d.mean), v(d.sd), unit});
    case Distribution::Kind::exponential:
      return tr("exponential, mean {0} {1}", {v(d.mean), unit});
  }
  return "";
}

/// Where the numbers of a visitor profile come from (docs/models.md "Visitor profiles").
std::string profile_source(const ProfileDesc& p) {
  const BuiltinProfile* b = p.builtin ? builtin_profile(p.name) : nullptr;
  if (!b || (p.own_speed && p.own_radius)) return tr("given in the scenario");
  const std::string source = tr(std::string(b->source));
  if (p.own_speed) return tr("speed given in the scenario; radius: {0}", {source});
  if (p.own_radius) return tr("radius given in the scenario; speed: {0}", {source});
  return source;
}

/// The visitor profiles of every population that has them: share, distributions, source.
std::string profiles_table(const Scenario& sc) {
  if (std::none_of(sc.populations.begin(), sc.populations.end(),
                   [](const PopulationDesc& p) { return !p.profiles.empty(); }))
    return "";
  std::string h =
      "<h3>" + escape(tr("Visitor profiles")) + "</h3>\n<p>" +
      escape(tr("Each person draws a profile with the shares below and walks with "
                "its speed and body radius; a walking group keeps the pace of its "
                "slowest member.")) +
      "</p>\n<table><thead><tr>" +
      th({"Population", "Profile", "Share", "Desired walking speed", "Body radius", "Source"}) +
      "</tr></thead><tbody>\n";
  for (const PopulationDesc& pop : sc.populations) {
    for (const ProfileDesc& p : pop.profiles) {
      h += "<tr><td>" + escape(pop.name) + "</td><td>" + escape(p.name) + "</td><td>" +
           escape(dn(100.0 * p.share, 1) + " %") + "</td><td>" +
           escape(distribution_text(p.speed, "m/s", 2)) + "</td><td>" +
           escape(distribution_text(p.radius, "m", 2)) + "</td><td>" + escape(profile_source(p)) +
           "</td></tr>\n";
    }
  }
  return h + "</tbody></table>\n";
}

std::string route_text(RouteChoice r) {
  return r == RouteChoice::quickest
             ? tr("quickest (walking distance plus the expected wait in the congestion ahead)")
             : tr("nearest (shortest walking distance)");
}

std::string area_text(const AreaRef& a) {
  return a.zone.empty() ? tr("a polygon of the scenario") : tr("zone {0}", {a.zone});
}

std::string journey_text(const PopulationDesc& p) {
  if (p.journey.empty()) return tr("to the nearest exit");
  std::string t;
  for (const JourneyStep& step : p.journey) {
    if (!t.empty()) t += tr("; then ");
    if (step.kind == JourneyStep::Kind::to) {
      t += tr("to {0}", {step.target});
      if (step.stay) t += tr(", staying {0}", {distribution_text(*step.stay, "s", 0)});
    } else if (step.kind == JourneyStep::Kind::visit) {
      std::string offered;
      for (const AttractionDesc& a : step.attractions) {
        if (!offered.empty()) offered += ", ";
        const std::string weight = dn(a.weight, a.weight == std::round(a.weight) ? 0 : 2);
        offered += a.stay ? tr("{0} (weight {1}, staying {2})",
                               {a.target, weight, distribution_text(*a.stay, "s", 0)})
                          : tr("{0} (weight {1})", {a.target, weight});
      }
      t +=
          tr("visit {0}, chosen by weight without repeats and visited in the order drawn, "
             "among {1}",
             {distribution_text(step.count, tr("attractions"), 1), offered});
      if (step.stay)
        t += tr(", staying {0} where the attraction gives no stay",
                {distribution_text(*step.stay, "s", 0)});
      if (step.until)
        t += tr(", leaving the attractions at the latest at a time of the run drawn from {0}",
                {distribution_text(*step.until, "s", 0)});
    } else {
      t += step.route == RouteChoice::quickest ? tr("leave by the quickest exit")
                                               : tr("leave by the nearest exit");
      if (!step.exits.empty()) t += tr(" of {0}", {name_list(step.exits)});
    }
  }
  return t;
}

std::string persons_text(const PopulationDesc& p) {
  if (p.count) return tr("{0} placed at t = 0 in {1}", {std::to_string(*p.count), area_text(p.in)});
  if (!p.arrive) return "–";
  const ArrivalDesc& a = *p.arrive;
  std::string rates;
  for (std::size_t i = 0; i < a.rate.size(); ++i)
    rates +=
        (i ? ", " : "") + tr("{0} P/s at {1} s", {dn(a.rate[i].rate, 2), dn(a.rate[i].time, 0)});
  std::string t = tr("arriving in {0} at {1} (linear in between, none after the last)",
                     {area_text(a.in), rates});
  if (a.total) t += tr(", at most {0} persons", {std::to_string(*a.total)});
  return t;
}

const EventDesc* alarm_event(const Scenario& sc) {
  for (const EventDesc& e : sc.events)
    if (e.kind == EventDesc::Kind::evacuate) return &e;
  return nullptr;
}

std::string validation_status(const Scenario& sc, const Summary& s) {
  const report_detail::SuiteStatus* suite = report_detail::suite_status(sc.model.type);
  if (suite == nullptr) return tr("not in the verification suite: for comparison only");
  const std::string passed = std::to_string(suite->passed);
  const std::string total = std::to_string(suite->total);
  switch (sc.model.type) {
    case ModelType::collision_free_speed:
      return tr(
          "passes {1} of the {2} tests of the full verification suite of Stroom {0} (RiMEA, "
          "NIST TN 1822 / ISO 20414, the measured Jülich/Wuppertal bottleneck series, corridor "
          "diagram and T-junction, Weidmann's fundamental diagram; `stroom verify`, "
          "docs/validation.md). Openings narrower than 0.9 m wedged on some seeds before "
          "persons held back pressed on, so such an opening is still to be checked on several "
          "seeds (`stroom batch`)",
          {s.stroom_version, passed, total});
    case ModelType::social_force:
      return tr(
          "passes {1} of the {2} tests of the full verification suite of Stroom {0}; it fails "
          "the measured bottleneck series (flows up to 90 % too high), the dense corridor "
          "diagram (too fast) and dense counter-flow (docs/validation.md): for comparison only",
          {s.stroom_version, passed, total});
    case ModelType::anticipation_velocity:
      return tr(
          "passes {1} of the {2} tests of the full verification suite of Stroom {0}; it fails "
          "the measured bottleneck series (flows 21–36 % too low), the corridor diagram at low "
          "densities (too slow), dense counter-flow and a corner that is slower than the long "
          "way (docs/validation.md): for comparison only",
          {s.stroom_version, passed, total});
  }
  return tr("not in the verification suite: for comparison only");
}

std::string source_line(const SourceLocation& where) {
  return where.file + ":" + std::to_string(where.line);
}

std::string assumptions(const Scenario& sc, const Measurement& m, const Summary& s,
                        const ReportInfo& info) {
  std::string h = "<h2>" + tr("Assumptions") + "</h2>\n";
  h += "<p>" +
       escape(tr("Every figure of this report follows from the assumptions below. A reviewer "
                 "who accepts the figures accepts these.")) +
       "</p>\n";

  // Populations.
  h += "<h3>" + tr("Populations") + "</h3>\n<table><thead><tr>" +
       th({"Population", "Persons", "Desired walking speed", "Body radius",
           "Journey and route choice"}) +
       "</tr></thead><tbody>\n";
  for (const PopulationDesc& p : sc.populations) {
    const std::string by_profile = tr("by visitor profile (below)");
    h += "<tr><td>" + escape(p.name) + "</td><td>" + escape(persons_text(p)) + "</td><td>" +
         escape(p.profiles.empty() ? distribution_text(p.speed, "m/s", 2) : by_profile) +
         "</td><td>" +
         escape(p.profiles.empty() ? distribution_text(p.radius, "m", 2) : by_profile) +
         "</td><td>" + escape(journey_text(p)) + "</td></tr>\n";
  }
  h += "</tbody></table>\n";
  h += profiles_table(sc);
  const EventDesc* alarm = alarm_event(sc);
  h += "<table class=\"params\">\n";
  const bool any_groups = std::any_of(sc.populations.begin(), sc.populations.end(),
                                      [](const PopulationDesc& p) { return p.groups.has_value(); });
  if (any_groups) {
    // Walking groups per population (docs/models.md "Walking groups").
    std::string text;
    for (const PopulationDesc& p : sc.populations) {
      if (!text.empty()) text += "; ";
      text += p.name + ": ";
      if (!p.groups)
        text += tr("everyone alone");
      else if (p.groups->size.kind == Distribution::Kind::constant)
        text += tr("groups of {0}", {dn(p.groups->size.value, 0)});
      else
        text += tr("group sizes {0}, rounded to whole persons",
                   {distribution_text(p.groups->size, tr("persons"), 1)});
    }
    h += row(tr("Walking groups"),
             text + ". " +
                 tr("Members start together, keep the pace of the slowest member reduced with "
                    "the group size (Moussaïd et al. 2010), wait for each other after stays and "
                    "beyond checkpoints, leave by the exit the group chose and share one "
                    "premovement time."));
  }
  std::vector<std::string> indoor;
  for (const ZoneDesc& z : sc.venue.zones)
    if (z.indoor) indoor.push_back(z.name);
  if (!indoor.empty()) {
    // docs/scenario-format.md, "Indoor zones".
    h += row(tr("Indoor zones"),
             name_list(indoor) + ". " +
                 tr("A visitor who stays there is off the floor (in a pavilion or garden the "
                    "venue does not model as floor): counted inside and in the zone's "
                    "occupancy, but in no density map and in nobody's way, and back out where "
                    "they went in when the stay ends or the alarm sounds."));
  }
  if (alarm) {
    h += row(tr("Premovement (after the alarm)"),
             any_groups ? tr("{0}, drawn per person (per group for persons walking in groups)",
                             {distribution_text(alarm->evacuate.premovement, "s", 0)})
                        : tr("{0}, drawn per person",
                             {distribution_text(alarm->evacuate.premovement, "s", 0)}));
    const std::string exits =
        alarm->evacuate.exits.empty() ? tr("every open exit") : name_list(alarm->evacuate.exits);
    h += row(tr("Route choice in the evacuation"),
             tr("{0}; exits: {1}", {route_text(alarm->evacuate.route), exits}));
  } else {
    h += row(tr("Premovement"), tr("no alarm: persons follow their journeys from the start"));
  }
  h += row(tr("Route choice on the journeys"),
           tr("as listed per population; nearest: shortest walking distance; quickest: walking "
              "distance plus the expected wait in the congestion ahead"));
  h += "</table>\n";

  // Events.
  h += "<h3>" + tr("Events") + "</h3>\n";
  if (sc.events.empty()) {
    h += "<p>" + tr("None: every exit, door and checkpoint stays as the venue defines it.") +
         "</p>\n";
  } else {
    h += "<table><thead><tr>" + th({"Time", "Event", "Details"}) + "</tr></thead><tbody>\n";
    for (const EventDesc& e : sc.events) {
      std::string detail;
      if (e.kind == EventDesc::Kind::evacuate)
        detail = tr("everyone starts to leave after a premovement of {0}",
                    {distribution_text(e.evacuate.premovement, "s", 0)});
      else
        detail = (e.kind == EventDesc::Kind::close ? tr("closed from then on")
                                                   : tr("open from then on")) +
                 " (" + source_line(e.where) + ")";
      h += "<tr><td>" + dn(e.at, 1) + " s</td><td>" + escape(event_label(e)) + "</td><td>" +
           escape(detail) + "</td></tr>\n";
    }
    h += "</tbody></table>\n";
  }

  // Exit flow model.
  h += "<h3>" + tr("Exit flow model") + "</h3>\n";
  if (!sc.venue.exits.empty()) {
    h += "<table><thead><tr>" + th({"Exit", "Width", "Flow", "Source", "State"}) +
         "</tr></thead><tbody>\n";
    for (std::size_t i = 0; i < sc.venue.exits.size(); ++i) {
      const ExitDesc& e = sc.venue.exits[i];
      const double w = e.line.length();
      const std::string flow = e.max_flow ? tr("capped at {0} P/(m·s) = {1} P/s",
                                               {dn(*e.max_flow, 2), dn(*e.max_flow * w, 2)})
                                          : tr("free (not capped)");
      const std::string source = e.max_flow ? tr("max_flow in {0}", {source_line(e.where)}) : "–";
      const ElementHistory& hist = m.exit_history()[i];
      h += std::string("<tr") + (hist.ever_closed() ? " class=\"closed\"" : "") + "><td>" +
           escape(e.name) + "</td><td>" + dn(w, 2) + " m</td><td>" + escape(flow) + "</td><td>" +
           escape(source) + "</td><td>" + escape(history_text(hist)) + "</td></tr>\n";
    }
    h += "</tbody></table>\n";
    if (std::any_of(sc.venue.exits.begin(), sc.venue.exits.end(),
                    [](const ExitDesc& e) { return !e.max_flow; })) {
      h += "<p class=\"note\">" +
           escape(tr("Free: the walking model alone sets the flow through the exit; uncapped "
                     "exits pass about 2 P/(m·s) in the model, above the design figures of most "
                     "norms (about 1.3 P/(m·s)). Capped: at most the stated flow crosses "
                     "(`max_flow`, docs/scenario-format.md).")) +
           "</p>\n";
    }
  }

  // Model and run.
  h += "<h3>" + tr("Model and run") + "</h3>\n<table class=\"params\">\n";
  std::string model = s.model;
  if (const report_detail::SuiteStatus* suite = report_detail::suite_status(sc.model.type))
    model += std::string(" (") + suite->source + ")";
  if (sc.model.type == ModelType::collision_free_speed)
    model += tr(", time gap T = {0} s", {dn(sc.model.collision_free_speed.time_gap, 2)});
  if (sc.model.type == ModelType::collision_free_speed &&
      sc.model.collision_free_speed.turn_time > 0.0)
    model +=
        tr(", heading relaxation τ = {0} s (Stroom's addition for calm queues; it lowers the flow "
           "through wide openings, docs/models.md)",
           {dn(sc.model.collision_free_speed.turn_time, 2)});
  h += row(tr("Operational model"), model);
  h += row(tr("Validation status"), validation_status(sc, s));
  h += row(tr("Seed"),
           tr("{0} (one run; a batch over seeds gives the spread)", {std::to_string(s.seed)}));
  h += row(tr("Time step"), dn(s.step, 3) + " s");
  for (const auto& [file, sha] : info.files)
    h += row(tr("SHA-256 of {0}", {file}), sha);
  if (info.files.empty()) h += row(tr("Scenario file"), s.file);
  if (!info.overrides.empty()) {
    std::string o;
    for (const std::string& text : info.overrides)
      o += (o.empty() ? "" : "; ") + text;
    h += row(tr("Changed on the command line (--set)"), o);
  }
  if (const auto& origin = sc.venue.origin) {
    // venue.origin: where the venue's (0, 0) lies in the plan it was imported from.
    h += row(tr("Coordinates"),
             tr("local; origin x = {0} m, y = {1} m in {2}",
                {dn(origin->x, 2), dn(origin->y, 2),
                 origin->crs.empty() ? tr("the plan's coordinates") : origin->crs}));
  }
  h += row(tr("Stroom version"), s.stroom_version);
  h += row(tr("Run date"), info.run_date.empty() ? tr("not stated") : info.run_date);
  h += "</table>\n";
  return h;
}

/// A text of summary.json's `capacity` block (written in English, compute_capacity()) in the
/// current language: the norm titles and limit sources are rows of the table of strings.
std::string capacity_text_in_language(const std::string& english) {
  constexpr std::string_view kNorm = "the norm ";
  if (english.starts_with(kNorm)) return tr("the norm {0}", {english.substr(kNorm.size())});
  if (english.empty() || english.starts_with("--")) return english;
  return tr(english);
}

/// The hand calculation of `stroom capacity` (summary.json `capacity`) beside the simulated
/// evacuation time, with the difference.
std::string hand_calculation(const Summary& s) {
  if (!s.capacity) return "";
  const CapacityFigures& c = *s.capacity;
  std::string h = "<h3>" + tr("Hand calculation beside the simulation") + "</h3>\n";
  h += "<table class=\"params\">\n";
  h += row(tr("Exit norm"),
           c.norm + (c.norm_title.empty() ? "" : ": " + capacity_text_in_language(c.norm_title)));
  if (!c.setting.empty()) h += row(tr("Setting"), capacity_text_in_language(c.setting));
  h += row(tr("Specific flow"), dn(c.specific_flow, 2) + " P/(m·s)");
  h += row(tr("Persons"), dn(c.persons, 0));
  h += row(tr("Exit width used"), dn(c.exit_width, 2) + " m");
  h += row(tr("Flow time"), opt(c.flow_time, 1, " s"));
  h += row(tr("Walking distance / walking time"),
           opt(c.walking_distance, 1, " m") + " / " + opt(c.walking_time, 1, " s"));
  h += row(tr("Egress time, hand calculation"), opt(c.egress_time, 1, " s"));
  h += row(tr("Evacuation time, simulated"), opt(s.evacuation.evacuation_time, 1, " s"));
  if (c.egress_time && s.evacuation.evacuation_time) {
    const double d = *s.evacuation.evacuation_time - *c.egress_time;
    std::string diff = (d >= 0 ? "+" : "−") + dn(std::abs(d), 1) + " s";
    if (*c.egress_time > 0.0)
      diff += " (" + (d >= 0 ? std::string("+") : std::string("−")) +
              dn(100.0 * std::abs(d) / *c.egress_time, 0) + " %)";
    h += row(tr("Difference (simulated − hand)"), diff);
  }
  if (c.egress_limit)
    h += row(tr("Egress limit"),
             dn(*c.egress_limit, 0) + " s" +
                 (c.egress_limit_source.empty()
                      ? ""
                      : " (" + capacity_text_in_language(c.egress_limit_source) + ")"));
  h += "</table>\n<p class=\"note\">" +
       escape(tr("The hand calculation (stroom capacity, docs/capacity.md) divides the persons "
                 "by the exit width times the norm's specific flow and adds the walking time; "
                 "the simulation adds queues, route choice, premovement and events.")) +
       "</p>\n";
  return h;
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
.exit{stroke:#0b6e2f;stroke-width:5}.exit.closed{stroke:#b3131b;stroke-dasharray:6 3}
.checkpoint.closed{stroke-dasharray:4 2}.map-frame{fill:none;stroke:#9aa3ad;stroke-width:.5}
.map-tick{stroke:#556}.map-tick-label{font-size:9px;fill:#556}
.mark{stroke-width:1.2}.mark.event{stroke:#556;stroke-dasharray:2 3}.mark.limit{stroke:#b3131b;stroke-dasharray:6 3}
.mark-label{font-size:10px;fill:#334;paint-order:stroke;stroke:#fff;stroke-width:3px}
.note{font-size:12px;color:#445}.inset-title{font-size:12px;font-weight:bold;margin:8px 0 0}
tr.closed td{background:#fdecec}
.remarks{border:1px solid #1d2733;padding:8px 12px;margin-top:24px}.remarks h3{margin-top:4px}
.remarks-box{height:160px;border-bottom:1px solid #c9d1da}
.sign{display:flex;gap:24px;margin-top:28px;font-size:12px}.sign span{flex:1;border-top:1px solid #1d2733;padding-top:2px}.door{stroke:#8c6d31;stroke-width:3}.door.closed{stroke-dasharray:4 2}
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
@media print{
body{font-size:10pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}
main{max-width:none;padding:0}h1{font-size:18pt}h2{font-size:13pt;margin-top:14pt}
h2,h3{break-after:avoid}.first-page{break-after:page}
table.params,table.criteria,table.los,table.exceedance,.kpis,.legend,.banner,.remarks,.losbar{break-inside:avoid}
tr,svg,.figure>h3{break-inside:avoid}thead{display:table-header-group}
svg.map{max-height:115mm;width:auto;max-width:100%;margin:4pt auto}svg.plot{max-height:70mm;width:auto;max-width:100%}
.figure{break-inside:avoid}.remarks{break-before:page}.remarks-box{height:120mm}
footer{break-inside:avoid}}
)css";

std::string report_text(const Scenario& sc, const std::vector<PolygonWithHoles>& walkable,
                        const Measurement& m, const Summary& s, const ReportInfo& info) {
  const MapFrame frame = map_frame(walkable);
  std::string h;
  h.reserve(1 << 16);
  h += std::string("<!DOCTYPE html>\n<html lang=\"") + lang_name(current_lang()) +
       "\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // The printed page's footer, in the reader's language (CSS strings: no quotes in them).
  const std::string page_rule =
      "@page{size:A4;margin:14mm 12mm 16mm 12mm;\n@bottom-left{content:\"" +
      tr("Stroom crowd-flow report") + "\";font-size:8pt;color:#556}\n@bottom-right{content:\"" +
      tr("page") + " \" counter(page) \" " + tr("of") +
      " \" counter(pages);font-size:8pt;color:#556}}\n";
  h += "<title>" + escape(tr("Stroom report: {0}", {s.scenario})) + "</title>\n<style>" + kStyle +
       page_rule + "</style>\n</head>\n<body>\n<main>\n";
  h += "<section class=\"first-page\">\n";
  h += "<h1>" + escape(s.scenario) + "</h1>\n<p class=\"sub\">" +
       escape(tr("Stroom crowd-flow report") + " · " + s.file + " · " +
              tr("seed {0}", {std::to_string(s.seed)}) +
              (info.run_date.empty() ? "" : " · " + info.run_date)) +
       "</p>\n";

  // Verdict and key figures.
  const bool pass = s.all_criteria_pass();
  h += std::string("<div class=\"banner ") + (pass ? "pass" : "fail") + "\">" +
       escape(s.criteria.empty() ? tr("No criteria defined")
              : pass             ? tr("PASS: every criterion is met")
                                 : tr("FAIL: at least one criterion is not met")) +
       (s.completed ? "" : " (" + tr("run did not complete") + ")") + "</div>\n";
  h += "<div class=\"kpis\">";
  const auto kpi = [&](const std::string& v, const std::string& k) {
    h += "<div class=\"kpi\"><b>" + escape(v) + "</b><span>" + escape(k) + "</span></div>";
  };
  kpi(std::to_string(s.agents.spawned), tr("persons entered"));
  kpi(opt(s.evacuation.evacuation_time, 1, " s"), s.evacuation.alarm_time
                                                      ? tr("evacuation time (from the alarm)")
                                                      : tr("evacuation time (from t = 0)"));
  kpi(opt(s.density.peak, 2, " P/m²"),
      tr("peak density (grid, {0} s average)", {dn(sc.measure.window, 0)}));
  kpi(opt(s.travel_time.p95, 1, " s"), tr("travel time, 95th percentile"));
  h += "</div>\n";

  h += "<h2>" + tr("Criteria") + "</h2>\n" + criteria_table(s);
  h += "</section>\n";

  h += assumptions(sc, m, s, info);

  h += "<h2>" + tr("Results") + "</h2>\n<table class=\"params\">\n";
  h += row(tr("Duration (limit)"), dn(sc.duration, 1) + " s");
  h += row(tr("Simulated time"),
           dn(s.simulated_time, 1) + " s" +
               (s.completed ? "" : " (" + tr("interrupted, results are partial") + ")"));
  h += row(tr("Persons"),
           tr("{0} entered, {1} left through an exit, {2} still inside, {3} never entered",
              {std::to_string(s.agents.spawned), std::to_string(s.agents.exited),
               std::to_string(s.agents.inside), std::to_string(s.agents.not_entered)}));
  h += row(tr("Alarm"),
           s.evacuation.alarm_time ? "t = " + dn(*s.evacuation.alarm_time, 1) + " s" : tr("none"));
  h += row(tr("Last exit"), opt(s.evacuation.last_exit_time, 1, " s"));
  h += row(tr("Travel time (mean / P50 / P95 / max)"),
           opt(s.travel_time.mean, 1) + " / " + opt(s.travel_time.p50, 1) + " / " +
               opt(s.travel_time.p95, 1) + " / " + opt(s.travel_time.max, 1) + " s");
  h +=
      row(tr("Density grid"), tr("{0} m cells, averaged over {1} s, sampled every {2} s",
                                 {dn(sc.measure.cell, 2), dn(sc.measure.window, 1),
                                  dn(std::max(Measurement::kSampleInterval, sc.step), 2)}) +
                                  (sc.measure.smoothing > 0.0
                                       ? "; " + tr("each cell averaged over the cells within {0} m",
                                                   {dn(sc.measure.smoothing, 1)})
                                       : std::string()));
  h += "</table>\n";
  h += hand_calculation(s);

  h += "<h2>" + tr("Venue") + "</h2>\n<div class=\"figure\">" +
       venue_map(sc, m, walkable, frame, info.underlay) + "</div>\n";
  if (sc.venue.underlay) {
    const std::string image = std::filesystem::path(sc.venue.underlay->image).filename().string();
    h += "<p class=\"note\">" +
         escape(info.underlay != nullptr
                    ? tr("Under the venue: the plan {0} at {1} % opacity, placed {2}; its SHA-256 "
                         "is listed with the input files. The plan is a drawing the scenario "
                         "names, not the geometry the simulation used.",
                         {image, dn(100.0 * info.underlay->opacity, 0),
                          underlay_placement(*sc.venue.underlay)})
                    : tr("The venue names the plan {0} as its underlay; it is not drawn here.",
                         {image})) +
         "</p>\n";
  }

  h += "<h2>" + tr("Where it gets crowded") + "</h2>\n";
  const MapScale dscale = density_scale(sc, info.classes);
  std::string class_note;
  switch (info.classes) {
    case DensityClasses::limits:
      class_note =
          tr("Classes end at 1, 2, 4, 5 and 6 P/m² and at every density limit of the "
             "scenario, so that each limit is a colour boundary.");
      break;
    case DensityClasses::fruin_walkway:
      class_note = tr("Classes: Fruin's walkway levels of service A–F (1971).");
      break;
    case DensityClasses::fruin_queuing:
      class_note = tr("Classes: Fruin's queuing levels of service A–F (1971).");
      break;
  }
  h +=
      "<p class=\"note\">" +
      escape(
          (sc.measure.smoothing > 0.0
               ? tr("Densities are persons per walkable m² in {0} m cells, averaged over {1} "
                    "s and smoothed in space: each cell shows the persons in the cells whose "
                    "centres lie within {2} m of its centre, divided by their walkable area "
                    "(measure.smoothing). The criteria, the tables and the maps all use these "
                    "smoothed densities.",
                    {dn(sc.measure.cell, 0), dn(sc.measure.window, 0), dn(sc.measure.smoothing, 1)})
               : tr("Densities are persons per walkable m² in {0} m cells, averaged over {1} "
                    "s; maps are not smoothed further in space, so that no cell above a "
                    "limit is averaged away.",
                    {dn(sc.measure.cell, 0), dn(sc.measure.window, 0)})) +
          " " + class_note) +
      "</p>\n";
  const std::string max_title = tr("Highest density per cell over the run");
  h += "<div class=\"figure\"><h3>" + escape(max_title);
  if (s.density.peak)
    h += escape(" " + tr("(peak {0} P/m² at t = {1} s, circled)",
                         {dn(*s.density.peak, 2), dn(*s.density.peak_time, 1)}));
  h += "</h3>\n" +
       map_block(sc, m, walkable, frame, m.max_density_map(), dscale, max_title,
                 {s.density.peak_at, std::nullopt, false}, s.density.peak_at) +
       "</div>\n";
  if (s.density.peak_time) {
    h += "<div class=\"figure\"><h3>" +
         escape(tr("Density at the peak (t = {0} s, exits in their state at that moment)",
                   {dn(*s.density.peak_time, 1)})) +
         "</h3>\n" +
         map_block(sc, m, walkable, frame, m.peak_density_map(), dscale, tr("Density at the peak"),
                   {s.density.peak_at, s.density.peak_time, false}, s.density.peak_at) +
         "</div>\n";
  }
  // measure.snapshots: where people are at the times the scenario asks for.
  // The densest cell of each is summary.json's (Measurement::summarize()), one per map.
  const std::vector<DensityMap> snapshot_maps = m.snapshot_maps();
  for (std::size_t k = 0; k < snapshot_maps.size() && k < s.snapshots.size(); ++k) {
    const DensityMap& snap = snapshot_maps[k];
    const std::optional<std::vector<double>>& densest = s.snapshots[k].densest_at;
    const double highest = s.snapshots[k].densest.value_or(0.0);
    const std::string title = tr("Density at t = {0} s", {dn(snap.time, 1)});
    h += "<div class=\"figure\"><h3>" + escape(title);
    if (densest)
      h += escape(" " + tr("(densest cell {0} P/m² at ({1}, {2}), circled; measure.snapshots)",
                           {dn(highest, 2), dn((*densest)[0], 1), dn((*densest)[1], 1)}));
    else
      h += escape(" " + tr("(nobody on the map; measure.snapshots)"));
    h += "</h3>\n" +
         map_block(sc, m, walkable, frame, snap, dscale, title, {densest, snap.time, false},
                   densest) +
         "</div>\n";
  }

  if (!s.snapshots.empty()) {
    // measure.snapshots: who is where at those times (the zone curves read off at them).
    h += "<h3>" + tr("Persons at the snapshot times (measure.snapshots)") +
         "</h3>\n<table><thead><tr><th></th>";
    for (const Summary::Snapshot& snap : s.snapshots)
      h += "<th>t = " + dn(snap.time, 0) + " s</th>";
    h += "</tr></thead><tbody>\n<tr><td>" + escape(tr("inside the venue")) + "</td>";
    for (const Summary::Snapshot& snap : s.snapshots)
      h += "<td>" + std::to_string(snap.inside) + "</td>";
    h += "</tr>\n";
    if (std::any_of(s.snapshots.begin(), s.snapshots.end(),
                    [](const Summary::Snapshot& snap) { return snap.indoors > 0; })) {
      h += "<tr><td>" + escape(tr("of them indoors (off the floor)")) + "</td>";
      for (const Summary::Snapshot& snap : s.snapshots)
        h += "<td>" + std::to_string(snap.indoors) + "</td>";
      h += "</tr>\n";
    }
    for (const ZoneDesc& z : sc.venue.zones) {
      h += "<tr><td>" + escape(tr("zone {0}", {z.name})) + "</td>";
      for (const Summary::Snapshot& snap : s.snapshots)
        h += "<td>" + std::to_string(snap.zones.at(z.name)) + "</td>";
      h += "</tr>\n";
    }
    h += "</tbody></table>\n";
  }

  h += "<h3>" + tr("Time above the thresholds") + "</h3>\n" + exceedance_table(sc, s);
  const auto& thresholds = m.density_thresholds();
  const MapScale tscale = seconds_scale();
  for (std::size_t k = 0; k < thresholds.size(); ++k) {
    const double thr = thresholds[k];
    bool is_limit = thr == 2.0 || thr == 4.0;
    if (sc.criteria.max_density && sc.criteria.max_density->limit == thr) is_limit = true;
    for (const auto& z : sc.venue.zones)
      if (z.max_density && *z.max_density == thr) is_limit = true;
    if (!is_limit) continue;
    const DensityMap above = m.time_above_map(static_cast<int>(k));
    // Focus the inset on the place that stayed above longest.
    std::optional<std::vector<double>> focus;
    double best = 0.0;
    for (std::size_t i = 0; i < above.values.size(); ++i) {
      if (!(above.values[i] > best)) continue;
      best = above.values[i];
      const int col = static_cast<int>(i) % above.columns, r = static_cast<int>(i) / above.columns;
      focus = std::vector<double>{above.origin.x + (col + 0.5) * above.cell,
                                  above.origin.y + (r + 0.5) * above.cell};
    }
    if (!(best > 0.0)) {
      h += "<div class=\"figure\"><h3>" +
           escape(tr("Seconds each place spent above {0} P/m²", {dn(thr, 1)})) + "</h3>\n<p>" +
           escape(tr("No place was above {0} P/m² at any sample.", {dn(thr, 1)})) + "</p></div>\n";
      continue;
    }
    h +=
        "<div class=\"figure\"><h3>" +
        escape(tr("Seconds each place spent above {0} P/m² (circled: the place with the most, {1} "
                  "s in all)",
                  {dn(thr, 1), dn(best, 1)})) +
        "</h3>\n" +
        map_block(sc, m, walkable, frame, above, tscale, tr("Seconds above {0} P/m²", {dn(thr, 1)}),
                  {focus, std::nullopt, false}, focus) +
        "</div>\n";
  }

  h += "<div class=\"figure\"><h3>" +
       escape(tr("Crowd pressure (Helbing, Johansson & Al-Abideen 2007)")) + "</h3>\n";
  std::string pressure_note = tr(
      "Crowd pressure P = ρ · Var(v): the density of the 3 × 3 cell block ({0} m × {0} m) around "
      "each cell times the variance of the block's mean velocity, both over {1} s, where the "
      "block holds at least 2 P/m². Helbing et "
      "al. measured it on video of the Mina crowd of 2006 and saw crowd turbulence above {2} "
      "1/s². The simulated walkers of a dense queue move in short stop-and-go steps, which "
      "raises the figure too: compare places with each other and with the density maps rather "
      "than reading the level alone as turbulence.",
      {dn(3 * sc.measure.cell, 0), dn(Measurement::kPressureWindow, 0),
       dn(kCrowdPressureThreshold, 2)});
  if (s.pressure.peak && s.pressure.peak_time && s.pressure.peak_at) {
    pressure_note +=
        " " + tr("Peak {0} 1/s² at t = {1} s at {2} (circled); {3} m² were above {4} 1/s² at "
                 "some time.",
                 {dn(*s.pressure.peak, 3), dn(*s.pressure.peak_time, 1),
                  xy((*s.pressure.peak_at)[0], (*s.pressure.peak_at)[1], 1),
                  dn(s.pressure.area_above, 0), dn(kCrowdPressureThreshold, 2)});
  } else {
    pressure_note += " " + tr("No pressure could be measured.");
  }
  h += "<p class=\"note\">" + escape(pressure_note) + "</p>\n" +
       map_block(sc, m, walkable, frame, m.max_pressure_map(), pressure_scale(),
                 tr("Highest crowd pressure per cell"), {s.pressure.peak_at, std::nullopt, false},
                 s.pressure.peak_at) +
       "</div>\n";

  h += "<h3>" + escape(tr("Share of person-time per level of service (Fruin, walkways)")) +
       "</h3>\n" + los_section(m);

  h += "<h2>" + tr("Flows and occupancy") + "</h2>\n" + figures_tables(sc, m, s);
  h += "<h2>" + tr("Over time") + "</h2>\n<p class=\"note\">" +
       escape(tr("Dotted grey lines: the alarm and the events of the scenario; dashed red lines: "
                 "criterion limits and exit caps.")) +
       "</p>\n" + plots(sc, m, s);

  h += "<footer>" +
       escape(tr("Densities: persons per walkable m² in grid cells, averaged over the moving "
                 "window; flows: persons per second through the whole exit or line over the "
                 "window; travel time: from entering the simulation to leaving through an exit. "
                 "Levels of service after Fruin (1971), walkway bands. Generated by Stroom {0}.",
                 {s.stroom_version})) +
       "</footer>\n";
  h += "<div class=\"remarks\"><h3>" + escape(tr("Reviewer's remarks")) +
       "</h3><div class=\"remarks-box\"></div><div class=\"sign\"><span>" + tr("Name") +
       "</span><span>" + tr("Date") + "</span><span>" + tr("Signature") + "</span></div></div>\n";
  h += "</main>\n</body>\n</html>\n";
  return h;
}

}  // namespace

std::string render_report(const Scenario& sc, const std::vector<PolygonWithHoles>& walkable,
                          const Measurement& m, const Summary& s, const ReportInfo& info) {
  // The text with a placeholder for every map image, then the images, encoded in parallel.
  std::vector<MapImage> images;
  std::string text;
  {
    pending_images = &images;
    struct Done {
      ~Done() { pending_images = nullptr; }
    } done;
    text = report_text(sc, walkable, m, s, info);
  }
  const std::vector<std::vector<std::uint8_t>> pngs = map_pngs(images);
  std::string h;
  h.reserve(text.size() + 256 * 1024);
  std::size_t from = 0;
  for (std::size_t k = 0; k < pngs.size(); ++k) {
    const std::string mark = kImageMark + std::to_string(k) + kImageMark;
    const std::size_t at = text.find(mark, from);
    STROOM_ASSERT(at != std::string::npos);
    h.append(text, from, at - from);
    h += base64_encode(pngs[k]);
    from = at + mark.size();
  }
  h.append(text, from, std::string::npos);
  return h;
}

}  // namespace stroom
