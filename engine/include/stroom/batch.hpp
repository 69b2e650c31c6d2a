// Batches of runs: a sweep file names a scenario, its variants and the seeds to run, and the
// results of all runs are aggregated into distributions (docs/batch.md).
//
//   sweep.yaml ──parse_sweep──► Sweep ──run_list──► [RunId...] ──slice──► one Slurm task's share
//                                                        │ (the CLI runs them: stroom batch)
//                                                        ▼
//              runs/<variant>/<seed>/summary.json ──parse_run_record──► RunRecord
//                                                        │
//                                      aggregate ◄───────┘  (+ convergence per variant)
//                                          │
//                      batch_csv / batch_json / batch_html (text; the CLI writes the files)
//
// Everything here is a pure function of its inputs except load_sweep(), which reads the
// sweep file: no threads, no clocks, so the same runs give the same bytes anywhere.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "stroom/error.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom::batch {

// [SECTION] The sweep file

/// `until`: add seeds until the figure's mean and sd settle (definition in docs/batch.md).
struct Until {
  std::string figure;      ///< dotted path into summary.json, e.g. evacuation.evacuation_time
  double tolerance = 0.0;  ///< largest relative change of mean and sd per added run
  int window = 0;          ///< runs in a row that must each stay within the tolerance
  int max = 0;             ///< never more seeds than this per variant
};

/// One variant: a name (its results folder) and the overrides applied to the scenario.
struct Variant {
  std::string name;
  std::vector<Override> set;              ///< in file order
  SourceLocation where;                   ///< the variant's entry in the sweep file
  std::vector<SourceLocation> set_where;  ///< location of each override's key
};

struct Sweep {
  std::string file;      ///< the sweep file as given
  std::string scenario;  ///< scenario path, resolved against the sweep file's folder
  SourceLocation scenario_where;
  std::uint64_t first_seed = 1;
  int seed_count = 0;  ///< seeds run first (with `until`: the first round)
  std::optional<Until> until;
  std::vector<Variant> variants;  ///< file order; one named "base" when the file has none
};

/// Parses and checks a sweep. `file` names it in messages and anchors the scenario path.
/// Throws ScenarioError with every problem found (FILE:LINE:COLUMN each).
Sweep parse_sweep(const std::string& yaml_text, const std::string& file);
/// Reads the file, then parse_sweep().
Sweep load_sweep(const std::string& path);

/// Loads the scenario once with each variant's overrides (plus its geometry check) and returns
/// every problem, pinned to the sweep file where the override that caused it is written.
std::vector<Diagnostic> check_variants(const Sweep& sweep);

/// The overrides of one run: the variant's, then the seed.
std::vector<Override> run_overrides(const Variant& variant, std::uint64_t seed);

/// A fingerprint of what the runs depend on (scenario text, variants and their overrides), so
/// that a results folder is never resumed with a different sweep. Seeds and `until` are not
/// part of it: adding seeds to a finished batch is allowed.
std::string sweep_fingerprint(const Sweep& sweep, const std::string& scenario_text);

// [SECTION] Runs

struct RunId {
  std::size_t variant = 0;  ///< index into Sweep::variants
  std::uint64_t seed = 0;
  bool operator==(const RunId&) const = default;
};

/// Every run with `seeds_per_variant` seeds: variants in file order, seeds ascending.
std::vector<RunId> run_list(const Sweep& sweep, int seeds_per_variant);
/// Seeds each variant gets when the whole sweep is planned at once (--slurm, --collect):
/// `seeds`, or `until.max` with `until`.
int planned_seeds(const Sweep& sweep);
/// Runs index, index + count, index + 2·count, ... of the list (slice `index` of `count`).
std::vector<RunId> slice(const std::vector<RunId>& runs, int index, int count);
/// Relative folder of a run's results: runs/<variant>/<seed>.
std::string run_folder(const Sweep& sweep, const RunId& run);

/// The figures of one run that a batch aggregates, read from its summary.json.
struct RunRecord {
  std::string variant;
  std::uint64_t seed = 0;
  bool completed = false;
  std::optional<double> evacuation_time, peak_density, travel_time_p95;  ///< s, P/m², s
  std::int64_t exited = 0;
  std::vector<std::pair<std::string, bool>> criteria;  ///< name, pass; summary order
  std::map<std::string, double> criterion_limits;      ///< name → limit, as in summary.json
  std::map<std::string, std::int64_t> exit_count;      ///< persons per exit
  std::map<std::string, double> exit_peak_flow;        ///< persons/s per exit
  std::optional<double> until_figure;                  ///< the `until` figure, when asked for
};

/// Parses summary.json text. `figure`: a dotted path to extract too (may be empty).
/// Throws std::runtime_error when the text is not a summary.
RunRecord parse_run_record(const std::string& json_text, const std::string& figure = {});

// [SECTION] Statistics

/// Mean, sample standard deviation (n − 1) and percentiles by linear interpolation between
/// order statistics (the "type 7" definition of Hyndman & Fan: p·(n − 1) as 0-based rank).
struct Stats {
  std::size_t n = 0;
  double mean = 0.0, sd = 0.0, min = 0.0, q1 = 0.0, p50 = 0.0, q3 = 0.0, p95 = 0.0, max = 0.0;
};
/// Statistics of the values; n = 0 (all zero) when there are none. sd = 0 for one value.
Stats describe(std::vector<double> values);
/// Percentile p in [0, 1] of sorted values (type 7). Requires a non-empty input.
double percentile(const std::vector<double>& sorted, double p);

/// The convergence rule of docs/batch.md on values in seed order: the smallest n at which each
/// of the last `window` runs changed the running mean and the running sd by at most
/// `tolerance` (relative). nullopt when not (yet) reached within the values.
std::optional<std::size_t> converged_after(const std::vector<double>& values, double tolerance,
                                           int window);

// [SECTION] Aggregation and outputs

struct CriterionRate {
  std::string name;
  std::size_t runs = 0;    ///< runs that evaluated this criterion
  std::size_t passed = 0;  ///< of which passed
  double rate() const { return runs ? static_cast<double>(passed) / static_cast<double>(runs) : 0; }
};

struct Convergence {
  bool converged = false;
  std::optional<std::size_t> runs;  ///< runs after which it converged
  std::size_t values = 0;           ///< runs with a value of the figure
};

struct VariantResult {
  std::string name;
  std::vector<Override> set;
  std::size_t planned = 0;     ///< runs expected
  std::size_t found = 0;       ///< runs with a summary
  std::size_t completed = 0;   ///< of which completed (not interrupted)
  std::size_t all_passed = 0;  ///< completed runs in which every criterion passed
  Stats evacuation_time, peak_density, travel_time_p95, exited;
  std::map<std::string, Stats> exit_count, exit_peak_flow;
  std::vector<CriterionRate> criteria;  ///< order of first appearance
  std::vector<double> evacuation_values, peak_density_values, travel_p95_values;  ///< seed order
  std::optional<Convergence> convergence;                                         ///< with `until`
  std::vector<double> until_values;  ///< the `until` figure, seed order
};

struct BatchResult {
  std::string sweep_file, scenario;
  std::optional<Until> until;
  std::vector<RunRecord> runs;        ///< found runs, variants in file order, seeds ascending
  std::vector<std::string> missing;   ///< run folders without a (complete) summary
  std::vector<std::string> criteria;  ///< all criterion names, order of first appearance
  std::map<std::string, double> criterion_limits;  ///< name → limit (of the first run with it)
  std::vector<VariantResult> variants;
  /// Every planned run is present and completed and passed every criterion.
  bool all_passed() const;
};

/// Aggregates the records found (any order) against the planned runs.
BatchResult aggregate(const Sweep& sweep, const std::vector<RunId>& planned,
                      std::vector<RunRecord> records);

/// batch.csv: `variant,seed,completed,evacuation_time,peak_density,travel_time_p95,exited,`
/// then `pass_<criterion>` per criterion; 1/0 for booleans, empty for undetermined.
std::string batch_csv(const BatchResult& result);
/// batch.json: per variant statistics, pass rates and convergence.
std::string batch_json(const BatchResult& result);
/// batch.html: self-contained page with tables, histograms and box plots as inline SVG, in
/// current_lang() (stroom/lang.hpp).
std::string batch_html(const BatchResult& result);
/// The console summary of `stroom batch` in current_lang(): one line per variant (runs,
/// evacuation time mean and P95, peak density P95, runs in which every criterion passed), its
/// convergence, the missing runs, and the path of batch.html.
std::string batch_text(const BatchResult& result, const std::string& html_path);

/// Shortest decimal text that reads back as the same double ("nan"/"inf" never occur here).
std::string format_number(double value);

}  // namespace stroom::batch
