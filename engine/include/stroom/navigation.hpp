// Navigation: where to walk next, as distance fields over the venue (one per target).
//
// Design
//   One regular grid covers venue.bounds() plus a margin. Shared by every target:
//     - per cell: walkable (centre inside the walkable area, rasterised by scanline),
//       edge bits "the step to the east / north neighbour is crossed by a wall" (exact segment
//       tests, so thin walls and closed doors never leak), the clearance to the nearest
//       blocking wall up to wall_penalty_range (for the wall penalty), and "a wall crosses the
//       square between this centre and its north-east neighbours" (where direction() must
//       check line of sight).
//     - the current wall blocking state; toggleable walls (exits, doors, checkpoints) keep
//       the list of grid edges and cells they touch so a change is applied and judged locally.
//   Per target (allocated when first prepared), marched in floats: the travel cost T
//   (eikonal |∇T| = penalty, first-order fast marching on the 4-neighbour stencil, never
//   across a blocked edge) and the geometric walking distance D (the same upwind stencil
//   with speed 1, i.e. the length of the penalised path). Cells within 1.5 cells of the target
//   shape start at their exact Euclidean distance, so the target is located to sub-cell
//   precision. Stored is only what the queries read, 4 bytes per cell: the upwind (steepest
//   descent) direction of T from connected neighbours, as two signed bytes, and D in 16 bits
//   of a per-field power-of-two step (off by less than the field's largest distance / 65,534).
//   direction(): the stored descent directions at the four cell centres around p,
//   interpolated bilinearly over the centres that p can see; next to walls the result never
//   points into the nearest wall. Near the target it points at the closest point of the
//   shape.
//   Fields are computed in parallel across targets, in waves that never hold more memory at
//   once than computing them one by one; each field is computed serially, so the result does
//   not depend on the number of threads.
//
// Thread safety: the const queries may run concurrently from any number of threads; the
// mutating calls (add_target, prepare, on_blocking_changed) run serially between steps.
// Details and memory figures: docs/navigation.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "stroom/geometry.hpp"
#include "stroom/vec2.hpp"

namespace stroom {

struct NavigationParams {
  /// m, grid cell edge. Grown automatically (in 1 % steps) until the grid holds at most
  /// max_cells cells, so a huge venue costs bounded memory; see Navigation::cell().
  double cell = 0.25;
  /// m, within this distance of a blocking wall travel cost rises, so people keep off walls.
  double wall_penalty_range = 0.6;
  /// Cost factor at the wall itself (1 = no penalty); falls linearly to 1 at the range.
  double wall_penalty = 2.0;
  /// Upper bound on the number of grid cells (each field stores 4 bytes per cell).
  std::size_t max_cells = 8'000'000;
};

/// Where people walk to: the union of these shapes is the target (the eikonal equation's
/// zero set). A segment that coincides with an exit or door wall of the venue is closed
/// while that wall blocks (a closed exit is no target); checkpoint lines stay targets.
struct TargetShape {
  std::vector<Segment> segments;               ///< exits, doors, checkpoint lines
  std::vector<Polygon> polygons;               ///< zones
  std::vector<std::pair<Vec2, double>> discs;  ///< waypoints: centre, radius (m)
};

using TargetId = int;

class Navigation {
 public:
  /// Rasterises the venue (walkable cells, wall edges, clearance). The venue must outlive the
  /// Navigation and stay at the same address. The blocking state starts as
  /// venue.initial_blocking().
  explicit Navigation(const Venue& venue, NavigationParams params = {});
  ~Navigation();
  Navigation(Navigation&&) noexcept;
  Navigation& operator=(Navigation&&) noexcept;
  Navigation(const Navigation&) = delete;
  Navigation& operator=(const Navigation&) = delete;

  /// Registers a target; its field is computed by the next prepare() that lists it.
  TargetId add_target(TargetShape shape);  // serial; any time between steps
  /// Computes, in parallel across targets (TBB, at most as many at once as the peak memory of
  /// computing them one by one allows), every listed field that is missing or stale for this
  /// wall blocking state. Deterministic.
  void prepare(std::span<const TargetId> targets, std::span<const std::uint8_t> blocking);
  /// Called when walls change blocking (a door or exit opened or closed): marks stale only
  /// the fields the change can affect, so that prepare() recomputes just those. Adopts
  /// new_blocking as the current state.
  void on_blocking_changed(std::span<const std::uint8_t> old_blocking,
                           std::span<const std::uint8_t> new_blocking);
  /// The field is computed and valid for the current blocking state.
  bool ready(TargetId) const;
  /// The target registered with exactly this shape (the same segments, polygons and discs in
  /// the same order), if any: another user of the venue can read its field instead of
  /// computing the same one again.
  std::optional<TargetId> find_target(const TargetShape& shape) const;
  /// The current blocking state, one flag per wall of the venue.
  std::span<const std::uint8_t> blocking() const;
  /// The venue rasterised.
  const Venue& venue() const;
  /// Walking distance (m, around walls, without the wall penalty) from p to the target;
  /// +inf if unreachable or not computed. Exact within 1.5 cells of the target; elsewhere
  /// interpolated from the field, whose stored values are rounded to a step of at most
  /// 2/65,534 of the field's largest distance (off by less than 1/65,534 of it).
  double distance(TargetId, Vec2 p) const;
  /// Unit vector to walk in from p towards the target: negative gradient of the travel-cost
  /// field, (0, 0) inside the target or where unreachable. Thread-safe (const),
  /// allocation-free. Always by the general path (every corner checked), the reference for the
  /// query below.
  Vec2 direction(TargetId, Vec2 p) const;
  /// direction() and distance() of the same point in one query (the grid corners around p are
  /// looked up once): returns direction(id, p) and sets walking_distance to distance(id, p),
  /// bit for bit. Fast where most persons are (all four corners reachable, away from walls and
  /// targets: a shortcut in vector arithmetic): the simulation calls it for 50,000 persons per
  /// step from TBB threads.
  Vec2 direction(TargetId, Vec2 p, double& walking_distance) const;
  /// Starts loading what direction(id, p, walk) reads (the cell's flags and the field's four
  /// corner values) into the cache, without waiting for it; a caller that walks persons in
  /// order issues it some persons ahead. Changes nothing; any id and point are safe.
  void prefetch(TargetId, Vec2 p) const;
  /// Bytes held: the shared grid plus every computed field.
  std::size_t memory_bytes() const;
  const NavigationParams& params() const;
  /// m, the cell edge actually used (params().cell, or larger when capped by max_cells).
  double cell() const;
  int grid_width() const;   ///< cells along x
  int grid_height() const;  ///< cells along y
  std::size_t target_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stroom
