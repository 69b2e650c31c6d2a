// Social force model: Helbing & Molnár (1995) driving term with the body and sliding-friction
// forces of Helbing, Farkas & Vicsek (2000). Its parameters with their defaults, its parameter
// table and its hot function; equations and symbols: docs/models.md#social-force-model.
#pragma once

#include <array>

#include "stroom/model_param_key.hpp"

namespace stroom {

/// Each field names the symbol of its source paper; the scenario key is in brackets.
struct SocialForceParams {
  double relaxation_time = 0.5;    ///< tau, s [relaxation_time]
  double mass = 80.0;              ///< m, kg [mass]
  double agent_strength = 2000.0;  ///< A_i, N [agent_strength]
  double agent_range = 0.08;       ///< B_i, m [agent_range]
  double wall_strength = 2000.0;   ///< A_w, N [wall_strength]
  double wall_range = 0.08;        ///< B_w, m [wall_range]
  double body_force = 120000.0;    ///< k, kg/s² [body_force]
  double friction = 240000.0;      ///< kappa, kg/(m·s) [friction]
  double max_speed_factor =
      1.3;              ///< speed cap as a multiple of the desired speed [max_speed_factor]
  double cutoff = 2.0;  ///< neighbour search radius, m [cutoff]

  /// Experimental: why its results are for comparison only (docs/validation.md).
  static constexpr const char* experimental =
      "it fails 23 of the 55 tests of the full verification suite (flows through the measured "
      "bottleneck series up to 90 % too high, too fast in dense crowds, dense counter-flow)";

  /// The parameter table: every scenario key of the model.
  static constexpr auto keys() {
    using P = SocialForceParams;
    return std::array<ParamKey<P>, 10>{{
        {"relaxation_time", &P::relaxation_time},
        {"mass", &P::mass},
        {"agent_strength", &P::agent_strength},
        {"agent_range", &P::agent_range},
        {"wall_strength", &P::wall_strength},
        {"wall_range", &P::wall_range},
        {"body_force", &P::body_force},
        {"friction", &P::friction},
        {"max_speed_factor", &P::max_speed_factor},
        {"cutoff", &P::cutoff},
    }};
  }
};

namespace models::social_force {
/// New velocities for the slots [begin, end) (contract: engine/src/models/model.hpp).
void velocities(const SocialForceParams& params, const ModelInput& in, std::int32_t begin,
                std::int32_t end, const ModelOutput& out);
}  // namespace models::social_force

}  // namespace stroom
