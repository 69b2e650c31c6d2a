// Parameters of the operational models, with literature defaults. Each field names the
// symbol of its source paper; docs/models.md gives the equations and references.
// The scenario key of each field is written in brackets: `model: {type: ..., <key>: value}`.
#pragma once

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

inline const char* model_name(ModelType t) {
  switch (t) {
    case ModelType::collision_free_speed:
      return "collision-free-speed";
    case ModelType::social_force:
      return "social-force";
  }
  return "?";
}

}  // namespace stroom
