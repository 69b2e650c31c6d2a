// Blocking walls bucketed into a uniform cell grid, for the hot per-person wall queries of
// the operational models and the move-and-constrain phase.
//
// Why not Venue::walls_within (the Box2D tree) in the hot loop: a tree query costs about a
// microsecond, a grid lookup a few nanoseconds, and a person needs one or two per step. Each
// cell lists every blocking wall that passes within `reach` of the cell, so a query for a point
// and any radius up to `reach` reads a single cell. Rebuilt (serially, in wall order) whenever
// an event changes which walls block.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "stroom/geometry.hpp"
#include "stroom/vec2.hpp"

namespace stroom::models {

class WallGrid {
 public:
  WallGrid() = default;
  /// Buckets the walls with blocking[i] != 0. `reach`: the largest query radius, m.
  WallGrid(std::span<const Wall> walls, std::span<const std::uint8_t> blocking, Bounds bounds,
           double reach);

  /// Indices (into the wall list) of the blocking walls that may lie within `reach` of p.
  std::span<const std::int32_t> candidates(Vec2 p) const {
    if (nx_ == 0) return {};
    const std::size_t c = cell_index(p);
    return {items_.data() + start_[c], items_.data() + start_[c + 1]};
  }
  /// The cell of p, for candidates_in(): the simulation looks up each person's cell once a step
  /// (World::wall_cell) for the model, the move and the crossings, which each looked it up
  /// again (about a twentieth of the instructions of a step on an open site).
  std::int32_t cell_of(Vec2 p) const {
    return nx_ == 0 ? 0 : static_cast<std::int32_t>(cell_index(p));
  }
  /// cell_of() of the points (x[i], y[i]) for i in [begin, end), into cell[i]: one loop without
  /// branches, which the compiler vectorises (the same cells: clamped_cell()'s test as selects).
  void cells_of(const double* x, const double* y, std::int32_t* cell, std::size_t begin,
                std::size_t end) const {
    const double ox = origin_.x, oy = origin_.y, inv = inv_cell_;
    const double last_x = last_x_, last_y = last_y_;
    const int columns = nx_;
    for (std::size_t i = begin; i < end; ++i) {
      double vx = (x[i] - ox) * inv, vy = (y[i] - oy) * inv;
      vx = vx > 0.0 ? vx : 0.0;
      vy = vy > 0.0 ? vy : 0.0;
      vx = vx < last_x ? vx : last_x;
      vy = vy < last_y ? vy : last_y;
      cell[i] = static_cast<int>(vy) * columns + static_cast<int>(vx);
    }
  }
  /// candidates(p) for the p whose cell_of(p) is `cell`.
  std::span<const std::int32_t> candidates_in(std::int32_t cell) const {
    if (nx_ == 0) return {};
    const auto c = static_cast<std::size_t>(cell);
    return {items_.data() + start_[c], items_.data() + start_[c + 1]};
  }
  /// True when `other` has the same cells, so that one cell_of() serves both.
  bool same_cells(const WallGrid& other) const {
    return nx_ == other.nx_ && ny_ == other.ny_ && origin_ == other.origin_ && cell_ == other.cell_;
  }
  /// The walls that may cross the move p→q (a superset). A move no longer than `reach` (every
  /// move the scenario limits allow) can only cross walls within `reach` of p: candidates(p).
  /// A longer one (a scenario built in code beyond the limits) gets the walls listed at
  /// points every `reach` metres along it, each once, in index order, stored in `scratch`:
  /// the swept test that keeps walls walls whatever the length of a move.
  std::span<const std::int32_t> candidates_along(Vec2 p, Vec2 q,
                                                 std::vector<std::int32_t>& scratch) const {
    const double len = distance(p, q);
    if (!(len > reach_)) return candidates(p);
    return swept_candidates(p, q, len, scratch);
  }
  /// True when candidates_along(p, q) is empty: nothing listed at p and a move within reach
  /// (most persons on an open site, every step), told without setting up a sweep.
  bool nothing_along(Vec2 p, Vec2 q) const {
    return candidates(p).empty() && !(distance(p, q) > reach_);
  }
  /// nothing_along(p, q) for the p whose cell_of(p) is `cell_p`.
  bool nothing_along_in(std::int32_t cell_p, Vec2 p, Vec2 q) const {
    return candidates_in(cell_p).empty() && !(distance(p, q) > reach_);
  }
  const Wall& wall(std::int32_t i) const { return walls_[static_cast<std::size_t>(i)]; }
  double reach() const { return reach_; }

 private:
  std::span<const std::int32_t> swept_candidates(Vec2 p, Vec2 q, double len,
                                                 std::vector<std::int32_t>& scratch) const;

  /// Cell of p, clamped to the grid. Inline, without floor() and with the bounds as doubles
  /// ready: on the hot paths (model, move, crossings) this is called several times per person
  /// and step. For finite v, truncating the clamped value equals clamping floor(v); NaN goes
  /// to cell 0.
  std::size_t cell_index(Vec2 p) const {
    const std::size_t cx = clamped_cell((p.x - origin_.x) * inv_cell_, last_x_);
    const std::size_t cy = clamped_cell((p.y - origin_.y) * inv_cell_, last_y_);
    return cy * static_cast<std::size_t>(nx_) + cx;
  }
  /// Through int: a double converts to a signed integer in one instruction, to an unsigned
  /// 64-bit one (before AVX-512) only by a compare and a second conversion.
  static std::size_t clamped_cell(double v, double last) {
    if (!(v > 0.0)) return 0;
    return static_cast<std::size_t>(static_cast<int>(v < last ? v : last));
  }

  std::vector<Wall> walls_;  // a copy, so the grid does not depend on the caller's lifetime
  Vec2 origin_;
  double cell_ = 1.0;
  double inv_cell_ = 1.0;
  double reach_ = 0.0;
  int nx_ = 0, ny_ = 0;
  double last_x_ = 0.0, last_y_ = 0.0;  ///< nx_ − 1 and ny_ − 1
  std::vector<std::int32_t> start_;
  std::vector<std::int32_t> items_;
};

/// Distance from p to segment s, and the closest point.
inline double segment_distance(const Segment& s, Vec2 p, Vec2& closest) {
  closest = closest_point(s, p);
  return distance(p, closest);
}

/// True when the move p→q crosses segment s: p strictly on one side, q on the other side or
/// on the line, and the crossing point within the segment.
bool move_crosses(const Segment& s, Vec2 p, Vec2 q);

/// Signed side of p relative to a→b: > 0 left, < 0 right (twice the triangle area).
inline double side(const Segment& s, Vec2 p) {
  return cross(s.b - s.a, p - s.a);
}

}  // namespace stroom::models
