// Anticipation velocity model; see docs/models.md for the equations and their sources.
//
//   N_i    = { j : e_i · e_ij > 0 or e0_i · e_ij > 0 }                        perception
//   s^a_ij = max( l_ij, (x_j + v_j t^a − x_i − v_i t^a) · e_ij )               prediction
//   R_ij   = k (1 + (1 − e0_i · e_j)/2) · exp((l_ij − s^a_ij) / D)            strength
//   n_ij   = −sgn( (x_j + v_j t^a − x_i) · e0_i⊥ ) e0_i⊥   (aligned: to the right) sidestep
//   e^d_i  = normalise( e0_i + Σ_{j∈N_i} R_ij n_ij )                         wanted direction
//   e_i   ← normalise( e_i + (e^d_i − e_i) · min(1, dt/τ) )                    turning
//   e_i    glides along walls within r_i + buffer                              walls
//   m_i    = e_i with the part pointing into touching neighbours removed          slide
//   v_i    = m_i · min(v0_i, max(0, s_i / T)),  s_i = min_{j ahead} (s_ij − l_ij)   speed
//
// with e_ij the unit vector from i to j, s_ij their centre distance, l_ij the sum of their
// radii, e0_i⊥ the desired direction turned 90° to the left and e_j the direction in which j
// walks (that of v_j; e0_j while j stands).
#include <cmath>
#include <limits>

#include "models/anticipation_velocity/params.hpp"
#include "models/fast_exp.hpp"
#include "models/model.hpp"

namespace stroom::models::anticipation_velocity {

namespace {
/// A sidestep strength below k·e^-12 (≈ 6e-6·k) is not evaluated: the exponential is skipped
/// once the anticipated gap s^a − l exceeds this many ranges D.
constexpr double kNegligibleRanges = 12.0;
/// |side| below this (m) counts as "predicted straight ahead": the sidestep goes to the right.
constexpr double kAligned = 1e-9;
/// Speeds (m/s) below this count as standing: the direction of j is then its desired one.
constexpr double kStanding = 1e-6;
/// Gap (m) below which a neighbour counts as touching for the slide (as in the collision-free
/// speed model: bodies in a jam stand at gaps of a few millimetres).
constexpr double kContactGap = 0.02;
/// Touching neighbours kept for the slide (hexagonal packing has six).
constexpr std::size_t kContactCapacity = 12;

/// The unit vectors from a person to the neighbours they touch.
struct Contacts {
  Vec2 towards[kContactCapacity];
  std::size_t count = 0;
};

/// The model's constants for one call.
struct Kernel {
  const ModelInput& in;
  const ModelOutput& out;
  const NeighbourGrid& grid;
  double cutoff, cutoff2;
  double k, d, gap_limit;
  double t_a;
  double turn_share;  ///< min(1, dt/τ): share of the way to e^d turned in one step
  double time_gap;
  double wall_buffer, pushout;
  bool held;  ///< the direction of movement is kept per person (ModelOutput::heading_*)

  Kernel(const AnticipationVelocityParams& p, const ModelInput& input, const ModelOutput& output)
      : in(input),
        out(output),
        grid(*input.grid),
        cutoff(p.cutoff),
        cutoff2(p.cutoff * p.cutoff),
        k(p.neighbor_repulsion_strength),
        d(p.neighbor_repulsion_range),
        gap_limit(kNegligibleRanges * p.neighbor_repulsion_range),
        t_a(p.anticipation_time),
        turn_share(std::min(1.0, input.dt / p.reaction_time)),
        time_gap(p.time_gap),
        wall_buffer(p.wall_buffer_distance),
        pushout(p.wall_pushout_strength),
        held(!output.heading_x.empty() && !output.heading_y.empty()) {}
};

/// Unit vector of v, or `fallback` when v is (nearly) zero.
Vec2 unit_or(Vec2 v, Vec2 fallback) {
  const double len = length(v);
  return len > 1e-12 ? v / len : fallback;
}

/// Step 1, the current direction of movement e_i(t): the one held from the last step; before
/// the person's first step (or without held state) the direction of their last velocity, and
/// standing still their desired direction.
Vec2 current_direction(const Kernel& kn, std::int32_t i, Vec2 e0) {
  const std::size_t s = static_cast<std::size_t>(i);
  if (kn.held) {
    const Vec2 h{kn.out.heading_x[s], kn.out.heading_y[s]};
    if (h.x != 0.0 || h.y != 0.0) return h;
  }
  return unit_or(Vec2{kn.in.vx[s], kn.in.vy[s]}, e0);
}

/// Step 2, the wanted direction e^d_i: e0 plus the sidesteps from the neighbours in view,
/// each away from where that neighbour will be after the anticipation time.
Vec2 wanted_direction(const Kernel& kn, std::int32_t i, Vec2 p, Vec2 e, Vec2 e0,
                      Contacts& contacts) {
  const ModelInput& in = kn.in;
  const std::size_t si = static_cast<std::size_t>(i);
  const double ri = in.radius[si];
  const Vec2 vi{in.vx[si], in.vy[si]};
  const Vec2 left{-e0.y, e0.x};  // e0⊥
  Vec2 sum = e0;
  const auto& gx = kn.grid.x();
  const auto& gy = kn.grid.y();
  const auto& gr = kn.grid.radius();
  const auto& gslot = kn.grid.slot();
  kn.grid.for_each_candidate(p, kn.cutoff, [&](std::int32_t c) {
    const std::int32_t j = gslot[c];
    if (j == i) return;
    const Vec2 dij{gx[c] - p.x, gy[c] - p.y};
    const double dist2 = dot(dij, dij);
    if (dist2 > kn.cutoff2 || dist2 <= 0.0) return;
    const double dist = std::sqrt(dist2);
    const Vec2 eij = dij / dist;
    const double l = ri + gr[c];
    if (dist - l <= kContactGap && contacts.count < kContactCapacity)
      contacts.towards[contacts.count++] = eij;
    // Perception: only those in the half-planes ahead of e_i or of e0_i.
    if (!(dot(e, eij) > 0.0 || dot(e0, eij) > 0.0)) return;
    // Bodies outside an exit stand still; j's velocity and walking direction otherwise.
    const bool outside = kn.grid.is_outside_body(j);
    const std::size_t sj = static_cast<std::size_t>(j);
    const Vec2 vj = outside ? Vec2{0.0, 0.0} : Vec2{in.vx[sj], in.vy[sj]};
    // Prediction: the gap along e_ij between the anticipated positions.
    const Vec2 ahead = dij + vj * kn.t_a;  // x^a_j − x_i
    const double s_a = std::max(l, dot(ahead - vi * kn.t_a, eij));
    if (s_a - l > kn.gap_limit) return;
    const Vec2 ej = outside
                        ? Vec2{0.0, 0.0}
                        : (length(vj) > kStanding ? vj / length(vj) : Vec2{in.ex[sj], in.ey[sj]});
    const double alpha = kn.k * (1.0 + (1.0 - dot(e0, ej)) / 2.0);
    const double strength = alpha * fast_exp((l - s_a) / kn.d);
    // Sidestep: perpendicular to e0, away from j's anticipated position; to the right when j
    // will be straight ahead (the Dutch keep right; the paper draws a side at random).
    const double side = dot(ahead, left);
    const Vec2 n = side < -kAligned ? left : left * -1.0;
    sum += n * strength;
  });
  return unit_or(sum, e0);
}

/// Step 3, turning: e_i relaxes towards e^d_i with the reaction time τ. A direction that points
/// away from the desired one (e_i · e0 < 0, e.g. after the target moved behind the person)
/// is replaced by e^d_i at once, since e^d_i never points backwards.
Vec2 turn(const Kernel& kn, Vec2 e, Vec2 e_d, Vec2 e0) {
  if (dot(e, e0) < 0.0) return e_d;
  return unit_or(e + (e_d - e) * kn.turn_share, e_d);
}

/// Step 4, walls: within r_i + buffer of a blocking wall, the part of the direction into the
/// wall is removed and a share `pushout` of the wall's normal added, so the person glides
/// along the wall and eases away from it.
Vec2 glide_along_walls(const Kernel& kn, std::int32_t i, Vec2 p, Vec2 e) {
  if (kn.in.walls == nullptr) return e;
  const double critical = kn.in.radius[static_cast<std::size_t>(i)] + kn.wall_buffer;
  Vec2 m = e;
  for (const std::int32_t w : kn.in.walls->candidates(p)) {
    const Wall& wall = kn.in.walls->wall(w);
    if (!wall_blocks(wall, kn.in.pass_checkpoint[static_cast<std::size_t>(i)])) continue;
    Vec2 c;
    const double dist = segment_distance(wall.segment, p, c);
    if (dist > critical || dist <= 0.0) continue;
    const Vec2 normal = (p - c) / dist;  // from the wall towards the person
    const double into = dot(m, normal);
    if (into < 0.0) m = m - normal * into + normal * kn.pushout;
  }
  return unit_or(m, e);
}

/// Step 5, slide (Stroom's addition, as in the collision-free speed model): a person touching
/// others walks on along them instead of into them. The walk is e projected onto the
/// directions that move into no touching neighbour: e itself when it is free, else e with its
/// part along one contact removed (the longest such walk that is free of every contact), else
/// nothing. Returns that walk; its length is the share of the speed that is left.
Vec2 slide(Vec2 e, const Contacts& contacts) {
  constexpr double kTolerance = 1e-9;
  auto free_of_all = [&](Vec2 m) {
    for (std::size_t k = 0; k < contacts.count; ++k)
      if (dot(m, contacts.towards[k]) > kTolerance) return false;
    return true;
  };
  if (free_of_all(e)) return e;
  Vec2 best{0.0, 0.0};
  for (std::size_t k = 0; k < contacts.count; ++k) {
    const double into = dot(e, contacts.towards[k]);
    if (into <= 0.0) continue;
    const Vec2 m = e - contacts.towards[k] * into;
    if (dot(m, m) > dot(best, best) && free_of_all(m)) best = m;
  }
  return best;
}

/// Step 6, speed from the spacing: min(v0, max(0, s_i / T)), s_i the smallest gap to anyone
/// ahead of i within the corridor of width 2·l_ij around e (the optimal velocity function of
/// the collision-free speed model). "Ahead" is strict: someone exactly beside does not stop i.
double spacing_speed(const Kernel& kn, std::int32_t i, Vec2 p, Vec2 e) {
  const std::size_t si = static_cast<std::size_t>(i);
  const double ri = kn.in.radius[si];
  const Vec2 left{-e.y, e.x};
  double s_min = std::numeric_limits<double>::infinity();
  const auto& gx = kn.grid.x();
  const auto& gy = kn.grid.y();
  const auto& gr = kn.grid.radius();
  const auto& gslot = kn.grid.slot();
  kn.grid.for_each_candidate(p, kn.cutoff, [&](std::int32_t c) {
    if (gslot[c] == i) return;
    const Vec2 dij{gx[c] - p.x, gy[c] - p.y};
    const double dist2 = dot(dij, dij);
    if (dist2 > kn.cutoff2) return;
    const double l = ri + gr[c];
    if (dot(e, dij) <= 1e-12 || std::abs(dot(left, dij)) > l) return;
    s_min = std::min(s_min, std::sqrt(dist2) - l);
  });
  return std::min(kn.in.v0[si], std::max(0.0, s_min / kn.time_gap));
}

}  // namespace

void velocities(const AnticipationVelocityParams& params, const ModelInput& in, std::int32_t begin,
                std::int32_t end, const ModelOutput& out) {
  const Kernel kn(params, in, out);
  for (std::int32_t i = begin; i < end; ++i) {
    const std::size_t s = static_cast<std::size_t>(i);
    const Vec2 p{in.x[s], in.y[s]};
    const Vec2 e0{in.ex[s], in.ey[s]};
    if (!(in.v0[s] > 0.0) || (e0.x == 0.0 && e0.y == 0.0)) {
      // Standing (premovement, a stay, a queue): no velocity; the person faces where they
      // want to go, or keeps their direction when they want to go nowhere.
      out.vx[s] = 0.0, out.vy[s] = 0.0;
      if (kn.held && (e0.x != 0.0 || e0.y != 0.0)) out.heading_x[s] = e0.x, out.heading_y[s] = e0.y;
      continue;
    }
    Contacts contacts;
    const Vec2 e_now = current_direction(kn, i, e0);                   // 1. e_i(t)
    const Vec2 e_d = wanted_direction(kn, i, p, e_now, e0, contacts);  // 2. e^d_i
    Vec2 e = turn(kn, e_now, e_d, e0);                                 // 3. e_i(t + dt)
    e = glide_along_walls(kn, i, p, e);                                // 4. walls
    if (kn.held) out.heading_x[s] = e.x, out.heading_y[s] = e.y;
    const Vec2 m = slide(e, contacts);  // 5. slide along touching neighbours
    const double share = length(m);
    if (!(share > 1e-9)) {
      out.vx[s] = 0.0, out.vy[s] = 0.0;
      continue;
    }
    const Vec2 walk = m / share;
    const double speed = share * spacing_speed(kn, i, p, walk);  // 6. speed
    out.vx[s] = walk.x * speed;
    out.vy[s] = walk.y * speed;
  }
}

}  // namespace stroom::models::anticipation_velocity
