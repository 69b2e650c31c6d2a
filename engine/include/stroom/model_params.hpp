// Parameters of the operational models, with literature defaults. Each field names the
// symbol of its source paper; docs/models.md gives the equations and references.
// The scenario key of each field is written in brackets: `model: {type: ..., <key>: value}`.
#pragma once

#include <span>
#include <string_view>

#include "stroom/error.hpp"

namespace stroom {

enum class ModelType { collision_free_speed, social_force };

/// Collision-free speed model: Tordeux, Chraibi & Seyfried (2016), "Collision-free speed model
/// for pedestrian dynamics", in the form JuPedSim implements (exponential repulsion of the
/// direction from neighbours and walls; speed from the headway to the nearest person ahead).
struct CollisionFreeSpeedParams {
  double time_gap = 0.5;  ///< T, s [time_gap]; calibrated, docs/models.md
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
};

/// Social force model: Helbing & Molnár (1995) driving term with the body and friction forces
/// of Helbing, Farkas & Vicsek (2000).
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
};

struct ModelDesc {
  ModelType type = ModelType::collision_free_speed;
  CollisionFreeSpeedParams collision_free_speed;
  SocialForceParams social_force;
};

// [SECTION] The table of models
//
// One row per operational model: its type, its name in scenarios (`model.type`) and on the
// command line (`stroom verify --model`), and its parameter table (scenario key → field of
// ModelDesc). The loader, model_name() and `verify --model` read this table; the hot
// function is wired in engine/src/models/registry.cpp (a switch without `default:`, so a
// type without a hot function does not compile). Adding a model: its folder under
// engine/src/models/ (hot function), its enumerator, parameter struct and ModelDesc member
// here, its row below, and its line in registry.cpp. docs/models.md documents it.

/// A model parameter: the key under `model:` and the field of ModelDesc it sets.
struct ModelParamKey {
  const char* key;
  double& (*field)(ModelDesc&);
};

/// The field `Member` of the parameters `Params` of a ModelDesc (for ModelParamKey).
template <auto Params, auto Member>
double& model_param(ModelDesc& model) {
  return (model.*Params).*Member;
}

/// The neighbour search radius of the parameters `Params` of a ModelDesc (for ModelInfo).
template <auto Params>
double model_cutoff_of(const ModelDesc& model) {
  return (model.*Params).cutoff;
}

struct ModelInfo {
  ModelType type;
  const char* name;                       ///< `model.type`, `--model`
  std::span<const ModelParamKey> params;  ///< every key the model takes
  double (*cutoff)(const ModelDesc&);     ///< neighbour search radius of the model, m
};

namespace model_table_detail {

template <auto Member>
constexpr ModelParamKey cfs(const char* key) {
  return {key, &model_param<&ModelDesc::collision_free_speed, Member>};
}
template <auto Member>
constexpr ModelParamKey sf(const char* key) {
  return {key, &model_param<&ModelDesc::social_force, Member>};
}

inline constexpr ModelParamKey kCollisionFreeSpeed[] = {
    cfs<&CollisionFreeSpeedParams::time_gap>("time_gap"),
    cfs<&CollisionFreeSpeedParams::neighbor_repulsion_strength>("neighbor_repulsion_strength"),
    cfs<&CollisionFreeSpeedParams::neighbor_repulsion_range>("neighbor_repulsion_range"),
    cfs<&CollisionFreeSpeedParams::wall_repulsion_strength>("wall_repulsion_strength"),
    cfs<&CollisionFreeSpeedParams::wall_repulsion_range>("wall_repulsion_range"),
    cfs<&CollisionFreeSpeedParams::anticipation_range>("anticipation_range"),
    cfs<&CollisionFreeSpeedParams::reaction_time>("reaction_time"),
    cfs<&CollisionFreeSpeedParams::cutoff>("cutoff"),
};

inline constexpr ModelParamKey kSocialForce[] = {
    sf<&SocialForceParams::relaxation_time>("relaxation_time"),
    sf<&SocialForceParams::mass>("mass"),
    sf<&SocialForceParams::agent_strength>("agent_strength"),
    sf<&SocialForceParams::agent_range>("agent_range"),
    sf<&SocialForceParams::wall_strength>("wall_strength"),
    sf<&SocialForceParams::wall_range>("wall_range"),
    sf<&SocialForceParams::body_force>("body_force"),
    sf<&SocialForceParams::friction>("friction"),
    sf<&SocialForceParams::max_speed_factor>("max_speed_factor"),
    sf<&SocialForceParams::cutoff>("cutoff"),
};

}  // namespace model_table_detail

/// Every operational model, in the order `verify --model all` runs them (the first is the
/// default of a scenario without `model.type`).
inline constexpr ModelInfo kModels[] = {
    {ModelType::collision_free_speed, "collision-free-speed",
     model_table_detail::kCollisionFreeSpeed, &model_cutoff_of<&ModelDesc::collision_free_speed>},
    {ModelType::social_force, "social-force", model_table_detail::kSocialForce,
     &model_cutoff_of<&ModelDesc::social_force>},
};

/// The row of model type t.
inline const ModelInfo& model_info(ModelType t) {
  for (const ModelInfo& m : kModels)
    if (m.type == t) return m;
  STROOM_ASSERT(false && "a ModelType without a row in kModels");
  return kModels[0];
}

/// The row of the model named `name` (`model.type`), or nullptr.
inline const ModelInfo* find_model(std::string_view name) {
  for (const ModelInfo& m : kModels)
    if (name == m.name) return &m;
  return nullptr;
}

inline const char* model_name(ModelType t) {
  return model_info(t).name;
}

}  // namespace stroom
