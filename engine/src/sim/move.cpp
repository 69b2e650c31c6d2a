// System: move. Integrates each person's model velocity over the step into next_x, next_y
// and keeps the move inside the walkable area: never across a blocking wall (the move slides
// along the wall it would cross, or is dropped), and the body centre at least
// kWallClearance·radius from blocking walls where pushing it there crosses nothing. The
// velocity actually walked replaces the model's in next_vx, next_vy; both are committed
// together with the positions (commit_step()). Parallel: person s writes only slot s.
#include "models/model.hpp"
#include "sim/systems.hpp"

namespace stroom::sim {

namespace {

/// Share of the radius a body centre keeps from a blocking wall after the move.
constexpr double kWallClearance = 0.5;

/// Where person s ends this step when trying to move from p to q.
Vec2 constrain(const World& w, std::int32_t s, Vec2 p, Vec2 q) {
  const double min_clear = kWallClearance * w.people.radius[s];
  // Away from walls: p's cell lists no wall, so none lies within the grid's reach of p; a move
  // that ends at least min_clear inside that reach crosses none (blocked() would find none) and
  // ends with none closer than min_clear to push it off, so nothing below would change q (the
  // cell of q, which may list walls that are further away, need not be looked up).
  const std::int32_t cell = w.wall_cell[static_cast<std::size_t>(s)];
  STROOM_ASSERT(cell == w.walls.cell_of(p));
  if (w.walls.candidates_in(cell).empty() && distance(p, q) + min_clear <= w.walls.reach())
    return q;
  if (const std::int32_t k = blocked(w, s, p, q); k >= 0) {
    const Vec2 slide = slide_along(w.walls.wall(k).segment, p, q);
    q = blocked(w, s, p, slide) < 0 ? slide : p;
  }
  Vec2 pushed = q;
  for (const std::int32_t k : w.walls.candidates(q)) {
    const Wall& wall = w.walls.wall(k);
    if (!models::wall_blocks(wall, w.people.pass_checkpoint[s])) continue;
    Vec2 c;
    const double d = models::segment_distance(wall.segment, pushed, c);
    if (d > 0.0 && d < min_clear) pushed = c + (pushed - c) * (min_clear / d);
  }
  if (pushed.x != q.x || pushed.y != q.y) {
    if (blocked(w, s, p, pushed) < 0) q = pushed;
  }
  return q;
}

}  // namespace

void move_people(const Context& ctx, World& w) {
  People& people = w.people;
  const double dt = ctx.scenario.step;
  STROOM_ASSERT(w.wall_cell.size() == static_cast<std::size_t>(people.size()));
  ctx.workers.parallel(people.size(), [&](std::int32_t b, std::int32_t e) {
    for (std::int32_t s = b; s < e; ++s) {
      const Vec2 p{people.x[s], people.y[s]};
      const Vec2 q = constrain(w, s, p, p + Vec2{people.next_vx[s], people.next_vy[s]} * dt);
      people.next_x[s] = q.x, people.next_y[s] = q.y;
      // The velocity actually walked (after constraints) is the state the models see next.
      people.next_vx[s] = (q.x - p.x) / dt;
      people.next_vy[s] = (q.y - p.y) / dt;
    }
  });
}

}  // namespace stroom::sim
