// System: checkpoint service. After the journeys system has moved persons into the queue of
// a checkpoint line, the free service lanes go, serially, to those waiting longest (ties by
// id); a served person draws the service time. Also counts the persons at each line
// (StepView::checkpoint_queue).
#include <algorithm>
#include <tuple>

#include "sim/systems.hpp"

namespace stroom::sim {

void serve_checkpoints(const Context& ctx, World& w) {
  const VenueDesc& v = ctx.scenario.venue;
  if (v.checkpoints.empty()) return;  // nobody can queue
  People& people = w.people;
  std::fill(w.checkpoint_in_service.begin(), w.checkpoint_in_service.end(), 0);
  std::fill(w.checkpoint_queue.begin(), w.checkpoint_queue.end(), 0);
  std::vector<std::tuple<int, double, PersonId, std::int32_t>> queued;
  for (std::int32_t s = 0; s < people.size(); ++s) {
    const Activity a = people.activity[s];
    if (a != Activity::queueing && a != Activity::in_service) continue;
    const int c = current_stage(ctx, w, s)->element;
    ++w.checkpoint_queue[static_cast<std::size_t>(c)];
    if (a == Activity::in_service)
      ++w.checkpoint_in_service[static_cast<std::size_t>(c)];
    else
      queued.emplace_back(c, people.queue_since[s], people.id[s], s);
  }
  std::sort(queued.begin(), queued.end());
  for (const auto& [c, since, pid, s] : queued) {
    const std::size_t cc = static_cast<std::size_t>(c);
    const CheckpointDesc& cp = v.checkpoints[cc];
    if (!w.checkpoint_open[cc] || w.checkpoint_in_service[cc] >= cp.lanes) continue;
    ++w.checkpoint_in_service[cc];
    RandomStream rng =
        stage_stream(ctx.scenario.seed, pid, people.stage[s], RandomPurpose::service);
    people.activity[s] = Activity::in_service;
    people.timer[s] = w.now + std::max(0.0, cp.service.sample(rng));
  }
}

}  // namespace stroom::sim
