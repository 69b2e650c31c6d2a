// Where and when people appear: lattice placement for `count`+`in` populations and arrival
// times for `arrive` populations. Functions of their inputs (and the counter-based random
// streams), tested on their own in tests/engine/sim/test_spawning.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "geometry/polygon.hpp"
#include "stroom/observation.hpp"
#include "stroom/random.hpp"
#include "stroom/scenario.hpp"
#include "stroom/vec2.hpp"

namespace stroom::sim {

/// Expected number of arrivals up to time t: the integral of the piecewise-linear rate
/// (0 before the first point and after the last).
double cumulative_arrivals(const std::vector<RatePoint>& rate, double t);

/// The arrival times of one population, drawn one at a time as the run reaches them, so that
/// memory never depends on how far the rate profile reaches beyond the simulated time.
/// Arrival k (k = 0, 1, ...) comes when the cumulative rate reaches k + u_k, u_k uniform in
/// [0, 1) drawn from `rng` (one draw per arrival): the count up to any time t is within one of
/// the integral of the rate. At most `total` arrivals when set.
class ArrivalStream {
 public:
  ArrivalStream() = default;  ///< no arrivals
  /// Keeps a pointer to `arrive`, which must outlive the stream.
  ArrivalStream(const ArrivalDesc& arrive, RandomStream rng);

  bool empty() const { return !next_; }
  /// Time of the next arrival, s (not empty()).
  double next_time() const { return *next_; }
  /// Number of the next arrival (0 for the first).
  std::int64_t next_index() const { return k_ - 1; }
  /// Moves on to the following arrival.
  void pop() { draw(); }
  /// Drops every arrival still to come; returns how many there were.
  std::int64_t drop_rest();

 private:
  void draw();

  const std::vector<RatePoint>* rate_ = nullptr;
  RandomStream rng_{0, 0, RandomPurpose::arrival};
  std::int64_t k_ = 0;  ///< arrivals drawn so far
  std::int64_t cap_ = 0;
  double total_expected_ = 0.0;
  std::size_t seg_ = 0;
  double seg_start_sum_ = 0.0;  ///< cumulative arrivals at rate[seg_].time
  std::optional<double> next_;
};

/// Who a person is: visitor profile (-1 without), body radius (m) and desired free walking
/// speed (m/s), drawn from the person's own streams (seed and id), so that the same id gives
/// the same person whatever the threads or the order of other draws (docs/models.md,
/// "Visitor profiles").
struct PersonTraits {
  int profile = -1;
  double radius = 0.0;
  double speed = 0.0;
};
PersonTraits draw_person(std::uint64_t seed, const PopulationDesc& pop, PersonId pid);

/// Every arrival time of a stream, ascending (tests and tools; the simulation draws lazily).
std::vector<double> arrival_times(const ArrivalDesc& arrive, RandomStream rng);

/// Up to `count` spots inside `area` for bodies of radius `radius`, at least 2·radius apart.
/// `accept(p)` says whether a spot is usable (walkable, clear of walls). The spots are a
/// jittered hexagonal lattice, spaced as widely as the count allows (down to touching bodies),
/// chosen at random among the usable lattice points. Fewer than `count` are returned only
/// when even touching bodies do not fit.
std::vector<Vec2> lattice_spots(const Polygon& area, int count, double radius,
                                const std::function<bool(Vec2)>& accept, RandomStream rng);

// The polygon primitives live in engine/src/geometry/polygon.hpp.
using geometry::polygon_area;
using geometry::polygon_bounds;
using geometry::polygon_contains;

}  // namespace stroom::sim
