// Collision-free speed model: Tordeux, Chraibi & Seyfried (2016), "Collision-free speed model
// for pedestrian dynamics", in the form JuPedSim implements (exponential repulsion of the
// direction from neighbours and walls; speed from the headway to the nearest person ahead).
// Its parameters with their defaults, its parameter table and its hot function; equations and
// symbols: docs/models.md#collision-free-speed-model.
#pragma once

#include <array>

#include "stroom/model_param_key.hpp"

namespace stroom {

/// Each field names the symbol of its source paper; the scenario key is in brackets.
struct CollisionFreeSpeedParams {
  double time_gap = 0.35;  ///< T, s [time_gap]; calibrated on measured flows, docs/models.md
  double neighbor_repulsion_strength =
      8.0;  ///< a (neighbours), dimensionless [neighbor_repulsion_strength]
  double neighbor_repulsion_range = 0.1;  ///< D (neighbours), m [neighbor_repulsion_range]
  double wall_repulsion_strength = 5.0;   ///< a (walls) [wall_repulsion_strength]
  double wall_repulsion_range = 0.02;     ///< D (walls), m [wall_repulsion_range]
  /// m, look-ahead for steering round people; Stroom's addition [anticipation_range]
  double anticipation_range = 2.0;
  /// s, how often the steering re-chooses its heading (held in between); Stroom's addition
  /// [reaction_time]
  double reaction_time = 0.2;
  double cutoff = 2.0;  ///< neighbour search radius, m [cutoff]
  /// τ, s: heading relaxation of the crowd's part of the direction (calmer queues, lower
  /// flows; docs/models.md); 0, the default, is off; Stroom's addition [turn_time]
  double turn_time = 0.0;
  /// s: a person walking to a target who has come no closer for this long presses on: the
  /// repulsion of neighbours beside and behind them (not touching, not in their path) no longer
  /// turns their direction. Breaks the wedge of two persons side by side in front of an opening
  /// of two body widths; 0 is off; Stroom's addition [press_after]
  double press_after = 5.0;

  /// Validated: passes the whole verification suite (`stroom verify`, docs/validation.md).
  static constexpr const char* experimental = nullptr;

  /// The parameter table: every scenario key of the model.
  static constexpr auto keys() {
    using P = CollisionFreeSpeedParams;
    return std::array<ParamKey<P>, 10>{{
        {"time_gap", &P::time_gap},
        {"neighbor_repulsion_strength", &P::neighbor_repulsion_strength},
        {"neighbor_repulsion_range", &P::neighbor_repulsion_range},
        {"wall_repulsion_strength", &P::wall_repulsion_strength},
        {"wall_repulsion_range", &P::wall_repulsion_range},
        {"anticipation_range", &P::anticipation_range},
        {"reaction_time", &P::reaction_time},
        {"cutoff", &P::cutoff},
        {"turn_time", &P::turn_time},
        {"press_after", &P::press_after},
    }};
  }
};

namespace models::collision_free_speed {
/// New velocities for the slots [begin, end) (contract: engine/src/models/model.hpp), with the
/// best variant this CPU supports (models/isa.hpp).
void velocities(const CollisionFreeSpeedParams& params, const ModelInput& in, std::int32_t begin,
                std::int32_t end, const ModelOutput& out);
/// The same with the variant compiled for `isa`, which this CPU must support: all give the
/// same bits (tests compare them).
void velocities_with(KernelIsa isa, const CollisionFreeSpeedParams& params, const ModelInput& in,
                     std::int32_t begin, std::int32_t end, const ModelOutput& out);
}  // namespace models::collision_free_speed

}  // namespace stroom
