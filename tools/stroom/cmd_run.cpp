// stroom run SCENARIO [options]: simulate, measure, write summary.json, trajectories and
// report.html into the results folder, print a short summary. Exit 1 when a criterion failed.
//
// Ctrl-C / SIGTERM: the handler only sets a flag (async-signal-safe); the loop stops before
// the next step and everything is written with "completed": false.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "progress.hpp"
#include "scenario_input.hpp"
#include "stroom/io/summary_json.hpp"
#include "stroom/io/trajectory_writer.hpp"
#include "stroom/measurement.hpp"
#include "stroom/report.hpp"
#include "stroom/simulation.hpp"

namespace stroom::cli {

namespace {

volatile std::sig_atomic_t g_stop_requested = 0;

extern "C" void request_stop(int) {
  g_stop_requested = 1;
}

struct RunArgs {
  std::string file;
  std::string out;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  std::vector<std::string> sets;
  std::string trajectories;
  bool quiet = false;
};

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

std::string seconds(const std::optional<double>& v) {
  if (!v) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", *v);
  return buf;
}

void print_summary(const Summary& s, const std::filesystem::path& out, bool interrupted) {
  std::printf("%s: %s at %.1f s simulated (%.1f s wall, %.0f agent-steps/s, %d threads)\n",
              s.scenario.c_str(),
              interrupted ? "interrupted" : (s.completed ? "completed" : "stopped"),
              s.simulated_time, s.runtime.wall_seconds, s.runtime.agent_steps_per_second,
              s.runtime.threads);
  std::printf("persons: %lld entered, %lld exited, %lld inside, %lld not entered\n",
              static_cast<long long>(s.agents.spawned), static_cast<long long>(s.agents.exited),
              static_cast<long long>(s.agents.inside),
              static_cast<long long>(s.agents.not_entered));
  std::printf("evacuation time: %s; last exit: %s; travel time p95: %s\n",
              seconds(s.evacuation.evacuation_time).c_str(),
              seconds(s.evacuation.last_exit_time).c_str(), seconds(s.travel_time.p95).c_str());
  if (s.density.peak)
    std::printf("peak density: %.2f P/m² at %s\n", *s.density.peak,
                seconds(s.density.peak_time).c_str());
  for (const CriterionResult& c : s.criteria) {
    std::printf("%s %s: %s (limit %g)%s%s\n", c.pass ? "PASS" : "FAIL", c.name.c_str(),
                c.value ? std::to_string(*c.value).c_str() : "-", c.limit,
                c.note.empty() ? "" : " — ", c.note.c_str());
  }
  std::printf("results: %s\n", out.string().c_str());
  std::fflush(stdout);
}

int run_scenario(const RunArgs& args) {
  // [SECTION] Input: everything that can be refused is checked before anything is written.
  std::vector<Override> overrides;
  std::vector<Diagnostic> problems;
  for (const std::string& text : args.sets) {
    try {
      overrides.push_back(parse_override(text));
    } catch (const ScenarioError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  if (args.seed) overrides.push_back({"seed", std::to_string(*args.seed)});
  if (!args.trajectories.empty()) overrides.push_back({"output.trajectories", args.trajectories});
  const Scenario scenario = load_checked_scenario(args.file, overrides);

  Simulation sim(scenario, SimulationOptions{args.threads});

  const std::filesystem::path out =
      args.out.empty() ? std::filesystem::path("results") / std::filesystem::path(args.file).stem()
                       : std::filesystem::path(args.out);
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec || !std::filesystem::is_directory(out)) {
    throw ScenarioError(
        {Diagnostic{SourceLocation{"--out"}, "cannot create the results folder " + out.string() +
                                                 ": " + (ec ? ec.message() : "not a folder")}});
  }
  // Old results would be mistaken for this run's: remove them first.
  for (const char* name : {"summary.json", "report.html", "trajectories.sqlite",
                           "trajectories.sqlite-journal", "trajectories.csv"})
    std::filesystem::remove(out / name, ec);

  // [SECTION] The run
  std::unique_ptr<io::TrajectoryWriter> writer;
  const std::string traj_name = io::trajectory_file_name(scenario.output.trajectories);
  if (scenario.output.trajectories == TrajectoryFormat::sqlite)
    writer = io::make_sqlite_trajectory_writer(out / traj_name, scenario, sim.venue());
  else if (scenario.output.trajectories == TrajectoryFormat::csv)
    writer = io::make_csv_trajectory_writer(out / traj_name);
  io::TrajectoryRecorder recorder(std::move(writer), scenario.output.frame_interval);
  Measurement measurement(scenario, sim.venue());

  g_stop_requested = 0;
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);

  ProgressBar progress(!args.quiet && stderr_is_terminal(), scenario.duration);
  const auto start = std::chrono::steady_clock::now();
  measurement.observe(sim.view());
  recorder.observe(sim.view());
  std::size_t events_seen = 0;
  bool interrupted = false;
  while (!sim.done()) {
    if (g_stop_requested) {
      interrupted = true;
      break;
    }
    sim.step();
    const StepView view = sim.view();
    measurement.observe(view);
    const auto& events = sim.applied_events();
    for (; events_seen < events.size(); ++events_seen) {
      const EventDesc& e = events[events_seen];
      recorder.record_event({e.at, event_kind(e.kind), e.target});
    }
    recorder.observe(view);
    progress.update(sim.time(), sim.inside());
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  progress.finish();
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);

  // [SECTION] Output: trajectories first, then the report, summary.json last (its presence
  // means the results folder is complete).
  const bool completed = !interrupted;
  recorder.finish(completed);
  Summary summary = measurement.summarize(completed, sim.not_entered());
  summary.runtime.wall_seconds = wall;
  summary.runtime.steps = sim.steps();
  summary.runtime.agent_steps = sim.agent_steps();
  summary.runtime.agent_steps_per_second =
      wall > 0.0 ? static_cast<double>(sim.agent_steps()) / wall : 0.0;
  summary.runtime.threads = sim.threads();
  io::write_text_file(out / "report.html",
                      render_report(scenario, sim.venue(), measurement, summary));
  io::write_summary_json(summary, out / "summary.json");

  print_summary(summary, out, interrupted);
  return summary.all_criteria_pass() ? kExitOk : kExitCriteriaFailed;
}

}  // namespace

Command add_run(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand(
      "run", "Simulate a scenario; write summary.json, trajectories and report.html");
  cmd->add_option("SCENARIO", args->file, "Scenario file (.yaml)")->required();
  cmd->add_option("--out", args->out,
                  "Results folder (default results/<scenario file stem>/), created if missing");
  cmd->add_option("--seed", args->seed, "Random seed; overrides the scenario's `seed`");
  cmd->add_option("--threads", args->threads,
                  "Worker threads (default 0 = all cores); results do not depend on it")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--set", args->sets,
                  "KEY=VALUE: override a scalar of the scenario by its dotted path, e.g. "
                  "model.type=social-force or populations.0.count=800; repeatable")
      ->allow_extra_args(false);
  cmd->add_option("--trajectories", args->trajectories,
                  "sqlite | csv | none; overrides output.trajectories")
      ->check(CLI::IsMember({"sqlite", "csv", "none"}));
  cmd->add_flag("--quiet", args->quiet, "No progress bar");
  return [args] { return run_scenario(*args); };
}

}  // namespace stroom::cli
