// System: detect_stuck. Once per simulated second, every person walking to a target (not
// queueing, staying, being served, in premovement or waiting for their walking group) who has come
// no kStuckProgress metres closer to it (walking distance, People::target_distance) for kStuckAfter
// seconds is reported once in World::stuck (StepView::stuck). A new stage or a new exit starts a
// new leg. Serial, in slot order; the report is sorted by id, so it does not depend on the threads.
#include <algorithm>
#include <cmath>

#include "sim/systems.hpp"

namespace stroom::sim {

void detect_stuck(const Context& ctx, World& w) {
  w.stuck.clear();
  const double now = w.now + ctx.scenario.step;  // the end of this step
  const auto steps_per_second = std::max<std::int64_t>(1, std::llround(1.0 / ctx.scenario.step));
  if ((w.step_count + 1) % steps_per_second != 0) return;
  People& people = w.people;
  for (std::int32_t s = 0; s < people.size(); ++s) {
    const auto i = static_cast<std::size_t>(s);
    const Activity a = people.activity[i];
    // A member waiting for their walking group is not stuck (groups.cpp).
    const bool walking =
        (a == Activity::walking || a == Activity::evacuating) && !people.group_wait[i];
    const double d = people.target_distance[i];
    const bool new_leg =
        people.progress_leg[i] != people.stage[i] || people.progress_exit[i] != people.exit[i];
    if (!walking || new_leg) {
      people.progress_leg[i] = people.stage[i];
      people.progress_exit[i] = people.exit[i];
      // A crossing earlier in this step may have begun the leg: the distance is then still
      // the last leg's (the journeys measure the new one at the start of the next step), so
      // the leg's first distance is taken at the next check.
      people.progress_distance[i] =
          new_leg ? std::numeric_limits<double>::infinity()
                  : (std::isfinite(d) ? d : std::numeric_limits<double>::max());
      people.progress_since[i] = now;
      continue;
    }
    if (!std::isfinite(people.progress_distance[i])) {
      people.progress_distance[i] = std::isfinite(d) ? d : std::numeric_limits<double>::max();
      continue;
    }
    if (d < people.progress_distance[i] - kStuckProgress) {
      people.progress_distance[i] = d;
      people.progress_since[i] = now;
    } else if (!people.stuck_reported[i] && now - people.progress_since[i] >= kStuckAfter) {
      people.stuck_reported[i] = 1;
      w.stuck.push_back(StuckPerson{people.id[i], people.population[i], people.x[i], people.y[i],
                                    people.progress_since[i]});
    }
  }
  std::sort(w.stuck.begin(), w.stuck.end(),
            [](const StuckPerson& a, const StuckPerson& b) { return a.person < b.person; });
}

}  // namespace stroom::sim
