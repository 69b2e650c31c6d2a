// Collision-free speed model; see docs/models.md for the equations.
//
//   e_i  = normalise( e0_i + Σ_j R_n(s_ij) n_ji + Σ_w R_w(s_iw) n_wi )       direction
//   R_n(s) = a_n · exp((l − s) / D_n),  R_w(s) = a_w · exp(min(0, r − s) / D_w)
//   m_i  = e_i with the part pointing into touching neighbours removed         slide
//   v_i  = m_i · min(v0_i, max(0, s_min / T))                                 speed
//
// with s the centre distance, l the sum of radii (neighbours) or the radius (walls), and s_min
// the smallest gap (distance − l) to a person ahead of i within the corridor of width 2l
// around the direction of m_i.
#include "models/collision_free_speed/collision_free_speed.hpp"

#include <array>
#include <cmath>
#include <limits>

namespace stroom::models {

namespace {
/// Neighbours within the cut-off kept for the headway pass (about 75 at 6 P/m² and 2 m).
constexpr std::size_t kNearCapacity = 96;
/// Gap (m) below which a neighbour counts as touching for the slide. Bodies in a jam stand
/// at gaps of a few millimetres; 2 cm is well below a step's walk at any speed that matters.
constexpr double kContactGap = 0.02;
/// Touching neighbours kept for the slide (hexagonal packing has six).
constexpr std::size_t kContactCapacity = 12;
/// The walk left of direction e when i may not move into any touching neighbour (unit vectors
/// `towards` them): the projection of e onto the cone {m : m·c ≤ 0 for every contact c}. In
/// the plane that projection is e itself, or e with its part along one contact removed, or
/// zero (boxed in by two or more); the longest feasible of these is the projection.
Vec2 slide_along_contacts(Vec2 e, const Vec2* towards, std::size_t count) {
  constexpr double kTolerance = 1e-9;
  auto free_of_all = [&](Vec2 m) {
    for (std::size_t k = 0; k < count; ++k)
      if (dot(m, towards[k]) > kTolerance) return false;
    return true;
  };
  if (free_of_all(e)) return e;
  Vec2 best{0.0, 0.0};
  for (std::size_t k = 0; k < count; ++k) {
    const double into = dot(e, towards[k]);
    if (into <= 0.0) continue;
    const Vec2 m = e - towards[k] * into;
    if (dot(m, m) > dot(best, best) && free_of_all(m)) best = m;
  }
  return best;
}
}  // namespace

void collision_free_speed_velocities(const CollisionFreeSpeedParams& params, const ModelInput& in,
                                     std::int32_t begin, std::int32_t end, const ModelOutput& out) {
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

  for (std::int32_t i = begin; i < end; ++i) {
    const Vec2 p{in.x[i], in.y[i]};
    const double ri = in.radius[i];
    Vec2 sum{in.ex[i], in.ey[i]};

    // Neighbour repulsion of the direction. Neighbours within the cut-off are kept in a small
    // buffer for the headway pass below (a second grid pass only if the buffer overflows).
    struct Near {
      double dx, dy, dist, l;  // from i to the neighbour; centre distance; radius sum
    };
    std::array<Near, kNearCapacity> near;
    std::size_t near_count = 0;
    bool overflow = false;
    std::array<Vec2, kContactCapacity> contact;  // unit vectors from i to touching neighbours
    std::size_t contact_count = 0;
    grid.for_each_candidate(p, cutoff, [&](std::int32_t k) {
      if (gslot[k] == i) return;
      const Vec2 d{p.x - gx[k], p.y - gy[k]};  // from neighbour to i
      const double dist2 = dot(d, d);
      if (dist2 > cutoff2) return;
      const double dist = std::sqrt(dist2);
      const double l = ri + gr[k];
      if (near_count < near.size()) {
        near[near_count++] = Near{-d.x, -d.y, dist, l};
      } else {
        overflow = true;
      }
      const double gap = dist - l;
      if (gap <= kContactGap && dist > 0.0 && contact_count < contact.size())
        contact[contact_count++] = d * (-1.0 / dist);
      if (gap > gap_limit_n) return;
      const double strength = a_n * std::exp(-gap / d_n);
      if (dist > 0.0) {
        sum += d * (strength / dist);
      } else {
        // Two persons on the same spot: separate them along x, by slot order.
        sum.x += (i < gslot[k] ? -strength : strength);
      }
    });

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
        sum += (p - c) * (a_w * std::exp(-std::max(0.0, gap) / d_w) / dist);
      }
    }

    // Slide: a person touching others walks on along them instead of into them, with the
    // part of the walk that is left (side by side in an opening both walk on; straight behind
    // someone nobody moves). Without it two persons side by side whose directions lean
    // towards each other each see the other ahead at gap 0 and stand for ever.
    const Vec2 e_repelled = normalized(sum);
    const Vec2 m = slide_along_contacts(e_repelled, contact.data(), contact_count);
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
      for (std::size_t k = 0; k < near_count; ++k)
        headway({near[k].dx, near[k].dy}, near[k].dist, near[k].l);
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

}  // namespace stroom::models
