// Uniform cell grid of persons, rebuilt every step by a counting sort over the cells.
//
// The grid copies positions and radii into cell order (structure of arrays again), so the
// operational models scan neighbours in contiguous memory. The sort is stable (slot order
// inside a cell), so its result is unique: with several threads the cells are split into
// bands of about equal persons, and each thread counts and places the persons of its own band
// (docs/performance.md).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "stroom/vec2.hpp"

namespace stroom::models {

/// A caller's threads, as some work may use them: `parts` pieces of work run at once by
/// run(parts, f), which calls f(part) for every part in [0, parts) on the caller's workers.
struct ParallelParts {
  int parts = 1;
  std::function<void(int parts, const std::function<void(int part)>& f)> run;
};

class NeighbourGrid {
 public:
  /// Covers `bounds` (grown by one cell on every side) with square cells of edge `cell`, m.
  NeighbourGrid(Bounds bounds, double cell);

  /// Sorts the persons into cells. Positions outside the bounds are clamped to the border
  /// cells (they are still found by queries). The optional extra bodies (persons who have
  /// just walked out through an exit and still take up room beyond its line) get the slots
  /// x.size(), x.size() + 1, ... after the persons.
  /// `parallel`, when given, lets the build use the caller's threads; the result does not
  /// depend on it.
  void build(std::span<const double> x, std::span<const double> y, std::span<const double> radius,
             std::span<const double> extra_x = {}, std::span<const double> extra_y = {},
             std::span<const double> extra_radius = {}, const ParallelParts& parallel = {});

  /// After the caller has renumbered its persons in this grid's order (person k of the
  /// sorted arrays, extra bodies skipped, is now slot k'), gives the sorted entries their new
  /// slots: the grid a build() from the renumbered arrays would give, without sorting again.
  void renumber_in_cell_order(std::int32_t persons) {
    std::int32_t next = 0;
    for (std::int32_t& s : slot_)
      if (s < persons) s = next++;
  }

  /// True for the slot of an extra body (someone outside an exit, see build()): it has no
  /// entry in the model's person arrays.
  bool is_outside_body(std::int32_t slot) const { return slot >= persons_; }
  /// Persons in the last build(): their slots are 0 .. persons() − 1.
  std::int32_t persons() const { return persons_; }

  double cell_size() const { return cell_; }
  int columns() const { return nx_; }
  int rows() const { return ny_; }
  int cell_x(double px) const { return clamped_cell((px - origin_.x) * inv_cell_, nx_); }
  int cell_y(double py) const { return clamped_cell((py - origin_.y) * inv_cell_, ny_); }
  /// First entry of cell (cx, cy) in the sorted arrays; entries run to cell_begin of the next.
  std::int32_t cell_begin(int cx, int cy) const { return start_[cy * nx_ + cx]; }
  std::int32_t cell_end(int cx, int cy) const { return start_[cy * nx_ + cx + 1]; }

  /// Sorted arrays (cell order): slot of the person, position, radius.
  const std::vector<std::int32_t>& slot() const { return slot_; }
  const std::vector<double>& x() const { return x_; }
  const std::vector<double>& y() const { return y_; }
  const std::vector<double>& radius() const { return r_; }
  /// Largest radius in the grid (0 when empty), m.
  double max_radius() const { return max_radius_; }

  /// Calls f(sorted_index) for every person whose cell lies within `range` of p (a superset
  /// of the persons within `range`; the caller checks the distance), row by row (cell order).
  /// Each row of cells is cut to the chord of the circle of `range` at the row's nearest
  /// edge, so with cells of half the range about 22 persons are visited at 1 P/m² and a 2 m
  /// range instead of the 36 of a 3 × 3 block of 2 m cells.
  template <class F>
  void for_each_candidate(Vec2 p, double range, F&& f) const {
    for_each_candidate_run(p, range, [&](std::int32_t b, std::int32_t e) {
      for (std::int32_t k = b; k < e; ++k)
        f(k);
    });
  }

  /// The candidates of for_each_candidate() as runs of consecutive sorted indices: calls
  /// f(begin, end) once per row of cells (possibly empty), in the same order, so that a caller
  /// can scan each run as contiguous arrays (branch-free or with SIMD). Always inlined: into a
  /// model compiled for several instruction sets (models/isa.hpp), each gets its own copy.
  template <class F>
  [[gnu::always_inline]] inline void for_each_candidate_run(Vec2 p, double range, F&& f) const {
    const double range2 = range * range;
    const double vx0 = (p.x - range - origin_.x) * inv_cell_;
    const double vx1 = (p.x + range - origin_.x) * inv_cell_;
    const double vy0 = (p.y - range - origin_.y) * inv_cell_;
    const double vy1 = (p.y + range - origin_.y) * inv_cell_;
    if (vx0 > 0.0 && vx1 < nx_ - 1 && vy0 >= 1.0 && vy1 < ny_ - 1) {
      // Interior (nearly everyone): no index needs clamping and no row is a border row, so
      // the same cells as the general loop below, with plain truncation. Every row's chord
      // lies within [vx0, vx1], since w ≤ range.
      const int y0 = static_cast<int>(vy0), y1 = static_cast<int>(vy1);
      for (int cy = y0; cy <= y1; ++cy) {
        const double lo = origin_.y + cy * cell_, hi = lo + cell_;
        const double dy = std::max(0.0, std::max(lo - p.y, p.y - hi) - 1e-6);
        const double dy2 = dy * dy;
        if (dy2 > range2) continue;
        const double w = std::sqrt(range2 - dy2);
        const int x0 = static_cast<int>((p.x - w - origin_.x) * inv_cell_);
        const int x1 = static_cast<int>((p.x + w - origin_.x) * inv_cell_);
        const std::int32_t* row = start_.data() + cy * nx_;
        f(row[x0], row[x1 + 1]);
      }
      return;
    }
    const int y0 = cell_y(p.y - range), y1 = cell_y(p.y + range);
    for (int cy = y0; cy <= y1; ++cy) {
      // Vertical gap from p to the row's band (0 in p's own row and in the border rows, which
      // also hold clamped positions outside the bounds); a micrometre less so that rounding
      // in the cell assignment never cuts off a person.
      double dy = 0.0;
      if (cy > 0 && cy < ny_ - 1) {
        const double lo = origin_.y + cy * cell_, hi = lo + cell_;
        dy = std::max(0.0, std::max(lo - p.y, p.y - hi) - 1e-6);
      }
      const double dy2 = dy * dy;
      if (dy2 > range2) continue;
      const double w = std::sqrt(range2 - dy2);
      const int x0 = cell_x(p.x - w), x1 = cell_x(p.x + w);
      f(start_[cy * nx_ + x0], start_[cy * nx_ + x1 + 1]);
    }
  }

  /// The candidates of for_each_candidate_run() widened to the whole square of side 2·range
  /// around p: for each row of cells, the run from the column of p.x − range to that of
  /// p.x + range, written to begin[] and end[]. For a caller that scans four or eight
  /// candidates a pass: a row of a few cells then costs about as many passes whether cut to its
  /// chord or not, and the rows need no square root or bounds each (the crossing benchmark's
  /// steps got 5–8 % faster). Each run holds its row's chord run
  /// (the columns are monotone in x), so the candidates within `range`, and their order, are the
  /// same. Only away from the border, and for at most `capacity` rows: false otherwise, and the
  /// caller uses for_each_candidate_run().
  [[gnu::always_inline]] inline bool square_runs(Vec2 p, double range, std::int32_t* begin,
                                                 std::int32_t* end, std::size_t capacity,
                                                 std::size_t& count) const {
    const double vx0 = (p.x - range - origin_.x) * inv_cell_;
    const double vx1 = (p.x + range - origin_.x) * inv_cell_;
    const double vy0 = (p.y - range - origin_.y) * inv_cell_;
    const double vy1 = (p.y + range - origin_.y) * inv_cell_;
    // The interior test of for_each_candidate_run(), which decides the rows the same way.
    if (!(vx0 > 0.0 && vx1 < nx_ - 1 && vy0 >= 1.0 && vy1 < ny_ - 1)) return false;
    const int x0 = static_cast<int>(vx0), x1 = static_cast<int>(vx1);
    const int y0 = static_cast<int>(vy0), y1 = static_cast<int>(vy1);
    if (static_cast<std::size_t>(y1 - y0 + 1) > capacity) return false;
    const std::int32_t* row = start_.data() + y0 * nx_;
    count = 0;
    for (int cy = y0; cy <= y1; ++cy, row += nx_) {
      begin[count] = row[x0];
      end[count] = row[x1 + 1];
      ++count;
    }
    return true;
  }

 private:
  /// clamp(floor(v), 0, n - 1) without the floor() call: for finite v, truncating the clamped
  /// value gives the same cell (NaN gives 0). Selects, no branch, so loops over persons vectorise.
  static int clamped_cell(double v, int n) {
    const double hi = static_cast<double>(n - 1);
    v = v > 0.0 ? v : 0.0;
    return static_cast<int>(v < hi ? v : hi);
  }

  Vec2 origin_;
  double cell_;
  double inv_cell_;
  int nx_, ny_;
  std::vector<std::int32_t> start_;  // nx*ny + 1 prefix sums
  /// First cell of each band of a parallel build (and one past the last cell at the end).
  std::vector<std::int32_t> band_;
  std::vector<std::int32_t> cell_of_;
  std::vector<std::int32_t> slot_;
  std::vector<double> x_, y_, r_;
  double max_radius_ = 0.0;
  std::int32_t persons_ = 0;  ///< persons in the last build(); later slots are extra bodies
};

}  // namespace stroom::models
