// The model registry: one line per model. No `default:`, so a new ModelType fails to compile
// (-Wswitch under -Werror) until it is wired here.
#include "models/collision_free_speed/collision_free_speed.hpp"
#include "models/model.hpp"
#include "models/social_force/social_force.hpp"

namespace stroom::models {

double model_cutoff(const ModelDesc& model) {
  switch (model.type) {
    case ModelType::collision_free_speed:
      return model.collision_free_speed.cutoff;
    case ModelType::social_force:
      return model.social_force.cutoff;
  }
  return 2.0;
}

void compute_velocities(const ModelDesc& model, const ModelInput& in, std::int32_t begin,
                        std::int32_t end, const ModelOutput& out) {
  switch (model.type) {
    case ModelType::collision_free_speed:
      collision_free_speed_velocities(model.collision_free_speed, in, begin, end, out);
      return;
    case ModelType::social_force:
      social_force_velocities(model.social_force, in, begin, end, out);
      return;
  }
}

}  // namespace stroom::models
