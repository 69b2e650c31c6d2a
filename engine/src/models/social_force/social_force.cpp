// Social force model; see docs/models.md for the equations.
//
//   m dv_i/dt = m (v0_i e0_i − v_i) / τ + Σ_j f_ij + Σ_w f_iw
//   f_ij = [A_i exp((r_ij − d_ij)/B_i) + k g(r_ij − d_ij)] n_ij + κ g(r_ij − d_ij) Δv_ji^t t_ij
//   f_iw = [A_w exp((r_i − d_iw)/B_w) + k g(r_i − d_iw)] n_iw − κ g(r_i − d_iw) (v_i·t_iw) t_iw
//
// g(x) = x for x > 0, else 0. Integration: semi-implicit (symplectic) Euler, v first, then the
// move phase advances x with the new v; |v| is capped at max_speed_factor · v0.
//
// Someone standing (v0 = 0: before their premovement ends, staying, waiting at a checkpoint or
// for their group) feels only the physical terms (body force and friction, when touching):
// the exponential "social" terms are the walker's wish to keep a distance, and applied to a
// stander they made persons drift before their premovement ended (RiMEA 5: 851 early moves; a
// wall 0.5 m away alone pushes with 47 N, a drift of 0.3 m/s). Stroom's change, docs/models.md.
#include <algorithm>
#include <cmath>

#include "models/model.hpp"
#include "models/social_force/params.hpp"

namespace stroom::models::social_force {

namespace {
/// Smallest speed cap, m/s, so that persons standing still (v0 = 0) can still be pushed aside.
constexpr double kMinSpeedCapBase = 0.5;
/// Exponential forces beyond this many ranges B are negligible (A·e^-20 ≈ 4e-6 N).
constexpr double kNegligibleRanges = 20.0;
}  // namespace

void velocities(const SocialForceParams& params, const ModelInput& in, std::int32_t begin,
                std::int32_t end, const ModelOutput& out) {
  const NeighbourGrid& grid = *in.grid;
  const auto& gx = grid.x();
  const auto& gy = grid.y();
  const auto& gr = grid.radius();
  const auto& gslot = grid.slot();
  const double cutoff2 = params.cutoff * params.cutoff;
  const double inv_mass = 1.0 / params.mass;

  for (std::int32_t i = begin; i < end; ++i) {
    const Vec2 p{in.x[i], in.y[i]};
    const Vec2 v{in.vx[i], in.vy[i]};
    const double ri = in.radius[i];
    const Vec2 desired = Vec2{in.ex[i], in.ey[i]} * in.v0[i];
    const bool standing = in.v0[i] <= 0.0;
    Vec2 force = (desired - v) * (params.mass / params.relaxation_time);

    grid.for_each_candidate(p, params.cutoff, [&](std::int32_t k) {
      const std::int32_t j = gslot[k];
      // Bodies that just walked out through an exit: the collision-free speed model keeps a
      // headway to them, the force model ignores them (they have no velocity for the friction
      // term and would push followers back hard).
      if (j == i || grid.is_outside_body(j)) return;
      const Vec2 d{p.x - gx[k], p.y - gy[k]};  // from j to i
      const double dist2 = dot(d, d);
      if (dist2 > cutoff2) return;
      const double dist = std::sqrt(dist2);
      const double overlap = ri + gr[k] - dist;
      if (overlap < -kNegligibleRanges * params.agent_range) return;
      const Vec2 n = dist > 0.0 ? d / dist : Vec2{i < j ? -1.0 : 1.0, 0.0};
      double normal =
          standing ? 0.0 : params.agent_strength * std::exp(overlap / params.agent_range);
      if (overlap > 0.0) {
        normal += params.body_force * overlap;
        const Vec2 t{-n.y, n.x};
        const double dvt = dot(Vec2{in.vx[j] - v.x, in.vy[j] - v.y}, t);
        force += t * (params.friction * overlap * dvt);
      }
      force += n * normal;
    });

    if (in.walls != nullptr) {
      for (const std::int32_t w : in.walls->candidates(p)) {
        const Wall& wall = in.walls->wall(w);
        if (!wall_blocks(wall, in.pass_checkpoint[i])) continue;
        Vec2 c;
        const double dist = segment_distance(wall.segment, p, c);
        if (dist <= 0.0 || dist > params.cutoff) continue;
        const double overlap = ri - dist;
        if (overlap < -kNegligibleRanges * params.wall_range) continue;
        const Vec2 n = (p - c) / dist;
        double normal =
            standing ? 0.0 : params.wall_strength * std::exp(overlap / params.wall_range);
        if (overlap > 0.0) {
          normal += params.body_force * overlap;
          const Vec2 t{-n.y, n.x};
          force -= t * (params.friction * overlap * dot(v, t));
        }
        force += n * normal;
      }
    }

    Vec2 v_new = v + force * (inv_mass * in.dt);
    const double cap = params.max_speed_factor * std::max(in.v0[i], kMinSpeedCapBase);
    const double speed = length(v_new);
    if (speed > cap) v_new *= cap / speed;
    out.vx[i] = v_new.x;
    out.vy[i] = v_new.y;
  }
}

}  // namespace stroom::models::social_force
