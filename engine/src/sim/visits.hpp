// Circulation (visits.cpp): the plan of a `visit` step, a pure function of its random stream.
#pragma once

#include <vector>

#include "sim/world.hpp"

namespace stroom::sim {

/// The attractions (indices into v.options) a person or walking group visits, in visiting
/// order: the count drawn from v.count, rounded and kept within 0 .. the number offered, then
/// that many distinct options drawn by weight without replacement, in the order drawn.
std::vector<int> visit_plan(const Visit& v, RandomStream rng);

/// The stream of the plan of visit v for person s: their walking group's when they walk in
/// one (every member draws the same plan), otherwise their own.
RandomStream visit_stream(const Context& ctx, const World& w, std::int32_t s, const Visit& v,
                          RandomPurpose purpose = RandomPurpose::visit);

}  // namespace stroom::sim
