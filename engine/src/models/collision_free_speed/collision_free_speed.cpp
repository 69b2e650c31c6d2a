// Collision-free speed model; see docs/models.md for the equations.
//
//   e_i  = normalise( e0_i + Σ_j R_n(s_ij) n_ji + Σ_w R_w(s_iw) n_wi )       direction
//   R_n(s) = a_n · exp((l − s) / D_n),  R_w(s) = a_w · exp(min(0, r − s) / D_w)
//   e0_i turned up to ±60° when the walk ahead is blocked within the anticipation range
//   (only to the right when the blocker is someone coming the other way: keep right),
//   the turn re-chosen once per reaction time and held in between
//   m_i  = e_i with the part pointing into touching neighbours removed         slide
//   v_i  = m_i · min(v0_i, max(0, s_min / T))                                 speed
//
// with s the centre distance, l the sum of radii (neighbours) or the radius (walls), and s_min
// the smallest gap (distance − l) to a person ahead of i within the corridor of width 2l
// around the direction of m_i.
#include <cmath>
#include <limits>

#include "models/collision_free_speed/params.hpp"
#include "models/fast_exp.hpp"
#include "models/model.hpp"

namespace stroom::models::collision_free_speed {

namespace {
/// Repulsions that fall below this share of the desired direction are not evaluated:
/// a·exp(-gap/D) is skipped once gap > kNegligibleRanges·D (a·e^-12 ≈ 6e-6·a, below a 1e-4
/// share of the unit desired direction).
constexpr double kNegligibleRanges = 12.0;
/// Neighbours within the cut-off kept for the headway pass (about 75 at 6 P/m² and 2 m).
constexpr std::size_t kNearCapacity = 96;
/// Gap (m) below which a neighbour counts as touching for the slide. Bodies in a jam stand
/// at gaps of a few millimetres; 2 cm is well below a step's walk at any speed that matters.
constexpr double kContactGap = 0.02;
/// Touching neighbours kept for the slide (hexagonal packing has six).
constexpr std::size_t kContactCapacity = 12;
/// Desired directions more than 120° apart: the other person is coming the other way.
constexpr double kOncomingCos = -0.5;
/// The walk left of direction e when i may not move into any touching neighbour (unit vectors
/// `towards` them, components tx, ty): the projection of e onto the cone {m : m·c ≤ 0 for
/// every contact c}. In the plane that projection is e itself, or e with its part along one
/// contact removed, or zero (boxed in by two or more); the longest feasible of these is the
/// projection.
Vec2 slide_along_contacts(Vec2 e, const double* tx, const double* ty, std::size_t count) {
  constexpr double kTolerance = 1e-9;
  auto free_of_all = [&](Vec2 m) {
    for (std::size_t k = 0; k < count; ++k)
      if (dot(m, Vec2{tx[k], ty[k]}) > kTolerance) return false;
    return true;
  };
  if (free_of_all(e)) return e;
  Vec2 best{0.0, 0.0};
  for (std::size_t k = 0; k < count; ++k) {
    const Vec2 towards{tx[k], ty[k]};
    const double into = dot(e, towards);
    if (into <= 0.0) continue;
    const Vec2 m = e - towards * into;
    if (dot(m, m) > dot(best, best) && free_of_all(m)) best = m;
  }
  return best;
}

/// A neighbour as seen by someone looking ahead. Plain doubles (no initialisers), so the
/// per-person buffer of them costs nothing to set up.
struct Other {
  double dx, dy;  ///< from the person to the neighbour's centre, m
  double vx, vy;  ///< the neighbour's velocity, m/s
  double c;       ///< dist² − (radius sum)²: ≤ 0 when touching
  bool oncoming;  ///< heading the other way (desired directions more than 120° apart)
};

/// The neighbours of one person within the cut-off, in grid (candidate) order, as structure
/// of arrays: gathered in one pass over the grid, then read by the repulsion, anticipation
/// and headway passes. Only the first `count` entries are ever read, so nothing is
/// initialised per person.
struct NearBuffer {
  double dx[kNearCapacity], dy[kNearCapacity];  ///< from the person to the neighbour, m
  double dist[kNearCapacity];  ///< centre distance, m (its square until the repulsion pass)
  double l[kNearCapacity];     ///< radius sum, m
  std::int32_t slot[kNearCapacity];
  std::size_t count = 0;
};

/// One person looking ahead: how far can they walk along a unit direction u before touching
/// someone (who keeps their current velocity) or a wall, up to `range`.
struct Heading {
  Vec2 p;
  double radius, speed, range;

  /// Walk (m) along u at `speed` until the body touches neighbour j (who keeps velocity
  /// j.v); `range` if they never meet within it.
  double walk_to_contact(Vec2 u, const Other& j) const {
    const Vec2 w = u * speed - Vec2{j.vx, j.vy};  // velocity relative to j
    const double b = dot(Vec2{j.dx, j.dy}, w);
    if (b <= 0.0) return range;  // not closing in
    if (j.c <= 0.0) return 0.0;  // touching and closing in
    const double a = dot(w, w);
    const double disc = b * b - a * j.c;
    if (disc < 0.0) return range;  // passes by
    return std::min(range, speed * (b - std::sqrt(disc)) / a);
  }

  /// Walk (m) along u until the body touches segment s; `range` if not within it.
  double walk_to_wall(Vec2 u, const Segment& s) const {
    double best = range;
    // Endpoints: the centre reaches the disc of `radius` round each.
    for (const Vec2 a : {s.a, s.b}) {
      const Vec2 d = a - p;
      const double b = dot(d, u), c = dot(d, d) - radius * radius;
      if (c <= 0.0) {
        if (b > 0.0) return 0.0;
        continue;
      }
      const double disc = b * b - c;
      if (b > 0.0 && disc >= 0.0) best = std::min(best, b - std::sqrt(disc));
    }
    // Interior: the centre reaches the line offset by `radius` within the segment.
    const Vec2 along = s.b - s.a;
    const double len = length(along);
    if (len <= 0.0) return best;
    const Vec2 t = along / len;
    Vec2 n{-t.y, t.x};
    double h = dot(p - s.a, n);
    if (h < 0.0) n = n * -1.0, h = -h;
    const double approach = -dot(u, n);
    if (approach <= 0.0) return best;
    const double walk = std::max(0.0, (h - radius) / approach);
    const double at = dot(p + u * walk - s.a, t);
    if (at >= 0.0 && at <= len) best = std::min(best, walk);
    return best;
  }
};

/// cos and sin of the steering turns 15°, 30°, 45°, 60°.
constexpr double kTurnCos[] = {0.96592582628906831, 0.86602540378443871, 0.70710678118654757,
                               0.50000000000000011};
constexpr double kTurnSin[] = {0.25881904510252074, 0.49999999999999994, 0.70710678118654746,
                               0.86602540378443860};

/// e0 turned by `turn` (0 straight, ±1..±4 for ±15°..±60°, negative to the right).
Vec2 turned(Vec2 e0, int turn) {
  if (turn == 0) return e0;
  const double side = turn < 0 ? -1.0 : 1.0;
  const std::size_t k = static_cast<std::size_t>(turn < 0 ? -turn : turn) - 1;
  return {e0.x * kTurnCos[k] - side * e0.y * kTurnSin[k],
          side * e0.x * kTurnSin[k] + e0.y * kTurnCos[k]};
}

/// The heading to walk: the desired direction e0 if it is free for `range` metres; otherwise
/// the direction, among e0 turned by up to ±60° in 15° steps, with the most progress towards
/// the goal (free walk × cos of the turn), taken only when 5 % better than e0. At equal
/// progress the smaller turn and then the right-hand side win (the Dutch keep right), so the
/// choice is deterministic. With `right_only` (someone coming the other way is in the path)
/// only right turns are considered: both sides evading to the right is what lets two streams
/// pass in lanes instead of locking up face to face. free(u, cos_turn, needed) gives the free walk
/// along u; it may stop early with any walk f whose progress f·cos_turn ≤ needed (such a heading
/// cannot win). Returns the turn (see turned()), which the person holds until the next choice.
template <class Free>
int choose_heading(Vec2 e0, double range, bool right_only, Free&& free) {
  const double straight = free(e0, 1.0, -1.0);
  if (straight >= range) return 0;
  int best = 0;
  double best_progress = straight;
  for (int k = 1; k <= 4; ++k) {
    const double cos_turn = kTurnCos[k - 1];
    if (range * cos_turn <= best_progress * 1.05) break;  // no wider turn can win
    for (const int turn : {-k, k}) {                      // right first
      if (right_only && turn > 0) continue;
      const double needed = best_progress * 1.05;
      const double progress = free(turned(e0, turn), cos_turn, needed) * cos_turn;
      if (progress > needed) best = turn, best_progress = progress;
    }
  }
  return best;
}

}  // namespace

void velocities(const CollisionFreeSpeedParams& params, const ModelInput& in, std::int32_t begin,
                std::int32_t end, const ModelOutput& out) {
  const NeighbourGrid& grid = *in.grid;
  const auto& gx = grid.x();
  const auto& gy = grid.y();
  const auto& gr = grid.radius();
  const auto& gslot = grid.slot();
  const double cutoff = params.cutoff;
  const double cutoff2 = cutoff * cutoff;
  const double a_n = params.neighbor_repulsion_strength;
  const double d_n = params.neighbor_repulsion_range;
  const double a_w = params.wall_repulsion_strength;
  const double d_w = params.wall_repulsion_range;
  const double gap_limit_n = kNegligibleRanges * d_n;
  const double gap_limit_w = kNegligibleRanges * d_w;
  const double time_gap = params.time_gap;
  // The steering's turn is held for the reaction time (at least one step) where the caller
  // keeps it per person; otherwise it is chosen every step.
  const bool held = !out.heading_turn.empty() && !in.id.empty();
  const std::int64_t reaction_steps =
      std::max<std::int64_t>(1, std::llround(params.reaction_time / in.dt));

  const double r_max = grid.max_radius();
  NearBuffer near;
  double contact_x[kContactCapacity], contact_y[kContactCapacity];  // unit vectors i → touching
  Other others[kNearCapacity];
  for (std::int32_t i = begin; i < end; ++i) {
    const Vec2 p{in.x[i], in.y[i]};
    const double ri = in.radius[i];
    Vec2 sum{in.ex[i], in.ey[i]};

    // Neighbour repulsion of the direction. The neighbours within the cut-off are gathered
    // first (branch-light, contiguous), then repelled in the same order; they stay in the
    // buffer for the anticipation and headway passes below. Should the buffer fill up, the
    // gathered ones are repelled and the buffer reused (a second grid pass for the headway).
    std::size_t contact_count = 0;
    auto repel = [&] {
      for (std::size_t k = 0; k < near.count; ++k) {
        const double dist = std::sqrt(near.dist[k]);
        near.dist[k] = dist;
        const double gap = dist - near.l[k];
        if (gap <= kContactGap && dist > 0.0 && contact_count < kContactCapacity) {
          const double inv = 1.0 / dist;
          contact_x[contact_count] = near.dx[k] * inv;
          contact_y[contact_count] = near.dy[k] * inv;
          ++contact_count;
        }
        if (gap > gap_limit_n) continue;
        const double strength = a_n * fast_exp(-gap / d_n);
        if (dist > 0.0) {
          const double f = strength / dist;
          sum.x -= near.dx[k] * f;
          sum.y -= near.dy[k] * f;
        } else {
          // Two persons on the same spot: separate them along x, by slot order.
          sum.x += (i < near.slot[k] ? -strength : strength);
        }
      }
    };
    // Between two choices of the steering's turn only the repulsion (gaps up to gap_limit_n)
    // and the headway (gaps below v0·T, beyond which the speed is v0 anyway) look at
    // neighbours, so the gather reaches no further than they do; 1 cm of margin keeps the
    // result exactly what the full cut-off gives.
    const bool anticipating =
        params.anticipation_range > 0.0 && in.v0[i] > 0.0 && (in.ex[i] != 0.0 || in.ey[i] != 0.0);
    const bool choosing = anticipating && (!held || (in.step + in.id[i]) % reaction_steps == 0);
    const double reach =
        choosing ? cutoff
                 : std::min(cutoff, ri + r_max + std::max(gap_limit_n, in.v0[i] * time_gap) + 0.01);
    const double reach2 = reach * reach;
    near.count = 0;
    bool overflow = false;
    grid.for_each_candidate(p, reach, [&](std::int32_t k) {
      const double dx = gx[k] - p.x, dy = gy[k] - p.y;
      const double dist2 = dx * dx + dy * dy;
      if (dist2 > reach2 || gslot[k] == i) return;
      if (near.count == kNearCapacity) {
        repel();
        near.count = 0;
        overflow = true;
      }
      const std::size_t n = near.count++;
      near.dx[n] = dx;
      near.dy[n] = dy;
      near.dist[n] = dist2;
      near.l[n] = ri + gr[k];
      near.slot[n] = gslot[k];
    });
    repel();

    // Wall repulsion of the direction.
    if (in.walls != nullptr) {
      for (const std::int32_t w : in.walls->candidates(p)) {
        const Wall& wall = in.walls->wall(w);
        if (!wall_blocks(wall, in.pass_checkpoint[i])) continue;
        Vec2 c;
        const double dist = segment_distance(wall.segment, p, c);
        const double gap = dist - ri;
        if (gap > gap_limit_w || dist <= 0.0) continue;
        // Bounded at its contact value a_w: a body pressed into a door jamb must not have its
        // direction turned across the opening (that deadlocks narrow exits).
        sum += (p - c) * (a_w * fast_exp(-std::max(0.0, gap) / d_w) / dist);
      }
    }

    // Anticipation: blocked within the anticipation range along the desired direction, the
    // person steers to the side that lets them walk furthest towards the goal (an overtaking
    // or evasive step); see choose_heading(). The turn is chosen once per reaction time, on
    // steps staggered by person id, and held (relative to e0) in between.
    if (anticipating && !overflow) {
      const Vec2 e0{in.ex[i], in.ey[i]};
      int turn = held ? out.heading_turn[i] : 0;
      if (choosing) {
        const std::int32_t own_goal = in.goal.empty() ? -1 : in.goal[static_cast<std::size_t>(i)];
        const Heading h{p, ri, in.v0[i], std::min(params.anticipation_range, cutoff)};
        // The neighbours that can be met: gathered once (velocity and all), then scanned for
        // each candidate heading. Someone standing behind (more than 150° off e0, beyond the
        // 60° turns) can never be walked into.
        std::size_t other_count = 0;
        for (std::size_t k = 0; k < near.count; ++k) {
          const std::size_t js = static_cast<std::size_t>(near.slot[k]);
          const Vec2 vj = js < in.x.size() ? Vec2{in.vx[js], in.vy[js]} : Vec2{0.0, 0.0};
          const Vec2 d{near.dx[k], near.dy[k]};
          if (vj.x == 0.0 && vj.y == 0.0 && dot(d, e0) < -0.866 * near.dist[k]) continue;
          // Coming the other way: walking to another goal, facing more than 120° away. Persons
          // with the same goal converge face to face on a door; they are not passing each other.
          const bool oncoming = js < in.x.size() &&
                                in.ex[js] * e0.x + in.ey[js] * e0.y < kOncomingCos &&
                                (own_goal < 0 || in.goal[js] != own_goal);
          others[other_count++] = Other{
              d.x, d.y, vj.x, vj.y, near.dist[k] * near.dist[k] - near.l[k] * near.l[k], oncoming};
        }
        bool meets_oncoming = false;
        for (std::size_t k = 0; k < other_count && !meets_oncoming; ++k)
          meets_oncoming = others[k].oncoming && h.walk_to_contact(e0, others[k]) < h.range;
        auto free = [&](Vec2 u, double cos_turn, double needed) {
          double f = h.range;
          for (std::size_t k = 0; k < other_count; ++k) {
            f = std::min(f, h.walk_to_contact(u, others[k]));
            if (f * cos_turn <= needed) return f;
          }
          if (in.walls != nullptr) {
            for (const std::int32_t w : in.walls->candidates(p)) {
              const Wall& wall = in.walls->wall(w);
              if (wall_blocks(wall, in.pass_checkpoint[i]))
                f = std::min(f, h.walk_to_wall(u, wall.segment));
              if (f * cos_turn <= needed) return f;
            }
          }
          return f;
        };
        turn = choose_heading(e0, h.range, meets_oncoming, free);
      }
      if (held) out.heading_turn[i] = static_cast<std::int8_t>(turn);
      if (turn != 0) sum += turned(e0, turn) - e0;
    } else if (held) {
      out.heading_turn[i] = 0;
    }

    // Slide: a person touching others walks on along them instead of into them, with the
    // part of the walk that is left (side by side in an opening both walk on; straight behind
    // someone nobody moves). Without it two persons side by side whose directions lean
    // towards each other each see the other ahead at gap 0 and stand for ever.
    const Vec2 e_repelled = normalized(sum);
    const Vec2 m = slide_along_contacts(e_repelled, contact_x, contact_y, contact_count);
    const double share = length(m);
    const Vec2 e = share > 1e-9 ? m / share : Vec2{0.0, 0.0};
    double speed = 0.0;
    if (in.v0[i] > 0.0 && share > 1e-9) {
      // Headway: the smallest gap to anyone ahead within the corridor of the direction.
      // "Ahead" is strict, so the touching neighbours slid along (now exactly beside) do not
      // stop the walk.
      double s_min = std::numeric_limits<double>::infinity();
      const Vec2 left{-e.y, e.x};
      auto headway = [&](Vec2 d, double dist, double l) {
        if (dot(e, d) <= 1e-12 || std::abs(dot(left, d)) > l) return;
        s_min = std::min(s_min, dist - l);
      };
      for (std::size_t k = 0; k < near.count; ++k)
        headway({near.dx[k], near.dy[k]}, near.dist[k], near.l[k]);
      if (overflow) {
        s_min = std::numeric_limits<double>::infinity();
        grid.for_each_candidate(p, cutoff, [&](std::int32_t k) {
          if (gslot[k] == i) return;
          const Vec2 d{gx[k] - p.x, gy[k] - p.y};
          const double dist2 = dot(d, d);
          if (dist2 > cutoff2) return;
          headway(d, std::sqrt(dist2), ri + gr[k]);
        });
      }
      speed = share * std::min(in.v0[i], std::max(0.0, s_min / time_gap));
    }
    out.vx[i] = e.x * speed;
    out.vy[i] = e.y * speed;
  }
}

}  // namespace stroom::models::collision_free_speed
