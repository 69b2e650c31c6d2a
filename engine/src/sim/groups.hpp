// Walking groups: the rules of docs/models.md "Walking groups" as functions of their inputs,
// shared by the spawning, journeys and groups systems and tested on their own
// (tests/engine/sim/test_groups.cpp).
#pragma once

#include <cstdint>

#include "stroom/distribution.hpp"
#include "stroom/random.hpp"

namespace stroom::sim {

/// Largest group (persons); the scenario limit of populations.groups.size.
inline constexpr std::int32_t kMaxGroupSize = 20;
/// m: the distance beyond the cohesion threshold over which a member ahead slows to a stop
/// (and one behind speeds up to twice the pace); also the lateral distance over which the
/// steering back turns to 45°.
inline constexpr double kGroupCohesionWidth = 1.0;
/// m: distance between neighbouring members' centres where a group is placed: d0 = 0.8 m, the
/// distance below which members of a group keep apart in the model Moussaïd et al. 2010 fit
/// to their observations (Fig. 4); at least 0.1 m of free room between the bodies.
inline constexpr double kGroupSpacing = 0.8;

/// The share of the walking speed of a person alone that a group of n keeps: the fit of
/// Moussaïd et al. 2010 (PLoS ONE 5(4) e10047, Fig. 2, low density, population A),
/// v(n) = 1.26 − 0.04 n m/s, relative to v(1) = 1.22 m/s; sizes beyond the four measured are
/// taken as four.
double group_speed_factor(std::int32_t n);

/// m: distance from a member to the group's centre beyond which the cohesion acts,
/// (n − 1)/2 (Moussaïd et al. 2010, the threshold of the attraction to the centre of mass).
double group_cohesion_threshold(std::int32_t n);

/// A group size drawn from `size`, rounded to whole persons and kept in [1, kMaxGroupSize].
std::int32_t draw_group_size(const Distribution& size, RandomStream& rng);

/// m: radius of the ring on which n members of body radius r stand at placement, the
/// neighbours' centres max(kGroupSpacing, 2r + 0.1) apart (0 for one person).
double group_ring_radius(std::int32_t n, double r);

}  // namespace stroom::sim
