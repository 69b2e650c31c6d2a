// Collision-free speed model (Tordeux, Chraibi & Seyfried 2016), in the form JuPedSim
// implements it. Equations and symbols: docs/models.md#collision-free-speed-model.
#pragma once

#include "models/model.hpp"
#include "stroom/model_params.hpp"

namespace stroom::models {

/// Repulsions that fall below this share of the desired direction are not evaluated:
/// a·exp(-gap/D) is skipped once gap > kNegligibleRanges·D (a·e^-12 ≈ 6e-6·a, below a 1e-4 share of
/// the unit desired direction).
inline constexpr double kNegligibleRanges = 12.0;

void collision_free_speed_velocities(const CollisionFreeSpeedParams& params, const ModelInput& in,
                                     std::int32_t begin, std::int32_t end, const ModelOutput& out);

}  // namespace stroom::models
