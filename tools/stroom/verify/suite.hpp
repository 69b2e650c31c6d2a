// The verification and validation suite behind `stroom verify`: the RiMEA and NIST TN 1822 /
// ISO 20414 tests and the validation against data (Weidmann's fundamental diagram, bottleneck
// flow vs width), each a set of simulations of a scenario in scenarios/verification/ and an
// evaluation that compares the measured value with the window of its source
// (docs/validation.md lists them all).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "phrase.hpp"
#include "stroom/model_params.hpp"

namespace stroom::verify {

struct SuiteOptions {
  std::string scenario_dir;       ///< folder holding the verification scenarios
  std::string filter;             ///< run only tests whose name contains this; empty = all
  bool quick = false;             ///< reduced set (fewer densities, widths and persons)
  std::vector<ModelType> models;  ///< operational models to run every test with
  int jobs = 1;                   ///< simulations run at the same time
};

/// One line of the result table.
struct TestResult {
  std::string name;   ///< test name, e.g. "rimea-01-corridor" or "fundamental-diagram 2.0 P/m2"
  std::string model;  ///< model name
  Phrase measured;    ///< measured value with unit
  Phrase expected;    ///< window or relation of the source
  bool pass = false;
  bool documentation = false;  ///< a documentation test: pass = the documented relation holds
  Phrase source;               ///< where the window comes from
};

/// One measured point of the fundamental diagram.
struct DiagramPoint {
  std::string model;
  double nominal = 0.0;   ///< P/m², density the ring was filled with
  double density = 0.0;   ///< P/m², Voronoi, mean over the window
  double speed = 0.0;     ///< m/s, Voronoi, mean over the window
  double flow = 0.0;      ///< 1/(m·s), mean of density × speed
  double weidmann = 0.0;  ///< m/s, Weidmann's speed at the measured density
  bool judged = false;    ///< inside the acceptance range of densities
  bool pass = false;
};

/// The band of the bottleneck test (validation-bottleneck-flow.yaml), specific flow in
/// P/(m·s): from the handbooks' design capacity (1.2) to the highest specific flow of the
/// Jülich/Wuppertal 2006 series (2.05 at 2.5 m) plus the 10 % that series is compared within.
inline constexpr double kSpecificFlowLow = 1.2, kSpecificFlowHigh = 2.25;

/// One measured point of bottleneck flow vs width.
struct BottleneckPoint {
  std::string model;
  double width = 0.0;       ///< m
  double flow = 0.0;        ///< persons/s
  double specific = 0.0;    ///< persons/(m·s)
  double experiment = 0.0;  ///< persons/s measured at this width (measured series only)
  bool pass = false;
};

/// The T-junction of Zhang et al. 2011 (run KO_240_050_240): the stem's steady state, measured
/// in the run or simulated by a model.
struct JunctionPoint {
  std::string model;     ///< the model, or "measured" for the run
  double density = 0.0;  ///< P/m², Voronoi, mean over the steady window
  double speed = 0.0;    ///< m/s, Voronoi, mean over the steady window
  double flow = 0.0;     ///< P/(m·s): flow over the stem's line / the stem's width
  int runs = 0;          ///< runs averaged (seeds; 1 for the measured run)
  bool pass = false;     ///< all three within their tolerances of the measured run
};

struct SuiteResult {
  std::vector<TestResult> tests;
  std::vector<DiagramPoint> diagram;
  std::vector<BottleneckPoint> bottleneck;
  std::vector<BottleneckPoint> juelich;  ///< the Juelich 2006 series, simulated and measured
  /// (density P/m², speed m/s) measured in the corridor of Zhang et al. 2011, for the plot
  std::vector<std::pair<double, double>> corridor_data;
  /// The T-junction: the measured run first, then one point per model.
  std::vector<JunctionPoint> junction;
  /// (density P/m², speed m/s) of the measured run's Voronoi samples in its steady window.
  std::vector<std::pair<double, double>> junction_data;
  int simulations = 0;
  double wall_seconds = 0.0;
  bool quick = false;
  std::vector<std::string> models;
};

/// Runs the suite. Throws ScenarioError / SimulationError when a scenario cannot be run.
SuiteResult run_suite(const SuiteOptions& options);

/// True when every test of `model` passed (documentation tests included).
bool all_pass(const SuiteResult& result, const std::string& model);

/// verification.html: the result table, the fundamental diagram with Weidmann's curve and
/// the bottleneck flows with the experimental band, as one self-contained page, in
/// current_lang().
std::string render_html(const SuiteResult& result);
/// verification.json: the same figures, machine-readable.
std::string render_json(const SuiteResult& result);

/// The console line of one test, in current_lang(): verdict (XPASS / XFAIL when `listed` as
/// a known failure), name, model, measured, expected.
std::string result_line(const TestResult& test, bool listed);
/// The console line after the tests, in current_lang(): how many passed, the simulations and
/// the time, the verdict on the `judged` model, and the report's path.
std::string summary_line(const SuiteResult& result, const std::string& judged, bool ok,
                         const std::string& report_path);

}  // namespace stroom::verify
