// System: exit flow limits (an exit's `max_flow`).
//
// An exit with `max_flow` lets at most max_flow × width persons per second through, without
// bursts: a token bucket of capacity one person (full at the start) refilled at that rate.
// A bucket of capacity one is fully described by the time at which it holds its token
// again, so a crossing at time t is allowed when t >= full_at and sets full_at = t + 1/rate;
// crossings through the exit are then never closer than 1/rate in time. The move system runs
// first, unaware of limits; then, serially, everyone whose move would cross a limited exit
// is taken in order of crossing time (the moment within the step, as detect_crossings()
// records it), ties by id, so the outcome does not depend on the thread count. Whoever finds
// no token meets the exit line as a wall this step: the move slides along it (as the move
// system does at a blocking wall), and the person waits at the line.
#include <algorithm>
#include <tuple>

#include "models/model.hpp"
#include "sim/systems.hpp"

namespace stroom::sim {

namespace {

/// The first flow-limited exit person s's move this step would cross, if any.
void find_exit_attempt(const Context& ctx, const World& w, std::int32_t s,
                       std::vector<ExitAttempt>& out) {
  const Vec2 p{w.people.x[s], w.people.y[s]};
  const Vec2 q{w.people.next_x[s], w.people.next_y[s]};
  if (p == q) return;
  ExitAttempt first;
  std::vector<std::int32_t> swept;  // used only by moves longer than the grid's reach
  for (const std::int32_t k : ctx.crossable_grid.candidates_along(p, q, swept)) {
    if (ctx.crossable_kind[static_cast<std::size_t>(k)] != CrossingKind::exit) continue;
    const int e = ctx.crossable_grid.wall(k).element;
    if (ctx.exit_flow_rate[static_cast<std::size_t>(e)] <= 0.0) continue;
    const Segment& seg = ctx.crossable_grid.wall(k).segment;
    if (!models::move_crosses(seg, p, q)) continue;
    const double frac = crossing_fraction(seg, p, q);
    if (first.exit < 0 || frac < first.fraction) first = ExitAttempt{frac, w.people.id[s], s, e};
  }
  if (first.exit >= 0) out.push_back(first);
}

/// Person s may not cross exit e this step: the move slides along the exit line, or is
/// dropped when the slide would cross it or a blocking wall.
void hold_at_exit(const Context& ctx, World& w, std::int32_t s, int e) {
  People& people = w.people;
  const Segment& line = ctx.scenario.venue.exits[static_cast<std::size_t>(e)].line;
  const Vec2 p{people.x[s], people.y[s]};
  const Vec2 q{people.next_x[s], people.next_y[s]};
  Vec2 held = slide_along(line, p, q);
  if (models::move_crosses(line, p, held) || blocked(w, s, p, held) >= 0) held = p;
  const double dt = ctx.scenario.step;
  people.next_x[s] = held.x, people.next_y[s] = held.y;
  people.next_vx[s] = (held.x - p.x) / dt;
  people.next_vy[s] = (held.y - p.y) / dt;
}

}  // namespace

void limit_exit_flows(const Context& ctx, World& w) {
  if (!ctx.any_exit_flow_limit) return;
  for (auto& list : w.exit_attempt_lists)
    list.clear();
  ctx.workers.parallel(w.people.size(), [&](std::int32_t b, std::int32_t e) {
    auto& list = w.exit_attempt_lists.local();
    for (std::int32_t s = b; s < e; ++s)
      find_exit_attempt(ctx, w, s, list);
  });
  w.exit_attempts.clear();
  for (const auto& list : w.exit_attempt_lists)
    w.exit_attempts.insert(w.exit_attempts.end(), list.begin(), list.end());
  std::sort(w.exit_attempts.begin(), w.exit_attempts.end(),
            [](const ExitAttempt& a, const ExitAttempt& b) {
              return std::tie(a.fraction, a.person) < std::tie(b.fraction, b.person);
            });
  for (const ExitAttempt& a : w.exit_attempts) {
    const std::size_t e = static_cast<std::size_t>(a.exit);
    const double t = w.now + a.fraction * ctx.scenario.step;
    if (t >= w.exit_full_at[e]) {
      w.exit_full_at[e] = t + 1.0 / ctx.exit_flow_rate[e];  // takes the token
    } else {
      hold_at_exit(ctx, w, a.slot, a.exit);
    }
  }
}

}  // namespace stroom::sim
