// Measurement: turns the StepViews of a run into the figures a permit reviewer reads —
// densities, flows, times, levels of service and the pass/fail list of the criteria.
//
//   Measurement m(scenario, venue);
//   while (!sim.done()) { sim.step(); m.observe(sim.view()); }
//   Summary s = m.summarize(completed);       // everything but runtime
//   std::string html = render_report(scenario, venue, m, s);   // stroom/report.hpp
//
// What is counted, over which area and window, and in which unit is defined in
// docs/measurement.md; every number in summary.json traces back to this class.
//
// Sampling. Crossings, spawns and exits are taken from every observed step. Grid densities,
// zone occupancy, persons inside and checkpoint queues are *sampled* every
// kSampleInterval seconds of simulated time (every step when the step is longer): the first
// observed step is a sample, then each step whose time reaches the next multiple.
// Densities are moving averages over the samples of the last `measure.window` seconds.
//
// Determinism: same observations in the same order → identical figures and series.
// Memory: O(grid cells + persons + samples × (zones + checkpoints) + crossings).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "stroom/density_grid.hpp"
#include "stroom/geometry.hpp"
#include "stroom/level_of_service.hpp"
#include "stroom/observation.hpp"
#include "stroom/scenario.hpp"
#include "stroom/summary.hpp"

namespace stroom {

/// Density thresholds that are always measured (time above, exceedance), persons/m²: the
/// onset of restricted movement (2), the usual limit for a moving crowd (4, HSG195) and the
/// level where involuntary contact begins (5). Each criterion's limit is measured too
/// (Measurement::density_thresholds()).
inline constexpr std::array<double, 3> kDensityThresholds = {2.0, 4.0, 5.0};

/// Crowd pressure at which Helbing, Johansson & Al-Abideen (2007, Phys. Rev. E 75, 046109)
/// saw the transition to crowd turbulence before the Mina accident of 2006, 1/s².
inline constexpr double kCrowdPressureThreshold = 0.02;

/// Persons reported stuck (StepView::stuck) are grouped by square places of this edge, m, and
/// summary.json lists at most kStuckPlacesListed places, the most persons first.
inline constexpr double kStuckPlaceSize = 5.0;
inline constexpr std::size_t kStuckPlacesListed = 10;

/// A series over simulated time.
struct TimeSeries {
  std::vector<double> time;   ///< s
  std::vector<double> value;  ///< unit depends on the series
};

/// Open/closed history of one exit, door or checkpoint as the simulation reported it
/// (StepView::exit_open, door_open, checkpoint_open): its state at t = 0 and each change.
struct ElementHistory {
  bool open_at_start = true;
  /// (time, open after it), s: the start of the step in which the event was applied.
  std::vector<std::pair<double, bool>> changes;

  bool ever_closed() const {
    if (!open_at_start) return true;
    for (const auto& c : changes)
      if (!c.second) return true;
    return false;
  }
  bool open_at(double t) const {
    bool open = open_at_start;
    for (const auto& c : changes)
      if (c.first <= t) open = c.second;
    return open;
  }
};

class Measurement {
 public:
  /// Seconds of simulated time between density/occupancy samples.
  static constexpr double kSampleInterval = 0.5;
  /// Seconds of simulated time over which the crowd pressure's velocity variance is taken:
  /// short, so that a crowd speeding up steadily (after the alarm) is not read as turbulence.
  static constexpr double kPressureWindow = 2.0;
  /// Persons/m²: a 3 × 3 block counts for the crowd pressure only at samples where it is at
  /// least this dense (the onset of restricted movement); sparser blocks have no crowd motion
  /// to measure, only the velocities of whoever passes.
  static constexpr double kPressureMinDensity = 2.0;

  /// Measures on the venue's walkable area. With `threads` > 1 the set-up and the passes over
  /// every person in observe() run on that many threads (a TBB arena of the measurement's own);
  /// the figures are the same for any number.
  Measurement(const Scenario& scenario, const Venue& venue, int threads = 1);
  /// Measures on an explicitly given walkable area (tests, tools without a Venue).
  Measurement(const Scenario& scenario, std::vector<PolygonWithHoles> walkable, int threads = 1);
  ~Measurement();
  Measurement(Measurement&&) noexcept;
  Measurement& operator=(Measurement&&) noexcept;
  Measurement(const Measurement&) = delete;
  Measurement& operator=(const Measurement&) = delete;

  /// Takes in one step. Call after every step, in time order (the view of the initial
  /// placement may be observed too).
  void observe(const StepView& view);

  /// The figures of the run so far, every key of summary.json except `runtime` (left at its
  /// defaults). `completed` is copied into the summary; `not_entered` is
  /// Simulation::not_entered(), which the StepViews do not carry.
  Summary summarize(bool completed, std::int64_t not_entered = 0) const;

  // [SECTION] Inputs
  const Scenario& scenario() const;
  const std::vector<PolygonWithHoles>& walkable() const;
  const DensityGrid& grid() const;

  // [SECTION] Series for the report (one value per sample unless stated)
  const std::vector<double>& sample_times() const;    ///< s
  TimeSeries persons_inside() const;                  ///< persons
  TimeSeries zone_occupancy(int zone) const;          ///< persons (index into venue.zones)
  TimeSeries zone_density(int zone) const;            ///< persons/m², averaged over measure.window
  TimeSeries checkpoint_queue(int checkpoint) const;  ///< persons waiting or in service
  /// Persons per second through exit `exit` in bins of `bin` s starting at 0 (value at the
  /// start of each bin).
  TimeSeries exit_flow(int exit, double bin = 1.0) const;
  /// As exit_flow for a measurement line, both directions together.
  TimeSeries line_flow(int line, double bin = 1.0) const;
  /// Crossing times through exit `exit`, sorted, s.
  const std::vector<double>& exit_crossing_times(int exit) const;

  // [SECTION] Densities
  /// Grid density averaged over the window at the moment of the peak (empty before any
  /// sample).
  DensityMap peak_density_map() const;
  /// Per cell, the highest window-averaged density of the run.
  DensityMap max_density_map() const;
  /// The window-averaged density map at each time of measure.snapshots that the run reached,
  /// in order; each map's time is that of the first sample at or after the snapshot time.
  std::vector<DensityMap> snapshot_maps() const;
  /// The density thresholds measured, ascending, persons/m²: kDensityThresholds and the
  /// limit of every density criterion of the scenario (`max_density`, zone `max_density`).
  const std::vector<double>& density_thresholds() const;
  /// Per cell, the seconds spent with a window-averaged density above
  /// density_thresholds()[threshold] (NaN for cells that are not measured).
  DensityMap time_above_map(int threshold) const;
  /// Per cell, the longest unbroken stretch of seconds with the window-averaged density
  /// above density_thresholds()[threshold] (NaN for cells that are not measured).
  DensityMap longest_above_map(int threshold) const;
  /// Per cell, the highest crowd pressure of the run, 1/s² (docs/measurement.md; NaN for
  /// cells that are not measured).
  DensityMap max_pressure_map() const;
  /// Person-seconds spent at each level of service (index = LevelOfService), judged by the
  /// window-averaged density of the person's grid cell at each sample. Persons in cells that
  /// are not measured are left out.
  std::array<double, kLevelOfServiceCount> level_of_service_person_time() const;

  // [SECTION] Times
  /// Travel time per person who left through an exit (exit − entry), sorted, s.
  std::vector<double> travel_times() const;
  /// Exit time per person who left through an exit, sorted, s.
  std::vector<double> exit_times() const;
  /// Alarm time, if an alarm sounded, s.
  std::optional<double> alarm_time() const;
  /// Open/closed history of each exit, door and checkpoint (index = venue element).
  const std::vector<ElementHistory>& exit_history() const;
  const std::vector<ElementHistory>& door_history() const;
  const std::vector<ElementHistory>& checkpoint_history() const;
  /// Last moment zone `zone` held anyone (after the alarm when there was one), s; nullopt when
  /// still occupied at the last observed step. When it never held anyone after the alarm,
  /// the alarm time (or 0).
  std::optional<double> zone_clear_time(int zone) const;
  /// Simulated time of the last observed step, s.
  double time() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// [SECTION] Building blocks (also used by the verification suite)

/// Highest number of `sorted_times` in any half-open interval [t, t + window), divided by
/// `window`: the peak rate over the window, per second. 0 for no times.
double peak_rate(std::span<const double> sorted_times, double window);

/// Percentile p (0–100) of sorted values, linear interpolation between closest ranks
/// (x at rank p/100·(n−1)). nullopt for no values.
std::optional<double> percentile(std::span<const double> sorted_values, double p);

}  // namespace stroom
