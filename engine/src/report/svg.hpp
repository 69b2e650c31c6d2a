// Internal to engine/src/report: small SVG and HTML writing helpers and the plots of the
// report (line plots with labelled axes, histograms, a stacked share bar). All numbers are
// written with fixed decimals through measure::fixed, so the same input gives the same bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "stroom/html_text.hpp"

namespace stroom::report {

struct PlotSeries {
  std::string label;
  std::vector<double> x, y;
};

struct PlotAxes {
  std::string title;
  std::string x_label;  ///< with unit, e.g. "time (s)"
  std::string y_label;  ///< with unit
};

/// A labelled straight line across a plot: an event at a time (vertical) or a criterion
/// limit (horizontal on line plots, vertical on histograms when `vertical`).
struct PlotMark {
  double at = 0.0;
  std::string label;
  bool limit = false;  ///< drawn as a criterion limit (red, dashed) rather than an event
};

/// Marks across the x axis (vertical lines) and the y axis (horizontal lines). The axes
/// are extended so that every mark is visible.
struct PlotMarks {
  std::vector<PlotMark> x, y;
};

/// A line plot of one or more series (y axis from 0), as an <svg> element. Series longer
/// than ~1500 points are thinned to the minimum and maximum of each bucket, so peaks survive.
std::string line_plot(const PlotAxes& axes, const std::vector<PlotSeries>& series,
                      const PlotMarks& marks = {});

/// A histogram of `values` (~20 bins of a round width from 0), as an <svg> element.
std::string histogram(const PlotAxes& axes, const std::vector<double>& values,
                      const PlotMarks& marks = {});

/// Round tick step for a range, about `target` ticks (1, 2, 5 × 10^k).
double nice_step(double range, int target);

}  // namespace stroom::report
