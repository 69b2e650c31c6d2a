// Circulation (docs/scenario-format.md, "Circulation"): the plan of a `visit` step on its own
// (how many attractions, which, in which order), then persons visiting attractions in a hall,
// with walking groups, in an evacuation, and determinism across thread counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <set>
#include <vector>

#include "geometry/polygon.hpp"
#include "sim/visits.hpp"
#include "sim_fixtures.hpp"

namespace stroom {
namespace {

/// Prints a figure the documentation quotes.
void measured(const std::string& what, double value) {
  std::cout << "[ measured ] " << what << ": " << value << "\n";
}

sim::Visit visit_of(std::vector<double> weights, Distribution count) {
  sim::Visit v;
  v.options.resize(weights.size());
  v.weights = std::move(weights);
  v.count = count;
  return v;
}

/// Three binomial standard errors of a share p over n draws.
double three_se(double p, int n) {
  return 3.0 * std::sqrt(p * (1.0 - p) / n);
}

// [SECTION] The plan

TEST(VisitPlan, CountIsTheDistributionRoundedAndCapped) {
  // uniform [2, 4] rounded: 2 for [2, 2.5), 3 for [2.5, 3.5), 4 for [3.5, 4]: 1/4, 1/2, 1/4.
  const sim::Visit v = visit_of({1, 1, 1, 1, 1}, Distribution::uniform_dist(2.0, 4.0));
  constexpr int kDraws = 20000;
  std::map<std::size_t, int> seen;
  for (int k = 0; k < kDraws; ++k)
    ++seen[sim::visit_plan(v, RandomStream(3, static_cast<std::uint64_t>(k), RandomPurpose::visit))
               .size()];
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_NEAR(seen[2] / double(kDraws), 0.25, three_se(0.25, kDraws));
  EXPECT_NEAR(seen[3] / double(kDraws), 0.50, three_se(0.50, kDraws));
  EXPECT_NEAR(seen[4] / double(kDraws), 0.25, three_se(0.25, kDraws));
  // A count drawn above the number offered visits every attraction once; below 0, none.
  const sim::Visit many = visit_of({1, 2, 3}, Distribution::constant_value(7.0));
  const sim::Visit none = visit_of({1, 2, 3}, Distribution::normal_dist(-5.0, 1.0));
  for (int k = 0; k < 100; ++k) {
    EXPECT_EQ(sim::visit_plan(many, RandomStream(3, k, RandomPurpose::visit)).size(), 3u);
    EXPECT_TRUE(sim::visit_plan(none, RandomStream(3, k, RandomPurpose::visit)).empty());
  }
}

TEST(VisitPlan, ChoicesFollowTheWeightsWithoutRepeats) {
  // Weights 4, 2, 1, 3 (sum 10): the first choice is attraction i with probability w_i / 10.
  // The second is j with probability Σ_i (w_i / 10) · w_j / (10 − w_i); for j = 0 (weight 4):
  // 0.2 · 4/8 + 0.1 · 4/9 + 0.3 · 4/7 = 0.315873.
  const std::vector<double> w{4, 2, 1, 3};
  const sim::Visit v = visit_of(w, Distribution::constant_value(3.0));
  constexpr int kDraws = 20000;
  std::vector<int> first(4, 0), second(4, 0);
  for (int k = 0; k < kDraws; ++k) {
    const std::vector<int> plan =
        sim::visit_plan(v, RandomStream(11, static_cast<std::uint64_t>(k), RandomPurpose::visit));
    ASSERT_EQ(plan.size(), 3u);
    EXPECT_EQ(std::set<int>(plan.begin(), plan.end()).size(), 3u) << "an attraction twice";
    ++first[static_cast<std::size_t>(plan[0])];
    ++second[static_cast<std::size_t>(plan[1])];
  }
  for (std::size_t i = 0; i < 4; ++i) {
    const double p = w[i] / 10.0;
    EXPECT_NEAR(first[i] / double(kDraws), p, three_se(p, kDraws)) << "attraction " << i;
  }
  const double p_second = 0.2 * 4 / 8 + 0.1 * 4 / 9 + 0.3 * 4 / 7;
  EXPECT_NEAR(second[0] / double(kDraws), p_second, three_se(p_second, kDraws));
}

// [SECTION] Visiting

/// A 50 m × 50 m hall: persons start in the middle, three attractions in the corners (a
/// 10 m × 10 m zone each) and one exit in the middle of the south wall. Attractions are away
/// from each other's paths, so a stretch of `min_stay` seconds inside one is a visit.
std::string hall_yaml(int count, const std::string& visit, const std::string& extra = "",
                      int seed = 7) {
  return "stroom: 1\nname: hall\nseed: " + std::to_string(seed) +
         "\ntime: {step: 0.05, duration: 900}\nvenue:\n"
         "  walkable: [[[0, 0], [50, 0], [50, 50], [0, 50]]]\n"
         "  exits: [{name: south, line: [[23, 0], [27, 0]]}]\n"
         "  zones:\n"
         "    - {name: middle, polygon: [[15, 15], [35, 15], [35, 35], [15, 35]]}\n"
         "    - {name: west, polygon: [[1, 39], [11, 39], [11, 49], [1, 49]]}\n"
         "    - {name: east, polygon: [[39, 39], [49, 39], [49, 49], [39, 49]]}\n"
         "    - {name: corner, polygon: [[39, 1], [49, 1], [49, 11], [39, 11]]}\n"
         "populations:\n  - name: visitors\n    count: " +
         std::to_string(count) + "\n    in: middle\n" + extra +
         "    journey:\n      - visit: " + visit + "\n      - exit: nearest\n";
}

const std::vector<std::string> kAttractions{"west", "east", "corner"};

struct Stretch {
  int zone = -1;
  double begin = 0.0, end = 0.0;
};

/// Per person, the stretches spent inside each attraction zone, in time order.
struct Visits {
  std::map<PersonId, std::vector<Stretch>> stretches;
  std::map<PersonId, std::int32_t> group;
  std::set<PersonId> exited;
};

Visits observe_visits(Simulation& sim, int max_steps) {
  const Scenario& sc = sim.scenario();
  // Each attraction's rectangle grown by 1 m: a person who entered stands at their spot or,
  // in the crowd at the entrance, just outside the edge they came in by.
  std::vector<Bounds> zones;
  for (const std::string& name : kAttractions)
    for (const ZoneDesc& z : sc.venue.zones)
      if (z.name == name) {
        Bounds b = geometry::polygon_bounds(z.polygon);
        b.min = b.min - Vec2{1.0, 1.0}, b.max = b.max + Vec2{1.0, 1.0};
        zones.push_back(b);
      }
  Visits out;
  std::map<PersonId, int> inside;  // zone index the person is in now, -1 none
  test::run(sim, max_steps, [&](const Simulation& s) {
    const StepView v = s.view();
    for (const Crossing& c : v.crossings)
      if (c.kind == CrossingKind::exit) out.exited.insert(c.person);
    for (std::size_t k = 0; k < v.ids.size(); ++k) {
      const PersonId id = v.ids[k];
      out.group[id] = v.group[k];
      int now = -1;
      for (std::size_t z = 0; z < zones.size(); ++z)
        if (v.x[k] >= zones[z].min.x && v.x[k] <= zones[z].max.x && v.y[k] >= zones[z].min.y &&
            v.y[k] <= zones[z].max.y)
          now = static_cast<int>(z);
      auto [it, fresh] = inside.emplace(id, -1);
      std::vector<Stretch>& mine = out.stretches[id];
      if (now >= 0 && now == it->second) mine.back().end = v.time;
      if (now >= 0 && now != it->second) mine.push_back({now, v.time, v.time});
      it->second = now;
    }
  });
  return out;
}

/// The stretches with those in the same zone joined when the person was out of it for less
/// than 10 s in between (a spot near the zone's edge: a push can move the centre out for a
/// moment; a second visit would come after another attraction).
std::vector<Stretch> joined(const std::vector<Stretch>& stretches) {
  std::vector<Stretch> out;
  for (const Stretch& s : stretches) {
    if (!out.empty() && out.back().zone == s.zone && s.begin - out.back().end < 10.0)
      out.back().end = s.end;
    else
      out.push_back(s);
  }
  return out;
}

/// The attractions a person stayed in for at least `min_stay` s, in visiting order.
std::vector<int> visited(const std::vector<Stretch>& stretches, double min_stay) {
  std::vector<int> out;
  for (const Stretch& s : joined(stretches))
    if (s.end - s.begin >= min_stay) out.push_back(s.zone);
  return out;
}

TEST(Circulation, EveryoneVisitsTheDrawnNumberOfDistinctAttractionsByWeight) {
  // 240 persons visit 2 of 3 attractions of weights 1, 2, 3 (no repeats), staying 20–30 s
  // at each, then leave. Each chosen attraction is visited: the person is inside it for at
  // least the 20 s of the shortest stay (passing through a 10 m zone takes about 8 s), and
  // nobody stays in one attraction twice. The first attraction visited is attraction i with
  // probability w_i / 6: within three standard errors for 240 persons.
  const std::string visit =
      "{attractions: [{to: west, weight: 1}, {to: east, weight: 2}, {to: corner, weight: 3}], "
      "count: 2, stay: {uniform: [20, 30]}}";
  Simulation sim(test::scenario_from_yaml(hall_yaml(240, visit)));
  const Visits v = observe_visits(sim, 18000);
  ASSERT_TRUE(sim.done());
  ASSERT_EQ(v.stretches.size(), 240u);
  EXPECT_EQ(v.exited.size(), 240u);
  std::vector<int> first(3, 0);
  for (const auto& [id, stretches] : v.stretches) {
    const std::vector<int> seen = visited(stretches, 19.9);
    ASSERT_EQ(seen.size(), 2u) << "person " << id;
    EXPECT_NE(seen[0], seen[1]) << "person " << id << " visited one attraction twice";
    ++first[static_cast<std::size_t>(seen[0])];
    // A stay ends: at most 30 s inside plus the walk out of the zone (14.2 m at 0.6 m/s, the
    // slowest desired speed, is 24 s).
    for (const Stretch& s : joined(stretches))
      EXPECT_LT(s.end - s.begin, 60.0) << "person " << id;
  }
  for (std::size_t i = 0; i < 3; ++i) {
    const double p = (static_cast<double>(i) + 1.0) / 6.0;
    measured("first attraction " + kAttractions[i] + ", share of 240 persons (expected " +
                 std::to_string(p) + ")",
             first[i] / 240.0);
    EXPECT_NEAR(first[i] / 240.0, p, three_se(p, 240)) << kAttractions[i];
  }
}

TEST(Circulation, VisitCountsFollowTheDistribution) {
  // count {uniform: [0.5, 3.5]}: 1, 2 or 3 attractions with probability 1/3 each (each stay
  // 15 s). 150 persons: each share within three standard errors of 1/3.
  const std::string visit =
      "{attractions: [{to: west}, {to: east}, {to: corner}], count: {uniform: [0.5, 3.5]}, "
      "stay: 15}";
  Simulation sim(test::scenario_from_yaml(hall_yaml(150, visit)));
  const Visits v = observe_visits(sim, 18000);
  ASSERT_TRUE(sim.done());
  std::map<std::size_t, int> counts;
  for (const auto& [id, stretches] : v.stretches) {
    const std::vector<int> seen = visited(stretches, 14.9);
    EXPECT_EQ(std::set<int>(seen.begin(), seen.end()).size(), seen.size()) << "person " << id;
    ++counts[seen.size()];
  }
  ASSERT_EQ(v.stretches.size(), 150u);
  for (std::size_t n = 1; n <= 3; ++n)
    EXPECT_NEAR(counts[n] / 150.0, 1.0 / 3.0, three_se(1.0 / 3.0, 150)) << n << " attractions";
  EXPECT_EQ(counts[0], 0);
}

TEST(Circulation, AWalkingGroupVisitsTheSameAttractionsTogether) {
  // 60 persons in groups of 3 visit 2 of 3 attractions, stays of 20–60 s drawn per group:
  // every member of a group visits the same attractions in the same order, and leaves each
  // together: the stay ends in the same step for all (they wait for each other), and from
  // their spots a few metres apart they are out of the attraction within 10 s of each other
  // (7.3 s at most measured; stays drawn per person would differ by up to 40 s).
  const std::string visit =
      "{attractions: [{to: west, weight: 1}, {to: east, weight: 1}, {to: corner, weight: 1}], "
      "count: 2, stay: {uniform: [20, 60]}}";
  Simulation sim(test::scenario_from_yaml(hall_yaml(60, visit, "    groups: {size: 3}\n")));
  const Visits v = observe_visits(sim, 18000);
  ASSERT_TRUE(sim.done());
  std::map<std::int32_t, std::vector<PersonId>> members;
  for (const auto& [id, g] : v.group)
    members[g].push_back(id);
  ASSERT_EQ(members.size(), 20u);
  std::set<std::vector<int>> plans;
  double apart = 0.0;
  for (const auto& [g, ids] : members) {
    ASSERT_NE(g, 0);
    ASSERT_EQ(ids.size(), 3u);
    const std::vector<int> lead = visited(v.stretches.at(ids[0]), 19.0);
    ASSERT_EQ(lead.size(), 2u) << "group " << g;
    plans.insert(lead);
    for (const PersonId id : ids) {
      EXPECT_EQ(visited(v.stretches.at(id), 19.0), lead) << "group " << g << ", person " << id;
      std::vector<double> ends, lead_ends;
      for (const Stretch& s : joined(v.stretches.at(id)))
        if (s.end - s.begin >= 19.0) ends.push_back(s.end);
      for (const Stretch& s : joined(v.stretches.at(ids[0])))
        if (s.end - s.begin >= 19.0) lead_ends.push_back(s.end);
      ASSERT_EQ(ends.size(), lead_ends.size());
      for (std::size_t k = 0; k < ends.size(); ++k) {
        EXPECT_NEAR(ends[k], lead_ends[k], 10.0) << "group " << g << ", person " << id;
        apart = std::max(apart, std::abs(ends[k] - lead_ends[k]));
      }
    }
  }
  measured("groups: most seconds between members leaving an attraction", apart);
  // Groups choose on their own: 20 groups do not all draw the same plan.
  EXPECT_GT(plans.size(), 1u);
}

TEST(Circulation, AnEvacuationDropsTheVisits) {
  // Stays of 1000 s at each of 2 attractions; the alarm at t = 40 s sends everyone out: the
  // hall is empty long before the first stay would end.
  const std::string visit =
      "{attractions: [{to: west}, {to: east}, {to: corner}], count: 2, "
      "stay: 1000}";
  Simulation sim(
      test::scenario_from_yaml(hall_yaml(60, visit) + "events: [{at: 40, evacuate: {}}]\n"));
  test::run(sim, 18000);
  EXPECT_TRUE(sim.done());
  EXPECT_EQ(sim.exited(), 60);
  EXPECT_LT(sim.time(), 200.0);
}

TEST(Circulation, UntilEndsTheVisitsAtTheDrawnTime) {
  // Stays of 1000 s at each of 2 attractions, `until` uniform 100–200 s drawn per person: a
  // person leaves the attraction at hand at that time and walks out. Nobody leaves the hall
  // before 100 s; everyone is out by 200 s plus the longest walk from an attraction to the
  // exit (about 50 m at 0.6 m/s, the slowest desired speed: 83 s). The departures are spread
  // over the 100 s of the draw (no common closing bell): the first and last exit more than
  // 60 s apart.
  const std::string visit =
      "{attractions: [{to: west}, {to: east}, {to: corner}], count: 2, "
      "stay: 1000, until: {uniform: [100, 200]}}";
  Simulation sim(test::scenario_from_yaml(hall_yaml(60, visit)));
  const std::vector<double> t = test::exit_times(sim, 18000);
  ASSERT_EQ(t.size(), 60u);
  EXPECT_GT(t.front(), 100.0);
  EXPECT_LT(t.back(), 200.0 + 83.0);
  EXPECT_GT(t.back() - t.front(), 60.0);
  measured("until 100–200 s: first exit, s", t.front());
  measured("until 100–200 s: last exit, s", t.back());
}

std::uint64_t visit_run_hash(int threads) {
  // 600 persons (above the parallel threshold), some in groups, visiting 1–3 attractions
  // until 30–50 s (the run covers 60 s).
  const std::string visit =
      "{attractions: [{to: west, weight: 1}, {to: east, weight: 2}, {to: corner, weight: 3}], "
      "count: {uniform: [1, 3]}, stay: {uniform: [5, 20]}, until: {uniform: [30, 50]}}";
  Simulation sim(
      test::scenario_from_yaml(hall_yaml(600, visit, "    groups: {size: {uniform: [1, 3]}}\n", 9)),
      {.threads = threads});
  test::RunHash h;
  test::run(sim, 1200, [&](const Simulation& s) {
    const StepView v = s.view();
    h.mix(v.ids);
    h.mix(v.x);
    h.mix(v.y);
  });
  return h.value;
}

TEST(Circulation, IdenticalOnOneTwoAndEightThreads) {
  const auto h1 = visit_run_hash(1);
  EXPECT_EQ(h1, visit_run_hash(2));
  EXPECT_EQ(h1, visit_run_hash(8));
}

}  // namespace
}  // namespace stroom
