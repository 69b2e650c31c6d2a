// The model registry: the hot function of each model, one line per model. No `default:`, so a
// new ModelType fails to compile (-Wswitch under -Werror) until it is wired here. Names,
// parameters and cut-off are in the table of models (stroom/model_params.hpp, kModels).
#include "models/collision_free_speed/collision_free_speed.hpp"
#include "models/model.hpp"
#include "models/social_force/social_force.hpp"

namespace stroom::models {

double model_cutoff(const ModelDesc& model) {
  return model_info(model.type).cutoff(model);
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
