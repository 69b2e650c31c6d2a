// Anticipation velocity model: Xu, Chraibi & Seyfried (2021), "Anticipation in a velocity-based
// model for pedestrian dynamics", Transportation Research Part C 133, 103464. The direction
// turns, with a reaction time, towards the desired direction plus sidesteps away from the
// anticipated positions of the neighbours in view; the speed is the collision-free speed law of
// Tordeux, Chraibi & Seyfried (2016) on the spacing to the nearest person ahead. Its parameters
// with their defaults, its parameter table and its hot function; equations and symbols:
// docs/models.md#anticipation-velocity-model.
#pragma once

#include <array>

#include "stroom/model_param_key.hpp"

namespace stroom {

/// Each field names the symbol of its source; the scenario key is in brackets. Defaults: those
/// JuPedSim ships for the model, except T (Stroom's calibration of the speed law);
/// docs/models.md gives the source of each.
struct AnticipationVelocityParams {
  double time_gap = 0.5;                     ///< T, s: slope of the speed-spacing law [time_gap]
  double neighbor_repulsion_strength = 8.0;  ///< k, dimensionless [neighbor_repulsion_strength]
  double neighbor_repulsion_range = 0.1;     ///< D, m [neighbor_repulsion_range]
  double anticipation_time = 1.0;            ///< t^a, s: prediction time [anticipation_time]
  double reaction_time = 0.3;  ///< τ, s: relaxation time of the turning [reaction_time]
  /// m, distance from a wall (beyond the body) within which the direction glides along it
  /// [wall_buffer_distance]
  double wall_buffer_distance = 0.1;
  /// share of the wall's normal added to a direction that glides along it
  /// [wall_pushout_strength]
  double wall_pushout_strength = 0.3;
  double cutoff = 3.0;  ///< neighbour search radius, m [cutoff]

  /// Experimental: why its results are for comparison only (docs/validation.md).
  static constexpr const char* experimental =
      "it fails 18 of the 55 tests of the full verification suite (flows through the measured "
      "bottleneck series 21–36 % too low, too slow at low densities and in the measured "
      "T-junction, dense counter-flow locks up in NIST 2.8, RiMEA 15's corner is slower than "
      "the long way)";

  /// The parameter table: every scenario key of the model.
  static constexpr auto keys() {
    using P = AnticipationVelocityParams;
    return std::array<ParamKey<P>, 8>{{
        {"time_gap", &P::time_gap},
        {"neighbor_repulsion_strength", &P::neighbor_repulsion_strength},
        {"neighbor_repulsion_range", &P::neighbor_repulsion_range},
        {"anticipation_time", &P::anticipation_time},
        {"reaction_time", &P::reaction_time},
        {"wall_buffer_distance", &P::wall_buffer_distance},
        {"wall_pushout_strength", &P::wall_pushout_strength},
        {"cutoff", &P::cutoff},
    }};
  }
};

namespace models::anticipation_velocity {
/// New velocities for the slots [begin, end) (contract: engine/src/models/model.hpp).
void velocities(const AnticipationVelocityParams& params, const ModelInput& in, std::int32_t begin,
                std::int32_t end, const ModelOutput& out);
}  // namespace models::anticipation_velocity

}  // namespace stroom
