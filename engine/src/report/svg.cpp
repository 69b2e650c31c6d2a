// SVG plots for report.html (svg.hpp).
#include "report/svg.hpp"

#include <algorithm>
#include <cmath>

#include "measure/text.hpp"
#include "stroom/lang.hpp"

namespace stroom::report {

using measure::fixed;

namespace {

constexpr double kWidth = 720.0, kHeight = 280.0;
constexpr double kLeft = 64.0, kRight = 16.0, kTop = 30.0, kBottom = 46.0;
constexpr std::size_t kMaxPoints = 1500;

std::string num(double v) {
  return fixed(v, 1);
}

/// Tick label: as few decimals as the step needs.
std::string tick_label(double v, double step) {
  int decimals = 0;
  while (decimals < 4 && std::abs(step * std::pow(10.0, decimals) -
                                  std::round(step * std::pow(10.0, decimals))) > 1e-6)
    ++decimals;
  return display_number(v, decimals);
}

struct Frame {
  double x0, x1, y0, y1;
  double px(double x) const { return kLeft + (x - x0) / (x1 - x0) * (kWidth - kLeft - kRight); }
  double py(double y) const {
    return kHeight - kBottom - (y - y0) / (y1 - y0) * (kHeight - kTop - kBottom);
  }
};

std::string open_svg(const PlotAxes& axes) {
  std::string s = "<svg class=\"plot\" viewBox=\"0 0 " + num(kWidth) + " " + num(kHeight) +
                  "\" role=\"img\" aria-label=\"" + escape(axes.title) + "\">\n";
  s += "<text class=\"plot-title\" x=\"" + num(kLeft) + "\" y=\"18\">" + escape(axes.title) +
       "</text>\n";
  return s;
}

std::string axes_svg(const Frame& f, const PlotAxes& axes, double x_step, double y_step) {
  std::string s;
  // Grid lines and ticks.
  for (double y = f.y0; y <= f.y1 + 1e-9 * y_step; y += y_step) {
    s += "<line class=\"grid\" x1=\"" + num(kLeft) + "\" x2=\"" + num(kWidth - kRight) +
         "\" y1=\"" + num(f.py(y)) + "\" y2=\"" + num(f.py(y)) + "\"/>";
    s += "<text class=\"tick\" x=\"" + num(kLeft - 6) + "\" y=\"" + num(f.py(y) + 4) +
         "\" text-anchor=\"end\">" + tick_label(y, y_step) + "</text>\n";
  }
  for (double x = f.x0; x <= f.x1 + 1e-9 * x_step; x += x_step) {
    s += "<line class=\"grid\" x1=\"" + num(f.px(x)) + "\" x2=\"" + num(f.px(x)) + "\" y1=\"" +
         num(kTop) + "\" y2=\"" + num(kHeight - kBottom) + "\"/>";
    s += "<text class=\"tick\" x=\"" + num(f.px(x)) + "\" y=\"" + num(kHeight - kBottom + 16) +
         "\" text-anchor=\"middle\">" + tick_label(x, x_step) + "</text>\n";
  }
  s += "<rect class=\"axes\" x=\"" + num(kLeft) + "\" y=\"" + num(kTop) + "\" width=\"" +
       num(kWidth - kLeft - kRight) + "\" height=\"" + num(kHeight - kTop - kBottom) + "\"/>\n";
  s += "<text class=\"axis-label\" x=\"" + num(0.5 * (kLeft + kWidth - kRight)) + "\" y=\"" +
       num(kHeight - 8) + "\" text-anchor=\"middle\">" + escape(axes.x_label) + "</text>\n";
  s += "<text class=\"axis-label\" transform=\"translate(14 " +
       num(0.5 * (kTop + kHeight - kBottom)) + ") rotate(-90)\" text-anchor=\"middle\">" +
       escape(axes.y_label) + "</text>\n";
  return s;
}

/// Range end rounded up to a whole number of steps (at least one step).
double round_up(double v, double step) {
  return std::max(step, std::ceil(v / step - 1e-9) * step);
}

/// Indices to draw: all, or per bucket the first, minimum, maximum and last point.
std::vector<std::size_t> thin(const std::vector<double>& y) {
  std::vector<std::size_t> keep;
  if (y.size() <= kMaxPoints) {
    keep.resize(y.size());
    for (std::size_t i = 0; i < y.size(); ++i)
      keep[i] = i;
    return keep;
  }
  const std::size_t buckets = kMaxPoints / 4;
  for (std::size_t b = 0; b < buckets; ++b) {
    const std::size_t lo = b * y.size() / buckets, hi = (b + 1) * y.size() / buckets;
    if (lo >= hi) continue;
    std::size_t mn = lo, mx = lo;
    for (std::size_t i = lo; i < hi; ++i) {
      if (y[i] < y[mn]) mn = i;
      if (y[i] > y[mx]) mx = i;
    }
    std::vector<std::size_t> pts{lo, mn, mx, hi - 1};
    std::sort(pts.begin(), pts.end());
    pts.erase(std::unique(pts.begin(), pts.end()), pts.end());
    keep.insert(keep.end(), pts.begin(), pts.end());
  }
  return keep;
}

/// Vertical lines at the x marks and horizontal lines at the y marks, labelled; labels of
/// vertical marks are staggered in three rows so that marks close together stay readable.
std::string marks_svg(const Frame& f, const PlotMarks& marks) {
  std::string s;
  int k = 0;
  for (const PlotMark& m : marks.x) {
    if (m.at < f.x0 || m.at > f.x1) continue;
    const double x = f.px(m.at);
    const std::string cls = m.limit ? "mark limit" : "mark event";
    s += "<line class=\"" + cls + "\" x1=\"" + num(x) + "\" x2=\"" + num(x) + "\" y1=\"" +
         num(kTop) + "\" y2=\"" + num(kHeight - kBottom) + "\"/>";
    s += "<text class=\"mark-label\" x=\"" + num(x + 3) + "\" y=\"" +
         num(kTop + 11 + 12 * (k % 3)) + "\">" + escape(m.label) + "</text>\n";
    ++k;
  }
  for (const PlotMark& m : marks.y) {
    if (m.at < f.y0 || m.at > f.y1) continue;
    const double y = f.py(m.at);
    const std::string cls = m.limit ? "mark limit" : "mark event";
    s += "<line class=\"" + cls + "\" x1=\"" + num(kLeft) + "\" x2=\"" + num(kWidth - kRight) +
         "\" y1=\"" + num(y) + "\" y2=\"" + num(y) + "\"/>";
    s += "<text class=\"mark-label\" x=\"" + num(kLeft + 4) + "\" y=\"" + num(y - 3) + "\">" +
         escape(m.label) + "</text>\n";
  }
  return s;
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        // Control characters are not allowed in HTML text (and the report marks its images
        // with one while it is written): U+FFFD instead. Tab and newlines stay.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
          out += "\xEF\xBF\xBD";
        else
          out += c;
    }
  }
  return out;
}

const char* series_colour(std::size_t i) {
  static constexpr const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                             "#ff7f0e", "#17becf", "#8c564b", "#e377c2"};
  return kPalette[i % (sizeof kPalette / sizeof kPalette[0])];
}

double nice_step(double range, int target) {
  if (!(range > 0.0)) return 1.0;
  const double raw = range / std::max(1, target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double r = raw / mag;
  const double m = r <= 1.0 ? 1.0 : r <= 2.0 ? 2.0 : r <= 5.0 ? 5.0 : 10.0;
  return m * mag;
}

std::string line_plot(const PlotAxes& axes, const std::vector<PlotSeries>& series,
                      const PlotMarks& marks) {
  double x_max = 0.0, y_max = 0.0;
  for (const PlotMark& m : marks.x)
    x_max = std::max(x_max, m.at);
  for (const PlotMark& m : marks.y)
    y_max = std::max(y_max, m.at);
  for (const auto& s : series) {
    for (double x : s.x)
      x_max = std::max(x_max, x);
    for (double y : s.y)
      y_max = std::max(y_max, y);
  }
  const double x_step = nice_step(x_max, 8), y_step = nice_step(y_max, 5);
  const Frame f{0.0, round_up(x_max, x_step), 0.0, round_up(y_max, y_step)};
  std::string svg = open_svg(axes) + axes_svg(f, axes, x_step, y_step);
  for (std::size_t k = 0; k < series.size(); ++k) {
    const auto& s = series[k];
    svg += "<polyline class=\"series\" stroke=\"" + std::string(series_colour(k)) + "\" points=\"";
    const auto keep = thin(s.y);
    for (std::size_t n = 0; n < keep.size(); ++n) {
      if (n > 0) svg += ' ';
      svg += fixed(f.px(s.x[keep[n]]), 1) + "," + fixed(f.py(s.y[keep[n]]), 1);
    }
    svg += "\"/>\n";
  }
  svg += marks_svg(f, marks);
  // Legend, top right, one row per series.
  if (series.size() > 1 || (series.size() == 1 && !series[0].label.empty())) {
    double y = kTop + 14.0;
    for (std::size_t k = 0; k < series.size(); ++k, y += 15.0) {
      const double x = kWidth - kRight - 150.0;
      svg += "<line x1=\"" + num(x) + "\" x2=\"" + num(x + 18) + "\" y1=\"" + num(y - 4) +
             "\" y2=\"" + num(y - 4) + "\" stroke=\"" + series_colour(k) +
             "\" stroke-width=\"2.5\"/><text class=\"legend\" x=\"" + num(x + 24) + "\" y=\"" +
             num(y) + "\">" + escape(series[k].label) + "</text>\n";
    }
  }
  return svg + "</svg>\n";
}

std::string histogram(const PlotAxes& axes, const std::vector<double>& values,
                      const PlotMarks& marks) {
  double v_max = 0.0;
  for (double v : values)
    v_max = std::max(v_max, v);
  double mark_max = 0.0;
  for (const PlotMark& m : marks.x)
    mark_max = std::max(mark_max, m.at);
  const double bin = nice_step(v_max, 20);
  const auto bins = static_cast<std::size_t>(std::max(1.0, std::floor(v_max / bin) + 1.0));
  std::vector<double> count(bins, 0.0);
  for (double v : values) {
    auto b = static_cast<std::size_t>(std::max(0.0, std::floor(v / bin)));
    count[std::min(b, bins - 1)] += 1.0;
  }
  const double c_max = *std::max_element(count.begin(), count.end());
  const double x_end = std::max(static_cast<double>(bins) * bin, mark_max);
  const double x_step = nice_step(x_end, 8);
  const double y_step = std::max(1.0, nice_step(c_max, 5));  // whole persons
  const Frame f{0.0, round_up(x_end, x_step), 0.0, round_up(std::max(1.0, c_max), y_step)};
  std::string svg = open_svg(axes) + axes_svg(f, axes, x_step, y_step);
  for (std::size_t b = 0; b < bins; ++b) {
    if (count[b] <= 0.0) continue;
    const double x0 = f.px(static_cast<double>(b) * bin);
    const double x1 = f.px(static_cast<double>(b + 1) * bin);
    svg += "<rect class=\"bar\" x=\"" + num(x0) + "\" y=\"" + num(f.py(count[b])) + "\" width=\"" +
           num(x1 - x0) + "\" height=\"" + num(f.py(0.0) - f.py(count[b])) + "\"/>\n";
  }
  svg += marks_svg(f, PlotMarks{marks.x, {}});
  return svg + "</svg>\n";
}

}  // namespace stroom::report
