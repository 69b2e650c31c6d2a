// The registry: the hot function of each model, dispatched by type. The cases come from the
// table of models (model_table.hpp), so a model in the table is always wired here, and the
// switch has no `default:` (-Wswitch under -Werror), so no type falls through to another model.
#include "models/model.hpp"

namespace stroom::models {

double model_cutoff(const ModelDesc& model) {
  return model_info(model.type).cutoff(model);
}

void compute_velocities(const ModelDesc& model, const ModelInput& in, std::int32_t begin,
                        std::int32_t end, const ModelOutput& out) {
  switch (model.type) {
#define STROOM_MODEL_CASE(id, name, Params)        \
  case ModelType::id:                              \
    id::velocities(model.id, in, begin, end, out); \
    return;
    STROOM_MODELS(STROOM_MODEL_CASE)
#undef STROOM_MODEL_CASE
  }
}

}  // namespace stroom::models
