// Measurement on a Venue: kept in its own file so that the rest of the module (and its tests)
// does not need the geometry module's Venue.
#include "stroom/measurement.hpp"

namespace stroom {

Measurement::Measurement(const Scenario& scenario, const Venue& venue, int threads)
    : Measurement(scenario, venue.walkable(), threads) {}

}  // namespace stroom
