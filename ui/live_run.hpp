// A live simulation on a worker thread. The UI sends commands (play, pause, step, speed,
// what-if events) and takes the latest snapshot each frame; it never waits for a step.
//
//   UI thread                         worker thread
//   ─────────                         ─────────────
//   play()/step_once()/schedule() ──► commands (mutex + condition variable)
//                                     Simulation::step(), Measurement::observe(),
//                                     RunStatistics::observe()
//   take_latest(front)            ◄── SnapshotExchange::publish(back), ≤ 60 times per second
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "instant_density.hpp"
#include "snapshot.hpp"
#include "stroom/scenario.hpp"

namespace stroom {
class Measurement;
class Simulation;
struct StepView;
}  // namespace stroom

namespace stroom::view {

/// The plots of a live run. Persons inside, exit flows and checkpoint queues are the engine's
/// Measurement series, the same figures as summary.json and the report; the viewer counts
/// nothing itself. Only the densest cell is the viewer's own: the instantaneous grid of the
/// density overlay (InstantDensity), sampled every `interval` s of simulated time.
class RunStatistics {
 public:
  RunStatistics(const Scenario& scenario, const Bounds& venue_bounds, double interval = 1.0);
  /// Call after every step.
  void observe(const StepView& view);
  /// The series as they stand: `measurement`'s and the densest cell's.
  void copy_to(const Measurement& measurement, Snapshot& snapshot) const;

 private:
  double interval_;
  double next_sample_;
  std::vector<std::string> exit_names_, checkpoint_names_;
  Series density_;
  InstantDensity grid_;
  double peak_density_ = 0.0, peak_time_ = 0.0;
};

/// Copies what the viewer needs from the simulation and its measurement into `out` (reusing
/// its buffers). The summary is left as it is: it costs more, and the caller decides when.
void fill_snapshot(const Simulation& sim, const RunStatistics& stats,
                   const Measurement& measurement, Snapshot& out);

/// Runs `scenario` on the calling thread until simulated time `at` (or until done) and fills
/// `out`, summary included: the headless screenshot mode and tests. Throws what the engine
/// throws (ScenarioError for a scenario that cannot be simulated).
void simulate_to(const Scenario& scenario, double at, int threads, Snapshot& out);

class LiveRun {
 public:
  /// Starts the worker, which builds the Simulation (errors arrive as Snapshot::error).
  /// threads: engine worker threads (0 = all cores).
  LiveRun(Scenario scenario, int threads);
  ~LiveRun();
  LiveRun(const LiveRun&) = delete;
  LiveRun& operator=(const LiveRun&) = delete;

  void set_playing(bool playing);
  bool playing() const { return playing_.load(); }
  /// One step, when paused.
  void step_once();
  /// Simulated seconds per wall-clock second; 0 = as fast as possible.
  void set_speed(double factor);
  double speed() const { return speed_.load(); }
  /// What-if: applied by the engine at the start of its next step.
  void schedule(const EventDesc& event);

  bool take_latest(Snapshot& front) { return exchange_.take_latest(front); }
  const Scenario& scenario() const { return scenario_; }

 private:
  void run();

  Scenario scenario_;
  int threads_;
  SnapshotExchange exchange_;
  std::atomic<bool> playing_{false};
  std::atomic<double> speed_{1.0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  int steps_requested_ = 0;
  bool timing_reset_ = true;
  std::vector<EventDesc> pending_events_;
  std::thread worker_;
};

}  // namespace stroom::view
