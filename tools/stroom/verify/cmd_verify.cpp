// stroom verify [--out DIR] [--filter NAME] [--quick] [--model NAME|all] [--jobs N]
//
// Runs the verification and validation suite (suite.hpp), prints one line per test and writes
// DIR/verification.html and DIR/verification.json. Exit 0 when every test of the default
// model passed (or, without the default model, every test run), 1 otherwise.
//
// --known-failures FILE turns the suite into a regression check: the file lists, one per line
// as `MODEL | TEST NAME | reason`, the tests that fail today for a documented reason. Then the
// exit code is 0 when exactly the listed tests (among those run) fail, and 1 when any other
// test fails or a listed one passes (so the list, and docs/validation.md, stay true).
#include "cmd_verify.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <thread>
#include <utility>

#include "../language.hpp"
#include "stroom/error.hpp"
#include "stroom/lang.hpp"
#include "suite.hpp"

namespace stroom::cli {

namespace {

struct VerifyArgs {
  std::string out = "results/verification";
  std::string filter;
  std::string model = "all";
  std::string scenarios;
  std::string known_failures;
  bool quick = false;
  int jobs = 0;
  std::string lang;  ///< "en" | "nl"; empty: STROOM_LANG, else English
};

std::string find_scenarios(const std::string& given) {
  if (!given.empty()) return given;
  if (std::filesystem::is_directory("scenarios/verification")) return "scenarios/verification";
  return std::string(STROOM_SOURCE_DIR) + "/scenarios/verification";
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  if (!f) throw std::runtime_error("cannot write " + path.string());
}

std::string trim(std::string text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

/// (model, test name) → reason, from a known-failures file. Throws ScenarioError with
/// FILE:LINE for malformed lines.
std::map<std::pair<std::string, std::string>, std::string> read_known_failures(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ScenarioError({Diagnostic{{path}, "cannot read the known-failures file"}});
  std::map<std::pair<std::string, std::string>, std::string> known;
  std::vector<Diagnostic> problems;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string text = trim(line);
    if (text.empty() || text[0] == '#') continue;
    const auto bar1 = text.find('|');
    const auto bar2 = bar1 == std::string::npos ? bar1 : text.find('|', bar1 + 1);
    if (bar2 == std::string::npos) {
      problems.push_back({{path, number, 1}, "expected 'MODEL | TEST NAME | reason'"});
      continue;
    }
    known[{trim(text.substr(0, bar1)), trim(text.substr(bar1 + 1, bar2 - bar1 - 1))}] =
        trim(text.substr(bar2 + 1));
  }
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  return known;
}

int run_verify(const VerifyArgs& args) {
  // verification.html and the console lines in the language chosen (--lang, else
  // STROOM_LANG, else English); verification.json does not change with it.
  const LanguageScope language(chosen_lang(args.lang));
  std::map<std::pair<std::string, std::string>, std::string> known;
  if (!args.known_failures.empty()) {
    try {
      known = read_known_failures(args.known_failures);
    } catch (const ScenarioError& e) {
      for (const Diagnostic& d : e.diagnostics())
        std::cerr << d.format() << '\n';
      return 2;
    }
  }
  verify::SuiteOptions options;
  options.scenario_dir = find_scenarios(args.scenarios);
  options.filter = args.filter;
  options.quick = args.quick;
  for (const ModelInfo& m : kModels) {
    if (args.model == "all" || args.model == m.name) options.models.push_back(m.type);
  }
  options.jobs = args.jobs > 0
                     ? args.jobs
                     : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (!std::filesystem::is_directory(options.scenario_dir)) {
    std::cerr << options.scenario_dir
              << ": error: verification scenarios not found (--scenarios)\n";
    return 2;
  }
  std::cerr << tr("stroom verify: {0}, {1} jobs, scenarios in {2}",
                  {args.quick ? tr("quick suite") : tr("full suite"), std::to_string(options.jobs),
                   options.scenario_dir})
            << '\n';

  const verify::SuiteResult result = verify::run_suite(options);
  if (result.tests.empty()) {
    std::cerr << "stroom verify: error: no test matches --filter '" << args.filter << "'\n";
    return 2;
  }
  for (const verify::TestResult& t : result.tests)
    std::cout << verify::result_line(t, known.count({t.model, t.name}) > 0) << '\n';
  const std::filesystem::path out(args.out);
  std::filesystem::create_directories(out);
  write_file(out / "verification.html", verify::render_html(result));
  write_file(out / "verification.json", verify::render_json(result));

  // With all models, the verdict is the default model's (the first in the table of models).
  const std::string judged = args.model == "all" ? kModels[0].name : args.model;
  const bool ok = verify::all_pass(result, judged);
  std::cout << verify::summary_line(result, judged, ok, (out / "verification.html").string())
            << '\n';
  if (args.known_failures.empty()) return ok ? 0 : 1;

  // Regression check against the documented failures.
  int unexpected = 0, expected_failures = 0;
  for (const verify::TestResult& t : result.tests) {
    const bool listed = known.count({t.model, t.name}) > 0;
    if (t.pass == listed) {
      ++unexpected;
      std::cout << (t.pass ? tr("unexpected pass (remove it from {0}): {1} [{2}]",
                                {args.known_failures, t.name, t.model})
                           : tr("unexpected failure (not in {0}): {1} [{2}]",
                                {args.known_failures, t.name, t.model}))
                << '\n';
    } else if (listed) {
      ++expected_failures;
    }
  }
  std::cout << tr("{0} known failures (documented in {1}), {2} unexpected results",
                  {std::to_string(expected_failures), args.known_failures,
                   std::to_string(unexpected)})
            << '\n';
  return unexpected == 0 ? 0 : 1;
}

}  // namespace

std::function<int()> add_verify(CLI::App& app) {
  auto args = std::make_shared<VerifyArgs>();
  CLI::App* cmd = app.add_subcommand("verify", "Run the verification and validation suite");
  cmd->add_option("--out", args->out, "Results folder (default results/verification)");
  cmd->add_option("--filter", args->filter, "Run only the tests whose name contains this");
  cmd->add_flag("--quick", args->quick, "Reduced set for CI (fewer densities, widths, persons)");
  std::vector<std::string> models = {"all"};
  std::string model_help;
  for (const ModelInfo& m : kModels) {
    models.emplace_back(m.name);
    model_help += (model_help.empty() ? "" : ", ") + std::string(m.name);
  }
  cmd->add_option("--model", args->model, "Operational model: " + model_help + " or all")
      ->check(CLI::IsMember(models));
  cmd->add_option("--jobs", args->jobs, "Simulations at the same time (default: all cores)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--known-failures", args->known_failures,
                  "Regression mode: exit 0 when exactly the tests listed in FILE fail "
                  "(lines 'MODEL | TEST NAME | reason')");
  cmd->add_option("--scenarios", args->scenarios,
                  "Folder of the verification scenarios (default scenarios/verification)");
  cmd->add_option("--lang", args->lang, lang_help())->check(CLI::IsMember({"en", "nl"}));
  return [args] { return run_verify(*args); };
}

}  // namespace stroom::cli
