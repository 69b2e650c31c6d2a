// The World's shared helpers: the geometric rules several systems use (each exists once),
// the current stage of a person, and removal with the id → slot map kept true.
#include "sim/world.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "models/model.hpp"
#include "sim/systems.hpp"
#include "stroom/error.hpp"

namespace stroom::sim {

World::World(const Context& ctx)
    : nav(ctx.venue),
      blocking(ctx.venue.initial_blocking()),
      // Cells of half the model's cut-off: the model's neighbour scan visits the cells the
      // cut-off circle touches (see NeighbourGrid::for_each_candidate).
      grid(ctx.venue.bounds(), std::max(0.5, 0.5 * models::model_cutoff(ctx.scenario.model))) {}

RandomStream stage_stream(std::uint64_t seed, PersonId id, int stage, RandomPurpose purpose) {
  return RandomStream(
      seed, static_cast<std::uint64_t>(id) * 4096u + static_cast<std::uint64_t>(stage), purpose);
}

RandomStream group_stream(std::uint64_t seed, std::int32_t group, int stage,
                          RandomPurpose purpose) {
  // Person streams use ids below 2^31 times 4096 (< 2^43); groups start at 2^52.
  return RandomStream(seed,
                      (std::uint64_t{1} << 52) + static_cast<std::uint64_t>(group) * 4096u +
                          static_cast<std::uint64_t>(stage + 1),
                      purpose);
}

Vec2 right_normal(const Segment& s) {
  return normalized(Vec2{s.b.y - s.a.y, s.a.x - s.b.x});
}

Vec2 through_normal(const Segment& s, Vec2 p) {
  const Vec2 r = right_normal(s);
  return models::side(s, p) >= 0.0 ? r : -r;
}

Vec2 inset_closest(const Segment& s, Vec2 p, double inset) {
  const double len = s.length();
  if (len <= 2.0 * inset) return s.midpoint();
  const Vec2 d = (s.b - s.a) / len;
  const double t = std::clamp(dot(p - s.a, d), inset, len - inset);
  return s.a + d * t;
}

Vec2 slide_along(const Segment& s, Vec2 p, Vec2 q) {
  const Vec2 t = normalized(s.b - s.a);
  return p + t * dot(q - p, t);
}

double crossing_fraction(const Segment& s, Vec2 p, Vec2 q) {
  const double sp = models::side(s, p), sq = models::side(s, q);
  return sp / (sp - sq);
}

std::int32_t blocked(const World& w, std::int32_t s, Vec2 p, Vec2 q) {
  std::vector<std::int32_t> swept;  // used only by moves longer than the grid's reach
  const std::span<const std::int32_t> walls = w.walls.candidates_along(p, q, swept);
  std::int32_t nearest = -1;
  double nearest_fraction = kInf;
  for (const std::int32_t k : walls) {
    const Wall& wall = w.walls.wall(k);
    if (!models::wall_blocks(wall, w.people.pass_checkpoint[s])) continue;
    if (!models::move_crosses(wall.segment, p, q)) continue;
    if (swept.empty()) return k;  // a move within reach crosses at most the walls near p
    const double fraction = crossing_fraction(wall.segment, p, q);
    if (fraction < nearest_fraction) nearest = k, nearest_fraction = fraction;
  }
  return nearest;
}

double wall_clearance(const World& w, Vec2 p) {
  double best = kInf;
  for (const std::int32_t k : w.walls.candidates(p)) {
    Vec2 c;
    best = std::min(best, models::segment_distance(w.walls.wall(k).segment, p, c));
  }
  return best;
}

bool spot_free(const World& w, Vec2 p, double r, double search,
               const std::vector<std::int32_t>& fresh) {
  bool free = true;
  w.grid.for_each_candidate(p, search, [&](std::int32_t k) {
    const std::size_t kk = static_cast<std::size_t>(k);
    const double need = r + w.grid.radius()[kk];
    const double dx = w.grid.x()[kk] - p.x, dy = w.grid.y()[kk] - p.y;
    if (dx * dx + dy * dy < need * need) free = false;
  });
  for (const std::int32_t s : fresh) {
    const double need = r + w.people.radius[s];
    const double dx = w.people.x[s] - p.x, dy = w.people.y[s] - p.y;
    if (dx * dx + dy * dy < need * need) free = false;
  }
  return free;
}

void remove_person(World& w, std::int32_t s) {
  const PersonId gone = w.people.id[s];
  STROOM_ASSERT(w.slot_of[static_cast<std::size_t>(gone)] == s);
  w.slot_of[static_cast<std::size_t>(gone)] = -1;
  const PersonId moved = w.people.swap_remove(s);
  if (moved != 0) {
    STROOM_ASSERT(w.slot_of[static_cast<std::size_t>(moved)] == w.people.size());
    w.slot_of[static_cast<std::size_t>(moved)] = s;
  }
}

namespace {

/// Renumbers the slots in the grid's cell order, so that persons next to each other in the
/// venue sit next to each other in memory: the route systems read the distance fields and the
/// models read the neighbours' arrays with few cache misses (at 50,000 persons 15-20 % more
/// agent-steps per second; docs/performance.md). Deterministic; every system that
/// needs an order uses ids, so only the summation order of the model terms changes. The grid
/// just built stays valid: only its slot numbers change.
void renumber_in_cell_order(const Context& ctx, World& w) {
  People& people = w.people;
  const std::int32_t n = people.size();
  std::vector<std::int32_t> old_of_new;
  old_of_new.reserve(static_cast<std::size_t>(n));
  for (const std::int32_t s : w.grid.slot())
    if (s < n) old_of_new.push_back(s);  // later slots are bodies just outside an exit
  STROOM_ASSERT(static_cast<std::int32_t>(old_of_new.size()) == n);
  // The permutation as its cycles (new slot j takes old slot old_of_new[j]; those that stay are
  // left out), walked in every array in place: each entry moves once and no array is copied,
  // so a renumbering needs no memory beyond a slot list, on any number of threads (copies
  // made on the workers came from their own malloc arenas, which grew the process by 70 bytes a
  // person on 2 threads). Whole arrays are the workers' tasks: one round of the workers for
  // all of them; every task writes only its own array.
  std::vector<std::int32_t> cycles;    // the slots of each cycle in turn
  std::vector<std::size_t> cycle_end;  // one past each cycle's last entry in `cycles`
  cycles.reserve(static_cast<std::size_t>(n));
  {
    std::vector<std::uint8_t> seen(static_cast<std::size_t>(n), 0);
    for (std::int32_t first = 0; first < n; ++first) {
      if (seen[static_cast<std::size_t>(first)] || old_of_new[first] == first) continue;
      std::int32_t j = first;
      do {
        seen[static_cast<std::size_t>(j)] = 1;
        cycles.push_back(j);
        j = old_of_new[static_cast<std::size_t>(j)];
      } while (j != first);
      cycle_end.push_back(cycles.size());
    }
  }
  std::vector<std::function<void()>> moves;
  people.for_each_array([&](auto& v) {
    moves.emplace_back([&v, &cycles, &cycle_end] {
      std::size_t begin = 0;
      for (const std::size_t end : cycle_end) {
        const auto kept = v[static_cast<std::size_t>(cycles[begin])];
        for (std::size_t k = begin; k + 1 < end; ++k)
          v[static_cast<std::size_t>(cycles[k])] = v[static_cast<std::size_t>(cycles[k + 1])];
        v[static_cast<std::size_t>(cycles[end - 1])] = kept;
        begin = end;
      }
    });
  });
  ctx.workers.each(static_cast<int>(moves.size()),
                   [&](int k) { moves[static_cast<std::size_t>(k)](); });
  for (std::int32_t s = 0; s < n; ++s)
    w.slot_of[static_cast<std::size_t>(people.id[static_cast<std::size_t>(s)])] = s;
  w.grid.renumber_in_cell_order(n);
  assert_slots(w);
}

}  // namespace

void build_neighbour_grid(const Context& ctx, World& w) {
  w.grid.build(w.people.x, w.people.y, w.people.radius, w.outside.x, w.outside.y, w.outside.radius,
               {ctx.workers.threads,
                [&](int parts, const std::function<void(int)>& f) { ctx.workers.each(parts, f); }});
  if (w.step_count % ctx.sort_interval_steps == 0) renumber_in_cell_order(ctx, w);
  // The persons stand where they are until commit_step(): their wall cells hold until then.
  const std::int32_t n = w.people.size();
  w.wall_cell.resize(static_cast<std::size_t>(n));
  ctx.workers.parallel(n, [&](std::int32_t b, std::int32_t e) {
    w.walls.cells_of(w.people.x.data(), w.people.y.data(), w.wall_cell.data(),
                     static_cast<std::size_t>(b), static_cast<std::size_t>(e));
  });
}

void assert_slots([[maybe_unused]] const World& w) {
#if !defined(NDEBUG) || defined(STROOM_ENABLE_ASSERT)
  for (std::int32_t s = 0; s < w.people.size(); ++s)
    STROOM_ASSERT(w.slot_of[static_cast<std::size_t>(w.people.id[s])] == s);
#endif
}

}  // namespace stroom::sim
