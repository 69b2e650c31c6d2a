// stroom batch SWEEP.yaml [--out DIR] [--jobs N] [--trajectories] [--slurm ...] [--slice I/K]
// stroom batch --collect DIR
//
// Runs every (variant, seed) of a sweep (engine/batch: the sweep file, the run list, the
// aggregation) and writes runs/<variant>/<seed>/summary.json plus batch.csv, batch.json and
// batch.html. Three ways to get the runs done, all from the same deterministic run list:
//   local   — N runs at once on the local cores (TBB), each simulation single-threaded;
//   --slice — one Slurm array task's share: every K-th run, no aggregation;
//   --slurm — writes a job script and submits it as an array of K tasks; --collect aggregates.
// A run whose summary.json exists and says "completed": true is never run again, so an
// interrupted batch resumes where it stopped. Ctrl-C stops the running simulations cleanly
// (they are written as incomplete and redone next time).
#include "cmd_batch.hpp"

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "language.hpp"
#include "stroom/batch.hpp"
#include "stroom/io/run.hpp"
#include "stroom/io/summary_json.hpp"
#include "underlay_reader.hpp"

namespace stroom::cli {

namespace {

namespace fs = std::filesystem;
using batch::RunId;
using batch::Sweep;

std::atomic<bool> g_stop{false};
extern "C" void batch_request_stop(int) {
  g_stop.store(true);
}

struct BatchArgs {
  std::string sweep;
  std::string out;
  int jobs = 0;
  bool trajectories = false;
  bool reports = false;
  bool quiet = false;
  bool slurm = false;
  int array_size = 0;
  std::string sbatch_args;
  std::string slice;
  std::string collect;
  std::string lang;  ///< "en" | "nl"; empty: STROOM_LANG, else English
};

[[noreturn]] void refuse(const std::string& where, const std::string& message) {
  throw ScenarioError({Diagnostic{SourceLocation{where}, message}});
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// [SECTION] The plan: what a results folder holds (sweep, fingerprint, seeds per variant)

struct Plan {
  std::string sweep;  // absolute path of the sweep file
  std::string fingerprint;
  std::vector<int> seeds;  // per variant, in sweep order
};

const char* kPlanFile = "batch-plan.json";

void write_plan(const fs::path& out, const Sweep& sweep, const Plan& plan) {
  nlohmann::ordered_json doc;
  doc["sweep"] = plan.sweep;
  doc["scenario"] = fs::absolute(sweep.scenario).lexically_normal().string();
  doc["fingerprint"] = plan.fingerprint;
  doc["first_seed"] = sweep.first_seed;
  nlohmann::ordered_json seeds = nlohmann::ordered_json::object();
  for (std::size_t v = 0; v < sweep.variants.size(); ++v)
    seeds[sweep.variants[v].name] = plan.seeds[v];
  doc["seeds"] = seeds;
  io::write_text_file(out / kPlanFile, doc.dump(2) + "\n");
}

std::optional<nlohmann::json> read_plan(const fs::path& out) {
  const std::string text = read_text(out / kPlanFile);
  if (text.empty()) return std::nullopt;
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::string fingerprint_of(const Sweep& sweep) {
  return batch::sweep_fingerprint(sweep, read_text(sweep.scenario));
}

// A folder that holds runs of another sweep must not be mixed with this one.
void check_folder_matches(const fs::path& out, const std::string& fingerprint) {
  const auto plan = read_plan(out);
  if (!plan || !plan->is_object()) return;
  if (plan->value("fingerprint", std::string{}) != fingerprint)
    refuse("--out", out.string() +
                        " holds runs of a different sweep (the scenario file or the variants "
                        "changed since): choose another --out, or delete the folder");
}

// [SECTION] Running runs

// A run counts as done when its summary.json parses, is of this seed, and is completed.
bool run_is_done(const fs::path& folder, std::uint64_t seed) {
  const std::string text = read_text(folder / "summary.json");
  if (text.empty()) return false;
  try {
    const batch::RunRecord r = batch::parse_run_record(text);
    return r.completed && r.seed == seed;
  } catch (const std::exception&) {
    return false;
  }
}

std::string clock_text(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  return buf;
}

// One line on stderr, redrawn in place; only on a terminal.
class BatchProgress {
 public:
  BatchProgress(bool enabled, std::size_t total, std::size_t done_before)
      : enabled_(enabled), total_(total), done_(done_before), before_(done_before) {}
  void started() { change(+1, 0); }
  void finished() { change(-1, +1); }
  void finish() {
    if (enabled_ && drawn_) std::fprintf(stderr, "\r\033[K");
  }

 private:
  void change(int running, int done) {
    if (!enabled_) return;
    std::lock_guard lock(mutex_);
    running_ += running;
    done_ += static_cast<std::size_t>(done);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const std::size_t now = done_ - before_;
    std::string eta = "–";
    if (now > 0 && done_ < total_)
      eta = clock_text(wall / static_cast<double>(now) * static_cast<double>(total_ - done_));
    std::fprintf(stderr, "\r\033[Kbatch: %zu/%zu runs done, %d running, %s elapsed, %s left", done_,
                 total_, running_, clock_text(wall).c_str(), eta.c_str());
    std::fflush(stderr);
    drawn_ = true;
  }
  bool enabled_;
  std::size_t total_, done_, before_;
  int running_ = 0;
  bool drawn_ = false;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

struct RunSettings {
  int jobs = 1;
  bool trajectories = false;
  bool reports = false;
  bool progress = false;
  Lang lang = Lang::en;  ///< of each run's report.html and criterion notes
};

// Runs what is not done yet, `jobs` at a time. Returns the number of runs simulated.
std::size_t execute(const Sweep& sweep, const fs::path& out, const std::vector<RunId>& runs,
                    const RunSettings& settings) {
  std::vector<RunId> todo;
  for (const RunId& r : runs)
    if (!run_is_done(out / batch::run_folder(sweep, r), r.seed)) todo.push_back(r);
  if (todo.empty()) return 0;

  BatchProgress progress(settings.progress, runs.size(), runs.size() - todo.size());
  std::unique_ptr<tbb::global_control> allow_more;
  if (settings.jobs > tbb::info::default_concurrency())
    allow_more = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                       static_cast<std::size_t>(settings.jobs));
  tbb::task_arena arena(settings.jobs);
  std::atomic<std::size_t> simulated{0};
  arena.execute([&] {
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, todo.size(), 1),
        [&](const tbb::blocked_range<std::size_t>& range) {
          for (std::size_t i = range.begin(); i != range.end(); ++i) {
            if (g_stop.load()) return;
            const LanguageScope language(settings.lang);
            const RunId& id = todo[i];
            const batch::Variant& variant = sweep.variants[id.variant];
            Scenario scenario =
                load_scenario(sweep.scenario, batch::run_overrides(variant, id.seed));
            const fs::path folder = out / batch::run_folder(sweep, id);
            fs::create_directories(folder);
            io::RunOptions options;
            options.threads = 1;  // one run per core: see docs/batch.md
            options.out = folder;
            options.report = settings.reports;
            // maps.geojson goes with the report: a sweep of hundreds of runs would otherwise
            // write hundreds of GIS files nobody asked for.
            if (!settings.reports) options.maps = MapsFormat::none;
            if (!settings.trajectories)
              options.trajectories = TrajectoryFormat::none;
            else if (scenario.output.trajectories == TrajectoryFormat::none)
              options.trajectories = TrajectoryFormat::sqlite;
            options.stop = &g_stop;
            if (settings.reports && scenario.venue.underlay) {
              // Checked before the runs (load_checked_sweep); a variant that moves the plan
              // off the venue gets a report that says the plan is not drawn.
              try {
                options.underlay = std::make_shared<const UnderlayImage>(
                    underlay::decode(scenario.venue, underlay::kReportSide));
              } catch (const ScenarioError&) {
              }
            }
            progress.started();
            (void)io::run_scenario(scenario, options);
            progress.finished();
            simulated.fetch_add(1);
          }
        },
        tbb::simple_partitioner());
  });
  progress.finish();
  return simulated.load();
}

// [SECTION] Aggregation

std::vector<RunId> planned_runs(const Sweep& sweep, const std::vector<int>& seeds) {
  std::vector<RunId> out;
  for (std::size_t v = 0; v < sweep.variants.size(); ++v)
    for (int i = 0; i < seeds[v]; ++i)
      out.push_back({v, sweep.first_seed + static_cast<std::uint64_t>(i)});
  return out;
}

batch::BatchResult collect_results(const Sweep& sweep, const fs::path& out,
                                   const std::vector<RunId>& planned) {
  std::vector<batch::RunRecord> records;
  const std::string figure = sweep.until ? sweep.until->figure : std::string{};
  for (const RunId& id : planned) {
    const fs::path file = out / batch::run_folder(sweep, id) / "summary.json";
    const std::string text = read_text(file);
    if (text.empty()) continue;
    try {
      batch::RunRecord r = batch::parse_run_record(text, figure);
      if (r.seed != id.seed) continue;
      r.variant = sweep.variants[id.variant].name;
      records.push_back(std::move(r));
    } catch (const std::exception& e) {
      std::cerr << "stroom: warning: " << file.string() << " is unreadable (" << e.what()
                << "); counted as missing\n";
    }
  }
  return batch::aggregate(sweep, planned, std::move(records));
}

int write_results(const batch::BatchResult& result, const fs::path& out) {
  io::write_text_file(out / "batch.csv", batch::batch_csv(result));
  io::write_text_file(out / "batch.json", batch::batch_json(result));
  io::write_text_file(out / "batch.html", batch::batch_html(result));
  std::fputs(batch::batch_text(result, (out / "batch.html").string()).c_str(), stdout);
  std::fflush(stdout);
  return result.all_passed() ? kExitOk : kExitCriteriaFailed;
}

// [SECTION] Slurm

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;)
    out.push_back(w);
  return out;
}

int submit_slurm(const BatchArgs& args, const Sweep& sweep, const fs::path& out,
                 std::size_t total_runs) {
  const int k = args.array_size > 0 ? static_cast<int>(std::min<std::size_t>(
                                          static_cast<std::size_t>(args.array_size), total_runs))
                                    : static_cast<int>(std::min<std::size_t>(total_runs, 100));
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) refuse("--slurm", "cannot find the stroom executable: " + ec.message());
  fs::create_directories(out / "slurm");
  const fs::path script = out / "stroom-batch.sbatch";
  std::string text = "#!/bin/bash\n";
  text += "#SBATCH --job-name=stroom-batch\n";
  text += "#SBATCH --output=" + (out / "slurm" / "%A_%a.out").string() + "\n";
  text += "# Written by `stroom batch --slurm`. Array task i of " + std::to_string(k) +
          " runs every " + std::to_string(k) +
          "-th run of the sweep, starting at run i,\n# into the shared results folder; "
          "`stroom batch --collect` aggregates them.\nset -eu\n";
  text += "exec " + shell_quote(self.string()) + " batch " +
          shell_quote(fs::absolute(args.sweep).lexically_normal().string()) + " --out " +
          shell_quote(out.string()) + " --slice \"${SLURM_ARRAY_TASK_ID}/" + std::to_string(k) +
          "\" --jobs \"${SLURM_CPUS_PER_TASK:-1}\" --quiet" +
          (args.trajectories ? " --trajectories" : "") + (args.reports ? " --reports" : "") +
          (current_lang() == Lang::nl ? " --lang nl" : "") + "\n";
  io::write_text_file(script, text);
  fs::permissions(script, fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add);

  std::string command = "sbatch --array=0-" + std::to_string(k - 1);
  for (const std::string& w : split_words(args.sbatch_args))
    command += " " + shell_quote(w);
  command += " " + shell_quote(script.string()) + " 2>&1";
  std::FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) refuse("--slurm", "cannot start sbatch");
  std::string output;
  char buf[512];
  while (std::fgets(buf, sizeof buf, pipe))
    output += buf;
  const int status = pclose(pipe);
  std::cout << output;
  if (status != 0)
    refuse("--slurm", "sbatch failed (" + command + "); is Slurm installed and configured?");
  std::printf("%s\n", tr("submitted {0} runs of {1} variants as {2} array tasks (script {3})",
                         {std::to_string(total_runs), std::to_string(sweep.variants.size()),
                          std::to_string(k), script.string()})
                          .c_str());
  std::printf("%s\n",
              tr("when they have finished: stroom batch --collect {0}", {out.string()}).c_str());
  return kExitOk;
}

// [SECTION] The command

fs::path output_folder(const BatchArgs& args) {
  const fs::path out =
      args.out.empty() ? fs::path("results") / fs::path(args.sweep).stem() : fs::path(args.out);
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec || !fs::is_directory(out))
    refuse("--out", "cannot create the results folder " + out.string() + ": " +
                        (ec ? ec.message() : "not a folder"));
  return fs::absolute(out).lexically_normal();
}

Sweep load_checked_sweep(const std::string& path) {
  Sweep sweep = batch::load_sweep(path);
  std::vector<Diagnostic> problems = batch::check_variants(sweep);
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  // The scenario's underlay plan, which only the tools can open (docs/scenario-format.md).
  problems = underlay::check(load_scenario(sweep.scenario).venue);
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  return sweep;
}

int collect(const BatchArgs& args) {
  const fs::path out = fs::path(args.collect);
  const auto plan = read_plan(out);
  if (!plan || !plan->is_object() || !plan->contains("seeds") || !(*plan)["seeds"].is_object())
    refuse(args.collect, "no readable " + std::string(kPlanFile) + ": not a batch results folder");
  const Sweep sweep = batch::load_sweep(plan->value("sweep", std::string{}));
  if (plan->value("fingerprint", std::string{}) != fingerprint_of(sweep))
    refuse(args.collect, "the sweep or its scenario changed since the runs were made");
  std::vector<int> seeds;
  for (const batch::Variant& v : sweep.variants) {
    if (!(*plan)["seeds"].contains(v.name) || !(*plan)["seeds"][v.name].is_number_integer())
      refuse(args.collect, "the plan has no seeds for variant '" + v.name + "'");
    seeds.push_back((*plan)["seeds"][v.name].get<int>());
  }
  return write_results(collect_results(sweep, out, planned_runs(sweep, seeds)), out);
}

int run_batch(const BatchArgs& args) {
  // batch.html, the console summary and each run's report in the language chosen (--lang,
  // else STROOM_LANG, else English).
  const LanguageScope language(chosen_lang(args.lang));
  if (!args.collect.empty()) {
    if (!args.sweep.empty() || args.slurm || !args.slice.empty())
      refuse("--collect", "--collect DIR takes no sweep file, --slurm or --slice");
    return collect(args);
  }
  if (args.sweep.empty()) refuse("stroom batch", "give a sweep file, or --collect DIR");
  if (args.slurm && !args.slice.empty())
    refuse("--slice", "--slice and --slurm exclude each other");

  const Sweep sweep = load_checked_sweep(args.sweep);
  const fs::path out = output_folder(args);
  const std::string fingerprint = fingerprint_of(sweep);
  check_folder_matches(out, fingerprint);
  const int jobs = args.jobs > 0 ? args.jobs : tbb::info::default_concurrency();
  const Plan full{fs::absolute(args.sweep).lexically_normal().string(), fingerprint,
                  std::vector<int>(sweep.variants.size(), batch::planned_seeds(sweep))};
  const std::vector<RunId> all_runs = batch::run_list(sweep, batch::planned_seeds(sweep));

  if (args.slurm) {
    write_plan(out, sweep, full);
    return submit_slurm(args, sweep, out, all_runs.size());
  }

  g_stop.store(false);
  std::signal(SIGINT, batch_request_stop);
  std::signal(SIGTERM, batch_request_stop);
  RunSettings settings{jobs, args.trajectories, args.reports,
                       !args.quiet && isatty(STDERR_FILENO) == 1, current_lang()};

  if (!args.slice.empty()) {
    int index = -1, count = 0;
    char rest = 0;
    if (std::sscanf(args.slice.c_str(), "%d/%d%c", &index, &count, &rest) != 2 || count < 1 ||
        index < 0 || index >= count)
      refuse("--slice", "expected I/K with 0 <= I < K, e.g. 3/10 (got '" + args.slice + "')");
    // A Slurm task: its share of the full plan, no aggregation (--collect does that).
    // Every task writes the same plan (atomically), so --collect works whoever ran first.
    write_plan(out, sweep, full);
    const std::vector<RunId> mine = batch::slice(all_runs, index, count);
    const std::size_t simulated = execute(sweep, out, mine, settings);
    std::printf("%s\n", tr("slice {0}/{1}: {2} runs, {3} simulated now{4}",
                           {std::to_string(index), std::to_string(count),
                            std::to_string(mine.size()), std::to_string(simulated),
                            g_stop.load() ? tr(" (interrupted)") : std::string()})
                            .c_str());
    return g_stop.load() ? kExitCriteriaFailed : kExitOk;
  }

  // Local: every run of the first round; with `until`, more rounds for variants that have
  // not converged, `window` seeds at a time, up to `max`.
  std::vector<int> seeds(sweep.variants.size(), sweep.seed_count);
  if (const auto plan = read_plan(out); sweep.until && plan && plan->is_object() &&
                                        plan->contains("seeds") && (*plan)["seeds"].is_object()) {
    // Resuming a batch with `until`: start from the seeds it had already reached.
    for (std::size_t v = 0; v < sweep.variants.size(); ++v)
      if ((*plan)["seeds"].contains(sweep.variants[v].name) &&
          (*plan)["seeds"][sweep.variants[v].name].is_number_integer())
        seeds[v] = std::clamp((*plan)["seeds"][sweep.variants[v].name].get<int>(), sweep.seed_count,
                              sweep.until->max);
  }
  batch::BatchResult result;
  while (true) {
    write_plan(out, sweep, Plan{full.sweep, fingerprint, seeds});
    execute(sweep, out, planned_runs(sweep, seeds), settings);
    result = collect_results(sweep, out, planned_runs(sweep, seeds));
    if (g_stop.load() || !sweep.until) break;
    bool more = false;
    for (std::size_t v = 0; v < sweep.variants.size(); ++v) {
      const auto& c = result.variants[v].convergence;
      if ((c && c->converged) || seeds[v] >= sweep.until->max) continue;
      seeds[v] = std::min(sweep.until->max, seeds[v] + sweep.until->window);
      more = true;
    }
    if (!more) break;
  }
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  if (g_stop.load())
    std::printf("%s\n", tr("interrupted: {0} runs missing; run the same command again to resume",
                           {std::to_string(result.missing.size())})
                            .c_str());
  return write_results(result, out);
}

}  // namespace

std::function<int()> add_batch(CLI::App& app) {
  auto args = std::make_shared<BatchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "batch", "Run a sweep of variants × seeds (locally or on Slurm) and aggregate the results");
  cmd->add_option("SWEEP", args->sweep, "Sweep file (.yaml, docs/batch.md)");
  cmd->add_option("--out", args->out, "Results folder (default results/<sweep file stem>/)");
  cmd->add_option("--jobs", args->jobs,
                  "Runs at once (default 0 = all cores); each run is single-threaded")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--trajectories", args->trajectories,
                "Write each run's trajectories (the scenario's format; sqlite if it has none)");
  cmd->add_flag("--reports", args->reports,
                "Write each run's report.html (and maps.geojson, unless output.maps is none)");
  cmd->add_flag("--quiet", args->quiet, "No progress line");
  cmd->add_flag("--slurm", args->slurm,
                "Submit the sweep as a Slurm job array instead of running it here");
  cmd->add_option("--array-size", args->array_size,
                  "With --slurm: number of array tasks (default: runs, at most 100)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--sbatch-args", args->sbatch_args,
                  "With --slurm: extra sbatch options, e.g. \"--partition=short --time=1:00:00\"");
  cmd->add_option("--slice", args->slice,
                  "I/K: run only slice I of K of the run list (what each Slurm task does)");
  cmd->add_option("--collect", args->collect,
                  "Aggregate the runs found in a results folder (after --slurm)");
  cmd->add_option("--lang", args->lang, lang_help())->check(CLI::IsMember({"en", "nl"}));
  return [args] { return run_batch(*args); };
}

}  // namespace stroom::cli
