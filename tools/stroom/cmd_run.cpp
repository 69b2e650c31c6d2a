// stroom run SCENARIO [options]: simulate, measure, write summary.json, trajectories and
// report.html into the results folder, print a short summary. Exit 1 when a criterion failed.
//
// Ctrl-C / SIGTERM: the handler only sets a flag (async-signal-safe); the loop stops before
// the next step and everything is written with "completed": false (exit 130). When no step
// ends within a second of the signal (loading, set-up, a first step that computes the
// navigation fields), a watchdog ends the process instead, after removing every output of the
// run, so that Ctrl-C always acts within a second and leaves no partial file.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "commands.hpp"
#include "language.hpp"
#include "progress.hpp"
#include "scenario_input.hpp"
#include "stroom/io/inputs.hpp"
#include "stroom/io/run.hpp"
#include "stroom/lang.hpp"
#include "summary_text.hpp"
#include "underlay_reader.hpp"

namespace stroom::cli {

namespace {

// Set by the signal handler; lock-free, so async-signal-safe.
std::atomic<bool> g_stop_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the stop flag must be lock-free");

// When the first stop request came (CLOCK_MONOTONIC, ns); 0: none yet.
std::atomic<std::int64_t> g_first_stop_ns{0};
static_assert(std::atomic<std::int64_t>::is_always_lock_free, "used in the signal handler");
/// A signal this long after the first is a second Ctrl-C; sooner, a copy of the first: timeout(1)
/// sends its signal to the run and then to the run's process group within microseconds.
constexpr std::int64_t kRepeatNs = 250'000'000;

// The first Ctrl-C asks for a clean stop. A second one, a quarter of a second or more later,
// ends the process at once by the default action; copies of the first that come sooner are
// ignored. clock_gettime(), signal() and raise() are async-signal-safe.
extern "C" void request_stop(int sig) {
  timespec t{};
  ::clock_gettime(CLOCK_MONOTONIC, &t);
  const std::int64_t now = static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
  std::int64_t first = 0;
  if (g_first_stop_ns.compare_exchange_strong(first, now)) {
    g_stop_requested.store(true);
    return;
  }
  if (now - first >= kRepeatNs) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
}

/// Steps completed so far (the run loop's progress callback counts them), and whether the
/// loop has ended and the results are being written.
std::atomic<std::uint64_t> g_steps_done{0};
std::atomic<bool> g_writing{false};

/// Ends the process when a stop request is not answered by the run loop within a second.
class StopWatchdog {
 public:
  explicit StopWatchdog(std::vector<std::filesystem::path> outputs)
      : outputs_(std::move(outputs)), thread_([this] { watch(); }) {}
  ~StopWatchdog() {
    {
      std::lock_guard lock(mutex_);
      finished_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  StopWatchdog(const StopWatchdog&) = delete;
  StopWatchdog& operator=(const StopWatchdog&) = delete;
  /// The output files of the run, once the results folder is known.
  void set_outputs(std::vector<std::filesystem::path> outputs) {
    std::lock_guard lock(mutex_);
    outputs_ = std::move(outputs);
  }

 private:
  void watch() {
    using namespace std::chrono_literals;
    std::unique_lock lock(mutex_);
    std::optional<std::chrono::steady_clock::time_point> asked;
    std::uint64_t steps_then = 0;
    while (!wake_.wait_for(lock, 50ms, [this] { return finished_; })) {
      if (g_writing.load()) return;  // results are written; a second Ctrl-C ends it at once
      if (!g_stop_requested.load()) continue;
      if (!asked) {
        asked = std::chrono::steady_clock::now();
        steps_then = g_steps_done.load();
        continue;
      }
      // A step ended after the request: the loop stops now and writes the results.
      if (g_steps_done.load() != steps_then) return;
      if (std::chrono::steady_clock::now() - *asked < 900ms) continue;
      std::error_code ec;
      for (const auto& file : outputs_)
        std::filesystem::remove_all(file, ec);
      std::fputs(
          "stroom: interrupted before the run could stop cleanly (during loading or "
          "set-up); no results written\n",
          stderr);
      std::fflush(stderr);
      std::_Exit(kExitInterrupted);
    }
  }

  std::vector<std::filesystem::path> outputs_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool finished_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

struct RunArgs {
  std::string file;
  std::string out;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  std::vector<std::string> sets;
  std::string trajectories;
  std::string maps;
  bool quiet = false;
  std::string density_classes = "limits";
  std::string lang;  ///< "en" | "nl"; empty: report.lang, else STROOM_LANG, else English
};

std::string seconds(const std::optional<double>& v) {
  if (!v) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", *v);
  return buf;
}

std::string fixed(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void print_summary(const Summary& s, const std::filesystem::path& out, bool interrupted) {
  const char* how = interrupted                ? "interrupted"
                    : s.duration_limit_reached ? "stopped at the duration limit"
                    : s.completed              ? "completed"
                                               : "stopped";
  std::printf("%s: %s at %.1f s simulated (%.1f s wall, %.0f agent-steps/s, %d threads)\n",
              s.scenario.c_str(), how, s.simulated_time, s.runtime.wall_seconds,
              s.runtime.agent_steps_per_second, s.runtime.threads);
  if (s.duration_limit_reached)
    std::printf(
        "stopped at the duration limit: %lld still inside (raise time.duration to see "
        "them out)\n",
        static_cast<long long>(s.agents.inside));
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
  if (s.stuck.persons > 0 && !s.stuck.places.empty())
    std::printf(
        "stuck: %lld persons walked %.0f s without progress to their target, the most at "
        "(%.0f, %.0f)\n",
        static_cast<long long>(s.stuck.persons), s.stuck.after, s.stuck.places.front().x,
        s.stuck.places.front().y);
  for (const CriterionResult& c : s.criteria) {
    const std::string unit = criterion_value_unit(c.name);
    const int decimals = criterion_value_decimals(c.name);
    const std::string value = c.value ? fixed(*c.value, decimals) + unit : "not determined";
    std::printf("%s %s: %s (limit %s%s)%s%s\n", c.pass ? "PASS" : "FAIL", c.name.c_str(),
                value.c_str(), fixed(c.limit, decimals).c_str(), unit.c_str(),
                c.note.empty() ? "" : " - ", c.note.c_str());
  }
  std::printf("results: %s\n", out.string().c_str());
  std::fflush(stdout);
}

int run_scenario(const RunArgs& args) {
  // Ctrl-C is caught from the start: loading and set-up can take seconds on a large site.
  g_stop_requested.store(false);
  g_first_stop_ns.store(0);
  g_steps_done.store(0);
  g_writing.store(false);
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  StopWatchdog watchdog({});

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
  if (!args.maps.empty()) overrides.push_back({"output.maps", args.maps});
  refuse_venue_include(args.file, "run");
  const Scenario scenario = load_checked_scenario(args.file, overrides);
  print_scenario_warnings(scenario);
  // The language of the report, the criterion notes and the summary: --lang, else
  // report.lang, else STROOM_LANG, else English (a bad STROOM_LANG is refused here, before
  // anything is written).
  const Lang lang = chosen_lang(args.lang, scenario.report.lang);

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

  // [SECTION] The run (engine/io/run.cpp: the loop shared with `stroom batch`)
  std::vector<std::filesystem::path> outputs;
  for (const char* name : {"summary.json", "report.html", "maps.geojson", "trajectories.sqlite",
                           "trajectories.sqlite-journal", "trajectories.csv"})
    outputs.push_back(out / name);
  if (const auto copy = io::inputs_copy_folder(scenario, out)) outputs.push_back(*copy);
  watchdog.set_outputs(std::move(outputs));

  const LanguageScope language(lang);

  ProgressBar progress(!args.quiet && stderr_is_terminal(), scenario.duration);
  io::RunOptions options;
  options.threads = args.threads;
  options.out = out;
  options.stop = &g_stop_requested;
  options.copy_inputs = true;
  options.overrides = args.sets;
  options.density_classes = args.density_classes == "fruin-walkway" ? DensityClasses::fruin_walkway
                            : args.density_classes == "fruin-queuing"
                                ? DensityClasses::fruin_queuing
                                : DensityClasses::limits;
  options.progress = [&progress](double time, std::int64_t inside) {
    g_steps_done.fetch_add(1);
    progress.update(time, inside);
  };
  options.writing = [] { g_writing.store(true); };
  if (scenario.venue.underlay)
    options.underlay = std::make_shared<const UnderlayImage>(
        underlay::decode(scenario.venue, underlay::kReportSide));
  const io::RunOutcome outcome = io::run_scenario(scenario, options);
  progress.finish();
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  const Summary& summary = outcome.summary;
  const bool interrupted = outcome.interrupted;

  if (lang == Lang::en)
    print_summary(summary, out, interrupted);
  else
    print_summary_localized(stdout, summary, out, interrupted);
  // An interrupted run is never reported as a success (docs/cli.md, exit codes).
  if (interrupted) return kExitInterrupted;
  if (!summary.all_criteria_pass()) return kExitCriteriaFailed;
  return summary.duration_limit_reached ? kExitDurationLimit : kExitOk;
}

}  // namespace

Command add_run(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand(
      "run", "Simulate a scenario; write summary.json, trajectories, report.html and maps.geojson");
  cmd->add_option("SCENARIO", args->file, "Scenario file (.yaml)")->required();
  cmd->add_option("--out", args->out,
                  "Results folder (default results/<scenario file stem>/), created if missing");
  cmd->add_option("--seed", args->seed,
                  "Random seed (a whole number >= 0); overrides the scenario's `seed`")
      ->check(CLI::NonNegativeNumber);
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
  cmd->add_option("--maps", args->maps,
                  "geojson | none; overrides output.maps (maps.geojson: the maps and the venue "
                  "for GIS)")
      ->check(CLI::IsMember({"geojson", "none"}));
  cmd->add_flag("--quiet", args->quiet, "No progress bar");
  cmd->add_option("--density-classes", args->density_classes,
                  "Colours of the report's density maps: limits (default: boundaries at 1, 2, "
                  "4, 5, 6 P/m² and every density limit), fruin-walkway or fruin-queuing")
      ->check(CLI::IsMember({"limits", "fruin-walkway", "fruin-queuing"}));
  cmd->add_option("--lang", args->lang,
                  "en | nl: language of report.html and of this summary (default: the "
                  "scenario's report.lang, else STROOM_LANG, else en)")
      ->check(CLI::IsMember({"en", "nl"}));
  return [args] { return run_scenario(*args); };
}

}  // namespace stroom::cli
