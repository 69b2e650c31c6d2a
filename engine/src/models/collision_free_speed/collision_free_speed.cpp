// Collision-free speed model; see docs/models.md for the equations.
//
//   e_i  = normalise( e0_i + Σ_j R_n(s_ij) n_ji + Σ_w R_w(s_iw) n_wi )       direction
//   R_n(s) = a_n · exp((l − s) / D_n),  R_w(s) = a_w · exp(min(0, r − s) / D_w)
//   (a person who has come no closer to the target for press_after seconds, out of the crowd
//   and with a free path, leaves out the neighbours that neither touch them nor stand in
//   their path: they press on)
//   e0_i turned up to ±60° when the walk ahead is blocked within the anticipation range
//   (only to the right when the blocker is someone coming the other way: keep right),
//   the turn re-chosen once per reaction time and held in between
//   h_i  = e_i with its crowd part turned from the last step's heading over τ  relaxation
//          (opt-in, model.turn_time; τ = 0, the default, is the published model)
//   m_i  = h_i with the part pointing into touching neighbours removed         slide
//   v_i  = m_i · min(v0_i, max(0, s_min / T))                                 speed
//
// with s the centre distance, l the sum of radii (neighbours) or the radius (walls), and s_min
// the smallest gap (distance − l) to a person ahead of i within the corridor of width 2l
// around the direction of m_i.
//
// For speed, a person's neighbours are gathered into arrays (structure of arrays) and each
// per-neighbour term is computed in a loop without branches that the compiler vectorises; only
// the sums stay scalar, in neighbour order. Persons go in batches of four (kBatch): the
// neighbours of all four are gathered first, then the direction terms of each in turn, then each
// of the last steps for the four in one loop, which lets the CPU overlap their chains of square
// roots and divisions. The whole kernel is compiled for AVX-512, AVX2 and the portable baseline
// and chosen at run time (models/isa.hpp); all three give the same bits (docs/performance.md,
// "Vectorised collision-free speed kernel").
#include <bit>
#include <cmath>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
#include <limits>
#include <span>
#include <vector>

#include "models/collision_free_speed/params.hpp"
#include "models/fast_exp.hpp"
#include "models/isa.hpp"
#include "models/model.hpp"
#include "stroom/error.hpp"

namespace stroom::models::collision_free_speed {

namespace {
/// A neighbour's push below this share of the unit desired direction is left out: a·exp(-gap/D)
/// is evaluated only up to the gap D·ln(a / kNegligibleShare) (0.67 m with the defaults a = 8,
/// D = 0.1 m), which bounds the error of the direction per neighbour left out by 1 %, a turn of
/// at most 0.6°; docs/models.md gives the bound measured over whole crowds.
constexpr double kNegligibleShare = 0.01;
/// Walls: a·exp(-gap/D) is skipped once gap > 12·D (a·e^-12 ≈ 6e-6·a).
constexpr double kNegligibleWallRanges = 12.0;
/// Pressing on stops for someone in the path within this many neighbour repulsion ranges (or
/// the walk of one time gap, when longer): 1.2 m with the default D.
constexpr double kPressClearRanges = 12.0;
/// Neighbours within the cut-off kept for the headway pass (about 75 at 6 P/m² and 2 m).
constexpr std::size_t kNearCapacity = 96;
/// Gap (m) below which a neighbour counts as touching for the slide. Bodies in a jam stand
/// at gaps of a few millimetres; 2 cm is well below a step's walk at any speed that matters.
constexpr double kContactGap = 0.02;
/// Touching neighbours kept for the slide (hexagonal packing has six).
constexpr std::size_t kContactCapacity = 12;
/// Pressing on (model.press_after) is for someone held back out of a crowd: at most this many
/// neighbours within kPressReach (m, gap between bodies). Two persons wedged at an opening
/// see one or two; someone in the crowd before a door sees four to six.
constexpr std::size_t kPressNeighbours = 2;
constexpr double kPressReach = 0.5;
/// Desired directions more than 120° apart: the other person is coming the other way.
constexpr double kOncomingCos = -0.5;
/// A standing neighbour more than 150° off the desired direction is behind: beyond the 60° turns
/// of the steering, never walked into.
constexpr double kBehindCos = -0.866;
/// The walk left of direction e when i may not move into any touching neighbour (unit vectors
/// `towards` them, components tx, ty): the projection of e onto the cone {m : m·c ≤ 0 for
/// every contact c}. In the plane that projection is e itself, or e with its part along one
/// contact removed, or zero (boxed in by two or more); the longest feasible of these is the
/// projection.
STROOM_KERNEL_INLINE Vec2 slide_along_contacts(Vec2 e, const double* tx, const double* ty,
                                               std::size_t count) {
  constexpr double kTolerance = 1e-9;
  auto free_of_all = [&](Vec2 m) STROOM_LAMBDA_INLINE {
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

/// The vector loops over neighbours run over whole blocks of this many entries (the widest
/// vector, eight doubles), so that no scalar remainder loop is left after the vector one: with
/// ten or so neighbours a person, that remainder was a large share of the kernel. The entries
/// past the count are padding (pad()): a neighbour on the person's own spot, which no pass
/// counts (nothing at distance 0 is ahead of anyone or pushes, its gap is never touching, and a
/// walk towards it never closes in), so no loop needs to compare indices (SSE2 has no 64-bit
/// compare).
constexpr std::size_t kBlock = 8;
constexpr std::size_t whole_blocks(std::size_t count) {
  return (count + kBlock - 1) / kBlock * kBlock;
}
static_assert(kNearCapacity % kBlock == 0);

/// What the steering needs of the gathered neighbours besides their offsets (NearBuffer's dx
/// and dy), entry for entry, as structure of arrays: the walk to each along a heading is
/// computed for all of them in one vectorised loop. Plain arrays, so the per-person buffer
/// costs nothing to set up.
struct Others {
  static constexpr std::size_t kSlots = kNearCapacity + kBlock;  ///< room for pad()
  alignas(64) double vx[kSlots];
  alignas(64) double vy[kSlots];  ///< the neighbour's velocity, m/s
  /// dist² − (radius sum)²: ≤ 0 when touching; +inf for one that can never be met.
  alignas(64) double c[kSlots];
  alignas(64) double walk[kSlots];  ///< scratch: walk to each along the heading tried

  /// Fills the block after the `count` entries with padding (one whole block, which the
  /// compiler writes as one vector store per array): standing, and with the NearBuffer's
  /// padding at distance 0, so the walk to it along any heading is `range`.
  STROOM_KERNEL_INLINE void pad(std::size_t count) {
    for (std::size_t n = count; n < count + kBlock; ++n) {
      vx[n] = 0.0, vy[n] = 0.0;
      c[n] = 1.0;
    }
  }
};

/// Four doubles as a GCC vector: one AVX register, which the AVX2 and AVX-512 variants use for
/// each operation on it (a vector of a whole block of eight would go through the stack on AVX2).
typedef double FourDoubles __attribute__((vector_size(4 * sizeof(double))));

/// The smallest of v[0..whole_blocks(count)) (+inf for none), with one running minimum per
/// lane of a block. The values are never NaN and never −0, so the order of comparison cannot
/// change the result; the padding entries past count must be no smaller than the result
/// wanted. With AVX the minima are kept in two vectors (GCC left the eight scalars of the
/// portable loop in scalar registers: sixteen instructions a block instead of four).
template <KernelIsa isa>
STROOM_KERNEL_INLINE double min_of(const double* v, std::size_t count) {
  constexpr double kNone = std::numeric_limits<double>::infinity();
  static_assert(kBlock == 8);
  if constexpr (isa != KernelIsa::portable) {
    FourDoubles lo = {kNone, kNone, kNone, kNone}, hi = lo;
    for (std::size_t n = 0; n < whole_blocks(count); n += kBlock) {
      FourDoubles a, b;
      __builtin_memcpy(&a, v + n, sizeof a);
      __builtin_memcpy(&b, v + n + 4, sizeof b);
      lo = a < lo ? a : lo;
      hi = b < hi ? b : hi;
    }
    lo = hi < lo ? hi : lo;
    const double m0 = lo[1] < lo[0] ? lo[1] : lo[0];
    const double m1 = lo[3] < lo[2] ? lo[3] : lo[2];
    return m1 < m0 ? m1 : m0;
  } else {
    double m0 = kNone, m1 = kNone, m2 = kNone, m3 = kNone;
    double m4 = kNone, m5 = kNone, m6 = kNone, m7 = kNone;
    for (std::size_t n = 0; n < whole_blocks(count); n += kBlock) {
      m0 = v[n] < m0 ? v[n] : m0;
      m1 = v[n + 1] < m1 ? v[n + 1] : m1;
      m2 = v[n + 2] < m2 ? v[n + 2] : m2;
      m3 = v[n + 3] < m3 ? v[n + 3] : m3;
      m4 = v[n + 4] < m4 ? v[n + 4] : m4;
      m5 = v[n + 5] < m5 ? v[n + 5] : m5;
      m6 = v[n + 6] < m6 ? v[n + 6] : m6;
      m7 = v[n + 7] < m7 ? v[n + 7] : m7;
    }
    m0 = m4 < m0 ? m4 : m0;
    m1 = m5 < m1 ? m5 : m1;
    m2 = m6 < m2 ? m6 : m2;
    m3 = m7 < m3 ? m7 : m3;
    m0 = m2 < m0 ? m2 : m0;
    m1 = m3 < m1 ? m3 : m1;
    return m1 < m0 ? m1 : m0;
  }
}

/// The neighbours of one person within the cut-off, in grid (candidate) order, as structure
/// of arrays: gathered in one pass over the grid, then read by the repulsion, anticipation
/// and headway passes. Only the first `count` entries and the padding block after them
/// (pad()) are ever read, so nothing else is initialised per person.
struct NearBuffer {
  /// Room for the padding block after the last entry kept, which also holds the one more entry
  /// that the branch-free gather writes before it knows whether to keep it; every array starts
  /// on a cache line, so the vector loads and stores never split one whatever the stack gives.
  static constexpr std::size_t kSlots = kNearCapacity + kBlock;
  alignas(64) double dx[kSlots];
  alignas(64) double dy[kSlots];    ///< from the person to the neighbour, m
  alignas(64) double dist[kSlots];  ///< centre distance, m (squared until the repulsion)
  alignas(64) double l[kSlots];     ///< radius sum, m
  /// The repulsion of each neighbour on the direction, to be subtracted from it (0 for one
  /// that does not act), set by the repulsion pass.
  alignas(64) double push_x[kSlots];
  alignas(64) double push_y[kSlots];
  alignas(64) double scratch[kSlots];  ///< the gap ahead, in the headway
  alignas(64) std::int32_t slot[kSlots];
  std::size_t count = 0;

  /// Fills the block after the last entry with padding: distance 0, no slot, and a radius sum
  /// of −1 m, so that its gap (1 m) never counts as touching.
  STROOM_KERNEL_INLINE void pad() {
    for (std::size_t n = count; n < count + kBlock; ++n) {
      dx[n] = 0.0, dy[n] = 0.0, dist[n] = 0.0, l[n] = -1.0;
      slot[n] = -1;
    }
  }
};

/// One person looking ahead: how far can they walk along a unit direction u before touching
/// someone (who keeps their current velocity) or a wall, up to `range`.
struct Heading {
  Vec2 p;
  double radius, speed, range;

  /// Walk (m) along u at `speed` until the body touches each neighbour (who keeps their
  /// velocity), into o.walk; `range` for those never met within it. One loop without branches
  /// (the cases are selects; lanes that take no square root of a negative are discarded).
  STROOM_KERNEL_INLINE void walks_to_contact(Vec2 u, const NearBuffer& near, Others& o) const {
    const double ux = u.x * speed, uy = u.y * speed;
    for (std::size_t n = 0; n < whole_blocks(near.count); ++n) {
      const double wx = ux - o.vx[n], wy = uy - o.vy[n];  // velocity relative to j
      const double b = near.dx[n] * wx + near.dy[n] * wy;
      const double a = wx * wx + wy * wy;
      const double disc = b * b - a * o.c[n];
      const double meet = speed * (b - std::sqrt(disc)) / a;
      const double walk = disc < 0.0 ? range : (range < meet ? range : meet);
      // Not closing in (the padding, at distance 0, never is): never met; touching and closing
      // in: no walk at all.
      o.walk[n] = b <= 0.0 ? range : (o.c[n] <= 0.0 ? 0.0 : walk);
    }
  }

  /// Walk (m) along u until the body touches segment s; `range` if not within it.
  STROOM_KERNEL_INLINE double walk_to_wall(Vec2 u, const Segment& s) const {
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
STROOM_KERNEL_INLINE Vec2 turned(Vec2 e0, int turn) {
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
STROOM_KERNEL_INLINE int choose_heading(Vec2 e0, double straight, double range, bool right_only,
                                        Free&& free) {
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

/// The model's constants for one call, derived from its parameters and the frozen input.
struct Kernel {
  const ModelInput& in;
  const ModelOutput& out;
  const NeighbourGrid& grid;
  const std::vector<double>& gx;
  const std::vector<double>& gy;
  const std::vector<double>& gr;
  const std::vector<std::int32_t>& gslot;
  double cutoff, cutoff2;
  double a_n, d_n, a_w, d_w;  ///< repulsion strengths and ranges, neighbours and walls
  double gap_limit_n, gap_limit_w;
  double press_clear;  ///< m, the gap ahead within which someone in the path stops pressing on
  double time_gap;
  double anticipation_range;
  double turn_time;    ///< τ of the heading relaxation, s; 0: off
  double press_after;  ///< s without progress after which a person presses on; 0: off
  double r_max;        ///< largest radius in the grid, m
  /// The steering's turn is held for the reaction time (at least one step) where the caller
  /// keeps it per person; otherwise it is chosen every step.
  bool held;
  std::int64_t reaction_steps;
  /// reaction_steps is a power of two (the default, 0.2 s at 0.05 s steps, is 4): then "n is
  /// a multiple of it" reads n's low bits, the same test for every n in two's complement,
  /// instead of a 64-bit division per person.
  bool reaction_power_of_two;

  /// True on the steps on which person `id` chooses their turn again.
  bool chooses_on(std::int64_t step, std::int32_t id) const {
    const std::int64_t n = step + id;
    return reaction_power_of_two ? (static_cast<std::uint64_t>(n) &
                                    static_cast<std::uint64_t>(reaction_steps - 1)) == 0
                                 : n % reaction_steps == 0;
  }

  Kernel(const CollisionFreeSpeedParams& params, const ModelInput& input, const ModelOutput& output)
      : in(input),
        out(output),
        grid(*input.grid),
        gx(grid.x()),
        gy(grid.y()),
        gr(grid.radius()),
        gslot(grid.slot()),
        cutoff(params.cutoff),
        cutoff2(params.cutoff * params.cutoff),
        a_n(params.neighbor_repulsion_strength),
        d_n(params.neighbor_repulsion_range),
        a_w(params.wall_repulsion_strength),
        d_w(params.wall_repulsion_range),
        gap_limit_n(params.neighbor_repulsion_range *
                    std::log(std::max(1.0, params.neighbor_repulsion_strength / kNegligibleShare))),
        gap_limit_w(kNegligibleWallRanges * params.wall_repulsion_range),
        press_clear(kPressClearRanges * params.neighbor_repulsion_range),
        time_gap(params.time_gap),
        anticipation_range(params.anticipation_range),
        turn_time(params.turn_time),
        press_after(params.press_after),
        r_max(grid.max_radius()),
        held(!output.heading_turn.empty() && !input.id.empty()),
        reaction_steps(std::max<std::int64_t>(1, std::llround(params.reaction_time / input.dt))),
        reaction_power_of_two(std::has_single_bit(static_cast<std::uint64_t>(reaction_steps))) {}
};

/// One person's evaluation, in the order of the equations at the top of this file. The
/// buffers are reused from person to person (nothing in them is initialised per person).
struct Person {
  std::int32_t i = 0;
  Vec2 p;
  double ri = 0.0;
  Vec2 sum;  ///< e0 plus the repulsions so far (the unnormalised direction e_i)
  Vec2 e0;   ///< the desired direction
  /// Held back for press_after seconds with nobody in their path: only neighbours touching them
  /// or in their path repel.
  bool pressing = false;
  /// With the heading relaxation on: walls, overlapping bodies and the steering's turn, which
  /// act at once; `sum` then holds only the crowd's part, which is relaxed.
  Vec2 instant;
  /// Where a term that must act at once goes: `instant` when relaxing, else `sum` (so that
  /// without the relaxation the sum is formed in the published model's order, bit for bit).
  Vec2& at_once(const Kernel& k) { return k.turn_time > 0.0 ? instant : sum; }
  bool anticipating = false;  ///< walking somewhere with the steering on
  bool choosing = false;      ///< anticipating, and choosing the turn again this step
  double reach = 0.0;         ///< m, how far the neighbours are gathered
  /// The neighbours are in `near`, gathered by a vector gather ahead of the repulsion.
  bool gathered = false;
  NearBuffer near;
  bool overflow = false;  ///< the buffer filled up: the headway needs a second grid pass
  double contact_x[kContactCapacity], contact_y[kContactCapacity];  ///< unit vectors i → touching
  std::size_t contact_count = 0;
  Others others;
};

/// True when a neighbour at (dx, dy) with radius sum l stands in the person's path: ahead along
/// e0 within the corridor of width 2l.
STROOM_KERNEL_INLINE bool in_path(const Person& person, double dx, double dy, double l) {
  const Vec2 e0 = person.e0;
  return e0.x * dx + e0.y * dy > 0.0 && std::abs(e0.x * dy - e0.y * dx) <= l;
}

/// Σ_j R_n(s_ij) n_ji over the gathered neighbours, into person.sum; records the touching
/// ones (gap ≤ kContactGap) for the slide. Turns near.dist from squared into plain distances.
STROOM_KERNEL_INLINE void repel_gathered(const Kernel& k, Person& person) {
  NearBuffer& near = person.near;
  const std::size_t count = near.count;
  const std::int32_t self = person.i;
  near.pad();
  // Distances and the push of every gathered neighbour first, in a loop without branches that
  // the compiler vectorises (sqrt, division and fast_exp are exact per lane, so the bits are
  // those of one at a time). A neighbour too far to matter, or on the person's own spot (set
  // below), pushes 0, which leaves the sum exactly as it was (x − 0 = x), so the sums need no
  // branch either. Only 64-bit values here (doubles and the count below), every load
  // unconditional: with the 32-bit slot in this loop GCC ran it sixteen lanes at a time (one
  // block of eight then went to a half-width remainder loop), and loads under a select became
  // masked loads behind branches. The same pass counts the touching ones (gap ≤ kContactGap),
  // for the slide, and anyone on the person's own spot: out of a crowd there are none, which
  // the count tells before any branch is taken (the padding is never touching).
  std::int64_t touching = 0;
  for (std::size_t n = 0; n < whole_blocks(count); ++n) {
    const double dx = near.dx[n], dy = near.dy[n], l = near.l[n];
    const double dist = std::sqrt(near.dist[n]);
    near.dist[n] = dist;
    const double strength = k.a_n * fast_exp(-(dist - l) / k.d_n);
    const double f = strength / dist;  // +inf on the same spot, where it is not used
    const bool acts = dist - l <= k.gap_limit_n && dist > 0.0;
    near.push_x[n] = acts ? dx * f : 0.0;
    near.push_y[n] = acts ? dy * f : 0.0;
    touching += dist - l <= kContactGap;
  }
  for (std::size_t n = 0; n < count && touching > 0; ++n) {
    const double dist = near.dist[n];
    if (dist - near.l[n] > kContactGap) [[likely]]
      continue;
    if (dist > 0.0) {
      if (person.contact_count < kContactCapacity) {
        const double inv = 1.0 / dist;
        person.contact_x[person.contact_count] = near.dx[n] * inv;
        person.contact_y[person.contact_count] = near.dy[n] * inv;
        ++person.contact_count;
      }
    } else if (dist - near.l[n] <= k.gap_limit_n) {
      // Two persons on the same spot (the pass above left this push at 0): separate them
      // along x, by slot order, with the strength at distance 0.
      const double strength = k.a_n * fast_exp(-(dist - near.l[n]) / k.d_n);
      near.push_x[n] = self < near.slot[n] ? strength : -strength;
    }
  }
  // Only someone out of the crowd whose path is free presses on: with a person in the path
  // within the walk of one time gap they are queueing behind them, and in a crowd (more than
  // kPressNeighbours within kPressReach) the repulsion is what keeps its bodies apart; pressing
  // there packs a door shut.
  if (person.pressing) {
    const double clear = std::max(k.press_clear, k.in.v0[person.i] * k.time_gap);
    std::size_t close = 0;
    for (std::size_t n = 0; n < count && person.pressing; ++n) {
      const double gap = near.dist[n] - near.l[n];
      if (gap <= kPressReach) ++close;
      if (close > kPressNeighbours ||
          (gap <= clear && in_path(person, near.dx[n], near.dy[n], near.l[n])))
        person.pressing = false;
    }
    // Pressing on: only the neighbours touching them or in their path push.
    if (person.pressing) {
      for (std::size_t n = 0; n < count; ++n) {
        if (near.dist[n] - near.l[n] > kContactGap &&
            !in_path(person, near.dx[n], near.dy[n], near.l[n]))
          near.push_x[n] = near.push_y[n] = 0.0;
      }
    }
  }
  // The sums in neighbour order, in registers.
  double sum_x = person.sum.x, sum_y = person.sum.y;
  if (k.turn_time > 0.0) {
    // Overlapping bodies part at once; the rest of the crowd is the relaxed part.
    double instant_x = person.instant.x, instant_y = person.instant.y;
    for (std::size_t n = 0; n < count; ++n) {
      const bool overlapping = near.dist[n] - near.l[n] < 0.0;
      sum_x -= overlapping ? 0.0 : near.push_x[n];
      sum_y -= overlapping ? 0.0 : near.push_y[n];
      instant_x -= overlapping ? near.push_x[n] : 0.0;
      instant_y -= overlapping ? near.push_y[n] : 0.0;
    }
    person.instant = {instant_x, instant_y};
  } else {
    for (std::size_t n = 0; n < count; ++n) {
      sum_x -= near.push_x[n];
      sum_y -= near.push_y[n];
    }
  }
  person.sum = {sum_x, sum_y};
}

#if STROOM_HAVE_ISA_VARIANTS
/// The candidate runs of a person's gather, collected first for the vector gathers below (a
/// lambda is not compiled for its caller's instruction set, so their loops must be their own):
/// with cells of at least half the cut-off there are at most six rows.
struct Runs {
  static constexpr std::size_t kMax = 8;
  std::int32_t begin[kMax], end[kMax];
  std::size_t count = 0;
};

/// False when there are more runs than Runs holds (the scalar gather then does the work).
STROOM_KERNEL_INLINE bool collect_runs(const Kernel& k, Vec2 p, double reach, Runs& runs) {
  bool fits = true;
  k.grid.for_each_candidate_run(p, reach, [&](std::int32_t b, std::int32_t e) {
    if (runs.count == Runs::kMax) {
      fits = false;
      return;
    }
    runs.begin[runs.count] = b;
    runs.end[runs.count] = e;
    ++runs.count;
  });
  return fits;
}

/// Permutations that pack the kept lanes of four (bit j of the index: lane j kept) to the
/// front, in order: as eight 32-bit indices moving 64-bit lanes (the doubles), and as four
/// moving 32-bit lanes (the slots). AVX2 has no compress store; this table stands in for it.
struct CompressTable {
  std::int32_t doubles[16][8];
  std::int32_t slots[16][8];
};
constexpr CompressTable make_compress_table() {
  CompressTable t{};
  for (int keep = 0; keep < 16; ++keep) {
    int to = 0;
    for (int lane = 0; lane < 4; ++lane) {
      if ((keep >> lane & 1) == 0) continue;
      t.doubles[keep][2 * to] = 2 * lane;
      t.doubles[keep][2 * to + 1] = 2 * lane + 1;
      t.slots[keep][to] = lane;
      ++to;
    }
  }
  return t;
}
constexpr CompressTable kCompress = make_compress_table();

/// Stores the lanes of v in the order `pack` gives (kCompress.doubles), all four.
STROOM_TARGET_AVX2 STROOM_KERNEL_INLINE void store_packed(double* to, __m256d v, __m256i pack) {
  _mm256_storeu_pd(to,
                   _mm256_castsi256_pd(_mm256_permutevar8x32_epi32(_mm256_castpd_si256(v), pack)));
}

/// The gather of repel_neighbours() with AVX2: four candidates of a grid run at a time, the
/// ones within reach packed to the front by a permutation from kCompress and stored whole (the
/// buffer has room for the lanes beyond), in candidate order and with the same arithmetic as
/// the scalar gather, so the buffer holds exactly what it gives. Returns false, with the buffer
/// unspecified, when more than kNearCapacity are within reach.
STROOM_TARGET_AVX2 [[gnu::noinline]] bool gather_avx2(const Kernel& k, Person& person,
                                                      double reach) {
  Runs runs;
  // Whole rows of the square around the person, as in gather_avx512().
  if (!k.grid.square_runs(person.p, reach, runs.begin, runs.end, Runs::kMax, runs.count) &&
      !collect_runs(k, person.p, reach, runs))
    return false;
  NearBuffer& near = person.near;
  const __m256d px = _mm256_set1_pd(person.p.x), py = _mm256_set1_pd(person.p.y);
  const __m256d ri = _mm256_set1_pd(person.ri), reach2 = _mm256_set1_pd(reach * reach);
  const __m128i self = _mm_set1_epi32(person.i);
  const __m256i lane64 = _mm256_setr_epi64x(0, 1, 2, 3);
  const __m128i lane32 = _mm_setr_epi32(0, 1, 2, 3);
  const double* gx = k.gx.data();
  const double* gy = k.gy.data();
  const double* gr = k.gr.data();
  const std::int32_t* gslot = k.gslot.data();
  std::size_t n = 0;
  for (std::size_t r = 0; r < runs.count; ++r) {
    const std::int32_t e = runs.end[r];
    for (std::int32_t c = runs.begin[r]; c < e; c += 4) {
      const int left = e - c;
      // Lanes past the run's end are neither read (masked loads do not fault) nor kept.
      const __m256i live = _mm256_cmpgt_epi64(_mm256_set1_epi64x(left), lane64);
      const __m128i live_slot = _mm_cmpgt_epi32(_mm_set1_epi32(left), lane32);
      const __m256d dx = _mm256_sub_pd(_mm256_maskload_pd(gx + c, live), px);
      const __m256d dy = _mm256_sub_pd(_mm256_maskload_pd(gy + c, live), py);
      const __m256d dist2 = _mm256_add_pd(_mm256_mul_pd(dx, dx), _mm256_mul_pd(dy, dy));
      const __m128i slot = _mm_maskload_epi32(gslot + c, live_slot);
      const int within = _mm256_movemask_pd(_mm256_cmp_pd(dist2, reach2, _CMP_LE_OQ));
      const int own = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(slot, self)));
      const int keep = within & ~own & _mm256_movemask_pd(_mm256_castsi256_pd(live));
      const std::size_t kept = static_cast<std::size_t>(__builtin_popcount(keep));
      if (n + kept > kNearCapacity) return false;
      const __m256d l = _mm256_add_pd(ri, _mm256_maskload_pd(gr + c, live));
      const __m256i pack =
          _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kCompress.doubles[keep]));
      store_packed(near.dx + n, dx, pack);
      store_packed(near.dy + n, dy, pack);
      store_packed(near.dist + n, dist2, pack);
      store_packed(near.l + n, l, pack);
      const __m256i packed_slot = _mm256_permutevar8x32_epi32(
          _mm256_castsi128_si256(slot),
          _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kCompress.slots[keep])));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(near.slot + n),
                       _mm256_castsi256_si128(packed_slot));
      n += kept;
    }
  }
  near.count = n;
  return true;
}

/// The gather of repel_neighbours() with AVX-512: eight candidates of a grid run at a time,
/// the ones within reach compressed to the front of a register and stored, in candidate order and
/// with the same arithmetic, so the buffer holds exactly what the scalar gather gives. Out of line
/// (a call per person) because only a function compiled for AVX-512 may contain its
/// instructions. Returns false, with the buffer unspecified, when more than kNearCapacity are
/// within reach: the caller gathers again the scalar way, which handles that.
STROOM_TARGET_AVX512 [[gnu::noinline]] bool gather_avx512(const Kernel& k, Person& person,
                                                          double reach) {
  NearBuffer& near = person.near;
  const __m512d px = _mm512_set1_pd(person.p.x), py = _mm512_set1_pd(person.p.y);
  const __m512d ri = _mm512_set1_pd(person.ri), reach2 = _mm512_set1_pd(reach * reach);
  const __m256i self = _mm256_set1_epi32(person.i);
  const double* gx = k.gx.data();
  const double* gy = k.gy.data();
  const double* gr = k.gr.data();
  const std::int32_t* gslot = k.gslot.data();
  Runs runs;
  // Whole rows of the square around the person: eight candidates a pass, so a row costs about
  // as many passes as its chord, and the rows need no set-up each (see square_runs()).
  bool fits = k.grid.square_runs(person.p, reach, runs.begin, runs.end, Runs::kMax, runs.count) ||
              collect_runs(k, person.p, reach, runs);
  std::size_t n = 0;
  for (std::size_t r = 0; r < runs.count && fits; ++r) {
    const std::int32_t e = runs.end[r];
    for (std::int32_t c = runs.begin[r]; c < e; c += 8) {
      const int left = e - c;
      const __mmask8 live = left >= 8 ? __mmask8{0xFF} : static_cast<__mmask8>((1u << left) - 1);
      const __m512d dx = _mm512_sub_pd(_mm512_maskz_loadu_pd(live, gx + c), px);
      const __m512d dy = _mm512_sub_pd(_mm512_maskz_loadu_pd(live, gy + c), py);
      const __m512d dist2 = _mm512_add_pd(_mm512_mul_pd(dx, dx), _mm512_mul_pd(dy, dy));
      const __m256i slot = _mm256_maskz_loadu_epi32(live, gslot + c);
      const __mmask8 keep = live & _mm512_cmp_pd_mask(dist2, reach2, _CMP_LE_OQ) &
                            _mm256_cmpneq_epi32_mask(slot, self);
      const std::size_t kept = static_cast<std::size_t>(__builtin_popcount(keep));
      if (n + kept > kNearCapacity) {
        fits = false;
        break;
      }
      const __m512d l = _mm512_add_pd(ri, _mm512_maskz_loadu_pd(live, gr + c));
      // Compressed in a register and stored whole (the buffer has room for the lanes beyond):
      // a compress store straight to memory is much slower on some CPUs (AMD Zen 4).
      _mm512_storeu_pd(near.dx + n, _mm512_maskz_compress_pd(keep, dx));
      _mm512_storeu_pd(near.dy + n, _mm512_maskz_compress_pd(keep, dy));
      _mm512_storeu_pd(near.dist + n, _mm512_maskz_compress_pd(keep, dist2));
      _mm512_storeu_pd(near.l + n, _mm512_maskz_compress_pd(keep, l));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(near.slot + n),
                          _mm256_maskz_compress_epi32(keep, slot));
      n += kept;
    }
  }
  near.count = n;
  return fits;
}

/// What the steering reads of the gathered neighbours besides their offsets (see anticipate()),
/// with AVX-512: eight entries a pass, each velocity by one gather instruction from the slots,
/// masked to the persons (the padding has no slot, and a body outside an exit stands), with the
/// same arithmetic as the portable loop entry for entry, so the same bits. Over whole blocks:
/// the entries past the count are overwritten by Others::pad() afterwards.
STROOM_TARGET_AVX512 [[gnu::noinline]] void fill_others_avx512(const Kernel& k,
                                                               const NearBuffer& near, Vec2 e0,
                                                               Others& others) {
  const __m512d zero = _mm512_setzero_pd();
  const __m512d ex = _mm512_set1_pd(e0.x), ey = _mm512_set1_pd(e0.y);
  const __m512d behind_cos = _mm512_set1_pd(kBehindCos);
  const __m512d never = _mm512_set1_pd(std::numeric_limits<double>::infinity());
  const __m256i persons = _mm256_set1_epi32(k.grid.persons());
  const __m256i no_slot = _mm256_set1_epi32(-1);
  const double* vx = k.in.vx.data();
  const double* vy = k.in.vy.data();
  for (std::size_t n = 0; n < whole_blocks(near.count); n += kBlock) {
    const __m256i slot = _mm256_load_si256(reinterpret_cast<const __m256i*>(near.slot + n));
    const __mmask8 person =
        _mm256_cmpgt_epi32_mask(persons, slot) & _mm256_cmpgt_epi32_mask(slot, no_slot);
    const __m512d jvx = _mm512_mask_i32gather_pd(zero, person, slot, vx, sizeof(double));
    const __m512d jvy = _mm512_mask_i32gather_pd(zero, person, slot, vy, sizeof(double));
    const __m512d dist = _mm512_load_pd(near.dist + n), l = _mm512_load_pd(near.l + n);
    const __m512d along = _mm512_add_pd(_mm512_mul_pd(_mm512_load_pd(near.dx + n), ex),
                                        _mm512_mul_pd(_mm512_load_pd(near.dy + n), ey));
    const __mmask8 behind = _mm512_cmp_pd_mask(jvx, zero, _CMP_EQ_OQ) &
                            _mm512_cmp_pd_mask(jvy, zero, _CMP_EQ_OQ) &
                            _mm512_cmp_pd_mask(along, _mm512_mul_pd(behind_cos, dist), _CMP_LT_OQ);
    const __m512d c = _mm512_sub_pd(_mm512_mul_pd(dist, dist), _mm512_mul_pd(l, l));
    _mm512_store_pd(others.vx + n, jvx);
    _mm512_store_pd(others.vy + n, jvy);
    _mm512_store_pd(others.c + n, _mm512_mask_blend_pd(behind, c, never));
  }
}

/// fill_others_avx512() with AVX2: four entries a pass.
STROOM_TARGET_AVX2 [[gnu::noinline]] void fill_others_avx2(const Kernel& k, const NearBuffer& near,
                                                           Vec2 e0, Others& others) {
  const __m256d zero = _mm256_setzero_pd();
  const __m256d ex = _mm256_set1_pd(e0.x), ey = _mm256_set1_pd(e0.y);
  const __m256d behind_cos = _mm256_set1_pd(kBehindCos);
  const __m256d never = _mm256_set1_pd(std::numeric_limits<double>::infinity());
  const __m128i persons = _mm_set1_epi32(k.grid.persons());
  const __m128i no_slot = _mm_set1_epi32(-1);
  const double* vx = k.in.vx.data();
  const double* vy = k.in.vy.data();
  for (std::size_t n = 0; n < whole_blocks(near.count); n += 4) {
    const __m128i slot = _mm_load_si128(reinterpret_cast<const __m128i*>(near.slot + n));
    const __m128i person32 =
        _mm_and_si128(_mm_cmpgt_epi32(persons, slot), _mm_cmpgt_epi32(slot, no_slot));
    const __m256d person = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(person32));
    const __m256d jvx = _mm256_mask_i32gather_pd(zero, vx, slot, person, sizeof(double));
    const __m256d jvy = _mm256_mask_i32gather_pd(zero, vy, slot, person, sizeof(double));
    const __m256d dist = _mm256_load_pd(near.dist + n), l = _mm256_load_pd(near.l + n);
    const __m256d along = _mm256_add_pd(_mm256_mul_pd(_mm256_load_pd(near.dx + n), ex),
                                        _mm256_mul_pd(_mm256_load_pd(near.dy + n), ey));
    const __m256d behind = _mm256_and_pd(
        _mm256_and_pd(_mm256_cmp_pd(jvx, zero, _CMP_EQ_OQ), _mm256_cmp_pd(jvy, zero, _CMP_EQ_OQ)),
        _mm256_cmp_pd(along, _mm256_mul_pd(behind_cos, dist), _CMP_LT_OQ));
    const __m256d c = _mm256_sub_pd(_mm256_mul_pd(dist, dist), _mm256_mul_pd(l, l));
    _mm256_store_pd(others.vx + n, jvx);
    _mm256_store_pd(others.vy + n, jvy);
    _mm256_store_pd(others.c + n, _mm256_blendv_pd(c, never, behind));
  }
}
#endif

/// The vector gather of person.reach's neighbours into person.near (person.gathered), done for
/// every person of a batch before any of them is repelled. The repulsion's aligned loads of
/// entries that the gather's unaligned stores have just written cannot take them from the
/// store buffer and wait; with the rest of the batch's work in between the model phase took
/// 0.94–0.95 of its time (docs/performance.md). Where there is no vector gather, or more
/// neighbours than the buffer holds, repel_neighbours() gathers the portable way.
template <KernelIsa isa>
STROOM_KERNEL_INLINE void gather_ahead(const Kernel& k, Person& person) {
  person.near.count = 0;
  person.overflow = false;
  person.contact_count = 0;
  person.gathered = false;
#if STROOM_HAVE_ISA_VARIANTS
  if constexpr (isa == KernelIsa::avx512) person.gathered = gather_avx512(k, person, person.reach);
  if constexpr (isa == KernelIsa::avx2) person.gathered = gather_avx2(k, person, person.reach);
#endif
}

/// Step 1, neighbour repulsion of the direction. The neighbours within person.reach are
/// gathered first (branch-light, contiguous), then repelled in the same order; they stay in the
/// buffer for the anticipation and headway steps. Should the buffer fill up, the gathered ones
/// are repelled and the buffer reused (the headway then makes a second grid pass).
STROOM_KERNEL_INLINE void repel_neighbours(const Kernel& k, Person& person) {
  NearBuffer& near = person.near;
  if (person.gathered) {
    repel_gathered(k, person);
    return;
  }
  near.count = 0;
  const double reach = person.reach;
  const double reach2 = reach * reach;
  const double px = person.p.x, py = person.p.y, ri = person.ri;
  const std::int32_t self = person.i;
  const double* gx = k.gx.data();
  const double* gy = k.gy.data();
  const double* gr = k.gr.data();
  const std::int32_t* gslot = k.gslot.data();
  // Branch-free: every candidate is written at the next free entry, which advances only for a
  // neighbour within reach (half the candidates are not, in no pattern a branch predictor
  // could learn). The buffer has room beyond kNearCapacity for the candidate written when full.
  k.grid.for_each_candidate_run(
      person.p, reach, [&](std::int32_t b, std::int32_t e) STROOM_LAMBDA_INLINE {
        std::size_t n = near.count;
        for (std::int32_t c = b; c < e; ++c) {
          const double dx = gx[c] - px, dy = gy[c] - py;
          const double dist2 = dx * dx + dy * dy;
          near.dx[n] = dx;
          near.dy[n] = dy;
          near.dist[n] = dist2;
          near.l[n] = ri + gr[c];
          near.slot[n] = gslot[c];
          n += static_cast<std::size_t>((dist2 <= reach2) & (gslot[c] != self));
          if (n > kNearCapacity) [[unlikely]] {
            // Full: repel the gathered ones and start over with the one just kept, taken out
            // first (the repulsion pads the buffer from kNearCapacity on).
            const double kept_dx = near.dx[kNearCapacity], kept_dy = near.dy[kNearCapacity];
            const double kept_dist = near.dist[kNearCapacity], kept_l = near.l[kNearCapacity];
            const std::int32_t kept_slot = near.slot[kNearCapacity];
            near.count = kNearCapacity;
            repel_gathered(k, person);
            near.dx[0] = kept_dx;
            near.dy[0] = kept_dy;
            near.dist[0] = kept_dist;
            near.l[0] = kept_l;
            near.slot[0] = kept_slot;
            n = 1;
            person.overflow = true;
          }
        }
        near.count = n;
      });
  repel_gathered(k, person);
}

/// Step 2, wall repulsion of the direction: Σ_w R_w(s_iw) n_wi, never relaxed (walls keep
/// bodies out of openings narrower than the body only while they act at once).
STROOM_KERNEL_INLINE void repel_walls(const Kernel& k, Person& person) {
  for (const std::int32_t w : walls_near(k.in, person.i, person.p)) {
    const Wall& wall = k.in.walls->wall(w);
    if (!wall_blocks(wall, k.in.pass_checkpoint[person.i])) continue;
    Vec2 c;
    const double dist = segment_distance(wall.segment, person.p, c);
    const double gap = dist - person.ri;
    if (gap > k.gap_limit_w || dist <= 0.0) continue;
    // Bounded at its contact value a_w: a body pressed into a door jamb must not have its
    // direction turned across the opening (that deadlocks narrow exits).
    person.at_once(k) += (person.p - c) * (k.a_w * fast_exp(-std::max(0.0, gap) / k.d_w) / dist);
  }
}

/// Step 3, anticipation: blocked within the anticipation range along the desired direction,
/// the person steers to the side that lets them walk furthest towards the goal (an overtaking
/// or evasive step); see choose_heading(). Returns the turn of e0 chosen now (when person.choosing)
/// or held from the last choice.
template <KernelIsa isa>
STROOM_KERNEL_INLINE int anticipate(const Kernel& k, Person& person) {
  const ModelInput& in = k.in;
  const std::int32_t i = person.i;
  const Vec2 e0{in.ex[i], in.ey[i]};
  int turn = k.held ? k.out.heading_turn[i] : 0;
  if (!person.choosing) return turn;
  const Heading h{person.p, person.ri, in.v0[i], std::min(k.anticipation_range, k.cutoff)};
  // The neighbours' velocities, gathered once for all the headings tried, entry for entry
  // (no branch and no packing). Bodies outside an exit stand still and walk nowhere. Someone
  // standing behind (more than 150° off e0, beyond the 60° turns) can never be walked into: a
  // c of +inf makes the walk to them `range` along any heading, whatever the rounding of b
  // (with a > 0, as they stand and the person walks).
  const NearBuffer& near = person.near;
  Others& others = person.others;
  const std::size_t count = near.count;
#if STROOM_HAVE_ISA_VARIANTS
  if constexpr (isa == KernelIsa::avx512) {
    fill_others_avx512(k, near, e0, others);
  } else if constexpr (isa == KernelIsa::avx2) {
    fill_others_avx2(k, near, e0, others);
  } else
#endif
  {
    for (std::size_t n = 0; n < count; ++n) {
      const std::int32_t j = near.slot[n];
      const bool outside = k.grid.is_outside_body(j);
      const std::size_t js = outside ? 0 : static_cast<std::size_t>(j);
      const double vx = outside ? 0.0 : in.vx[js], vy = outside ? 0.0 : in.vy[js];
      const double dist = near.dist[n];
      const bool behind =
          vx == 0.0 && vy == 0.0 && near.dx[n] * e0.x + near.dy[n] * e0.y < kBehindCos * dist;
      others.vx[n] = vx;
      others.vy[n] = vy;
      others.c[n] =
          behind ? std::numeric_limits<double>::infinity() : dist * dist - near.l[n] * near.l[n];
    }
  }
  others.pad(count);
  // Straight on first: how far the straight heading goes.
  h.walks_to_contact(e0, near, others);
  // The walls near the person, looked up once for all the headings tried.
  const std::span<const std::int32_t> walls_around = walls_near(in, i, person.p);
  auto walls_free = [&](Vec2 u, double f, double cos_turn, double needed) STROOM_LAMBDA_INLINE {
    for (const std::int32_t w : walls_around) {
      const Wall& wall = in.walls->wall(w);
      if (wall_blocks(wall, in.pass_checkpoint[i]))
        f = std::min(f, h.walk_to_wall(u, wall.segment));
      if (f * cos_turn <= needed) return f;
    }
    return f;
  };
  const double straight =
      walls_free(e0, std::min(h.range, min_of<isa>(others.walk, count)), 1.0, -1.0);
  if (straight >= h.range) return 0;  // free: straight on (choose_heading() would say so)
  // Blocked: is someone coming the other way among those met along e0? Walking to another
  // goal, facing more than 120° away. Persons with the same goal converge face to face on a
  // door; they are not passing each other. Looked up only for those met.
  const std::int32_t own_goal = in.goal.empty() ? -1 : in.goal[static_cast<std::size_t>(i)];
  bool meets_oncoming = false;
  for (std::size_t n = 0; n < count; ++n) {
    if (!(others.walk[n] < h.range)) continue;
    const std::int32_t j = near.slot[n];
    if (k.grid.is_outside_body(j)) continue;
    const std::size_t js = static_cast<std::size_t>(j);
    meets_oncoming |= in.ex[js] * e0.x + in.ey[js] * e0.y < kOncomingCos &&
                      (own_goal < 0 || in.goal[js] != own_goal);
  }
  // The free walk along a turned heading u; it may stop short (see choose_heading()) once the
  // heading cannot win, which the minimum over the neighbours alone already tells.
  auto free = [&](Vec2 u, double cos_turn, double needed) STROOM_LAMBDA_INLINE {
    h.walks_to_contact(u, near, others);
    const double f = std::min(h.range, min_of<isa>(others.walk, count));
    if (f * cos_turn <= needed) return f;
    return walls_free(u, f, cos_turn, needed);
  };
  return choose_heading(e0, straight, h.range, meets_oncoming, free);
}

/// Step 4 (opt-in, model.turn_time = τ > 0), heading relaxation: the crowd's part of the
/// direction (e0 and the repulsion of neighbours not overlapping, `crowd`) turns from the
/// heading of the last step towards its new direction with a first-order lag (a share dt/τ of
/// the new direction a step) instead of at once; its length is kept, so it weighs against the
/// instant part (walls, overlaps, the steering's turn) as before. In a dense queue the
/// neighbour repulsion is stiff (a = 8 over D = 0.1 m), and the direction of someone pressed
/// between neighbours flips from side to side every step; docs/models.md gives the figures.
/// Someone who stood still turns at once.
STROOM_KERNEL_INLINE Vec2 relax_heading(const Kernel& k, std::int32_t i, Vec2 crowd) {
  const Vec2 last{k.in.vx[i], k.in.vy[i]};
  const double last_speed = length(last);
  const double strength = length(crowd);
  if (last_speed <= 1e-6 || strength <= 1e-12) return crowd;
  const double share = std::min(1.0, k.in.dt / k.turn_time);
  const Vec2 blended = last / last_speed * (1.0 - share) + crowd / strength * share;
  return length(blended) > 1e-9 ? normalized(blended) * strength : crowd;
}

/// Step 6, speed from the headway: min(v0, max(0, s_min / T)), s_min the smallest gap to
/// anyone ahead within the corridor of direction e. "Ahead" is strict, so the touching
/// neighbours slid along (now exactly beside) do not stop the walk.
template <KernelIsa isa>
STROOM_KERNEL_INLINE double headway_speed(const Kernel& k, Person& person, Vec2 e) {
  double s_min = std::numeric_limits<double>::infinity();
  const Vec2 left{-e.y, e.x};
  auto headway = [&](Vec2 d, double dist, double l) STROOM_LAMBDA_INLINE {
    if (dot(e, d) <= 1e-12 || std::abs(dot(left, d)) > l) return;
    s_min = std::min(s_min, dist - l);
  };
  // The gathered neighbours in one loop without branches (vectorised): each one's gap if
  // ahead within the corridor, else +inf; then the smallest.
  NearBuffer& near = person.near;
  for (std::size_t n = 0; n < whole_blocks(near.count); ++n) {
    const double dx = near.dx[n], dy = near.dy[n], l = near.l[n];
    const bool ahead = e.x * dx + e.y * dy > 1e-12 && std::abs(left.x * dx + left.y * dy) <= l;
    near.scratch[n] = ahead ? near.dist[n] - l : std::numeric_limits<double>::infinity();
  }
  s_min = min_of<isa>(near.scratch, near.count);
  if (person.overflow) {
    s_min = std::numeric_limits<double>::infinity();
    k.grid.for_each_candidate(person.p, k.cutoff, [&](std::int32_t c) STROOM_LAMBDA_INLINE {
      if (k.gslot[c] == person.i) return;
      const Vec2 d{k.gx[c] - person.p.x, k.gy[c] - person.p.y};
      const double dist2 = dot(d, d);
      if (dist2 > k.cutoff2) return;
      headway(d, std::sqrt(dist2), person.ri + k.gr[c]);
    });
  }
  return std::min(k.in.v0[person.i], std::max(0.0, s_min / k.time_gap));
}

/// Sets person i up for steps 1 to 3: position, radius, desired direction, whether they press
/// on or choose their turn this step and how far their neighbours are looked at; then gathers
/// the neighbours (gather_ahead()).
template <KernelIsa isa>
STROOM_KERNEL_INLINE void start_person(const Kernel& k, Person& person, std::int32_t i) {
  const ModelInput& in = k.in;
  person.i = i;
  person.p = {in.x[i], in.y[i]};
  person.ri = in.radius[i];
  // Both from the input, not e0 copied from sum: the copy read sum back as one 16-byte load
  // right after its two 8-byte stores, which the CPU cannot forward (a stall per person).
  person.sum = {in.ex[i], in.ey[i]};
  person.e0 = {in.ex[i], in.ey[i]};
  person.instant = {0.0, 0.0};
  // Held back without progress (a wedge of two side by side at an opening of two body
  // widths, each pushed against a jamb by the other): press on. NaN (not yet checked) and an
  // empty record never press.
  person.pressing = k.press_after > 0.0 && !in.progress_since.empty() &&
                    in.now - in.progress_since[static_cast<std::size_t>(i)] >= k.press_after;
  // Between two choices of the steering's turn only the repulsion (gaps up to gap_limit_n),
  // the headway (gaps below v0·T, beyond which the speed is v0 anyway) and, for someone
  // pressing on, the check of their path (press_clear) look at neighbours, so the gather
  // reaches no further than they do; 1 cm of margin keeps the result exactly what the full
  // cut-off gives.
  person.anticipating =
      k.anticipation_range > 0.0 && in.v0[i] > 0.0 && (in.ex[i] != 0.0 || in.ey[i] != 0.0);
  person.choosing = person.anticipating && (!k.held || k.chooses_on(in.step, in.id[i]));
  const double looked_at = std::max(std::max(k.gap_limit_n, in.v0[i] * k.time_gap),
                                    person.pressing ? k.press_clear : 0.0);
  person.reach =
      person.choosing ? k.cutoff : std::min(k.cutoff, person.ri + k.r_max + looked_at + 0.01);
  gather_ahead<isa>(k, person);
}

/// Steps 1 to 3 for a person set up by start_person(): the unnormalised direction (sum and,
/// with the heading relaxation, instant), the touching neighbours and the neighbours gathered
/// for the headway; the steering's turn goes to the output.
template <KernelIsa isa>
STROOM_KERNEL_INLINE void direction_terms(const Kernel& k, Person& person) {
  const ModelInput& in = k.in;
  const std::int32_t i = person.i;
  repel_neighbours(k, person);  // 1. Σ_j R_n(s_ij) n_ji
  repel_walls(k, person);       // 2. Σ_w R_w(s_iw) n_wi
  if (person.anticipating && !person.overflow) {
    const int turn = anticipate<isa>(k, person);  // 3. e0 turned when blocked
    if (k.held) k.out.heading_turn[i] = static_cast<std::int8_t>(turn);
    if (turn != 0)
      person.at_once(k) += turned(Vec2{in.ex[i], in.ey[i]}, turn) - Vec2{in.ex[i], in.ey[i]};
  } else if (k.held) {
    k.out.heading_turn[i] = 0;
  }
}

/// Persons whose direction terms are formed one after the other before their velocities are
/// finished together, step by step: each of the last steps is a short chain of square roots
/// and divisions per person, and with the persons of a batch side by side in one loop the
/// CPU overlaps their chains instead of waiting on each in turn.
constexpr std::size_t kBatch = 4;

/// The model's hot function, inlined into one entry point per instruction set (isa.hpp).
template <KernelIsa isa>
STROOM_KERNEL_INLINE void velocities_all(const CollisionFreeSpeedParams& params,
                                         const ModelInput& in, std::int32_t begin, std::int32_t end,
                                         const ModelOutput& out) {
  const Kernel k(params, in, out);
  Person batch[kBatch];
  for (std::int32_t i = begin; i < end;) {
    std::size_t size = 0;
    for (; i < end && size < kBatch; ++i) {
      // Someone standing (v0 = 0: premovement, a stay, a checkpoint, their group) walks at
      // speed 0 whatever the direction, so nothing of the direction is evaluated: the same
      // velocity at the cost of a store. On an expo day most visitors on site are standing at
      // some stay.
      if (in.v0[i] <= 0.0) {
        out.vx[i] = 0.0;
        out.vy[i] = 0.0;
        if (k.held) out.heading_turn[i] = 0;
        continue;
      }
      start_person<isa>(k, batch[size++], i);
    }
    for (std::size_t b = 0; b < size; ++b)
      direction_terms<isa>(k, batch[b]);  // 1.–3.
    // 4. Heading relaxation of the crowd's part (opt-in, model.turn_time).
    Vec2 e_repelled[kBatch];
    for (std::size_t b = 0; b < size; ++b) {
      const Person& person = batch[b];
      e_repelled[b] = k.turn_time > 0.0
                          ? normalized(relax_heading(k, person.i, person.sum) + person.instant)
                          : normalized(person.sum);
    }
    // 5. Slide: a person touching others walks on along them instead of into them, with the
    // part of the walk that is left (side by side in an opening both walk on; straight behind
    // someone nobody moves). Without it two persons side by side whose directions lean
    // towards each other each see the other ahead at gap 0 and stand for ever.
    Vec2 e[kBatch];
    double share[kBatch];
    for (std::size_t b = 0; b < size; ++b) {
      const Person& person = batch[b];
      const Vec2 m = slide_along_contacts(e_repelled[b], person.contact_x, person.contact_y,
                                          person.contact_count);
      share[b] = length(m);
      e[b] = share[b] > 1e-9 ? m / share[b] : Vec2{0.0, 0.0};
    }
    // 6. Speed from the headway.
    for (std::size_t b = 0; b < size; ++b) {
      Person& person = batch[b];
      const double speed = share[b] > 1e-9 ? share[b] * headway_speed<isa>(k, person, e[b]) : 0.0;
      out.vx[person.i] = e[b].x * speed;
      out.vy[person.i] = e[b].y * speed;
    }
  }
}

void velocities_portable(const CollisionFreeSpeedParams& params, const ModelInput& in,
                         std::int32_t begin, std::int32_t end, const ModelOutput& out) {
  velocities_all<KernelIsa::portable>(params, in, begin, end, out);
}

#if STROOM_HAVE_ISA_VARIANTS
STROOM_TARGET_AVX2 void velocities_avx2(const CollisionFreeSpeedParams& params,
                                        const ModelInput& in, std::int32_t begin, std::int32_t end,
                                        const ModelOutput& out) {
  velocities_all<KernelIsa::avx2>(params, in, begin, end, out);
}

STROOM_TARGET_AVX512 void velocities_avx512(const CollisionFreeSpeedParams& params,
                                            const ModelInput& in, std::int32_t begin,
                                            std::int32_t end, const ModelOutput& out) {
  velocities_all<KernelIsa::avx512>(params, in, begin, end, out);
}
#endif

}  // namespace

void velocities_with(KernelIsa isa, const CollisionFreeSpeedParams& params, const ModelInput& in,
                     std::int32_t begin, std::int32_t end, const ModelOutput& out) {
  STROOM_ASSERT(kernel_isa_supported(isa));
  switch (isa) {
#if STROOM_HAVE_ISA_VARIANTS
    case KernelIsa::avx512:
      return velocities_avx512(params, in, begin, end, out);
    case KernelIsa::avx2:
      return velocities_avx2(params, in, begin, end, out);
#endif
    default:
      return velocities_portable(params, in, begin, end, out);
  }
}

void velocities(const CollisionFreeSpeedParams& params, const ModelInput& in, std::int32_t begin,
                std::int32_t end, const ModelOutput& out) {
  velocities_with(best_kernel_isa(), params, in, begin, end, out);
}

}  // namespace stroom::models::collision_free_speed
