// The table of models: one line per operational model, X(identifier, name, parameters).
//
//   identifier  its folder engine/src/models/<identifier>/ (params.hpp: the parameter struct
//               with its table keys(), and models::<identifier>::velocities(), the hot
//               function), its ModelType enumerator and its ModelDesc member
//   name        `model.type` in scenarios and `stroom verify --model`
//
// The first line is the default model. Everything else (enumerator, ModelDesc member, the row
// of kModels that the loader, model_name() and `verify --model` read, the dispatch in
// registry.cpp, the build) follows from this line and the folder: a new model is its folder
// plus one line here. docs/models.md documents each.
#pragma once

#define STROOM_MODELS(X)                                                    \
  X(collision_free_speed, "collision-free-speed", CollisionFreeSpeedParams) \
  X(social_force, "social-force", SocialForceParams)                        \
  X(anticipation_velocity, "anticipation-velocity", AnticipationVelocityParams)
