// Visitor profiles (docs/models.md "Visitor profiles"): the shares and distributions each
// person draws, then profiles in a run (placement, arrivals, groups), determinism and the
// summary.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "sim/spawning.hpp"
#include "sim_fixtures.hpp"
#include "stroom/measurement.hpp"
#include "stroom/profiles.hpp"

namespace stroom {
namespace {

/// Prints a figure the documentation quotes (docs/models.md, "Visitor profiles").
void measured(const std::string& what, double value) {
  std::cout << "[ measured ] " << what << ": " << value << "\n";
}

const char* kMix =
    "    profiles:\n"
    "      - {profile: adult, share: 0.6}\n"
    "      - {profile: older, share: 0.2}\n"
    "      - {profile: reduced-mobility, share: 0.15}\n"
    "      - {profile: wheelchair, share: 0.05}\n";

PopulationDesc mixed_population() {
  const Scenario sc = test::scenario_from_yaml(test::room_yaml(10, 2.0) + kMix);
  return sc.populations.at(0);
}

// [SECTION] What each person draws

TEST(ProfileDraws, SharesComeOutAsAskedWithinSamplingError) {
  // 10,000 persons: each profile's count within 3 binomial standard errors
  // sqrt(N p (1 - p)) of N p (0.6: 49, 0.2: 40, 0.15: 36, 0.05: 22 persons).
  const PopulationDesc pop = mixed_population();
  ASSERT_EQ(pop.profiles.size(), 4u);
  constexpr int kPersons = 10000;
  std::vector<int> count(pop.profiles.size(), 0);
  for (PersonId id = 1; id <= kPersons; ++id)
    ++count.at(static_cast<std::size_t>(sim::draw_person(5, pop, id).profile));
  for (std::size_t k = 0; k < pop.profiles.size(); ++k) {
    const double p = pop.profiles[k].share;
    const double se = std::sqrt(kPersons * p * (1.0 - p));
    EXPECT_NEAR(count[k], kPersons * p, 3.0 * se) << pop.profiles[k].name;
    measured(pop.profiles[k].name + " persons of 10000 (asked " +
                 std::to_string(static_cast<int>(kPersons * p)) + ")",
             count[k]);
  }
}

TEST(ProfileDraws, SpeedsAndRadiiFollowEachProfilesSource) {
  // Per profile, the mean desired speed of its persons lies within 3 standard errors of the
  // mean of the stated distribution, and every draw within its bounds: adult normal 1.34,
  // sd 0.26, 0.6-2.0 (Weidmann 1993); older uniform 0.68-1.41 and reduced mobility uniform
  // 0.46-0.76 (RiMEA 3.0 test 7); wheelchair normal 0.69, sd 0.35, 0.13-1.35 (Boyce et al.
  // 1999). Radii 0.2 m, and 0.35 m for a wheelchair (half of ISO 7193's 0.70 m).
  const PopulationDesc pop = mixed_population();
  struct Expect {
    double mean, sd, lo, hi, radius;
  };
  const std::map<std::string, Expect> expect = {
      {"adult", {1.34, 0.26, 0.6, 2.0, 0.2}},
      {"older", {(0.68 + 1.41) / 2, (1.41 - 0.68) / std::sqrt(12.0), 0.68, 1.41, 0.2}},
      {"reduced-mobility", {(0.46 + 0.76) / 2, (0.76 - 0.46) / std::sqrt(12.0), 0.46, 0.76, 0.2}},
      {"wheelchair", {0.69, 0.35, 0.13, 1.35, 0.35}},
  };
  std::map<int, std::vector<double>> speeds;
  for (PersonId id = 1; id <= 40000; ++id) {
    const sim::PersonTraits t = sim::draw_person(5, pop, id);
    const ProfileDesc& p = pop.profiles.at(static_cast<std::size_t>(t.profile));
    const Expect& e = expect.at(p.name);
    EXPECT_DOUBLE_EQ(t.radius, e.radius) << p.name;
    EXPECT_GE(t.speed, e.lo) << p.name;
    EXPECT_LE(t.speed, e.hi) << p.name;
    speeds[t.profile].push_back(t.speed);
  }
  ASSERT_EQ(speeds.size(), 4u);
  for (const auto& [k, v] : speeds) {
    const ProfileDesc& p = pop.profiles.at(static_cast<std::size_t>(k));
    const Expect& e = expect.at(p.name);
    double sum = 0.0;
    for (double x : v)
      sum += x;
    const double mean = sum / static_cast<double>(v.size());
    // The truncated normals' means (the bounds cut more of one tail): adult 1.338,
    // wheelchair 0.707 m/s.
    const double asked = p.speed.expected();
    if (p.speed.kind == Distribution::Kind::uniform) {
      EXPECT_DOUBLE_EQ(asked, e.mean);
    }
    EXPECT_NEAR(asked, e.mean, 0.03) << p.name;
    EXPECT_NEAR(mean, asked, 3.0 * e.sd / std::sqrt(static_cast<double>(v.size()))) << p.name;
    measured(p.name + " mean desired speed, m/s (distribution " + std::to_string(asked) + ")",
             mean);
  }
}

TEST(ProfileDraws, WithoutProfilesAPersonDrawsWhatItDrewBefore) {
  // A population without profiles draws its radius and speed from the same streams as before
  // profiles existed: golden results stay bit for bit.
  const Scenario sc = test::scenario_from_yaml(test::room_yaml(10, 2.0) +
                                               "    speed: {uniform: [0.8, 1.6]}\n"
                                               "    radius: {uniform: [0.15, 0.25]}\n");
  const PopulationDesc& pop = sc.populations.at(0);
  for (PersonId id = 1; id <= 100; ++id) {
    RandomStream rs(3, static_cast<std::uint64_t>(id), RandomPurpose::radius);
    RandomStream vs(3, static_cast<std::uint64_t>(id), RandomPurpose::speed);
    const sim::PersonTraits t = sim::draw_person(3, pop, id);
    EXPECT_EQ(t.profile, -1);
    EXPECT_EQ(t.radius, pop.radius.sample(rs));
    EXPECT_EQ(t.speed, pop.speed.sample(vs));
  }
}

TEST(ProfileDraws, AProfileMayReplaceItsSpeedOrRadius) {
  const Scenario sc = test::scenario_from_yaml(
      test::room_yaml(10, 2.0) +
      "    profiles:\n"
      "      - {profile: older, share: 0.5, radius: 0.25}\n"
      "      - {profile: child, share: 0.5, speed: {uniform: [0.9, 1.1]}, radius: 0.15}\n");
  const PopulationDesc& pop = sc.populations.at(0);
  ASSERT_EQ(pop.profiles.size(), 2u);
  EXPECT_TRUE(pop.profiles[0].builtin);
  EXPECT_TRUE(pop.profiles[0].own_radius);
  EXPECT_FALSE(pop.profiles[0].own_speed);
  EXPECT_EQ(pop.profiles[0].speed.kind, Distribution::Kind::uniform);  // RiMEA's, kept
  EXPECT_DOUBLE_EQ(pop.profiles[0].radius.value, 0.25);
  EXPECT_FALSE(pop.profiles[1].builtin);
  EXPECT_DOUBLE_EQ(pop.profiles[1].speed.expected(), 1.0);
  EXPECT_NEAR(expected_speed(pop), 0.5 * (0.68 + 1.41) / 2 + 0.5 * 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(widest_radius(pop).value, 0.25);
}

// [SECTION] Profiles in a run

TEST(Profiles, PlacedAndArrivingPersonsCarryTheirProfile) {
  // 2,000 placed persons and 300 arrivals: each person's profile in the view is the one its
  // id draws, with its radius; the shares of the placed persons within 3 standard errors.
  const std::string yaml = R"(
stroom: 1
name: profiles
seed: 4
time: {step: 0.05, duration: 60}
venue:
  walkable: [[[0, 0], [80, 0], [80, 80], [0, 80]]]
  exits: [{name: east, line: [[80, 30], [80, 50]]}]
  zones:
    - {name: hall, polygon: [[1, 1], [70, 1], [70, 79], [1, 79]]}
    - {name: gate, polygon: [[72, 1], [79, 1], [79, 20], [72, 20]]}
populations:
  - name: crowd
    count: 2000
    in: hall
)" + std::string(kMix) + R"(
  - name: late
    arrive: {in: gate, rate: [[0, 10], [30, 10]], total: 300}
    profiles: [{profile: wheelchair, share: 0.5}, {profile: adult, share: 0.5}]
)";
  const Scenario sc = test::scenario_from_yaml(yaml);
  Simulation sim(sc);
  std::map<PersonId, int> profile_of;
  auto look = [&](const Simulation& s) {
    const StepView v = s.view();
    ASSERT_EQ(v.profile.size(), v.ids.size());
    for (std::size_t k = 0; k < v.ids.size(); ++k) {
      const PopulationDesc& pop = sc.populations.at(static_cast<std::size_t>(v.population[k]));
      const sim::PersonTraits t = sim::draw_person(sc.seed, pop, v.ids[k]);
      ASSERT_EQ(v.profile[k], t.profile) << v.ids[k];
      ASSERT_EQ(v.radius[k], t.radius) << v.ids[k];
      profile_of[v.ids[k]] = v.population[k] * 10 + v.profile[k];
    }
  };
  look(sim);
  test::run(sim, 600, look);
  std::map<int, int> count;
  for (const auto& [id, key] : profile_of)
    ++count[key];
  const double shares[] = {0.6, 0.2, 0.15, 0.05};
  for (int k = 0; k < 4; ++k) {
    const double se = std::sqrt(2000 * shares[k] * (1 - shares[k]));
    EXPECT_NEAR(count[k], 2000 * shares[k], 3 * se) << k;
  }
  EXPECT_EQ(count[10] + count[11], 300);
  EXPECT_GT(count[10], 0);
  EXPECT_GT(count[11], 0);
}

/// FNV-1a over ids, positions and profiles of every step of a run with profiles and groups.
std::uint64_t profile_run_hash(int threads) {
  const std::string yaml = R"(
stroom: 1
name: profiles-determinism
seed: 9
time: {step: 0.05, duration: 200}
venue:
  walkable: [[[0, 0], [30, 0], [30, 30], [0, 30]]]
  exits:
    - {name: east, line: [[30, 12], [30, 15]]}
    - {name: north, line: [[5, 30], [7, 30]]}
  zones: [{name: all, polygon: [[0, 0], [26, 0], [26, 26], [0, 26]]}]
populations:
  - {name: crowd, count: 600, in: all, journey: [{exit: quickest}],
     groups: {size: {uniform: [1, 4]}},
     profiles: [{profile: adult, share: 0.7}, {profile: older, share: 0.2},
                {profile: wheelchair, share: 0.1}]}
)";
  Simulation sim(test::scenario_from_yaml(yaml), {.threads = threads});
  test::RunHash h;
  test::run(sim, 800, [&](const Simulation& s) {
    const StepView v = s.view();
    h.mix(v.ids);
    h.mix(v.x);
    h.mix(v.y);
    h.mix(v.profile);
  });
  EXPECT_GT(sim.exited(), 0);
  return h.value;
}

TEST(Profiles, IdenticalOnOneTwoAndEightThreads) {
  const auto h1 = profile_run_hash(1);
  EXPECT_EQ(h1, profile_run_hash(2));
  EXPECT_EQ(h1, profile_run_hash(8));
}

TEST(Profiles, SummaryCountsPersonsByProfile) {
  const Scenario sc = test::scenario_from_yaml(test::room_yaml(40, 2.0) + kMix);
  Simulation sim(sc);
  Measurement m(sc, sim.venue());
  m.observe(sim.view());
  std::map<int, std::int64_t> seen;
  for (std::size_t k = 0; k < sim.view().ids.size(); ++k)
    ++seen[sim.view().profile[k]];
  test::run(sim, 4000, [&](const Simulation& s) { m.observe(s.view()); });
  const Summary s = m.summarize(sim.done());
  ASSERT_EQ(s.profiles.size(), 1u);
  EXPECT_EQ(s.profiles[0].first, "crowd");
  const auto& counts = s.profiles[0].second;
  ASSERT_EQ(counts.size(), 4u);
  std::int64_t total = 0;
  for (std::size_t k = 0; k < counts.size(); ++k) {
    EXPECT_EQ(counts[k].profile, sc.populations[0].profiles[k].name);
    EXPECT_DOUBLE_EQ(counts[k].share, sc.populations[0].profiles[k].share);
    EXPECT_EQ(counts[k].count, seen[static_cast<int>(k)]) << counts[k].profile;
    total += counts[k].count;
  }
  EXPECT_EQ(total, 40);
  // Without profiles there is no block.
  const Scenario plain = test::scenario_from_yaml(test::room_yaml(10, 2.0));
  Simulation sim2(plain);
  Measurement m2(plain, sim2.venue());
  m2.observe(sim2.view());
  EXPECT_TRUE(m2.summarize(false).profiles.empty());
}

TEST(Profiles, AGroupWithAWheelchairUserKeepsTheWheelchairsPace) {
  // A group of three, one of whom uses a wheelchair at 0.5 m/s (her own speed): the group's
  // centre moves at no more than that pace reduced with the group size (Moussaïd: 1.14/1.22
  // for three), not at the adults' 1.3 m/s.
  const std::string yaml = R"(
stroom: 1
name: family
seed: 2
time: {step: 0.05, duration: 120}
venue:
  walkable: [[[0, 0], [60, 0], [60, 6], [0, 6]]]
  exits: [{name: east, line: [[60, 0], [60, 6]]}]
  zones: [{name: start, polygon: [[0, 0], [5, 0], [5, 6], [0, 6]]}]
populations:
  - name: family
    count: 3
    in: start
    groups: {size: 3}
    profiles:
      - {profile: adult, share: 0.5, speed: 1.3}
      - {profile: wheelchair, share: 0.5, speed: 0.5}
)";
  const Scenario sc = test::scenario_from_yaml(yaml);
  Simulation sim(sc);
  int wheelchairs = 0;
  for (std::size_t k = 0; k < sim.view().ids.size(); ++k)
    wheelchairs += sim.view().profile[k] == 1 ? 1 : 0;
  ASSERT_GT(wheelchairs, 0) << "seed 2 must draw a wheelchair among three";
  ASSERT_LT(wheelchairs, 3) << "seed 2 must draw an adult among three";
  double x5 = 0.0, x20 = 0.0;
  test::run(sim, 400, [&](const Simulation& s) {
    const StepView v = s.view();
    const int step = static_cast<int>(std::lround(v.time / v.step));
    if (step != 100 && step != 400) return;
    double sum = 0.0;
    for (double x : v.x)
      sum += x;
    (step == 100 ? x5 : x20) = sum / static_cast<double>(v.x.size());
  });
  const double pace = (x20 - x5) / 15.0;
  measured("group of three with a wheelchair user at 0.5 m/s: centre speed, m/s", pace);
  EXPECT_LE(pace, 0.5 + 0.02);
  EXPECT_GE(pace, 0.5 * 1.10 / 1.22 - 0.05);
}

}  // namespace
}  // namespace stroom
