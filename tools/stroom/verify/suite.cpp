// [SECTION] Index
//   Helpers (formatting, specs, scenario facts)
//   Tests: one function per test kind, each returns a Test (its runs and its evaluation)
//   Suite: expand the tests per model, run all simulations in parallel, evaluate in order
#include "suite.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "evaluate.hpp"
#include "runner.hpp"
#include "stroom/measurement.hpp"
#include "stroom/random.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom::verify {

namespace {

// [SECTION] Helpers

/// The measured bottleneck series: a width's mean flow within this share of the experiment's.
constexpr double kMeasuredFlowTolerance = 0.10;
/// The measured corridor diagram: points within this density (P/m²) of a simulated point are
/// its comparison, judged when there are at least kCorridorMinPoints of them.
constexpr double kCorridorBin = 0.25;
constexpr std::size_t kCorridorMinPoints = 10;

std::string fmt(double value, int decimals) {
  if (!std::isfinite(value)) return "n/a";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

/// An optional measured number: NaN (written "n/a") when there is none.
PhraseValue num_or_na(const std::optional<double>& value, int decimals) {
  return num(value.value_or(std::numeric_limits<double>::quiet_NaN()), decimals);
}

struct Context {
  const SuiteOptions& options;
  ModelType model;
  std::string model_name;
  SuiteResult& out;  ///< figures for the plots are added here by the evaluations

  std::string path(const std::string& file) const { return options.scenario_dir + "/" + file; }

  RunSpec spec(const std::string& file, std::vector<Override> overrides = {}) const {
    RunSpec s;
    s.file = path(file);
    overrides.push_back(Override{"model.type", model_name});
    s.overrides = std::move(overrides);
    return s;
  }

  TestResult result(std::string name, Phrase measured, Phrase expected, bool pass, Phrase source,
                    bool documentation = false) const {
    return TestResult{std::move(name),     model_name, std::move(measured),
                      std::move(expected), pass,       documentation,
                      std::move(source)};
  }
};

using Evaluation = std::function<std::vector<TestResult>(const std::vector<RunRecord>&)>;

struct Test {
  std::string name;
  std::vector<RunSpec> runs;
  Evaluation evaluate;
};

std::string set_value(double v) {
  return fmt(v, 4);
}

/// Time the last person left, s (NaN when nobody left).
double last_exit(const RunRecord& r) {
  double t = std::numeric_limits<double>::quiet_NaN();
  for (const auto& times : r.exit_times)
    if (!times.empty() && !(times.back() <= t)) t = times.back();
  return t;
}

/// Persons who left (by id), with the time they left.
std::vector<std::size_t> leavers(const RunRecord& r) {
  std::vector<std::size_t> ids;
  for (std::size_t id = 0; id < r.exit_of.size(); ++id)
    if (r.exit_of[id] >= 0) ids.push_back(id);
  return ids;
}

int index_of(const std::vector<std::string>& names, const std::string& name) {
  for (std::size_t k = 0; k < names.size(); ++k)
    if (names[k] == name) return static_cast<int>(k);
  return -1;
}

// [SECTION] Tests

/// A single walker's travel time in a corridor (RiMEA 1, NIST 2.1).
Test corridor_time(const Context& c, const std::string& name, const std::string& file, double lo,
                   double hi, const std::string& source) {
  return {name, {c.spec(file)}, [=](const std::vector<RunRecord>& runs) {
            const RunRecord& r = runs[0];
            const double t = r.exit_time_of.size() > 1 ? r.exit_time_of[1]
                                                       : std::numeric_limits<double>::quiet_NaN();
            const bool pass = r.completed && t >= lo && t <= hi;
            return std::vector<TestResult>{c.result(name, Phrase("{0} s", {num(t, 2)}),
                                                    Phrase("{0}-{1} s", {num(lo, 1), num(hi, 1)}),
                                                    pass, Phrase::verbatim(source))};
          }};
}

/// Nobody through a wall, everyone out (RiMEA 6, NIST 2.3).
Test corner(const Context& c, const std::string& name, const std::string& file,
            const std::string& source) {
  return {name, {c.spec(file)}, [=](const std::vector<RunRecord>& runs) {
            const RunRecord& r = runs[0];
            const bool pass = r.completed && r.positions_outside == 0 && r.exited == r.spawned;
            return std::vector<TestResult>{
                c.result(name,
                         Phrase("{0} of {1} positions outside; {2}/{3} out",
                                {whole(r.positions_outside), whole(r.positions_checked),
                                 whole(r.exited), whole(r.spawned)}),
                         "0 outside; all out", pass, Phrase::verbatim(source))};
          }};
}

/// A measured series: (x, y) pairs from a CSV file of scenarios/verification/data/ whose
/// lines starting with '#' are its citation, the first other line its header.
std::vector<std::pair<double, double>> read_series(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read the measured data");
  std::vector<std::pair<double, double>> series;
  std::string line;
  bool header = true;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    if (std::exchange(header, false)) continue;
    double x = 0.0, y = 0.0;
    char comma = 0;
    std::istringstream fields(line);
    if (!(fields >> x >> comma >> y) || comma != ',')
      throw std::runtime_error(path + ":" + std::to_string(number) + ": expected 'x,y'");
    series.emplace_back(x, y);
  }
  return series;
}

/// RiMEA 4 and the validation against Weidmann: Voronoi speed vs density in a closed ring.
Test fundamental_diagram(const Context& c) {
  const std::string file = "rimea-04-fundamental-diagram.yaml";
  const Scenario ring = load_scenario(c.path(file));
  std::vector<double> areas;
  for (const PopulationDesc& p : ring.populations)
    for (const ZoneDesc& z : ring.venue.zones)
      if (z.name == p.in.zone) areas.push_back(polygon_area(z.polygon));
  const std::vector<double> densities = c.options.quick ? std::vector<double>{0.5, 1.0, 2.0, 4.0}
                                                        : std::vector<double>{0.5, 1, 2, 3, 4, 5};
  const double warmup = 10.0, measure = c.options.quick ? 30.0 : 60.0;
  Test t{"rimea-04-fundamental-diagram", {}, {}};
  for (const double rho : densities) {
    // The run goes on for the half window of the displacement speeds, so that the last sample
    // of the window has its later frame (RunSpec::speed_half_window).
    RunSpec defaults;
    std::vector<Override> sets{
        {"time.duration", set_value(warmup + measure + defaults.speed_half_window)}};
    for (std::size_t k = 0; k < areas.size(); ++k)
      sets.push_back(Override{"populations." + std::to_string(k) + ".count",
                              std::to_string(std::max(1L, std::lround(rho * areas[k])))});
    RunSpec s = c.spec(file, sets);
    s.voronoi_from = warmup;
    s.voronoi_until = warmup + measure;
    s.voronoi_interval = 0.25;
    t.runs.push_back(std::move(s));
  }
  const std::vector<std::pair<double, double>> corridor =
      read_series(c.path("data/zhang-2011-corridor-uo-180.csv"));
  if (c.out.corridor_data.empty()) c.out.corridor_data = corridor;
  t.evaluate = [c, densities, corridor](const std::vector<RunRecord>& runs) {
    std::vector<TestResult> results;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      const RunRecord& r = runs[i];
      DiagramPoint p;
      p.model = c.model_name;
      p.nominal = densities[i];
      p.density = mean(r.voronoi_density).value_or(0.0);
      p.speed = mean(r.voronoi_speed).value_or(0.0);
      std::vector<double> flows(r.voronoi_density.size());
      for (std::size_t k = 0; k < flows.size(); ++k)
        flows[k] = r.voronoi_density[k] * r.voronoi_speed[k];
      p.flow = mean(flows).value_or(0.0);
      p.weidmann = weidmann_speed(p.density);
      // The measured corridor points within kCorridorBin of the ring's density: their mean
      // speed judges the ring where there are enough of them; Weidmann's handbook curve judges
      // it only where the measurements do not reach (it runs below them at 1.5-3 P/m²:
      // docs/validation.md, calibration), and is reported everywhere.
      std::vector<double> near;
      for (const auto& [rho, v] : corridor)
        if (std::abs(rho - p.density) <= kCorridorBin) near.push_back(v);
      const bool measured_here = near.size() >= kCorridorMinPoints;
      p.judged = densities[i] <= 4.0 && !measured_here;
      p.pass = std::abs(p.speed - p.weidmann) <= 0.25;
      c.out.diagram.push_back(p);
      const std::string name = "rimea-04-fundamental-diagram " + fmt(densities[i], 1) + " P/m2";
      const Phrase measured("rho {0} P/m2, v {1} m/s, J {2} 1/(m s)",
                            {num(p.density, 2), num(p.speed, 2), num(p.flow, 2)});
      const Phrase source = Phrase::verbatim("Weidmann 1993");
      if (p.judged)
        results.push_back(c.result(name, measured,
                                   Phrase("v_W(rho) {0} +- 0.25 m/s", {num(p.weidmann, 2)}), p.pass,
                                   source));
      else
        results.push_back(c.result(
            name, measured,
            Phrase(measured_here ? "v_W(rho) {0} +- 0.25 m/s (reported; judged by the measured "
                                   "corridor data)"
                                 : "v_W(rho) {0} +- 0.25 m/s (reported only)",
                   {num(p.weidmann, 2)}),
            true, source, true));
      const std::string corridor_name = "zhang-2011-corridor " + fmt(densities[i], 1) + " P/m2";
      const Phrase corridor_source = Phrase::verbatim("Zhang et al. 2011 (corridor UO 1.8 m)");
      const Phrase simulated("rho {0} P/m2, v {1} m/s", {num(p.density, 2), num(p.speed, 2)});
      if (measured_here) {
        const double v_measured = mean(near).value_or(0.0);
        results.push_back(
            c.result(corridor_name, simulated,
                     Phrase("v {0} +- 0.25 m/s (mean of {1} measured points within {2} P/m2)",
                            {num(v_measured, 2), whole(static_cast<std::int64_t>(near.size())),
                             num(kCorridorBin, 2)}),
                     std::abs(p.speed - v_measured) <= 0.25, corridor_source));
      } else {
        results.push_back(c.result(
            corridor_name, simulated,
            Phrase("no measured points within {0} P/m2 (reported only)", {num(kCorridorBin, 2)}),
            true, corridor_source, true));
      }
    }
    return results;
  };
  return t;
}

/// Validation: bottleneck flow vs width.
Test bottleneck_flow(const Context& c) {
  const std::string file = "validation-bottleneck-flow.yaml";
  const std::vector<double> widths = c.options.quick
                                         ? std::vector<double>{0.8, 1.2, 2.0}
                                         : std::vector<double>{0.8, 1.0, 1.2, 1.6, 2.0, 2.4};
  Test t{"validation-bottleneck-flow", {}, {}};
  for (const double w : widths) {
    const std::string lo = set_value(5.0 - 0.5 * w), hi = set_value(5.0 + 0.5 * w);
    std::vector<Override> sets{{"venue.walkable.1.0.1", lo},   {"venue.walkable.1.1.1", lo},
                               {"venue.walkable.1.2.1", hi},   {"venue.walkable.1.3.1", hi},
                               {"venue.exits.0.line.0.1", lo}, {"venue.exits.0.line.1.1", hi}};
    if (c.options.quick) sets.push_back(Override{"populations.0.count", "100"});
    t.runs.push_back(c.spec(file, sets));
  }
  t.evaluate = [c, widths](const std::vector<RunRecord>& runs) {
    std::vector<TestResult> results;
    std::vector<double> flows;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      BottleneckPoint p;
      p.model = c.model_name;
      p.width = widths[i];
      p.flow = steady_flow(runs[i].exit_times[0], 0.1).value_or(0.0);
      p.specific = p.flow / p.width;
      p.pass =
          runs[i].completed && p.specific >= kSpecificFlowLow && p.specific <= kSpecificFlowHigh;
      flows.push_back(p.flow);
      c.out.bottleneck.push_back(p);
      results.push_back(c.result(
          "bottleneck-flow b = " + fmt(p.width, 1) + " m",
          Phrase("J {0} P/s, J/b {1} P/(m s)", {num(p.flow, 2), num(p.specific, 2)}),
          Phrase("J/b {0}-{1} P/(m s)", {num(kSpecificFlowLow, 2), num(kSpecificFlowHigh, 2)}),
          p.pass, Phrase::verbatim("Seyfried et al. 2009")));
    }
    std::vector<Phrase> in_order;
    for (const double f : flows)
      in_order.push_back(Phrase("{0}", {num(f, 2)}));
    results.push_back(c.result("bottleneck-flow increasing with width",
                               Phrase("J {0} P/s", {phrase(Phrase::join(in_order, " < "))}),
                               "J increasing with b", strictly_increasing(flows),
                               Phrase::verbatim("Seyfried et al. 2009")));
    return results;
  };
  return t;
}

/// Validation against measured flows: the Juelich/Wuppertal 2006 bottleneck series, every width
/// of it, several seeds per width, compared per width and by JuPedSim's criterion (the mean
/// absolute difference over the widths).
Test juelich_bottleneck(const Context& c) {
  const std::string file = "juelich-2006-bottleneck.yaml";
  std::vector<std::pair<double, double>> measured =
      read_series(c.path("data/juelich-2006-bottleneck.csv"));
  if (c.options.quick)
    std::erase_if(measured, [](const auto& point) {
      return point.first != 1.0 && point.first != 1.8 && point.first != 2.5;
    });
  const int seeds = c.options.quick ? 1 : 3;
  Test t{"juelich-2006-bottleneck", {}, {}};
  for (const auto& [width, flow] : measured) {
    const std::string lo = set_value(4.0 - 0.5 * width), hi = set_value(4.0 + 0.5 * width);
    for (int seed = 1; seed <= seeds; ++seed)
      t.runs.push_back(c.spec(file, {{"venue.walkable.1.0.1", lo},
                                     {"venue.walkable.1.1.1", lo},
                                     {"venue.walkable.1.2.1", hi},
                                     {"venue.walkable.1.3.1", hi},
                                     {"venue.lines.0.line.0.1", lo},
                                     {"venue.lines.0.line.1.1", hi},
                                     {"seed", std::to_string(seed)}}));
  }
  t.evaluate = [c, measured, seeds](const std::vector<RunRecord>& runs) {
    std::vector<TestResult> results;
    double sum_abs_difference = 0.0;
    bool all_completed = true;
    const Phrase source = Phrase::verbatim("Seyfried et al. 2009; Liddle et al. 2011");
    for (std::size_t w = 0; w < measured.size(); ++w) {
      const auto [width, experiment] = measured[w];
      std::vector<double> flows;
      bool width_completed = true;
      for (int k = 0; k < seeds; ++k) {
        const RunRecord& r =
            runs[w * static_cast<std::size_t>(seeds) + static_cast<std::size_t>(k)];
        width_completed = width_completed && r.completed;
        const int line = index_of(r.line_names, "bottleneck");
        flows.push_back(
            steady_flow(r.line_times.at(static_cast<std::size_t>(line)), 0.1).value_or(0.0));
      }
      const double flow = mean(flows).value_or(0.0);
      const double relative = (flow - experiment) / experiment;
      sum_abs_difference += std::abs(flow - experiment);
      all_completed = all_completed && width_completed;
      BottleneckPoint p;
      p.model = c.model_name;
      p.width = width;
      p.flow = flow;
      p.specific = flow / width;
      p.experiment = experiment;
      p.pass = std::abs(relative) <= kMeasuredFlowTolerance;
      c.out.juelich.push_back(p);
      results.push_back(
          c.result("juelich-2006-bottleneck b = " + fmt(width, 1) + " m",
                   Phrase("J {0} P/s (mean of {1} runs), {2} % against the experiment",
                          {num(flow, 2), whole(seeds), num(100.0 * relative, 0)}),
                   Phrase("J {0} P/s +- {1} %",
                          {num(experiment, 2), whole(std::lround(100.0 * kMeasuredFlowTolerance))}),
                   width_completed && p.pass, source));
    }
    const double mean_abs = sum_abs_difference / static_cast<double>(measured.size());
    results.push_back(
        c.result("juelich-2006-bottleneck mean absolute difference",
                 Phrase("{0} P/s over {1} widths",
                        {num(mean_abs, 2), whole(static_cast<long>(measured.size()))}),
                 Phrase("<= {0} P/s (JuPedSim's criterion)", {num(0.5, 1)}),
                 all_completed && mean_abs <= 0.5, source));
    return results;
  };
  return t;
}

/// Start of movement at the assigned pre-movement time (RiMEA 5).
Test premovement_timing(const Context& c) {
  const std::string file = "rimea-05-premovement.yaml";
  RunSpec s = c.spec(file);
  s.track_people = true;
  const Scenario scenario = load_scenario(c.path(file));
  return {"rimea-05-premovement", {s}, [c, scenario](const std::vector<RunRecord>& runs) {
            const RunRecord& r = runs[0];
            const Distribution& d = scenario.events.at(0).evacuate.premovement;
            double worst = 0.0;
            int started = 0, outside_window = 0;
            for (std::size_t id = 1; id < r.first_move.size(); ++id) {
              if (std::isnan(r.first_move[id])) continue;
              ++started;
              // The alarm at t = 0 draws each person's time from its own stream
              // (stroom/random.hpp).
              RandomStream rng(scenario.seed, id, RandomPurpose::premovement);
              const double assigned = d.sample(rng);
              worst = std::max(worst, std::abs(r.first_move[id] - assigned));
              if (r.first_move[id] < 10.0 || r.first_move[id] > 100.0 + 2.0 * scenario.step)
                ++outside_window;
            }
            const bool pass = started == 10 && worst <= 2.0 * scenario.step + 1e-9 &&
                              r.moved_during_premovement == 0 && outside_window == 0;
            return std::vector<TestResult>{c.result(
                "rimea-05-premovement",
                Phrase("max |start - assigned| {0} s; {1}/10 started; {2} early moves",
                       {num(worst, 3), whole(started), whole(r.moved_during_premovement)}),
                Phrase("<= 2 steps ({0} s), no early moves", {num(2.0 * scenario.step, 2)}), pass,
                Phrase::verbatim("RiMEA 3.0 test 5; JuPedSim"))};
          }};
}

/// Observed start times follow the pre-movement distribution (NIST 1.1).
Test premovement_distribution(const Context& c, const std::string& kind) {
  const std::string file = "nist-1.1-premovement-" + kind + ".yaml";
  std::vector<Override> sets;
  if (c.options.quick) sets.push_back(Override{"populations.0.count", "100"});
  RunSpec s = c.spec(file, sets);
  s.track_people = true;
  const Scenario scenario = load_scenario(c.path(file));
  const std::string name = "nist-1.1-premovement-" + kind;
  return {
      name, {s}, [c, scenario, name](const std::vector<RunRecord>& runs) {
        const RunRecord& r = runs[0];
        const Distribution d = scenario.events.at(0).evacuate.premovement;
        std::vector<double> starts;
        for (std::size_t id = 1; id < r.first_move.size(); ++id)
          if (!std::isnan(r.first_move[id])) starts.push_back(r.first_move[id]);
        const auto cdf = [d](double x) {
          switch (d.kind) {
            case Distribution::Kind::uniform:
              return uniform_cdf(d.min, d.max, x);
            case Distribution::Kind::lognormal:
              return lognormal_cdf(d.mean, d.sd, x);
            case Distribution::Kind::exponential:
              return exponential_cdf(d.mean, x);
            case Distribution::Kind::constant:
            case Distribution::Kind::normal:
              break;
          }
          return x >= d.value ? 1.0 : 0.0;
        };
        const double dist = ks_distance(starts, cdf);
        const double crit = ks_critical_5pc(starts.size());
        const bool pass = static_cast<std::int64_t>(starts.size()) == r.spawned && dist <= crit;
        return std::vector<TestResult>{c.result(
            name,
            Phrase("KS D {0} (n {1}, mean {2} s)",
                   {num(dist, 3), whole(static_cast<std::int64_t>(starts.size())),
                    num_or_na(mean(starts), 1)}),
            Phrase("D <= {0}", {num(crit, 3)}), pass, Phrase::verbatim("NIST TN 1822 Verif.1.1"))};
      }};
}

/// Per-person free walking speed: the 90th percentile of |v| while moving, so that the time a
/// person spends held up behind slower ones does not count against its own speed.
std::vector<double> walking_speeds(const RunRecord& r, std::vector<int>* population) {
  std::vector<double> speeds;
  for (std::size_t id = 1; id < r.speed_samples.size(); ++id) {
    if (r.speed_samples[id].empty()) continue;
    std::vector<double> v(r.speed_samples[id].begin(), r.speed_samples[id].end());
    std::sort(v.begin(), v.end());
    speeds.push_back(*percentile(v, 90.0));
    if (population) population->push_back(r.population_of[id]);
  }
  return speeds;
}

/// Everyone walks within the speed range of their group (RiMEA 7).
Test demographics_ranges(const Context& c) {
  const std::string file = "rimea-07-demographics.yaml";
  RunSpec s = c.spec(file);
  s.track_people = true;
  const Scenario scenario = load_scenario(c.path(file));
  return {"rimea-07-demographics", {s}, [c, scenario](const std::vector<RunRecord>& runs) {
            const RunRecord& r = runs[0];
            std::vector<int> pops;
            const std::vector<double> speeds = walking_speeds(r, &pops);
            int inside_range = 0;
            double worst = 0.0;
            for (std::size_t k = 0; k < speeds.size(); ++k) {
              const Distribution& d = scenario.populations[static_cast<std::size_t>(pops[k])].speed;
              const double miss =
                  std::max({0.0, d.lower_bound() - speeds[k], speeds[k] - d.upper_bound()});
              worst = std::max(worst, miss);
              if (miss <= 0.0) ++inside_range;
            }
            const bool pass = r.completed && inside_range == 50 && speeds.size() == 50;
            return std::vector<TestResult>{
                c.result("rimea-07-demographics",
                         Phrase("{0}/{1} in their group's range (worst miss {2} m/s)",
                                {whole(inside_range),
                                 whole(static_cast<std::int64_t>(speeds.size())), num(worst, 3)}),
                         "50/50 within the age group's range", pass,
                         Phrase::verbatim("RiMEA 3.0 test 7; JuPedSim"))};
          }};
}

/// The walking speeds follow the assigned distribution (NIST 2.4).
Test demographics_distribution(const Context& c) {
  const std::string file = "nist-2.4-demographics.yaml";
  RunSpec s = c.spec(file);
  s.track_people = true;
  const Scenario scenario = load_scenario(c.path(file));
  return {
      "nist-2.4-demographics", {s}, [c, scenario](const std::vector<RunRecord>& runs) {
        const RunRecord& r = runs[0];
        const std::vector<double> speeds = walking_speeds(r, nullptr);
        const Distribution& d = scenario.populations[0].speed;
        const double dist =
            ks_distance(speeds, [&](double x) { return uniform_cdf(d.min, d.max, x); });
        const double crit = ks_critical_5pc(speeds.size());
        const bool pass = r.completed && dist <= crit;
        return std::vector<TestResult>{c.result(
            "nist-2.4-demographics",
            Phrase("KS D {0} (n {1}, median {2} m/s)",
                   {num(dist, 3), whole(static_cast<std::int64_t>(speeds.size())),
                    num_or_na(median(speeds), 2)}),
            Phrase("D <= {0}", {num(crit, 3)}), pass, Phrase::verbatim("NIST TN 1822 Verif.2.4"))};
      }};
}

/// Evacuation time falls as the walking speed rises (RiMEA 8).
Test parameter_study(const Context& c) {
  const std::string file = "rimea-08-parameter-study.yaml";
  const std::vector<double> speeds{0.5, 0.75, 1.0, 1.25, 1.5};
  Test t{"rimea-08-parameter-study", {}, {}};
  for (const double v : speeds) {
    std::vector<Override> sets;
    for (int k = 0; k < 4; ++k)
      sets.push_back(Override{"populations." + std::to_string(k) + ".speed", set_value(v)});
    t.runs.push_back(c.spec(file, sets));
  }
  t.evaluate = [c, speeds](const std::vector<RunRecord>& runs) {
    std::vector<double> times;
    std::vector<Phrase> measured;
    bool completed = true;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      times.push_back(last_exit(runs[i]));
      completed = completed && runs[i].completed;
      measured.push_back(Phrase("{0} m/s: {1} s", {num(speeds[i], 2), num(times.back(), 1)}));
    }
    return std::vector<TestResult>{
        c.result("rimea-08-parameter-study", Phrase::join(measured, ", "),
                 "all complete; time falls with speed", completed && strictly_decreasing(times),
                 Phrase("{0} (documentation)", {name("RiMEA 3.0 test 8")}), true)};
  };
  return t;
}

/// Evacuation time with 2 exits / with 4 exits (RiMEA 9).
Test large_room(const Context& c) {
  std::vector<Override> sets;
  if (c.options.quick) sets.push_back(Override{"populations.0.count", "400"});
  return {"rimea-09-large-room",
          {c.spec("rimea-09-large-room-4-exits.yaml", sets),
           c.spec("rimea-09-large-room-2-exits.yaml", sets)},
          [c](const std::vector<RunRecord>& runs) {
            const double t4 = last_exit(runs[0]), t2 = last_exit(runs[1]);
            const double ratio = t2 / t4;
            const bool pass =
                runs[0].completed && runs[1].completed && ratio >= 1.6 && ratio <= 2.4;
            return std::vector<TestResult>{c.result(
                "rimea-09-large-room",
                Phrase("t4 {0} s, t2 {1} s, ratio {2}; out {3}/{4}, {5}/{6}",
                       {num(t4, 1), num(t2, 1), num(ratio, 2), whole(runs[0].exited),
                        whole(runs[0].spawned), whole(runs[1].exited), whole(runs[1].spawned)}),
                Phrase("ratio {0}-{1} (Vadere's own geometry: t4 108-132, t2 180-220 s)",
                       {num(1.6, 1), num(2.4, 1)}),
                pass, Phrase::verbatim("RiMEA 3.0 test 9; JuPedSim"))};
          }};
}

/// Everyone leaves through the exit its journey names (RiMEA 10, NIST 3.1).
Test route_allocation(const Context& c, const std::string& name, const std::string& file,
                      const std::string& source) {
  const Scenario scenario = load_scenario(c.path(file));
  return {
      name, {c.spec(file)}, [c, scenario, name, source](const std::vector<RunRecord>& runs) {
        const RunRecord& r = runs[0];
        int right = 0, total = 0;
        for (const std::size_t id : leavers(r)) {
          ++total;
          const PopulationDesc& p =
              scenario.populations[static_cast<std::size_t>(r.population_of[id])];
          const int assigned = index_of(r.exit_names, p.journey.back().exits.at(0));
          if (r.exit_of[id] == assigned) ++right;
        }
        const bool pass = r.completed && right == total && total == r.spawned;
        return std::vector<TestResult>{c.result(
            name, Phrase("{0}/{1} through their assigned exit", {whole(right), whole(r.spawned)}),
            "all through the assigned exit", pass, Phrase::verbatim(source))};
      }};
}

/// Most use the near exit, some the far one (RiMEA 11).
Test exit_choice(const Context& c) {
  std::vector<Override> sets;
  if (c.options.quick) sets.push_back(Override{"populations.0.count", "400"});
  return {"rimea-11-exit-choice",
          {c.spec("rimea-11-exit-choice.yaml", sets)},
          [c](const std::vector<RunRecord>& runs) {
            const RunRecord& r = runs[0];
            const double near = static_cast<double>(r.exit_times[0].size());
            const double far = static_cast<double>(r.exit_times[1].size());
            const double share = near / std::max(1.0, near + far);
            const bool pass = r.completed && share > 0.5 && far >= 1.0;
            return std::vector<TestResult>{
                c.result("rimea-11-exit-choice",
                         Phrase("exit 1: {0}, exit 2: {1} ({2} % near); out {3}/{4}",
                                {num(near, 0), num(far, 0), num(100.0 * share, 1), whole(r.exited),
                                 whole(r.spawned)}),
                         "> 50 % through exit 1, >= 1 through exit 2", pass,
                         Phrase::verbatim("RiMEA 3.0 test 11"))};
          }};
}

/// No second queue behind the bottleneck (RiMEA 12).
Test bottleneck_congestion(const Context& c) {
  return {
      "rimea-12-bottleneck",
      {c.spec("rimea-12-bottleneck.yaml")},
      [c](const std::vector<RunRecord>& runs) {
        const RunRecord& r = runs[0];
        const int b = index_of(r.line_names, "bottleneck"), l = index_of(r.line_names, "last");
        const double jb = steady_flow(r.line_times[static_cast<std::size_t>(b)], 0.0).value_or(0.0);
        const double jl = steady_flow(r.line_times[static_cast<std::size_t>(l)], 0.0).value_or(0.0);
        const bool pass = r.completed && jb - jl >= -0.05;
        return std::vector<TestResult>{
            c.result("rimea-12-bottleneck",
                     Phrase("J_bottleneck {0} P/s, J_last {1} P/s, diff {2}",
                            {num(jb, 3), num(jl, 3), num(jb - jl, 3)}),
                     Phrase("J_bottleneck - J_last >= {0} P/s", {num(-0.05, 2)}), pass,
                     Phrase::verbatim("RiMEA 3.0 test 12; JuPedSim"))};
      }};
}

/// Route choice nearest vs quickest (RiMEA 14).
Test route_choice(const Context& c) {
  const std::string file = "rimea-14-route-choice.yaml";
  return {"rimea-14-route-choice",
          {c.spec(file), c.spec(file, {{"events.0.evacuate.route", "quickest"}})},
          [c](const std::vector<RunRecord>& runs) {
            const RunRecord &nearest = runs[0], &quickest = runs[1];
            const int s = index_of(nearest.exit_names, "short"),
                      l = index_of(nearest.exit_names, "long");
            const auto count = [](const RunRecord& r, int e) {
              return static_cast<std::int64_t>(r.exit_times[static_cast<std::size_t>(e)].size());
            };
            const double tn = last_exit(nearest), tq = last_exit(quickest);
            const bool pass = nearest.completed && quickest.completed && count(nearest, l) == 0 &&
                              count(quickest, l) > 0 && tq <= tn;
            return std::vector<TestResult>{
                c.result("rimea-14-route-choice",
                         Phrase("nearest: {0} short / {1} long, {2} s; quickest: {3} / {4}, {5} s",
                                {whole(count(nearest, s)), whole(count(nearest, l)), num(tn, 1),
                                 whole(count(quickest, s)), whole(count(quickest, l)), num(tq, 1)}),
                         "nearest all short; quickest mixed and not slower", pass,
                         Phrase("{0} (documentation)", {name("RiMEA 3.0 test 14")}), true)};
          }};
}

/// t_short <= t_corner <= t_long (RiMEA 15).
Test corner_crowd(const Context& c) {
  std::vector<Override> sets;
  if (c.options.quick) sets.push_back(Override{"populations.0.count", "200"});
  return {
      "rimea-15-corner-crowd",
      {c.spec("rimea-15-corner-crowd-short.yaml", sets),
       c.spec("rimea-15-corner-crowd-corner.yaml", sets),
       c.spec("rimea-15-corner-crowd-long.yaml", sets)},
      [c](const std::vector<RunRecord>& runs) {
        const double ts = last_exit(runs[0]), tc = last_exit(runs[1]), tl = last_exit(runs[2]);
        const bool done = runs[0].completed && runs[1].completed && runs[2].completed;
        return std::vector<TestResult>{c.result(
            "rimea-15-corner-crowd",
            Phrase("short {0} s, corner {1} s, long {2} s", {num(ts, 1), num(tc, 1), num(tl, 1)}),
            "t_short <= t_corner <= t_long", done && ts <= tc && tc <= tl,
            Phrase::verbatim("RiMEA 3.0 test 15"))};
      }};
}

/// Time for 100 to pass grows with the counter-flow (NIST 2.8). How long a dense counter-flow
/// takes to sort itself into lanes varies a lot from seed to seed (100 against 100: 141-424 s
/// over 30 seeds), more than the step from 50 to 100 counter-walkers on a single seed, so each
/// count runs on kCounterFlowSeeds seeds (the scenario's and the next ones) and the mean times
/// are compared; every run must get everyone through.
constexpr int kCounterFlowSeeds = 5;
Test counter_flow(const Context& c) {
  const std::string file = "nist-2.8-counter-flow.yaml";
  const std::uint64_t first_seed = load_scenario(c.path(file)).seed;
  const std::vector<int> counts{0, 10, 50, 100};
  Test t{"nist-2.8-counter-flow", {}, {}};
  for (const int n : counts)
    for (int k = 0; k < kCounterFlowSeeds; ++k)
      t.runs.push_back(c.spec(file, {{"populations.1.count", std::to_string(n)},
                                     {"seed", std::to_string(first_seed + k)}}));
  t.evaluate = [c, counts](const std::vector<RunRecord>& runs) {
    std::vector<double> means;
    std::vector<Phrase> measured;
    bool completed = true;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      double sum = 0.0;
      for (std::size_t k = 0; k < kCounterFlowSeeds; ++k) {
        const RunRecord& r = runs[i * kCounterFlowSeeds + k];
        double last = std::numeric_limits<double>::quiet_NaN();
        for (const std::size_t id : leavers(r))
          if (r.population_of[id] == 0 && !(r.exit_time_of[id] <= last)) last = r.exit_time_of[id];
        sum += last;
        completed = completed && r.completed;
      }
      means.push_back(sum / kCounterFlowSeeds);
      measured.push_back(Phrase("{0}: {1} s", {whole(counts[i]), num(means.back(), 1)}));
    }
    return std::vector<TestResult>{
        c.result("nist-2.8-counter-flow",
                 Phrase("{0} (mean of {1} seeds)",
                        {phrase(Phrase::join(measured, ", ")), whole(kCounterFlowSeeds)}),
                 "all through on every seed; mean time grows with counter-flow",
                 completed && non_decreasing(means), Phrase::verbatim("NIST TN 1822 Verif.2.8"))};
  };
  return t;
}

/// Nobody uses an exit after it closed (NIST 4.1).
Test dynamic_exit(const Context& c) {
  const std::string file = "nist-4.1-dynamic-exit-availability.yaml";
  const Scenario scenario = load_scenario(c.path(file));
  return {"nist-4.1-dynamic-exit-availability",
          {c.spec(file)},
          [c, scenario](const std::vector<RunRecord>& runs) {
            const RunRecord& r = runs[0];
            const EventDesc& close = scenario.events.at(0);
            const int e = index_of(r.exit_names, close.target);
            std::int64_t before = 0, after = 0;
            for (const double t : r.exit_times[static_cast<std::size_t>(e)])
              (t <= close.at + 1e-9 ? before : after) += 1;
            const bool pass = r.completed && after == 0 && r.exited == r.spawned;
            return std::vector<TestResult>{c.result(
                "nist-4.1-dynamic-exit-availability",
                Phrase("{0} through '{1}' after it closed ({2} before); {3}/{4} out",
                       {whole(after), name(close.target), whole(before), whole(r.exited),
                        whole(r.spawned)}),
                "0 after closing; all out", pass, Phrase::verbatim("NIST TN 1822 Verif.4.1"))};
          }};
}

/// Validation against a measured T-junction (Zhang et al. 2011, run KO_240_050_240): the
/// run's trajectories and the simulations of its junction are measured alike (Voronoi density
/// and speed in the stem's zone `measurement`, flow over its line `stem`, in the steady window
/// of that line's crossings), and the simulated means compared with the measured.
Test t_junction(const Context& c) {
  const std::string file = "zhang-2011-t-junction.yaml";
  const std::string data = "data/zhang-2011-t-junction-ko-240-050-240.txt";
  constexpr double kFramesPerSecond = 16.0;  // the run's camera
  constexpr double kTrim = 0.1;              // start-up and tail: the first and last 10 %
  constexpr int kSeeds = 3;  // a tenth of a second each: the quick set runs them too
  const Scenario scenario = load_scenario(c.path(file));
  const LineDesc* stem = nullptr;
  for (const LineDesc& l : scenario.venue.lines)
    if (l.name == "stem") stem = &l;
  if (stem == nullptr) throw std::runtime_error(c.path(file) + ": no line named 'stem'");
  const double width = stem->line.length();
  auto voronoi_everywhere = [](RunSpec s) {
    s.voronoi_from = 0.0;
    s.voronoi_interval = 0.5;
    return s;
  };
  Test t{"zhang-2011-t-junction", {}, {}};
  for (int seed = 1; seed <= kSeeds; ++seed)
    t.runs.push_back(voronoi_everywhere(c.spec(file, {{"seed", std::to_string(seed)}})));
  // The stem's steady state of one run, measured or simulated; nullopt without one.
  auto steady = [width](const RunRecord& r) -> std::optional<JunctionPoint> {
    const int line = index_of(r.line_names, "stem");
    if (line < 0) return std::nullopt;
    const std::vector<double>& times = r.line_times[static_cast<std::size_t>(line)];
    const std::optional<double> rho = steady_mean(times, kTrim, r.voronoi_time, r.voronoi_density);
    const std::optional<double> v = steady_mean(times, kTrim, r.voronoi_time, r.voronoi_speed);
    const std::optional<double> flow = steady_flow(times, kTrim);
    if (!rho || !v || !flow) return std::nullopt;
    JunctionPoint p;
    p.density = *rho, p.speed = *v, p.flow = *flow / width, p.runs = 1;
    return p;
  };
  t.evaluate = [c, data, width, steady, voronoi_everywhere,
                file](const std::vector<RunRecord>& runs) {
    if (c.out.junction.empty()) {
      const RunRecord run =
          measure_trajectories(voronoi_everywhere(c.spec(file)), c.path(data), kFramesPerSecond);
      const std::optional<JunctionPoint> m = steady(run);
      if (!m) throw std::runtime_error(c.path(data) + ": no steady window in the stem");
      JunctionPoint measured = *m;
      measured.model = "measured";
      measured.pass = true;
      c.out.junction.push_back(measured);
      const int line = index_of(run.line_names, "stem");
      const std::vector<double>& times = run.line_times[static_cast<std::size_t>(line)];
      const std::size_t drop = static_cast<std::size_t>(kTrim * static_cast<double>(times.size()));
      for (std::size_t k = 0; k < run.voronoi_time.size(); ++k)
        if (run.voronoi_time[k] >= times[drop] &&
            run.voronoi_time[k] <= times[times.size() - 1 - drop])
          c.out.junction_data.emplace_back(run.voronoi_density[k], run.voronoi_speed[k]);
    }
    // A copy: the push_back of the simulated point below may move the list.
    const JunctionPoint measured = c.out.junction.front();
    JunctionPoint sim;
    sim.model = c.model_name;
    bool all_steady = true;
    for (const RunRecord& r : runs) {
      const std::optional<JunctionPoint> p = steady(r);
      all_steady = all_steady && p && r.completed;
      if (!p) continue;
      sim.density += p->density, sim.speed += p->speed, sim.flow += p->flow, ++sim.runs;
    }
    if (sim.runs > 0) sim.density /= sim.runs, sim.speed /= sim.runs, sim.flow /= sim.runs;
    const bool density_ok = all_steady && std::abs(sim.density - measured.density) <= kCorridorBin;
    const bool speed_ok = all_steady && std::abs(sim.speed - measured.speed) <= 0.25;
    const bool flow_ok =
        all_steady && std::abs(sim.flow - measured.flow) <= kMeasuredFlowTolerance * measured.flow;
    sim.pass = density_ok && speed_ok && flow_ok;
    c.out.junction.push_back(sim);
    const Phrase source = Phrase::verbatim("Zhang et al. 2011 (T-junction KO_240_050_240)");
    const PhraseValue of_runs = whole(sim.runs);
    std::vector<TestResult> results;
    results.push_back(c.result(
        "zhang-2011-t-junction density",
        Phrase("rho {0} P/m2 in the stem (mean of {1} runs)", {num(sim.density, 2), of_runs}),
        Phrase("rho {0} +- {1} P/m2 (measured)", {num(measured.density, 2), num(kCorridorBin, 2)}),
        density_ok, source));
    results.push_back(
        c.result("zhang-2011-t-junction speed",
                 Phrase("v {0} m/s in the stem (mean of {1} runs)", {num(sim.speed, 2), of_runs}),
                 Phrase("v {0} +- {1} m/s (measured)", {num(measured.speed, 2), num(0.25, 2)}),
                 speed_ok, source));
    results.push_back(c.result(
        "zhang-2011-t-junction specific flow",
        Phrase("J/b {0} P/(m s) over the stem's {1} m (mean of {2} runs)",
               {num(sim.flow, 2), num(width, 1), of_runs}),
        Phrase("J/b {0} P/(m s) +- {1} % (measured)",
               {num(measured.flow, 2),
                whole(static_cast<std::int64_t>(std::lround(100 * kMeasuredFlowTolerance)))}),
        flow_ok, source));
    return results;
  };
  return t;
}

/// A queue forms in front of a narrow exit (NIST 5.1).
Test congestion(const Context& c) {
  RunSpec s = c.spec("nist-5.1-congestion.yaml");
  s.voronoi_from = 0.0;
  s.voronoi_interval = 0.5;
  return {
      "nist-5.1-congestion", {s}, [c](const std::vector<RunRecord>& runs) {
        const RunRecord& r = runs[0];
        const std::vector<double>& times = r.exit_times[0];
        std::vector<double> in_window;
        if (times.size() >= 10) {
          const double from = times[times.size() / 10], until = times[times.size() * 9 / 10];
          for (std::size_t k = 0; k < r.voronoi_time.size(); ++k)
            if (r.voronoi_time[k] >= from && r.voronoi_time[k] <= until)
              in_window.push_back(r.voronoi_density[k]);
        }
        const std::optional<double> rho = mean(in_window);
        const bool pass = r.completed && rho && *rho > 1.1;
        return std::vector<TestResult>{c.result(
            "nist-5.1-congestion", Phrase("density before the exit {0} P/m2", {num_or_na(rho, 2)}),
            Phrase("> {0} P/m2 (Fruin level E/F)", {num(1.1, 1)}), pass,
            Phrase::verbatim("NIST TN 1822 Verif.5.1; Fruin 1971"))};
      }};
}

/// Specific flow through a 1 m exit at most 1.33 P/(m·s) (NIST 5.2).
Test maximum_flow(const Context& c) {
  const std::string file = "nist-5.2-maximum-flow-rate.yaml";
  const Scenario scenario = load_scenario(c.path(file));
  const double width = scenario.venue.exits.at(0).line.length();
  return {
      "nist-5.2-maximum-flow-rate", {c.spec(file)}, [c, width](const std::vector<RunRecord>& runs) {
        const RunRecord& r = runs[0];
        const std::optional<double> flow = steady_flow(r.exit_times[0], 0.1);
        const double specific = flow.value_or(0.0) / width;
        return std::vector<TestResult>{c.result(
            "nist-5.2-maximum-flow-rate", Phrase("{0} P/(m s)", {num(specific, 2)}),
            Phrase("<= {0} P/(m s)", {num(1.33, 2)}), r.completed && flow && specific <= 1.33,
            Phrase::verbatim("NIST TN 1822 Verif.5.2; IMO MSC/Circ.1238"))};
      }};
}

std::vector<Test> all_tests(const Context& c) {
  std::vector<Test> tests;
  // Longest first, so that the parallel runs finish together.
  tests.push_back(fundamental_diagram(c));
  tests.push_back(large_room(c));
  tests.push_back(exit_choice(c));
  tests.push_back(corner_crowd(c));
  tests.push_back(bottleneck_flow(c));
  tests.push_back(juelich_bottleneck(c));
  tests.push_back(t_junction(c));
  tests.push_back(premovement_distribution(c, "lognormal"));
  tests.push_back(premovement_distribution(c, "uniform"));
  tests.push_back(premovement_distribution(c, "exponential"));
  tests.push_back(counter_flow(c));
  tests.push_back(route_choice(c));
  tests.push_back(bottleneck_congestion(c));
  tests.push_back(corridor_time(c, "rimea-01-corridor", "rimea-01-corridor.yaml", 26.0, 34.0,
                                "RiMEA 3.0 test 1; JuPedSim, Vadere"));
  tests.push_back(premovement_timing(c));
  tests.push_back(corner(c, "rimea-06-corner", "rimea-06-corner.yaml", "RiMEA 3.0 test 6"));
  tests.push_back(demographics_ranges(c));
  tests.push_back(parameter_study(c));
  tests.push_back(route_allocation(c, "rimea-10-route-allocation", "rimea-10-route-allocation.yaml",
                                   "RiMEA 3.0 test 10"));
  tests.push_back(corridor_time(c, "nist-2.1-corridor-speed", "nist-2.1-corridor-speed.yaml",
                                39.6 * 0.95, 39.6 * 1.05, "NIST TN 1822 Verif.2.1 (5 % ours)"));
  tests.push_back(corner(c, "nist-2.3-corner", "nist-2.3-corner.yaml", "NIST TN 1822 Verif.2.3"));
  tests.push_back(demographics_distribution(c));
  tests.push_back(route_allocation(c, "nist-3.1-exit-route-allocation",
                                   "nist-3.1-exit-route-allocation.yaml",
                                   "NIST TN 1822 Verif.3.1"));
  tests.push_back(dynamic_exit(c));
  tests.push_back(congestion(c));
  tests.push_back(maximum_flow(c));
  return tests;
}

}  // namespace

// [SECTION] Suite

SuiteResult run_suite(const SuiteOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  SuiteResult out;
  out.quick = options.quick;
  std::vector<Context> contexts;
  contexts.reserve(options.models.size());
  for (const ModelType m : options.models) {
    contexts.push_back(Context{options, m, model_name(m), out});
    out.models.push_back(model_name(m));
  }

  struct Planned {
    Test test;
    std::size_t first_run = 0;
  };
  std::vector<Planned> planned;
  std::vector<const RunSpec*> specs;
  for (const Context& c : contexts) {
    for (Test& t : all_tests(c)) {
      if (!options.filter.empty() && t.name.find(options.filter) == std::string::npos) continue;
      planned.push_back(Planned{std::move(t), 0});
    }
  }
  // Interleave models so that the long runs of both start first.
  std::stable_sort(planned.begin(), planned.end(), [](const Planned& a, const Planned& b) {
    return a.test.runs.size() > b.test.runs.size();
  });
  for (Planned& p : planned) {
    p.first_run = specs.size();
    for (const RunSpec& s : p.test.runs)
      specs.push_back(&s);
  }

  std::vector<RunRecord> records(specs.size());
  std::vector<std::exception_ptr> errors(specs.size());
  tbb::task_arena arena(std::max(1, options.jobs));
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, specs.size(), [&](std::size_t i) {
      try {
        records[i] = run_simulation(*specs[i]);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  });
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
  out.simulations = static_cast<int>(specs.size());

  // Evaluate in the order of the suite's list (by model, then test).
  std::stable_sort(planned.begin(), planned.end(),
                   [](const Planned& a, const Planned& b) { return a.first_run < b.first_run; });
  for (const Planned& p : planned) {
    const std::vector<RunRecord> runs(
        records.begin() + static_cast<std::ptrdiff_t>(p.first_run),
        records.begin() + static_cast<std::ptrdiff_t>(p.first_run + p.test.runs.size()));
    for (TestResult& r : p.test.evaluate(runs))
      out.tests.push_back(std::move(r));
  }
  std::stable_sort(
      out.tests.begin(), out.tests.end(), [&](const TestResult& a, const TestResult& b) {
        const auto rank = [&](const std::string& m) {
          return std::find(out.models.begin(), out.models.end(), m) - out.models.begin();
        };
        if (rank(a.model) != rank(b.model)) return rank(a.model) < rank(b.model);
        return a.name < b.name;
      });
  out.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

bool all_pass(const SuiteResult& result, const std::string& model) {
  for (const TestResult& t : result.tests)
    if (t.model == model && !t.pass) return false;
  return true;
}

}  // namespace stroom::verify
