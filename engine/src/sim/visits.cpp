// System: circulation. A `visit` step offers attractions with weights; each person (each
// walking group, through its shared stream) draws how many to visit and which, by weight
// without replacement, and visits them in the order drawn (docs/scenario-format.md,
// "Circulation"). The plan is a pure function of (seed, person or group, step): it is drawn
// again whenever a person enters a visit slot, so nothing but the choice of the current slot
// is kept per person. Parallel: person s writes only slot s.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/systems.hpp"
#include "sim/visits.hpp"

namespace stroom::sim {

std::vector<int> visit_plan(const Visit& v, RandomStream rng) {
  // Efraimidis and Spirakis (2006), "Weighted random sampling with a reservoir", Inf.
  // Process. Lett. 97(5): key_i = E_i / w_i with E_i standard exponential; the options in
  // ascending key order are a weighted draw without replacement (the first is option i with
  // probability w_i / Σw, the next by weight among the rest, and so on).
  const auto offered = static_cast<long long>(v.options.size());
  const auto count =
      static_cast<std::size_t>(std::clamp(std::llround(v.count.sample(rng)), 0LL, offered));
  std::vector<double> key(v.options.size());
  for (std::size_t i = 0; i < key.size(); ++i)
    key[i] = -std::log(rng.uniform_open0()) / v.weights[i];
  std::vector<int> order(v.options.size());
  std::iota(order.begin(), order.end(), 0);
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count), order.end(),
                    [&](int a, int b) {
                      const double ka = key[static_cast<std::size_t>(a)];
                      const double kb = key[static_cast<std::size_t>(b)];
                      return ka < kb || (ka == kb && a < b);
                    });
  order.resize(count);
  return order;
}

RandomStream visit_stream(const Context& ctx, const World& w, std::int32_t s, const Visit& v,
                          RandomPurpose purpose) {
  const std::uint64_t seed = ctx.scenario.seed;
  const std::int32_t group = w.people.group[s];
  return group != 0 ? group_stream(seed, group, v.first_stage, purpose)
                    : stage_stream(seed, w.people.id[s], v.first_stage, purpose);
}

void choose_attraction(const Context& ctx, World& w, std::int32_t s) {
  People& people = w.people;
  if (people.evacuating[s]) return;
  const auto& journey = ctx.journeys[static_cast<std::size_t>(people.population[s])];
  while (static_cast<std::size_t>(people.stage[s]) < journey.size()) {
    const Stage& st = journey[static_cast<std::size_t>(people.stage[s])];
    if (st.kind != Stage::Kind::visit) return;
    const Visit& v = ctx.visits[static_cast<std::size_t>(st.visit)];
    if (v.until) {
      // Time to go: the visits left and the stay at hand are dropped (one draw per call from
      // the person's or group's own stream, so nothing more is kept per person).
      RandomStream rng = visit_stream(ctx, w, s, v, RandomPurpose::departure);
      if (w.now + 1e-9 >= v.until->sample(rng)) {
        people.stage[s] = v.first_stage + static_cast<std::int32_t>(v.options.size());
        people.activity[s] = Activity::walking;
        people.exit[s] = -1, people.lane[s] = -1, people.pass_checkpoint[s] = -1;
        people.attraction[s] = 0;
        continue;
      }
    }
    if (people.attraction[s] > 0) return;
    const std::vector<int> plan = visit_plan(v, visit_stream(ctx, w, s, v));
    if (static_cast<std::size_t>(st.slot) < plan.size()) {
      people.attraction[s] = plan[static_cast<std::size_t>(st.slot)] + 1;
      return;
    }
    // The plan is done: on to the step after the visit (which may be another visit).
    people.stage[s] = v.first_stage + static_cast<std::int32_t>(v.options.size());
  }
}

void choose_attractions(const Context& ctx, World& w) {
  if (ctx.visits.empty()) return;
  ctx.workers.parallel(w.people.size(), [&](std::int32_t b, std::int32_t e) {
    for (std::int32_t s = b; s < e; ++s)
      choose_attraction(ctx, w, s);
  });
}

}  // namespace stroom::sim
