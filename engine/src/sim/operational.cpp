// System: the operational model (engine/src/models). Reads the current state of everyone and
// writes each person's new velocity into their own slot of next_vx, next_vy (and the model's
// own per-person state); the move system integrates and constrains it.
#include "models/model.hpp"
#include "sim/systems.hpp"

namespace stroom::sim {

void compute_velocities(const Context& ctx, World& w) {
  People& people = w.people;
  const std::int32_t n = people.size();
  people.next_vx.resize(static_cast<std::size_t>(n));
  people.next_vy.resize(static_cast<std::size_t>(n));
  models::ModelInput in;
  in.x = people.x, in.y = people.y, in.vx = people.vx, in.vy = people.vy;
  in.radius = people.radius, in.v0 = people.v0, in.ex = people.ex, in.ey = people.ey;
  in.pass_checkpoint = people.pass_checkpoint;
  in.goal = people.goal;
  in.grid = &w.grid;
  in.walls = &w.walls;
  in.wall_cell = w.wall_cell;
  in.dt = ctx.scenario.step;
  in.id = people.id;
  in.step = w.step_count;
  in.progress_since = people.progress_since;
  in.now = w.now;
  const models::ModelOutput out{people.next_vx, people.next_vy, people.heading_turn,
                                people.heading_x, people.heading_y};
  ctx.workers.parallel(n, [&](std::int32_t b, std::int32_t e) {
    models::compute_velocities(ctx.scenario.model, in, b, e, out);
  });
}

}  // namespace stroom::sim
