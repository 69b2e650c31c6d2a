// verification.html and verification.json, and the console lines of `stroom verify`. The page
// is self-contained (inline SVG, no scripts, no network) and the same result gives the same
// bytes. The page and the console lines are in current_lang() (stroom/lang.hpp), the cells
// measured, expected and source included (verify/phrase.hpp); verification.json keeps their
// English text and never changes with the language.
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "evaluate.hpp"
#include "stroom/html_text.hpp"
#include "stroom/lang.hpp"
#include "suite.hpp"

namespace stroom::verify {

namespace {

std::string num(double v, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
  return buffer;
}

/// A plot frame: maps data coordinates to SVG pixels and draws the axes with ticks and labels.
class Plot {
 public:
  Plot(double x_max, double y_max, double x_step, double y_step, std::string x_label,
       std::string y_label, std::string title)
      : x_max_(x_max), y_max_(y_max) {
    svg_ << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kWidth << "\" height=\""
         << kHeight << "\" font-family=\"sans-serif\" font-size=\"12\">\n";
    svg_ << "<text x=\"" << kWidth / 2 << "\" y=\"16\" text-anchor=\"middle\" font-weight=\"bold\">"
         << report::escape(title) << "</text>\n";
    for (double x = 0.0; x <= x_max + 1e-9; x += x_step) {
      svg_ << "<line x1=\"" << px(x) << "\" y1=\"" << py(0) << "\" x2=\"" << px(x) << "\" y2=\""
           << py(y_max) << "\" stroke=\"#eee\"/>";
      svg_ << "<text x=\"" << px(x) << "\" y=\"" << py(0) + 16 << "\" text-anchor=\"middle\">"
           << display_number(x, x_step < 1.0 ? 1 : 0) << "</text>\n";
    }
    for (double y = 0.0; y <= y_max + 1e-9; y += y_step) {
      svg_ << "<line x1=\"" << px(0) << "\" y1=\"" << py(y) << "\" x2=\"" << px(x_max) << "\" y2=\""
           << py(y) << "\" stroke=\"#eee\"/>";
      svg_ << "<text x=\"" << px(0) - 6 << "\" y=\"" << py(y) + 4 << "\" text-anchor=\"end\">"
           << display_number(y, y_step < 1.0 ? 1 : 0) << "</text>\n";
    }
    svg_ << "<line x1=\"" << px(0) << "\" y1=\"" << py(0) << "\" x2=\"" << px(x_max) << "\" y2=\""
         << py(0) << "\" stroke=\"black\"/><line x1=\"" << px(0) << "\" y1=\"" << py(0)
         << "\" x2=\"" << px(0) << "\" y2=\"" << py(y_max) << "\" stroke=\"black\"/>\n";
    svg_ << "<text x=\"" << (px(0) + px(x_max)) / 2 << "\" y=\"" << kHeight - 8
         << "\" text-anchor=\"middle\">" << report::escape(x_label) << "</text>\n";
    svg_ << "<text transform=\"translate(16," << (py(0) + py(y_max)) / 2
         << ") rotate(-90)\" text-anchor=\"middle\">" << report::escape(y_label) << "</text>\n";
  }

  double px(double x) const { return kLeft + (kWidth - kLeft - kRight) * x / x_max_; }
  double py(double y) const { return kHeight - kBottom - (kHeight - kBottom - kTop) * y / y_max_; }

  void curve(const std::vector<double>& x, const std::vector<double>& y, const char* stroke,
             const std::string& label, std::size_t legend) {
    svg_ << "<polyline fill=\"none\" stroke=\"" << stroke << "\" stroke-width=\"2\" points=\"";
    for (std::size_t i = 0; i < x.size(); ++i)
      svg_ << num(px(x[i]), 1) << ',' << num(py(y[i]), 1) << ' ';
    svg_ << "\"/>\n";
    legend_entry(stroke, label, legend, false);
  }

  void points(const std::vector<double>& x, const std::vector<double>& y, const char* fill,
              const std::string& label, std::size_t legend, double radius = 4.0) {
    for (std::size_t i = 0; i < x.size(); ++i)
      svg_ << "<circle cx=\"" << num(px(x[i]), 1) << "\" cy=\"" << num(py(y[i]), 1) << "\" r=\""
           << num(radius, 1) << "\" fill=\"" << fill << "\"/>";
    svg_ << '\n';
    legend_entry(fill, label, legend, true);
  }

  void band(double y_lo, double y_hi, const std::string& label, std::size_t legend) {
    svg_ << "<rect x=\"" << px(0) << "\" y=\"" << py(y_hi) << "\" width=\"" << px(x_max_) - px(0)
         << "\" height=\"" << py(y_lo) - py(y_hi) << "\" fill=\"#ffd70055\"/>\n";
    legend_entry("#ffd700", label, legend, false);
  }

  std::string finish() {
    svg_ << "</svg>\n";
    return svg_.str();
  }

 private:
  void legend_entry(const char* c, const std::string& label, std::size_t row, bool dot) {
    const double x = kWidth - kRight - 230, y = kTop + 14 + 16.0 * static_cast<double>(row);
    if (dot)
      svg_ << "<circle cx=\"" << x + 8 << "\" cy=\"" << y - 4 << "\" r=\"4\" fill=\"" << c
           << "\"/>";
    else
      svg_ << "<line x1=\"" << x << "\" y1=\"" << y - 4 << "\" x2=\"" << x + 16 << "\" y2=\""
           << y - 4 << "\" stroke=\"" << c << "\" stroke-width=\"3\"/>";
    svg_ << "<text x=\"" << x + 22 << "\" y=\"" << y << "\">" << report::escape(label)
         << "</text>\n";
  }

  static constexpr double kWidth = 640, kHeight = 400, kLeft = 60, kRight = 20, kTop = 30,
                          kBottom = 45;
  double x_max_, y_max_;
  std::ostringstream svg_;
};

/// One series of dots per model, in the model's colour: the points of that model at (x(p), y(p)).
template <class Point, class X, class Y, class Label>
void model_points(Plot& plot, const SuiteResult& r, const std::vector<Point>& points, X x, Y y,
                  Label label, std::size_t first_legend_row) {
  for (std::size_t m = 0; m < r.models.size(); ++m) {
    std::vector<double> px, py;
    for (const Point& p : points) {
      if (p.model != r.models[m]) continue;
      px.push_back(x(p));
      py.push_back(y(p));
    }
    plot.points(px, py, report::series_colour(m), label(r.models[m]), m + first_legend_row);
  }
}

std::string diagram_plot(const SuiteResult& r, bool flow) {
  Plot plot(6.0, flow ? 2.0 : 1.6, 1.0, flow ? 0.5 : 0.2, tr("density (persons/m²)"),
            flow ? tr("specific flow (persons/(m·s))") : tr("speed (m/s)"),
            flow ? tr("Fundamental diagram: flow vs density")
                 : tr("Fundamental diagram: speed vs density"));
  std::vector<double> xs, ys;
  for (double rho = 0.2; rho <= 5.4 + 1e-9; rho += 0.05) {
    xs.push_back(rho);
    ys.push_back(flow ? rho * weidmann_speed(rho) : weidmann_speed(rho));
  }
  plot.curve(xs, ys, "#444", "Weidmann (1993)", 0);
  std::vector<double> measured_x, measured_y;
  for (const auto& [rho, v] : r.corridor_data) {
    measured_x.push_back(rho);
    measured_y.push_back(flow ? rho * v : v);
  }
  const std::size_t first_model = r.corridor_data.empty() ? 1 : 2;
  if (!r.corridor_data.empty())
    plot.points(measured_x, measured_y, "#bbb", tr("measured (Zhang 2011)"), 1, 1.5);
  model_points(
      plot, r, r.diagram, [](const DiagramPoint& p) { return p.density; },
      [flow](const DiagramPoint& p) { return flow ? p.flow : p.speed; },
      [](const std::string& model) { return tr("{0} (Voronoi)", {model}); }, first_model);
  return plot.finish();
}

std::string bottleneck_plot(const SuiteResult& r) {
  Plot plot(2.6, 3.0, 0.2, 0.5, tr("bottleneck width (m)"), tr("specific flow (persons/(m·s))"),
            tr("Bottleneck: specific flow vs width"));
  plot.band(kSpecificFlowLow, kSpecificFlowHigh,
            tr("experiments {0}-{1} (Seyfried 2009)",
               {display_number(kSpecificFlowLow, 2), display_number(kSpecificFlowHigh, 2)}),
            0);
  model_points(
      plot, r, r.bottleneck, [](const BottleneckPoint& p) { return p.width; },
      [](const BottleneckPoint& p) { return p.specific; },
      [](const std::string& model) { return model; }, 1);
  return plot.finish();
}

/// The Juelich 2006 series: flow against width, measured and simulated.
std::string juelich_plot(const SuiteResult& r) {
  Plot plot(2.6, 6.0, 0.2, 1.0, tr("bottleneck width (m)"), tr("flow (persons/s)"),
            tr("Bottleneck: flow vs width, Jülich/Wuppertal 2006 series"));
  std::vector<double> wx, jy;
  for (const BottleneckPoint& p : r.juelich)
    if (p.model == r.juelich.front().model) {
      wx.push_back(p.width);
      jy.push_back(p.experiment);
    }
  plot.points(wx, jy, "#000", tr("measured (Jülich 2006)"), 0, 5.0);
  model_points(
      plot, r, r.juelich, [](const BottleneckPoint& p) { return p.width; },
      [](const BottleneckPoint& p) { return p.flow; },
      [](const std::string& model) { return model; }, 1);
  return plot.finish();
}

/// The T-junction: the measured run's Voronoi samples in its steady window, its mean and each
/// model's mean, speed against density.
std::string junction_plot(const SuiteResult& r) {
  Plot plot(2.0, 2.0, 0.2, 0.2, tr("density (persons/m²)"), tr("speed (m/s)"),
            tr("T-junction: speed vs density in the stem, Zhang et al. 2011"));
  std::vector<double> sx, sy;
  for (const auto& [rho, v] : r.junction_data)
    sx.push_back(rho), sy.push_back(v);
  plot.points(sx, sy, "#bbb", tr("measured, every 0.5 s"), 0, 1.5);
  std::vector<double> mx, my;
  for (const JunctionPoint& p : r.junction)
    if (p.model == "measured") mx.push_back(p.density), my.push_back(p.speed);
  plot.points(mx, my, "#000", tr("measured, mean"), 1, 5.0);
  model_points(
      plot, r, r.junction, [](const JunctionPoint& p) { return p.density; },
      [](const JunctionPoint& p) { return p.speed; },
      [](const std::string& model) { return tr("{0}, mean", {model}); }, 2);
  return plot.finish();
}

std::string code(const std::string& text) {
  return "<code>" + report::escape(text) + "</code>";
}

std::string th(const std::string& text) {
  return "<th>" + report::escape(text) + "</th>";
}

}  // namespace

std::string render_html(const SuiteResult& r) {
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"" << lang_name(current_lang())
    << "\"><head><meta charset=\"utf-8\">"
       "<title>"
    << report::escape(tr("Stroom verification and validation"))
    << "</title><style>"
       "body{font-family:sans-serif;margin:2em;max-width:1100px}"
       "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;"
       "text-align:left;font-size:13px}.pass{color:#080;font-weight:bold}"
       ".fail{color:#c00;font-weight:bold}.doc{color:#666}</style></head><body>\n";
  h << "<h1>" << report::escape(tr("Stroom verification and validation")) << "</h1>\n";
  std::string models;
  for (std::size_t m = 0; m < r.models.size(); ++m)
    models += (m ? ", " : "") + report::escape(r.models[m]);
  h << "<p>"
    << tr("{0} simulations, {1}, models: {2}.",
          {std::to_string(r.simulations),
           report::escape(r.quick ? tr("quick set") : tr("full set")), models})
    << " "
    << tr("Every measured value comes from a simulation of a scenario in {0}; sources and "
          "windows are in {1}.",
          {code("scenarios/verification/"), code("docs/validation.md")});
  h << "</p>\n";
  for (const std::string& model : r.models) {
    int pass = 0, total = 0;
    for (const TestResult& t : r.tests)
      if (t.model == model) ++total, pass += t.pass ? 1 : 0;
    h << "<h2>"
      << report::escape(
             tr("{0}: {1} of {2} passed", {model, std::to_string(pass), std::to_string(total)}))
      << "</h2>\n";
    h << "<table><tr>" << th(tr("test")) << th(tr("measured")) << th(tr("expected"))
      << th(tr("result")) << th(tr("source")) << "</tr>\n";
    for (const TestResult& t : r.tests) {
      if (t.model != model) continue;
      h << "<tr><td>" << report::escape(t.name) << "</td><td>" << report::escape(t.measured.text())
        << "</td><td>" << report::escape(t.expected.text()) << "</td><td class=\""
        << (t.pass ? "pass" : "fail") << "\">" << report::escape(t.pass ? tr("PASS") : tr("FAIL"))
        << (t.documentation ? " <span class=\"doc\">" + report::escape(tr("(doc)")) + "</span>"
                            : std::string())
        << "</td><td>" << report::escape(t.source.text()) << "</td></tr>\n";
    }
    h << "</table>\n";
  }
  if (!r.diagram.empty()) {
    h << "<h2>" << report::escape(tr("Fundamental diagram")) << "</h2><p>"
      << tr("Voronoi density and speed in the measurement area of the closed ring, mean over "
            "the steady window; grey: the measured corridor points of Zhang et al. 2011; "
            "Weidmann's curve {0}. Acceptance |v − {1}| ≤ {2} m/s, {1} the mean speed of the "
            "measured points within {3} P/m² of the ring's density where there are at least "
            "10 of them, otherwise Weidmann's speed (up to {4} P/m²).",
            {report::escape(tr("v = 1.34·[1 − exp(−1.913·(1/ρ − 1/5.4))]")), "v<sub>ref</sub>",
             display_number(0.25, 2), display_number(0.25, 2), "4"})
      << "</p>\n"
      << diagram_plot(r, false) << diagram_plot(r, true);
  }
  if (!r.bottleneck.empty()) {
    h << "<h2>" << report::escape(tr("Bottleneck flow vs width")) << "</h2><p>"
      << report::escape(
             tr("Specific flow over the steady middle 80 % of the exit crossings; "
                "the band, {0}–{1} P/(m·s), runs from the handbooks' design capacity "
                "to the highest specific flow of the Jülich/Wuppertal 2006 series "
                "plus 10 %.",
                {display_number(kSpecificFlowLow, 2), display_number(kSpecificFlowHigh, 2)}))
      << "</p>\n"
      << bottleneck_plot(r);
  }
  if (!r.juelich.empty()) {
    h << "<h2>" << report::escape(tr("Bottleneck flow against the Jülich/Wuppertal 2006 series"))
      << "</h2><p>"
      << report::escape(
             tr("Flow J through the middle of a 2 m long bottleneck, over the steady middle 80 % "
                "of the crossings, mean over the runs of each width; measured values and set-up "
                "in {0}. Acceptance: within {1} % at each width, and a mean absolute difference "
                "over the widths of at most {2} P/s (JuPedSim's criterion).",
                {"scenarios/verification/data/juelich-2006-bottleneck.csv", "10",
                 display_number(0.5, 1)}))
      << "</p>\n"
      << juelich_plot(r);
  }
  if (!r.junction.empty()) {
    h << "<h2>" << report::escape(tr("T-junction against a measured run")) << "</h2><p>"
      << report::escape(tr(
             "Two streams merge into a stem 2.4 m wide (Zhang et al. 2011, run {0}). The run's "
             "trajectories ({1}) and the simulations of its junction are measured alike: Voronoi "
             "density and speed (displacement over ±0.5 s) in the stem's measurement area every "
             "0.5 s, and the flow over the line across it, in the steady window between the "
             "crossings of the first and last 10 %. Acceptance: mean density within {2} P/m², "
             "mean speed within {3} m/s, specific flow within {4} %.",
             {"KO_240_050_240",
              "scenarios/verification/data/zhang-2011-t-junction-ko-240-050-240.txt",
              display_number(0.25, 2), display_number(0.25, 2), "10"}))
      << "</p>\n"
      << junction_plot(r);
  }
  h << "</body></html>\n";
  return h.str();
}

std::string result_line(const TestResult& t, bool listed) {
  const std::string verdict =
      t.pass ? (listed ? "XPASS" : tr("PASS")) : (listed ? "XFAIL" : tr("FAIL"));
  return verdict + " " + t.name + "  [" + t.model + "]  " +
         tr("measured: {0}", {t.measured.text()}) + "  " +
         tr("expected: {0}", {t.expected.text()}) +
         (t.documentation ? "  " + tr("(documentation)") : std::string());
}

std::string summary_line(const SuiteResult& r, const std::string& judged, bool ok,
                         const std::string& report_path) {
  int passed = 0;
  for (const TestResult& t : r.tests)
    passed += t.pass ? 1 : 0;
  return tr("{0} of {1} passed ({2} simulations, {3} s); {4}: {5}; report: {6}",
            {std::to_string(passed), std::to_string(r.tests.size()), std::to_string(r.simulations),
             std::to_string(static_cast<int>(r.wall_seconds)), judged,
             ok ? tr("all passed") : tr("FAILED"), report_path});
}

std::string render_json(const SuiteResult& r) {
  nlohmann::ordered_json j;
  j["quick"] = r.quick;
  j["models"] = r.models;
  j["simulations"] = r.simulations;
  j["wall_seconds"] = r.wall_seconds;
  j["tests"] = nlohmann::ordered_json::array();
  for (const TestResult& t : r.tests)
    j["tests"].push_back({{"name", t.name},
                          {"model", t.model},
                          {"measured", t.measured.english()},
                          {"expected", t.expected.english()},
                          {"pass", t.pass},
                          {"documentation", t.documentation},
                          {"source", t.source.english()}});
  j["fundamental_diagram"] = nlohmann::ordered_json::array();
  for (const DiagramPoint& p : r.diagram)
    j["fundamental_diagram"].push_back({{"model", p.model},
                                        {"nominal_density", p.nominal},
                                        {"density", p.density},
                                        {"speed", p.speed},
                                        {"flow", p.flow},
                                        {"weidmann_speed", p.weidmann},
                                        {"judged", p.judged},
                                        {"pass", p.pass}});
  j["bottleneck"] = nlohmann::ordered_json::array();
  for (const BottleneckPoint& p : r.bottleneck)
    j["bottleneck"].push_back({{"model", p.model},
                               {"width", p.width},
                               {"flow", p.flow},
                               {"specific_flow", p.specific},
                               {"pass", p.pass}});
  j["juelich_2006_bottleneck"] = nlohmann::ordered_json::array();
  for (const BottleneckPoint& p : r.juelich)
    j["juelich_2006_bottleneck"].push_back({{"model", p.model},
                                            {"width", p.width},
                                            {"flow", p.flow},
                                            {"measured_flow", p.experiment},
                                            {"pass", p.pass}});
  j["t_junction"] = nlohmann::ordered_json::array();
  for (const JunctionPoint& p : r.junction)
    j["t_junction"].push_back({{"model", p.model},
                               {"density", p.density},
                               {"speed", p.speed},
                               {"specific_flow", p.flow},
                               {"runs", p.runs},
                               {"pass", p.pass}});
  return j.dump(2) + "\n";
}

}  // namespace stroom::verify
