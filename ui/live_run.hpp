// A live simulation on a worker thread. The UI sends commands (play, pause, step, speed,
// what-if events) and takes the latest snapshot each frame; it never waits for a step.
//
//   UI thread                         worker thread
//   ─────────                         ─────────────
//   play()/step_once()/schedule() ──► commands (mutex + condition variable)
//                                     Simulation::step(), RunStatistics::observe()
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
class Simulation;
struct StepView;
}  // namespace stroom

namespace stroom::view {

/// Turns the per-step observations of a run into the time series and peaks of a Snapshot.
class RunStatistics {
 public:
  RunStatistics(const Scenario& scenario, const Bounds& venue_bounds, double interval = 1.0);
  /// Call after every step.
  void observe(const StepView& view, std::int64_t inside);
  void copy_to(Snapshot& snapshot) const;

 private:
  void close_sample(const StepView& view, std::int64_t inside);

  double interval_;
  double next_sample_;
  std::vector<int> exit_counts_;
  Series inside_;
  std::vector<Series> exit_flow_;
  std::vector<Series> queues_;
  Series density_;
  InstantDensity grid_;
  double peak_density_ = 0.0, peak_time_ = 0.0;
};

/// Copies what the viewer needs from the simulation into `out` (reusing its buffers).
void fill_snapshot(const Simulation& sim, const RunStatistics& stats, Snapshot& out);

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
