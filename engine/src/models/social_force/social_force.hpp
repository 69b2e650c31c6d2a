// Social force model: Helbing & Molnár (1995) driving term with the body and sliding-friction
// forces of Helbing, Farkas & Vicsek (2000). Equations and symbols:
// docs/models.md#social-force-model.
#pragma once

#include "models/model.hpp"
#include "stroom/model_params.hpp"

namespace stroom::models {

void social_force_velocities(const SocialForceParams& params, const ModelInput& in,
                             std::int32_t begin, std::int32_t end, const ModelOutput& out);

}  // namespace stroom::models
