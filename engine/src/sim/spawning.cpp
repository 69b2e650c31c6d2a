// Where and when people appear: the pure placement and arrival functions (spawning.hpp), and
// the spawning system that uses them: initial placement, arrivals entering as they are due,
// delayed arrivals retrying while their spawn area is full.
#include "sim/spawning.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>
#include <tuple>

#include "sim/groups.hpp"
#include "sim/systems.hpp"
#include "stroom/limits.hpp"
#include "stroom/profiles.hpp"

namespace stroom::sim {

double cumulative_arrivals(const std::vector<RatePoint>& rate, double t) {
  double sum = 0.0;
  for (std::size_t k = 0; k + 1 < rate.size(); ++k) {
    const RatePoint& a = rate[k];
    const RatePoint& b = rate[k + 1];
    if (t <= a.time) break;
    const double end = std::min(t, b.time);
    const double tau = end - a.time;
    const double slope = (b.rate - a.rate) / (b.time - a.time);
    sum += a.rate * tau + 0.5 * slope * tau * tau;
  }
  return sum;
}

ArrivalStream::ArrivalStream(const ArrivalDesc& arrive, RandomStream rng)
    : rate_(&arrive.rate), rng_(rng) {
  if (arrive.rate.size() < 2) return;
  total_expected_ = cumulative_arrivals(arrive.rate, arrive.rate.back().time);
  cap_ = arrive.total ? *arrive.total : std::numeric_limits<std::int64_t>::max();
  draw();
}

void ArrivalStream::draw() {
  next_.reset();
  if (rate_ == nullptr || k_ >= cap_) return;
  const std::vector<RatePoint>& rate = *rate_;
  const double target = static_cast<double>(k_) + rng_.uniform();
  ++k_;
  if (target > total_expected_) {
    cap_ = k_;  // the profile is exhausted: no further draws
    return;
  }
  // Advance to the segment in which the cumulative count reaches `target`.
  while (seg_ + 1 < rate.size()) {
    const RatePoint& a = rate[seg_];
    const RatePoint& b = rate[seg_ + 1];
    const double seg_sum = 0.5 * (a.rate + b.rate) * (b.time - a.time);
    if (seg_start_sum_ + seg_sum >= target || seg_ + 2 == rate.size()) break;
    seg_start_sum_ += seg_sum;
    ++seg_;
  }
  const RatePoint& a = rate[seg_];
  const RatePoint& b = rate[seg_ + 1];
  const double slope = (b.rate - a.rate) / (b.time - a.time);
  const double delta = std::max(0.0, target - seg_start_sum_);
  // Solve a.rate·τ + slope·τ²/2 = delta in the stable form τ = 2Δ / (r0 + sqrt(r0² + 2sΔ)).
  const double disc = std::max(0.0, a.rate * a.rate + 2.0 * slope * delta);
  const double denom = a.rate + std::sqrt(disc);
  const double tau = denom > 0.0 ? 2.0 * delta / denom : 0.0;
  next_ = std::min(a.time + tau, b.time);
}

std::int64_t ArrivalStream::drop_rest() {
  // Drawn to be counted (one uniform each), not stored; the loader's limits bound the persons
  // of a profile (docs/scenario-format.md, "Limits").
  std::int64_t count = 0;
  while (next_) {
    ++count;
    draw();
  }
  return count;
}

std::vector<double> arrival_times(const ArrivalDesc& arrive, RandomStream rng) {
  std::vector<double> times;
  for (ArrivalStream stream(arrive, rng); !stream.empty(); stream.pop())
    times.push_back(stream.next_time());
  return times;
}

std::vector<Vec2> lattice_spots(const Polygon& area, int count, double radius,
                                const std::function<bool(Vec2)>& accept, RandomStream rng) {
  std::vector<Vec2> spots;
  if (count <= 0) return spots;
  const Bounds b = polygon_bounds(area);
  const double a = polygon_area(area);
  const double s_min = 2.0 * radius + 1e-3;
  // Hexagonal spacing that spreads `count` over the whole area.
  double s = std::max(s_min, std::sqrt(2.0 * a / (std::sqrt(3.0) * count)));
  const double ox = rng.uniform(), oy = rng.uniform();
  for (int attempt = 0; attempt < 60; ++attempt) {
    spots.clear();
    const double row = s * std::sqrt(3.0) * 0.5;
    const double jitter = 0.35 * (s - 2.0 * radius);
    RandomStream jitter_rng = rng;
    const int rows = static_cast<int>(std::ceil(b.height() / row)) + 1;
    const int cols = static_cast<int>(std::ceil(b.width() / s)) + 1;
    for (int j = 0; j < rows; ++j) {
      for (int i = 0; i < cols; ++i) {
        Vec2 p{b.min.x + (i + ox + ((j & 1) ? 0.5 : 0.0)) * s, b.min.y + (j + oy) * row};
        p.x += jitter * (2.0 * jitter_rng.uniform() - 1.0);
        p.y += jitter * (2.0 * jitter_rng.uniform() - 1.0);
        if (polygon_contains(area, p) && accept(p)) spots.push_back(p);
      }
    }
    if (static_cast<int>(spots.size()) >= count || s <= s_min) break;
    s = std::max(s_min, s * 0.96);
  }
  // Choose `count` of the usable spots at random (partial Fisher–Yates).
  const std::size_t take = std::min(spots.size(), static_cast<std::size_t>(count));
  for (std::size_t k = 0; k < take; ++k) {
    const std::size_t r =
        k + static_cast<std::size_t>(rng.uniform() * static_cast<double>(spots.size() - k));
    std::swap(spots[k], spots[std::min(r, spots.size() - 1)]);
  }
  spots.resize(take);
  return spots;
}

PersonTraits draw_person(std::uint64_t seed, const PopulationDesc& pop, PersonId pid) {
  // The profile is one uniform draw against the shares; without profiles nothing is drawn
  // for it, so such a population draws exactly what it drew before profiles existed.
  const auto id = static_cast<std::uint64_t>(pid);
  PersonTraits t;
  if (!pop.profiles.empty()) {
    RandomStream ps(seed, id, RandomPurpose::profile);
    t.profile = draw_profile(pop, ps.uniform());
  }
  RandomStream rs(seed, id, RandomPurpose::radius);
  RandomStream vs(seed, id, RandomPurpose::speed);
  t.radius = profile_radius(pop, t.profile).sample(rs);
  t.speed = profile_speed(pop, t.profile).sample(vs);
  return t;
}

// [SECTION] The spawning system

namespace {

/// Spawn attempts per waiting arrival per step, and failed arrivals per step before giving up.
constexpr int kSpawnAttempts = 6;
constexpr int kSpawnFailuresPerStep = 64;

std::int32_t add_person(const Context& ctx, World& w, int pop, Vec2 p, std::int32_t group = 0) {
  const PersonId pid = w.next_id++;
  const PopulationDesc& desc = ctx.scenario.populations[static_cast<std::size_t>(pop)];
  const PersonTraits person = draw_person(ctx.scenario.seed, desc, pid);
  const std::int32_t slot = w.people.append(pid, pop, p, person.radius, person.speed);
  w.people.profile[static_cast<std::size_t>(slot)] = person.profile;
  if (static_cast<std::size_t>(pid) >= w.slot_of.size())
    w.slot_of.resize(static_cast<std::size_t>(pid) + 1024, -1);
  w.slot_of[static_cast<std::size_t>(pid)] = slot;
  if (group != 0) join_group(w, group, pid, slot);
  w.spawned_ids.push_back(pid);
  ++w.spawned_count;
  return slot;
}

/// Radius a population's bodies can have at most (for placement), m.
double max_radius(const PopulationDesc& pop) {
  const Distribution& radius = widest_radius(pop);
  const double hi = radius.upper_bound();
  return std::isfinite(hi) ? hi : radius.expected() * 3.0;
}

/// Everyone the scenario will ever hold at once is at most everyone it spawns: reserving
/// that up front keeps the per-person arrays at their size (no doubling, no second copy
/// while they grow; 50,000 persons: 1,030 → 976 bytes per person, docs/performance.md).
void reserve_people(const Context& ctx, World& w) {
  std::size_t total = 0;
  for (std::size_t pi = 0; pi < ctx.scenario.populations.size(); ++pi) {
    const PopulationDesc& pop = ctx.scenario.populations[pi];
    if (pop.count && *pop.count > 0) total += static_cast<std::size_t>(*pop.count);
    if (pop.arrive && pop.arrive->rate.size() >= 2) {
      // Arrivals up to the duration: within one of the integral of the rate.
      const double expected = cumulative_arrivals(pop.arrive->rate, ctx.scenario.duration) + 1.0;
      const double cap = pop.arrive->total ? static_cast<double>(*pop.arrive->total) : expected;
      total += static_cast<std::size_t>(std::min({expected, cap, limits::kMaxPersons}));
    }
  }
  w.people.reserve(total);
  w.spawned_ids.reserve(total);  // everyone placed at the start is listed before the first step
  w.slot_of.reserve(total + 1025);
}

/// Places a `count` population that walks in groups: the sizes are drawn in turn until they
/// cover the count (the last group takes what is left); each group gets a spot of the lattice
/// spread over the area, wide enough for the largest group, and its members stand on a ring
/// around it (groups.hpp, group_ring_radius()). Groups that do not fit wait to enter, together.
void place_groups(const Context& ctx, World& w, int pi, double r) {
  const PopulationDesc& pop = ctx.scenario.populations[static_cast<std::size_t>(pi)];
  RandomStream& size_rng = w.groups.size_stream[static_cast<std::size_t>(pi)];
  std::vector<std::int32_t> sizes;
  std::int32_t largest = 1;
  for (std::int64_t planned = 0; planned < *pop.count;) {
    const auto left =
        static_cast<std::int32_t>(std::min<std::int64_t>(*pop.count - planned, kMaxGroupSize));
    const std::int32_t n = std::min(draw_group_size(pop.groups->size, size_rng), left);
    sizes.push_back(n);
    largest = std::max(largest, n);
    planned += n;
  }
  const double footprint = r + group_ring_radius(largest, r);
  const std::vector<std::int32_t> none;
  auto accept = [&](Vec2 p) {
    return ctx.venue.contains(p) && wall_clearance(w, p) >= footprint + 0.01 &&
           spot_free(w, p, footprint, 2.0 * footprint + 0.5, none);
  };
  const std::vector<Vec2> spots = lattice_spots(
      ctx.spawn_area[static_cast<std::size_t>(pi)], static_cast<int>(sizes.size()), footprint,
      accept,
      RandomStream(ctx.scenario.seed, static_cast<std::uint64_t>(pi), RandomPurpose::placement));
  std::int64_t index = 0;
  for (std::size_t u = 0; u < sizes.size(); ++u) {
    const std::int32_t n = sizes[u];
    const std::int32_t group = n >= 2 ? form_group(w, pi, n) : 0;
    const double ring = group_ring_radius(n, r);
    for (std::int32_t k = 0; k < n; ++k, ++index) {
      if (u < spots.size()) {
        const double angle = 2.0 * std::numbers::pi * k / n;
        add_person(ctx, w, pi, spots[u] + Vec2{std::cos(angle), std::sin(angle)} * ring, group);
      } else {
        w.waiting.push_back(PendingArrival{pi, index, 0.0, 0, group});
      }
    }
  }
}

/// The due arrival `a` of a population that walks in groups starts a group (size drawn) and
/// brings its other members along, at the same time: the arrivals that follow in the stream.
void arrive_as_group(const Context& ctx, World& w, ArrivalStream& stream, PendingArrival a,
                     std::vector<PendingArrival>& due) {
  const PopulationDesc& pop = ctx.scenario.populations[static_cast<std::size_t>(a.population)];
  RandomStream& size_rng = w.groups.size_stream[static_cast<std::size_t>(a.population)];
  const std::int32_t n = draw_group_size(pop.groups->size, size_rng);
  if (n >= 2) a.group = form_group(w, a.population, n);
  due.push_back(a);
  for (std::int32_t k = 1; k < n; ++k) {
    stream.pop();
    if (stream.empty()) {
      // The profile (or its total) ends inside the group: it is the k members due now, who
      // join it when they enter (none has yet).
      end_group(w, a.group, k);
      return;
    }
    due.push_back(PendingArrival{a.population, stream.next_index(), a.due, 0, a.group});
  }
}

/// m: a spot for a waiting group member next to a member already inside (the anchor): their
/// centres kGroupSpacing to 0.3 m more apart (bodies at least 0.1 m apart), within
/// the spawn area and in sight of the anchor; nullopt when the draw does not fit.
std::optional<Vec2> spot_near(const Context& ctx, World& w, std::int32_t anchor, double r,
                              const Polygon& area, RandomStream& ps,
                              const std::vector<std::int32_t>& fresh) {
  const People& people = w.people;
  const Vec2 at{people.x[anchor], people.y[anchor]};
  const double angle = ps.uniform(0.0, 2.0 * std::numbers::pi);
  const double reach =
      std::max(kGroupSpacing, people.radius[anchor] + r + 0.1) + 0.3 * ps.uniform();
  const Vec2 p = at + Vec2{std::cos(angle), std::sin(angle)} * reach;
  if (!polygon_contains(area, p) || !ctx.venue.contains(p)) return std::nullopt;
  if (wall_clearance(w, p) < r + 0.01 || !spot_free(w, p, r, r + 1.0, fresh)) return std::nullopt;
  if (blocked(w, anchor, at, p) >= 0) return std::nullopt;
  return p;
}

}  // namespace

void prepare_arrivals(const Context& ctx, World& w) {
  const std::vector<PopulationDesc>& pops = ctx.scenario.populations;
  w.arrivals.assign(pops.size(), ArrivalStream{});
  Groups& groups = w.groups;
  groups.size_stream.clear();
  for (std::size_t pi = 0; pi < pops.size(); ++pi)
    groups.size_stream.emplace_back(ctx.scenario.seed, pi, RandomPurpose::group);
  for (std::size_t pi = 0; pi < pops.size(); ++pi) {
    if (pops[pi].arrive)
      w.arrivals[pi] = ArrivalStream(*pops[pi].arrive,
                                     RandomStream(ctx.scenario.seed, pi, RandomPurpose::arrival));
  }
}

void place_initial_people(const Context& ctx, World& w) {
  reserve_people(ctx, w);
  const std::vector<std::int32_t> none;
  for (std::size_t pi = 0; pi < ctx.scenario.populations.size(); ++pi) {
    const PopulationDesc& pop = ctx.scenario.populations[pi];
    if (!pop.count || *pop.count <= 0) continue;
    const double r = max_radius(pop);
    w.grid.build(w.people.x, w.people.y, w.people.radius);
    auto accept = [&](Vec2 p) {
      return ctx.venue.contains(p) && wall_clearance(w, p) >= r + 0.01 &&
             spot_free(w, p, r, 2.0 * r + 0.5, none);
    };
    if (pop.groups) {
      place_groups(ctx, w, static_cast<int>(pi), r);
      continue;
    }
    const std::vector<Vec2> spots =
        lattice_spots(ctx.spawn_area[pi], *pop.count, r, accept,
                      RandomStream(ctx.scenario.seed, pi, RandomPurpose::placement));
    for (const Vec2 p : spots)
      add_person(ctx, w, static_cast<int>(pi), p);
    // Whoever does not fit now enters as soon as there is room.
    for (std::int64_t k = static_cast<std::int64_t>(spots.size()); k < *pop.count; ++k)
      w.waiting.push_back(PendingArrival{static_cast<int>(pi), k, 0.0, 0});
  }
}

void spawn_arrivals(const Context& ctx, World& w) {
  const Scenario& scenario = ctx.scenario;
  if (w.alarm_time < 0.0) {
    // Arrivals due during this step join the waiting line, in (time, population, number) order.
    std::vector<PendingArrival> due;
    const double until = w.now + scenario.step;
    for (std::size_t pi = 0; pi < w.arrivals.size(); ++pi) {
      ArrivalStream& stream = w.arrivals[pi];
      const bool grouped = scenario.populations[pi].groups.has_value();
      for (; !stream.empty() && stream.next_time() < until; stream.pop()) {
        const PendingArrival a{static_cast<int>(pi), stream.next_index(), stream.next_time(), 0};
        if (grouped)
          arrive_as_group(ctx, w, stream, a, due);
        else
          due.push_back(a);
      }
    }
    std::sort(due.begin(), due.end(), [](const PendingArrival& a, const PendingArrival& b) {
      return std::tie(a.due, a.population, a.index) < std::tie(b.due, b.population, b.index);
    });
    w.waiting.insert(w.waiting.end(), due.begin(), due.end());
  }
  if (w.waiting.empty()) return;
  w.grid.build(w.people.x, w.people.y, w.people.radius);
  std::vector<std::int32_t> fresh;
  int failures = 0;
  for (auto it = w.waiting.begin(); it != w.waiting.end() && failures < kSpawnFailuresPerStep;) {
    PendingArrival& a = *it;
    const PopulationDesc& pop = scenario.populations[static_cast<std::size_t>(a.population)];
    const Polygon& area = ctx.spawn_area[static_cast<std::size_t>(a.population)];
    const Bounds b = polygon_bounds(area);
    // The body of the person who would enter now (drawn by the id it would get).
    const double r = draw_person(scenario.seed, pop, w.next_id).radius;
    bool placed = false;
    // A group member enters next to a member already inside the spawn area, when there is one.
    std::int32_t anchor = a.group != 0 ? group_anchor(w, a.group) : -1;
    if (anchor >= 0 && !polygon_contains(area, {w.people.x[anchor], w.people.y[anchor]}))
      anchor = -1;
    for (int k = 0; k < kSpawnAttempts && !placed; ++k, ++a.attempts) {
      RandomStream ps(scenario.seed,
                      mix64((static_cast<std::uint64_t>(a.population) << 40) ^
                            static_cast<std::uint64_t>(a.index)) ^
                          static_cast<std::uint64_t>(a.attempts),
                      RandomPurpose::placement);
      if (anchor >= 0) {
        if (const auto p = spot_near(ctx, w, anchor, r, area, ps, fresh)) {
          fresh.push_back(add_person(ctx, w, a.population, *p, a.group));
          placed = true;
        }
        continue;
      }
      const Vec2 p{ps.uniform(b.min.x, b.max.x), ps.uniform(b.min.y, b.max.y)};
      if (!polygon_contains(area, p) || !ctx.venue.contains(p)) continue;
      if (wall_clearance(w, p) < r + 0.01 || !spot_free(w, p, r, r + 1.0, fresh)) continue;
      fresh.push_back(add_person(ctx, w, a.population, p, a.group));
      placed = true;
    }
    if (placed) {
      it = w.waiting.erase(it);
    } else {
      ++failures;
      ++it;
    }
  }
}

}  // namespace stroom::sim
