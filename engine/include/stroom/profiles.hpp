// Visitor profiles (docs/models.md "Visitor profiles"): the built-in profiles with their
// walking speeds, body radii and sources, and the few questions the engine asks of a
// population that has profiles (which profile a person is, how fast and how wide it can be).
#pragma once

#include <algorithm>
#include <cmath>
#include <span>
#include <string_view>

#include "stroom/distribution.hpp"
#include "stroom/scenario.hpp"

namespace stroom {

/// A built-in visitor profile. `source` names where the numbers come from (English; the
/// report translates it, measure/lang.cpp).
struct BuiltinProfile {
  std::string_view name;
  Distribution speed;   ///< m/s
  Distribution radius;  ///< m
  std::string_view source;
};

/// The built-in profiles, in the order docs/models.md lists them.
inline std::span<const BuiltinProfile> builtin_profiles() {
  static const BuiltinProfile kProfiles[] = {
      // Stroom's default population: Weidmann 1993's mean free walking speed.
      {"adult", Distribution::normal_dist(1.34, 0.26, 0.6, 2.0), Distribution::constant_value(0.2),
       "Weidmann 1993: mean free walking speed 1.34 m/s (Stroom's default population)"},
      // RiMEA 3.0 test 7: walking speeds by age after Weidmann 1993.
      {"older", Distribution::uniform_dist(0.68, 1.41), Distribution::constant_value(0.2),
       "RiMEA 3.0 test 7 (after Weidmann 1993): over 50 years 0.68-1.41 m/s"},
      {"reduced-mobility", Distribution::uniform_dist(0.46, 0.76),
       Distribution::constant_value(0.2),
       "RiMEA 3.0 test 7: persons with limited mobility 0.46-0.76 m/s"},
      // Manual wheelchair on the level; the circle is as wide as the chair.
      {"wheelchair", Distribution::normal_dist(0.69, 0.35, 0.13, 1.35),
       Distribution::constant_value(0.35),
       "Boyce, Shields and Silcock 1999: manual wheelchair on the level 0.69 m/s (sd 0.35, "
       "0.13-1.35 m/s); radius half the 0.70 m largest width of ISO 7193"},
  };
  return kProfiles;
}

/// The built-in profile of that name, or null.
inline const BuiltinProfile* builtin_profile(std::string_view name) {
  for (const BuiltinProfile& p : builtin_profiles())
    if (p.name == name) return &p;
  return nullptr;
}

/// The profile of a person whose uniform draw in [0, 1) is u: the shares laid end to end, in
/// the order of the file (the last one takes what rounding leaves). -1 without profiles.
inline int draw_profile(const PopulationDesc& pop, double u) {
  if (pop.profiles.empty()) return -1;
  double sum = 0.0;
  for (std::size_t k = 0; k + 1 < pop.profiles.size(); ++k) {
    sum += pop.profiles[k].share;
    if (u < sum) return static_cast<int>(k);
  }
  return static_cast<int>(pop.profiles.size()) - 1;
}

/// The speed distribution of profile k of the population (its own speed without profiles).
inline const Distribution& profile_speed(const PopulationDesc& pop, int k) {
  return k >= 0 ? pop.profiles[static_cast<std::size_t>(k)].speed : pop.speed;
}
/// The radius distribution of profile k of the population (its own radius without profiles).
inline const Distribution& profile_radius(const PopulationDesc& pop, int k) {
  return k >= 0 ? pop.profiles[static_cast<std::size_t>(k)].radius : pop.radius;
}

/// m/s: the population's expected desired speed (weighted by the shares with profiles).
inline double expected_speed(const PopulationDesc& pop) {
  if (pop.profiles.empty()) return pop.speed.expected();
  double v = 0.0;
  for (const ProfileDesc& p : pop.profiles)
    v += p.share * p.speed.expected();
  return v;
}

/// m/s: the fastest a person of the population can want to walk (infinite for unbounded tails).
inline double fastest_speed(const PopulationDesc& pop) {
  if (pop.profiles.empty()) return pop.speed.upper_bound();
  double v = 0.0;
  for (const ProfileDesc& p : pop.profiles)
    v = std::max(v, p.speed.upper_bound());
  return v;
}

/// The radius distribution of the population's widest profile (its own without profiles):
/// what placement and the packing check make room for.
inline const Distribution& widest_radius(const PopulationDesc& pop) {
  if (pop.profiles.empty()) return pop.radius;
  const ProfileDesc* widest = &pop.profiles.front();
  auto reach = [](const Distribution& d) {
    const double hi = d.upper_bound();
    return std::isfinite(hi) ? hi : d.expected() + 3.0 * d.sd;
  };
  for (const ProfileDesc& p : pop.profiles)
    if (reach(p.radius) > reach(widest->radius)) widest = &p;
  return widest->radius;
}

}  // namespace stroom
