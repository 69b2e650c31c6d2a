#include "stroom/io/run.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <future>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <system_error>

#include "measure/beside_the_run.hpp"
#include "stroom/io/capacity.hpp"
#include "stroom/io/inputs.hpp"
#include "stroom/io/maps_geojson.hpp"
#include "stroom/io/summary_json.hpp"
#include "stroom/io/trajectory_writer.hpp"
#include "stroom/lang.hpp"
#include "stroom/measurement.hpp"
#include "stroom/report.hpp"
#include "stroom/simulation.hpp"

namespace stroom::io {

namespace {

const char* event_kind(EventDesc::Kind kind) {
  switch (kind) {
    case EventDesc::Kind::evacuate:
      return "evacuate";
    case EventDesc::Kind::close:
      return "close";
    case EventDesc::Kind::open:
      return "open";
  }
  return "?";
}

/// The files the scenario was read from with their SHA-256, the overrides and the date.
ReportInfo report_info(const Scenario& scenario, const RunOptions& options) {
  ReportInfo info;
  info.overrides = options.overrides;
  info.classes = options.density_classes;
  info.underlay = options.underlay.get();
  // The scenario and every file it includes (a venue file, an underlay plan).
  std::vector<std::string> files = {scenario.file};
  files.insert(files.end(), scenario.includes.begin(), scenario.includes.end());
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) continue;
    std::ostringstream bytes;
    bytes << in.rdbuf();
    info.files.emplace_back(file, sha256_hex(bytes.str()));
  }
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", &utc);
  info.run_date = date;
  return info;
}

/// The run loop and the outputs (run_scenario removes them again when this throws).
RunOutcome run_and_write(const Scenario& scenario, const RunOptions& options, Simulation& sim) {
  const std::filesystem::path& out = options.out;
  std::optional<Inputs> inputs;
  if (options.copy_inputs) inputs = copy_scenario_inputs(scenario, out, options.overrides);

  // [SECTION] The run
  std::unique_ptr<TrajectoryWriter> writer;
  const std::string traj_name = trajectory_file_name(scenario.output.trajectories);
  if (scenario.output.trajectories == TrajectoryFormat::sqlite)
    writer = make_sqlite_trajectory_writer(out / traj_name, scenario, sim.venue());
  else if (scenario.output.trajectories == TrajectoryFormat::csv)
    writer = make_csv_trajectory_writer(out / traj_name);
  TrajectoryRecorder recorder(std::move(writer), scenario.output.frame_interval);
  Measurement measurement(scenario, sim.venue(), sim.threads());
  tbb::task_arena run_threads(sim.threads());  // the run's threads for its own checks
  // The capacity calculation needs nothing of the run: with more than one thread it is done
  // beside it (measure/beside_the_run.hpp), in the time its threads would otherwise wait. On one
  // thread it is done after the run, where it reads the run's own fields when they are the ones it
  // needs.
  std::future<CapacityFigures> capacity_beside;
  if (sim.threads() > 1) {
    capacity_beside = std::async(std::launch::async, [&scenario, &venue = sim.venue()] {
      return beside_the_run([&] { return capacity_figures(compute_capacity(scenario, venue)); });
    });
  }

  const auto start = std::chrono::steady_clock::now();
  measurement.observe(sim.view());
  recorder.observe(sim.view());
  std::size_t events_seen = 0;
  bool interrupted = false;
  double stepping = 0.0;
  while (!sim.done()) {
    if (options.stop && options.stop->load(std::memory_order_relaxed)) {
      interrupted = true;
      break;
    }
    const auto step_start = std::chrono::steady_clock::now();
    sim.step();
    stepping +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - step_start).count();
    const StepView view = sim.view();
    run_threads.execute([&] { check_finite(view, scenario); });
    measurement.observe(view);
    const auto& events = sim.applied_events();
    for (; events_seen < events.size(); ++events_seen) {
      const EventDesc& e = events[events_seen];
      recorder.record_event({e.at, event_kind(e.kind), e.target});
    }
    recorder.observe(view);
    if (options.progress) options.progress(sim.time(), sim.inside());
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (options.writing) options.writing();

  // [SECTION] Output: trajectories first, then the report and the maps, summary.json last (its
  // presence means the results folder is complete).
  const bool completed = !interrupted;
  recorder.finish(completed);
  RunOutcome outcome;
  outcome.interrupted = interrupted;
  Summary& summary = outcome.summary;
  summary = measurement.summarize(completed, sim.not_entered());
  summary.runtime.wall_seconds = wall;
  summary.runtime.steps = sim.steps();
  summary.runtime.agent_steps = sim.agent_steps();
  summary.runtime.agent_steps_per_second =
      wall > 0.0 ? static_cast<double>(sim.agent_steps()) / wall : 0.0;
  summary.runtime.threads = sim.threads();
  summary.runtime.stepping_seconds = stepping;
  summary.duration_limit_reached = !interrupted && summary.agents.inside > 0;
  summary.inputs = std::move(inputs);
  // maps.geojson needs neither the capacity calculation nor the report: with more than one
  // thread it is written beside them, from its own copy of the summary.
  const auto write_maps = [&scenario, &measurement, &out,
                           lang = current_lang()](const Summary& figures) {
    const LanguageScope language(lang);
    write_maps_geojson(scenario, measurement, figures, geo_reference(scenario.venue),
                       out / "maps.geojson");
  };
  std::future<void> maps;
  if (scenario.output.maps == MapsFormat::geojson) {
    if (sim.threads() > 1)
      maps = std::async(std::launch::async, write_maps, summary);
    else
      write_maps(summary);
  }
  if (capacity_beside.valid()) {
    if (completed) {
      summary.capacity = capacity_beside.get();
    } else {
      capacity_beside.wait();  // an interrupted run has no capacity table
    }
  } else if (completed) {
    CapacityOptions capacity;
    capacity.fields = &sim.navigation();  // the run's own fields, where they are the same
    summary.capacity = capacity_figures(compute_capacity(scenario, sim.venue(), capacity));
  }
  if (options.report) {
    // On the run's threads: the report encodes its map images in parallel.
    std::string html;
    run_threads.execute([&] {
      html = render_report(scenario, sim.venue(), measurement, summary,
                           report_info(scenario, options));
    });
    write_text_file(out / "report.html", html);
  }
  if (maps.valid()) maps.get();  // its error, if any, is the run's
  write_summary_json(summary, out / "summary.json");
  return outcome;
}

}  // namespace

/// Every position and velocity is finite, or the run stops with the person, time and model
/// named (exit 3), never writing a NaN. Cheap: one vectorised pass per step (|v| ≤ max is false
/// for NaN and infinity) on the calling arena's threads; the search only on failure.
void check_finite(const StepView& view, const Scenario& scenario) {
  constexpr double kMax = std::numeric_limits<double>::max();
  const bool all_finite = tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, view.x.size(), 8192), true,
      [&](const tbb::blocked_range<std::size_t>& r, bool finite) {
        int all = 1;
        for (std::size_t i = r.begin(); i < r.end(); ++i)
          all &= (std::abs(view.x[i]) <= kMax) & (std::abs(view.y[i]) <= kMax) &
                 (std::abs(view.vx[i]) <= kMax) & (std::abs(view.vy[i]) <= kMax);
        return finite && all != 0;
      },
      std::logical_and<>());
  if (all_finite) return;
  for (std::size_t i = 0; i < view.x.size(); ++i) {
    const double values[] = {view.x[i], view.y[i], view.vx[i], view.vy[i]};
    if (std::all_of(std::begin(values), std::end(values),
                    [](double v) { return std::isfinite(v); }))
      continue;
    char buffer[320];
    std::snprintf(buffer, sizeof buffer,
                  "person %lld has a non-finite position or velocity (x %g, y %g, vx %g, vy %g) "
                  "at t = %.3f s in model %s; the run is stopped, no result is written",
                  static_cast<long long>(view.ids[i]), values[0], values[1], values[2], values[3],
                  view.time, model_name(scenario.model.type));
    throw SimulationError(buffer);
  }
}

RunOutcome run_scenario(const Scenario& input, const RunOptions& options) {
  Scenario scenario = input;
  if (options.trajectories) scenario.output.trajectories = *options.trajectories;
  if (options.maps) scenario.output.maps = *options.maps;
  const std::filesystem::path& out = options.out;

  Simulation sim(scenario, SimulationOptions{options.threads});

  // Old results would be mistaken for this run's: remove them first. The same files are
  // removed when the run fails (a full disk, an unwritable folder): no partial result stays.
  const auto remove_results = [&out] {
    std::error_code ec;
    for (const char* name : {"summary.json", "report.html", "maps.geojson", "trajectories.sqlite",
                             "trajectories.sqlite-journal", "trajectories.csv"})
      std::filesystem::remove(out / name, ec);
  };
  remove_results();
  try {
    return run_and_write(scenario, options, sim);
  } catch (...) {
    remove_results();
    if (options.copy_inputs) remove_inputs_copy(scenario, out);
    throw;
  }
}

}  // namespace stroom::io
