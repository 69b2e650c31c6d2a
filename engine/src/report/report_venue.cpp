// render_report on a Venue: kept apart so that the rest of the module (and its tests) does
// not need the geometry module's Venue.
#include "stroom/report.hpp"

namespace stroom {

std::string render_report(const Scenario& scenario, const Venue& venue,
                          const Measurement& measurement, const Summary& summary,
                          const ReportInfo& info) {
  return render_report(scenario, venue.walkable(), measurement, summary, info);
}

}  // namespace stroom
