// batch.html: one self-contained page (no scripts, no external files) for a reviewer: per
// variant statistics, pass rates, convergence, and the distributions as inline SVG box plots
// and histograms; and the console summary of `stroom batch`. Both in current_lang(): every
// text from the table of strings (stroom/lang.hpp), every figure a reader sees through
// display_number(); SVG coordinates keep their decimal point.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

#include "stroom/batch.hpp"
#include "stroom/html_text.hpp"
#include "stroom/lang.hpp"

namespace stroom::batch {

namespace {

// [SECTION] Text helpers

/// A coordinate or size in SVG markup (always a decimal point).
std::string fixed(double v, int digits = 1) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

/// A figure a reader sees (decimal comma in Dutch).
std::string shown(double v, int digits) {
  return display_number(v, digits);
}

std::string esc(const std::string& text) {
  return report::escape(text);
}

struct Figure {
  const char* key;
  const char* title;
  const char* unit;
  int digits;
  const Stats VariantResult::*stats;
  const std::vector<double> VariantResult::*values;
  const char* criterion;  ///< the criterion whose limit applies to this figure, or nullptr
};

const Figure kFigures[] = {
    {"evacuation_time", "Evacuation time", "s", 1, &VariantResult::evacuation_time,
     &VariantResult::evacuation_values, "max_evacuation_time"},
    {"peak_density", "Peak density", "P/m²", 2, &VariantResult::peak_density,
     &VariantResult::peak_density_values, "max_density"},
    {"travel_time_p95", "Travel time, P95 per run", "s", 1, &VariantResult::travel_time_p95,
     &VariantResult::travel_p95_values, nullptr},
};

/// The limit of the figure's criterion in this batch, if the scenario sets one.
std::optional<double> limit_of(const BatchResult& r, const Figure& f) {
  if (!f.criterion) return std::nullopt;
  const auto it = r.criterion_limits.find(f.criterion);
  if (it == r.criterion_limits.end()) return std::nullopt;
  return it->second;
}

// Axis range with a little margin; a single value gets a unit-wide range. The figure's
// criterion limit is always inside.
std::pair<double, double> range_of(const BatchResult& r, const Figure& f) {
  double lo = INFINITY, hi = -INFINITY;
  if (const auto limit = limit_of(r, f)) lo = hi = *limit;
  for (const VariantResult& v : r.variants)
    for (const double x : v.*(f.values)) {
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    }
  if (!(lo <= hi)) return {0.0, 1.0};
  if (hi - lo < 1e-9) return {lo - 0.5, hi + 0.5};
  const double pad = 0.05 * (hi - lo);
  return {lo - pad, hi + pad};
}

std::string axis(double lo, double hi, double x0, double x1, double y, int digits) {
  std::string s;
  s += "<line x1='" + fixed(x0) + "' y1='" + fixed(y) + "' x2='" + fixed(x1) + "' y2='" + fixed(y) +
       "' stroke='#444'/>";
  for (int i = 0; i <= 4; ++i) {
    const double v = lo + (hi - lo) * i / 4.0;
    const double x = x0 + (x1 - x0) * i / 4.0;
    s += "<line x1='" + fixed(x) + "' y1='" + fixed(y) + "' x2='" + fixed(x) + "' y2='" +
         fixed(y + 4) + "' stroke='#444'/><text x='" + fixed(x) + "' y='" + fixed(y + 16) +
         "' text-anchor='middle'>" + shown(v, digits) + "</text>";
  }
  return s;
}

// [SECTION] Plots

// One horizontal box per variant: whiskers min..max, box P25..P75, line at P50, tick at P95.
std::string box_plot(const BatchResult& r, const Figure& f) {
  const auto [lo, hi] = range_of(r, f);
  const double left = 130, right = 620, row = 34;
  const double height = 30 + row * static_cast<double>(r.variants.size()) + 30;
  const auto X = [&](double v) { return left + (v - lo) / (hi - lo) * (right - left); };
  std::string s =
      "<svg xmlns='http://www.w3.org/2000/svg' width='640' height='" + fixed(height, 0) +
      "' font-size='11' font-family='sans-serif'><text x='" + fixed(left) + "' y='14'>" +
      esc(tr("{0} ({1}): box P25–P75, line P50, ◆ P95, whiskers min–max", {tr(f.title), f.unit})) +
      "</text>";
  for (std::size_t i = 0; i < r.variants.size(); ++i) {
    const VariantResult& v = r.variants[i];
    const Stats& st = v.*(f.stats);
    const double y = 30 + row * static_cast<double>(i) + row / 2;
    s += "<text x='" + fixed(left - 6) + "' y='" + fixed(y + 4) + "' text-anchor='end'>" +
         report::escape(v.name) + "</text>";
    if (st.n == 0) {
      s += "<text x='" + fixed(left + 4) + "' y='" + fixed(y + 4) + "'>" + esc(tr("no values")) +
           "</text>";
      continue;
    }
    const char* c = report::series_colour(i);
    s += "<line x1='" + fixed(X(st.min)) + "' y1='" + fixed(y) + "' x2='" + fixed(X(st.max)) +
         "' y2='" + fixed(y) + "' stroke='" + c + "'/>";
    for (const double w : {st.min, st.max})
      s += "<line x1='" + fixed(X(w)) + "' y1='" + fixed(y - 6) + "' x2='" + fixed(X(w)) +
           "' y2='" + fixed(y + 6) + "' stroke='" + c + "'/>";
    s += "<rect x='" + fixed(X(st.q1)) + "' y='" + fixed(y - 10) + "' width='" +
         fixed(std::max(1.0, X(st.q3) - X(st.q1))) + "' height='20' fill='" + c +
         "' fill-opacity='0.35' stroke='" + c + "'/>";
    s += "<line x1='" + fixed(X(st.p50)) + "' y1='" + fixed(y - 10) + "' x2='" + fixed(X(st.p50)) +
         "' y2='" + fixed(y + 10) + "' stroke='#000' stroke-width='2'/>";
    s += "<path d='M" + fixed(X(st.p95)) + " " + fixed(y - 5) +
         " l4 5 l-4 5 l-4 -5 z' fill='#000'/>";
  }
  if (const auto limit = limit_of(r, f)) {
    s += "<line x1='" + fixed(X(*limit)) + "' y1='20' x2='" + fixed(X(*limit)) + "' y2='" +
         fixed(height - 28) + "' stroke='#b3131b' stroke-width='1.5' stroke-dasharray='6 3'/>" +
         "<text x='" + fixed(X(*limit) + 3) + "' y='" + fixed(height - 32) + "' fill='#b3131b'>" +
         esc(tr("limit {0} = {1} {2}", {f.criterion, shown(*limit, f.digits), f.unit})) + "</text>";
  }
  s += axis(lo, hi, left, right, height - 28, f.digits);
  return s + "</svg>";
}

// Histogram of one variant's values on the bins shared by all variants.
std::string histogram(const BatchResult& r, const Figure& f, std::size_t vi) {
  const auto [lo, hi] = range_of(r, f);
  constexpr int kBins = 12;
  const std::vector<double>& values = r.variants[vi].*(f.values);
  std::vector<int> counts(kBins, 0);
  for (const double x : values) {
    int b = static_cast<int>((x - lo) / (hi - lo) * kBins);
    counts[static_cast<std::size_t>(std::clamp(b, 0, kBins - 1))]++;
  }
  const int top = std::max(1, *std::max_element(counts.begin(), counts.end()));
  const double left = 30, right = 300, base = 120, h = 95;
  std::string s =
      "<svg xmlns='http://www.w3.org/2000/svg' width='310' height='150' "
      "font-size='10' font-family='sans-serif'><text x='" +
      fixed(left) + "' y='12'>" +
      esc(tr("{0}: {1} runs", {r.variants[vi].name, std::to_string(values.size())})) + "</text>";
  const double bw = (right - left) / kBins;
  for (int b = 0; b < kBins; ++b) {
    const double bh = h * counts[static_cast<std::size_t>(b)] / top;
    s += "<rect x='" + fixed(left + bw * b + 1) + "' y='" + fixed(base - bh) + "' width='" +
         fixed(bw - 2) + "' height='" + fixed(bh) + "' fill='" + report::series_colour(vi) +
         "'><title>" + std::to_string(counts[static_cast<std::size_t>(b)]) + "</title></rect>";
  }
  s += "<text x='" + fixed(left - 4) + "' y='" + fixed(base - h + 4) + "' text-anchor='end'>" +
       std::to_string(top) + "</text>";
  s += axis(lo, hi, left, right, base, f.digits);
  return s + "</svg>";
}

// Running mean of the `until` figure against the number of runs, per variant.
std::string convergence_plot(const BatchResult& r) {
  std::size_t n_max = 2;
  double lo = INFINITY, hi = -INFINITY;
  std::vector<std::vector<double>> means;
  for (const VariantResult& v : r.variants) {
    std::vector<double> m;
    double sum = 0.0;
    for (std::size_t k = 0; k < v.until_values.size(); ++k) {
      sum += v.until_values[k];
      m.push_back(sum / static_cast<double>(k + 1));
      lo = std::min(lo, m.back());
      hi = std::max(hi, m.back());
    }
    n_max = std::max(n_max, m.size());
    means.push_back(std::move(m));
  }
  if (!(lo <= hi)) return "";
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  const double left = 60, right = 620, top = 20, base = 220;
  const auto X = [&](double k) {
    return left + (k - 1) / static_cast<double>(n_max - 1) * (right - left);
  };
  const auto Y = [&](double v) { return base - (v - lo) / (hi - lo) * (base - top); };
  std::string s =
      "<svg xmlns='http://www.w3.org/2000/svg' width='640' height='260' "
      "font-size='11' font-family='sans-serif'><text x='" +
      fixed(left) + "' y='12'>" +
      esc(tr("Running mean of {0} against runs (seed order); ● where it converged",
             {r.until->figure})) +
      "</text>";
  for (std::size_t i = 0; i < means.size(); ++i) {
    if (means[i].empty()) continue;
    std::string d;
    for (std::size_t k = 0; k < means[i].size(); ++k)
      d += (k ? " L" : "M") + fixed(X(static_cast<double>(k + 1))) + " " + fixed(Y(means[i][k]));
    s += "<path d='" + d + "' fill='none' stroke='" + report::series_colour(i) +
         "' stroke-width='1.5'/>";
    const auto& c = r.variants[i].convergence;
    if (c && c->runs && *c->runs <= means[i].size())
      s += "<circle cx='" + fixed(X(static_cast<double>(*c->runs))) + "' cy='" +
           fixed(Y(means[i][*c->runs - 1])) + "' r='4' fill='" + report::series_colour(i) + "'/>";
  }
  s += "<text x='" + fixed(left - 4) + "' y='" + fixed(top + 4) + "' text-anchor='end'>" +
       shown(hi, 1) + "</text><text x='" + fixed(left - 4) + "' y='" + fixed(base) +
       "' text-anchor='end'>" + shown(lo, 1) + "</text>";
  s += axis(1, static_cast<double>(n_max), left, right, base, 0);
  return s + "</svg>";
}

std::string stats_row(const std::string& name, const Stats& s, int digits) {
  if (s.n == 0)
    return "<tr><td>" + esc(name) + "</td><td>0</td><td colspan='6'>" + esc(tr("no values")) +
           "</td></tr>";
  return "<tr><td>" + esc(name) + "</td><td>" + std::to_string(s.n) + "</td><td>" +
         shown(s.mean, digits) + "</td><td>" + shown(s.sd, digits) + "</td><td>" +
         shown(s.min, digits) + "</td><td>" + shown(s.p50, digits) + "</td><td>" +
         shown(s.p95, digits) + "</td><td>" + shown(s.max, digits) + "</td></tr>";
}

std::string th(const std::string& text) {
  return "<th>" + esc(text) + "</th>";
}

std::string stats_head() {
  return th(tr("variant")) + th(tr("runs")) + th(tr("mean")) + th("sd") + th("min") + th("P50") +
         th("P95") + th("max");
}

std::string code(const std::string& text) {
  return "<code>" + esc(text) + "</code>";
}

std::string strong(const std::string& html) {
  return "<strong>" + html + "</strong>";
}

}  // namespace

std::string batch_html(const BatchResult& r) {
  std::string h;
  h += "<!DOCTYPE html>\n<html lang='" + std::string(lang_name(current_lang())) +
       "'><head><meta charset='utf-8'><title>" + esc(tr("Stroom batch: {0}", {r.sweep_file})) +
       "</title><style>"
       "body{font-family:sans-serif;margin:2em;max-width:70em;color:#222}"
       "table{border-collapse:collapse;margin:0.5em 0 1.5em}"
       "td,th{border:1px solid #ccc;padding:0.25em 0.6em;text-align:right}"
       "td:first-child,th:first-child{text-align:left}"
       ".pass{background:#d8f0d8}.fail{background:#f6d0d0}.part{background:#fbeccb}"
       ".plots svg{margin:0.3em;border:1px solid #eee}"
       ".warn{background:#fbeccb;border:1px solid #b07a00;padding:0.5em 0.8em}</style></head>"
       "<body>\n";
  h += "<h1>" + esc(tr("Batch results")) + "</h1><p>" +
       tr("Sweep {0}, scenario {1}.", {code(r.sweep_file), code(r.scenario)}) + " " +
       esc(tr("{0} runs found", {std::to_string(r.runs.size())}));
  if (!r.missing.empty())
    h += ", " + strong(esc(tr("{0} missing or incomplete", {std::to_string(r.missing.size())}))) +
         " " + esc(tr("(the figures below are of the runs found)"));
  h += ". " +
       tr("Verdict: {0}.",
          {strong(esc(r.all_passed() ? tr("every criterion passed in every run")
                                     : tr("not every criterion passed in every run")))}) +
       "</p>\n";

  // Variants and their overrides.
  h += "<h2>" + esc(tr("Variants")) + "</h2><table><tr>" + th(tr("variant")) + th(tr("overrides")) +
       th(tr("runs")) + th(tr("completed")) + th(tr("all criteria passed")) + "</tr>";
  for (const VariantResult& v : r.variants) {
    std::string set;
    for (const Override& o : v.set)
      set += (set.empty() ? "" : ", ") + o.key + " = " + o.value;
    const char* cls = v.completed == 0              ? ""
                      : v.all_passed == v.completed ? "pass"
                      : v.all_passed == 0           ? "fail"
                                                    : "part";
    h += "<tr><td>" + esc(v.name) + "</td><td>" + esc(set.empty() ? tr("(as written)") : set) +
         "</td><td>" + esc(tr("{0} of {1}", {std::to_string(v.found), std::to_string(v.planned)})) +
         "</td><td>" + std::to_string(v.completed) + "</td><td class='" + cls + "'>" +
         std::to_string(v.all_passed) + " (" +
         shown(v.completed
                   ? 100.0 * static_cast<double>(v.all_passed) / static_cast<double>(v.completed)
                   : 0.0,
               0) +
         " %)</td></tr>";
  }
  h += "</table>\n";

  // Enough seeds? Without `until`, the convergence rule of docs/batch.md (NIST TN 1822) is
  // applied to the evacuation time with its usual tolerance and window.
  {
    const double tolerance = r.until ? r.until->tolerance : 0.01;
    const int window = r.until ? r.until->window : 10;
    std::string short_of;
    for (const VariantResult& v : r.variants) {
      const bool converged =
          v.convergence ? v.convergence->converged
                        : converged_after(v.evacuation_values, tolerance, window).has_value();
      if (converged) continue;
      const std::size_t n = v.convergence ? v.convergence->values : v.evacuation_values.size();
      short_of += (short_of.empty() ? "" : ", ") +
                  esc(tr("{0} ({1} runs with a value)", {v.name, std::to_string(n)}));
    }
    if (!short_of.empty()) {
      h += "<p class='warn'>" + strong(esc(tr("Too few seeds."))) + " " +
           tr("The convergence rule (NIST TN 1822; docs/batch.md: each of {0} runs in a row "
              "changes the mean and sd of {1} by at most {2} %, so at least {3} runs) is not met "
              "for: {4}. The spread below may still change with more seeds; add seeds or use "
              "{5}.",
              {std::to_string(window),
               esc(r.until ? r.until->figure : std::string("evacuation.evacuation_time")),
               shown(100.0 * tolerance, 1), std::to_string(window + 2), short_of,
               "<code>until</code>"}) +
           "</p>\n";
    }
  }

  // Pass rates.
  h += "<h2>" + esc(tr("Pass rate of each criterion")) + "</h2><table><tr>" + th(tr("criterion")) +
       th(tr("limit"));
  for (const VariantResult& v : r.variants)
    h += th(v.name);
  h += "</tr>";
  for (const std::string& name : r.criteria) {
    const auto limit = r.criterion_limits.find(name);
    h += "<tr><td>" + esc(name) + "</td><td>" +
         (limit == r.criterion_limits.end() ? std::string("–") : shown(limit->second, 2)) + "</td>";
    for (const VariantResult& v : r.variants) {
      const auto it = std::find_if(v.criteria.begin(), v.criteria.end(),
                                   [&](const CriterionRate& c) { return c.name == name; });
      if (it == v.criteria.end() || it->runs == 0) {
        h += "<td>–</td>";
        continue;
      }
      const char* cls = it->passed == it->runs ? "pass" : it->passed == 0 ? "fail" : "part";
      h += "<td class='" + std::string(cls) + "'>" + shown(100.0 * it->rate(), 0) + " % (" +
           std::to_string(it->passed) + "/" + std::to_string(it->runs) + ")</td>";
    }
    h += "</tr>";
  }
  if (r.criteria.empty())
    h += "<tr><td colspan='99'>" + esc(tr("the scenario defines no criteria")) + "</td></tr>";
  h += "</table>\n";

  // Convergence.
  if (r.until) {
    h += "<h2>" + esc(tr("Convergence")) + "</h2><p>" +
         tr("Figure {0}: converged when each of {1} runs in a row changed the running mean and "
            "standard deviation by at most {2} % (at most {3} seeds).",
            {code(r.until->figure), std::to_string(r.until->window),
             shown(100.0 * r.until->tolerance, 2), std::to_string(r.until->max)}) +
         "</p><ul>";
    for (const VariantResult& v : r.variants) {
      if (!v.convergence) continue;
      h += "<li>" + esc(v.name) + ": " +
           (v.convergence->converged
                ? esc(tr("converged after {0} runs", {std::to_string(*v.convergence->runs)}))
                : tr("{0} after {1} runs with a value",
                     {strong(esc(tr("not converged"))), std::to_string(v.convergence->values)})) +
           "</li>";
    }
    h += "</ul><div class='plots'>" + convergence_plot(r) + "</div>\n";
  }

  // Distributions.
  for (const Figure& f : kFigures) {
    h += "<h2>" + esc(tr(f.title)) + " (" + f.unit + ")</h2>";
    if (const auto limit = limit_of(r, f))
      h += "<p>" +
           tr("Limit (criterion {0}): {1} {2}, the dashed red line on the box plot.",
              {code(f.criterion), shown(*limit, f.digits), f.unit}) +
           "</p>";
    h += "<table><tr>" + stats_head() + "</tr>";
    for (const VariantResult& v : r.variants)
      h += stats_row(v.name, v.*(f.stats), f.digits);
    h += "</table><div class='plots'>" + box_plot(r, f) + "<br>";
    for (std::size_t i = 0; i < r.variants.size(); ++i)
      h += histogram(r, f, i);
    h += "</div>\n";
  }

  // Exits.
  h += "<h2>" + esc(tr("Exits")) + "</h2><table><tr>" + th(tr("variant")) + th(tr("exit")) +
       th(tr("persons, mean")) + th("sd") + th("P95") + th(tr("peak flow (P/s), mean")) +
       th("P95") + th("max") + "</tr>";
  for (const VariantResult& v : r.variants) {
    for (const auto& [exit, c] : v.exit_count) {
      const auto fl = v.exit_peak_flow.find(exit);
      h += "<tr><td>" + esc(v.name) + "</td><td>" + esc(exit) + "</td><td>" + shown(c.mean, 1) +
           "</td><td>" + shown(c.sd, 1) + "</td><td>" + shown(c.p95, 1) + "</td>";
      if (fl != v.exit_peak_flow.end())
        h += "<td>" + shown(fl->second.mean, 2) + "</td><td>" + shown(fl->second.p95, 2) +
             "</td><td>" + shown(fl->second.max, 2) + "</td>";
      else
        h += "<td colspan='3'>–</td>";
      h += "</tr>";
    }
  }
  h += "</table>\n";
  if (!r.missing.empty()) {
    h += "<h2>" + esc(tr("Missing runs")) + "</h2><p>";
    for (std::size_t i = 0; i < r.missing.size(); ++i)
      h += (i ? ", " : "") + esc(r.missing[i]);
    h += "</p>\n";
  }
  h += "<p style='color:#777'>" +
       esc(tr("Standard deviations are sample standard deviations (n − 1); percentiles "
              "interpolate linearly between order statistics. Interrupted runs are not counted. "
              "Written by stroom {0}.",
              {STROOM_VERSION_STRING})) +
       "</p></body></html>\n";
  return h;
}

std::string batch_text(const BatchResult& r, const std::string& html_path) {
  // Columns as wide as their English form, wider where the heading needs it.
  const std::string heads[] = {tr("variant"),  tr("runs"),      tr("evac mean"),
                               tr("evac P95"), tr("peak dens"), tr("all passed")};
  const std::size_t english[] = {20, 6, 10, 10, 10, 12};
  std::size_t w[6];
  for (std::size_t k = 0; k < 6; ++k)
    w[k] = std::max(english[k], heads[k].size());
  const auto pad = [](const std::string& text, std::size_t width, bool left) {
    if (text.size() >= width) return text;
    const std::string fill(width - text.size(), ' ');
    return left ? text + fill : fill + text;
  };
  std::string out = pad(heads[0], w[0], true);
  for (std::size_t k = 1; k < 6; ++k)
    out += " " + pad(heads[k], w[k], false);
  out += "\n";
  for (const VariantResult& v : r.variants) {
    // "all passed" as `passed/completed`, the count right-aligned in 7 and the total
    // left-aligned in 4 (as wide as the English heading).
    const std::size_t share = w[5] >= 5 ? w[5] - 5 : 0;
    out += pad(v.name, w[0], true) + " " + pad(std::to_string(v.completed), w[1], false) + " " +
           pad(shown(v.evacuation_time.mean, 1), w[2], false) + " " +
           pad(shown(v.evacuation_time.p95, 1), w[3], false) + " " +
           pad(shown(v.peak_density.p95, 2), w[4], false) + " " +
           pad(std::to_string(v.all_passed), share, false) + "/" +
           pad(std::to_string(v.completed), 4, true) + "\n";
    if (v.convergence) {
      out += pad("", w[0], true) + " " +
             (v.convergence->converged
                  ? tr("converged after {0} runs", {std::to_string(*v.convergence->runs)})
                  : tr("not converged ({0} runs with a value)",
                       {std::to_string(v.convergence->values)})) +
             "\n";
    }
  }
  if (!r.missing.empty())
    out += tr("{0} runs missing or incomplete (e.g. {1})",
              {std::to_string(r.missing.size()), r.missing.front()}) +
           "\n";
  out += tr("results: {0}", {html_path}) + "\n";
  return out;
}

}  // namespace stroom::batch
