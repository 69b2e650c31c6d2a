// The operational-model interface: one hot function per model over the person arrays.
//
// Contract (double buffering): a model reads only the frozen current state in `ModelInput`
// (positions, velocities, radii, desired directions and speeds of everyone, the neighbour grid
// built from those positions and the blocking walls), and writes only slot i of the output
// velocity arrays when computing person i; its own per-person state (`ModelOutput::
// heading_turn`, `heading_x`, `heading_y`) it reads and rewrites in slot i only. So persons can be
// computed in any order and on any number of threads with bit-identical results. Positions are
// integrated and constrained to the walkable area afterwards by the simulation's move phase, not by
// the model.
//
// Adding a model: a folder models/<name>/ with params.hpp (the parameter struct with its
// table keys() and a `cutoff`, and the declaration of models::<name>::velocities()) and the
// .cpp files of the hot function, plus one line in models/model_table.hpp. The build picks up
// the folder; the enumerator, ModelDesc member, the row of kModels (which the loader,
// model_name() and `verify --model` read) and the case in compute_velocities() follow from
// the line.
#pragma once

#include <cstdint>
#include <span>

#include "models/neighbour_grid.hpp"
#include "models/wall_grid.hpp"
#include "stroom/error.hpp"
#include "stroom/model_params.hpp"

namespace stroom::models {

/// Frozen state of all persons, dense slots.
struct ModelInput {
  std::span<const double> x, y;    ///< m
  std::span<const double> vx, vy;  ///< m/s, velocity during the last step
  std::span<const double> radius;  ///< m
  std::span<const double> v0;      ///< m/s, desired speed now (0 = stand still)
  std::span<const double> ex, ey;  ///< desired direction (unit vector, or 0 when none)
  /// Checkpoint whose line this person may pass (being served), or -1. A checkpoint wall with
  /// this element is ignored for the person.
  std::span<const std::int32_t> pass_checkpoint;
  const NeighbourGrid* grid = nullptr;  ///< built from x, y, radius
  const WallGrid* walls = nullptr;      ///< blocking walls
  double dt = 0.05;                     ///< s
  /// Navigation target each person walks to, or -1 (may be empty: unknown). Persons with the
  /// same goal are never coming the other way, even when they converge on a door face to face.
  std::span<const std::int32_t> goal;
  /// Stable person ids and the step number, which stagger the steps on which each person
  /// re-chooses a held heading (see ModelOutput::heading_turn); empty: every step.
  std::span<const std::int32_t> id;
  std::int64_t step = 0;
  /// s: when each person last came closer to their target while walking to it (the stuck
  /// check's record, sim/progress.cpp; kept at the present while they queue, stay or wait),
  /// and the time now. Empty: unknown (nobody presses on).
  std::span<const double> progress_since;
  double now = 0.0;
  /// Each person's cell in `walls` (WallGrid::cell_of), or empty: looked up (walls_near()).
  std::span<const std::int32_t> wall_cell;
};

/// Output: the velocity for the coming step, per slot.
struct ModelOutput {
  std::span<double> vx, vy;
  /// The collision-free speed model's held steering turn per slot (0 straight, ±1..±4 for
  /// ±15°..±60°, negative to the right), re-chosen every reaction time and read in between;
  /// slot i is read and written only while computing person i. Empty: chosen every step.
  std::span<std::int8_t> heading_turn;
  /// The anticipation velocity model's direction of movement e_i per slot (a unit vector, or
  /// 0 before the person first walks), which turns towards the wanted direction with the
  /// reaction time; slot i is read and written only while computing person i. Empty: taken
  /// from the last velocity (or the desired direction) every step.
  std::span<double> heading_x, heading_y;
};

/// True when wall w blocks person i (checkpoint walls let the person being served through).
inline bool wall_blocks(const Wall& w, std::int32_t pass_checkpoint) {
  return !(w.kind == WallKind::checkpoint && w.element == pass_checkpoint);
}

/// The walls near person i at p (WallGrid::candidates), from in.wall_cell where given.
inline std::span<const std::int32_t> walls_near(const ModelInput& in, std::int32_t i, Vec2 p) {
  if (in.walls == nullptr) return {};
  if (in.wall_cell.empty()) return in.walls->candidates(p);
  const std::int32_t cell = in.wall_cell[static_cast<std::size_t>(i)];
  STROOM_ASSERT(cell == in.walls->cell_of(p));
  return in.walls->candidates_in(cell);
}

/// Largest neighbour distance a model looks at, m.
double model_cutoff(const ModelDesc& model);

/// Computes new velocities for the slots [begin, end). Thread-safe for disjoint ranges.
void compute_velocities(const ModelDesc& model, const ModelInput& in, std::int32_t begin,
                        std::int32_t end, const ModelOutput& out);

}  // namespace stroom::models
