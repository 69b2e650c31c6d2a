// Velocities from displacement, as PedPy computes individual speeds (compute_individual_speed
// with a frame_step): a person's velocity at frame t is their displacement between the frames
// t − Δ and t + Δ divided by the time between them,
//
//   v_i(t) = (x_i(t + Δ) − x_i(t − Δ)) / (time(t + Δ) − time(t − Δ)),
//
// Δ a stated number of frames each side. A person present at the centre frame but not at one
// end (entered or left within Δ) gets the one-sided displacement to or from the centre frame
// (PedPy's "border adaptive" choice); present at neither end, velocity 0. Unlike the step
// velocity, which in a dense queue swings back and forth from one step to the next, this is
// the speed an observer of the trajectories measures (docs/measurement.md).
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "stroom/observation.hpp"
#include "stroom/vec2.hpp"

namespace stroom {

class DisplacementVelocity {
 public:
  /// The persons of one frame at `time`, with their positions and velocities (same order).
  struct Sample {
    double time = 0.0;
    std::vector<PersonId> ids;
    std::vector<Vec2> positions, velocities;
  };

  /// Δ = `frames_each_side` frames (at least 1).
  explicit DisplacementVelocity(int frames_each_side);

  /// Adds the next frame (times increasing): every person present then, by id.
  void add_frame(double time, std::span<const PersonId> ids, std::span<const double> x,
                 std::span<const double> y);

  /// The frame Δ frames before the last one added, with everyone's velocity from
  /// displacement; empty until 2Δ + 1 frames have been added.
  std::optional<Sample> centre() const;

  /// Time of that centre frame; empty as for centre().
  std::optional<double> centre_time() const;

  int frames_each_side() const { return delta_; }

 private:
  struct Frame {
    double time;
    std::vector<std::pair<PersonId, Vec2>> people;  ///< sorted by id
    const Vec2* find(PersonId id) const;
  };
  int delta_;
  std::deque<Frame> frames_;  ///< the last 2Δ + 1 frames, oldest first
};

}  // namespace stroom
