// stroom_bench_soak: a long run at high density that checks the engine's invariants as it
// goes. Persons fill a closed square hall with pillars at about 2.5 P/m², in four quadrants,
// and each quadrant walks back and forth between its own centre and the mirror image of it
// through the hall's centre, so that four dense streams cross for the whole run.
//
// Checked after every step: no position or velocity is NaN or infinite, nobody is outside the
// hall's walls or inside a pillar, nobody has left (the only exit is never on a journey within
// the run). Sampled each simulated minute: resident memory, persons moving, mean speed. Memory
// must stay flat: the growth from the end of the first minute to the end of the run is
// printed. Exit status 1 when an invariant broke, 0 otherwise.
//
// Usage: stroom_bench_soak [persons (100000)] [simulated seconds (3600)] [threads (2)]
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "stroom/scenario.hpp"
#include "stroom/simulation.hpp"

using namespace stroom;

namespace {

constexpr double kDensity = 2.5;       // P/m² over the whole floor at the start
constexpr double kPillarEvery = 20.0;  // m between pillar centres
constexpr double kPillarHalf = 0.5;    // m: pillars are 1 m × 1 m
constexpr int kLegs = 400;             // journey legs, far more than an hour of walking

struct Hall {
  double side = 0.0;
  std::vector<Vec2> pillar_centres;
};

Hall hall_for(int persons) {
  Hall hall;
  hall.side = std::sqrt(static_cast<double>(persons) / kDensity) + 2.0;
  for (double x = kPillarEvery / 2; x < hall.side; x += kPillarEvery)
    for (double y = kPillarEvery / 2; y < hall.side; y += kPillarEvery)
      hall.pillar_centres.push_back({x, y});
  return hall;
}

Polygon square_at(Vec2 c, double half) {
  return {{c.x - half, c.y - half},
          {c.x + half, c.y - half},
          {c.x + half, c.y + half},
          {c.x - half, c.y + half}};
}

Scenario soak_scenario(int persons, const Hall& hall, double seconds) {
  const double side = hall.side;
  const double c = side / 2.0;
  Scenario s;
  s.name = "soak";
  s.seed = 1;
  s.step = 0.05;
  s.duration = seconds;
  s.venue.walkable.push_back({{0, 0}, {side, 0}, {side, side}, {0, side}});
  for (std::size_t k = 0; k < hall.pillar_centres.size(); ++k)
    s.venue.obstacles.push_back(ObstacleDesc{
        "pillar" + std::to_string(k), square_at(hall.pillar_centres[k], kPillarHalf), {}});
  s.venue.exits.push_back(ExitDesc{"south", {{c - 1, 0}, {c + 1, 0}}, {}});
  const double h = (side - 2.0) / 2.0;  // quadrant edge
  const Vec2 centres[4] = {{1 + h / 2, 1 + h / 2},
                           {1 + 3 * h / 2, 1 + h / 2},
                           {1 + 3 * h / 2, 1 + 3 * h / 2},
                           {1 + h / 2, 1 + 3 * h / 2}};
  for (int q = 0; q < 4; ++q) {
    const Vec2 m = centres[q];
    const Vec2 mirror{2 * c - m.x, 2 * c - m.y};
    const std::string there = "there" + std::to_string(q), back = "back" + std::to_string(q);
    s.venue.waypoints.push_back(WaypointDesc{there, mirror, h / 4.0, {}});
    s.venue.waypoints.push_back(WaypointDesc{back, m, h / 4.0, {}});
    PopulationDesc pop;
    pop.name = "q" + std::to_string(q);
    pop.count = persons / 4 + (q < persons % 4 ? 1 : 0);
    pop.in.polygon = square_at(m, h / 2.0 - 0.3);
    for (int leg = 0; leg < kLegs; ++leg) {
      JourneyStep to;
      to.kind = JourneyStep::Kind::to;
      to.target = leg % 2 == 0 ? there : back;
      pop.journey.push_back(to);
    }
    pop.journey.push_back(JourneyStep{});  // out, never reached within the run
    s.populations.push_back(pop);
  }
  return s;
}

/// Resident memory now (not the peak), MiB.
double rss_mib() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return static_cast<double>(pages_resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) /
         (1024.0 * 1024.0);
}

struct Violations {
  long non_finite = 0;
  long outside_walls = 0;
  long in_pillar = 0;
  long left = 0;
  long total() const { return non_finite + outside_walls + in_pillar + left; }
};

/// Counts the persons who break an invariant in this view. A centre may come as close to a
/// wall as the body allows but never past it.
void check(const StepView& v, const Hall& hall, Violations& bad) {
  for (std::size_t i = 0; i < v.x.size(); ++i) {
    const double x = v.x[i], y = v.y[i];
    if (!std::isfinite(x) || !std::isfinite(y) || !std::isfinite(v.vx[i]) ||
        !std::isfinite(v.vy[i])) {
      ++bad.non_finite;
      continue;
    }
    if (x < 0.0 || y < 0.0 || x > hall.side || y > hall.side) {
      ++bad.outside_walls;
      continue;
    }
    // The pillar whose cell holds the person is the only one that can contain them.
    const double px = kPillarEvery / 2 + kPillarEvery * std::floor(x / kPillarEvery);
    const double py = kPillarEvery / 2 + kPillarEvery * std::floor(y / kPillarEvery);
    if (std::abs(x - px) < kPillarHalf && std::abs(y - py) < kPillarHalf) ++bad.in_pillar;
  }
  bad.left += static_cast<long>(v.exited.size());
}

}  // namespace

int main(int argc, char** argv) {
  const int persons = argc > 1 ? std::atoi(argv[1]) : 100000;
  const double seconds = argc > 2 ? std::atof(argv[2]) : 3600.0;
  const int threads = argc > 3 ? std::atoi(argv[3]) : 2;
  if (persons < 4 || seconds <= 0.0 || threads < 1) {
    std::fprintf(stderr, "usage: stroom_bench_soak [persons >= 4] [seconds > 0] [threads >= 1]\n");
    return 2;
  }
  const Hall hall = hall_for(persons);
  const auto t0 = std::chrono::steady_clock::now();
  Simulation sim(soak_scenario(persons, hall, seconds), {.threads = threads});
  std::printf(
      "soak: %d persons in a %.0f m x %.0f m hall with %zu pillars (%.2f P/m² of floor),"
      " step %.2f s, %.0f s simulated, %d threads\n",
      persons, hall.side, hall.side, hall.pillar_centres.size(),
      persons / (hall.side * hall.side -
                 4 * kPillarHalf * kPillarHalf * static_cast<double>(hall.pillar_centres.size())),
      sim.scenario().step, seconds, threads);
  std::printf("%8s %9s %9s %9s %10s %10s %11s\n", "sim s", "wall s", "RSS MiB", "inside", "moving",
              "mean m/s", "violations");
  std::fflush(stdout);
  Violations bad;
  double rss_after_first_minute = -1.0, rss_peak = 0.0;
  double next_sample = 60.0;
  while (!sim.done()) {
    sim.step();
    const StepView v = sim.view();
    check(v, hall, bad);
    if (sim.time() + 1e-9 >= next_sample || sim.done()) {
      next_sample += 60.0;
      long moving = 0;
      double speed_sum = 0.0;
      for (std::size_t i = 0; i < v.vx.size(); ++i) {
        const double speed = std::hypot(v.vx[i], v.vy[i]);
        speed_sum += speed;
        if (speed > 0.1) ++moving;
      }
      const double rss = rss_mib();
      rss_peak = std::max(rss_peak, rss);
      if (rss_after_first_minute < 0.0) rss_after_first_minute = rss;
      const double wall =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::printf("%8.0f %9.0f %9.1f %9lld %10ld %10.3f %11ld\n", sim.time(), wall, rss,
                  static_cast<long long>(sim.inside()), moving,
                  v.vx.empty() ? 0.0 : speed_sum / static_cast<double>(v.vx.size()), bad.total());
      std::fflush(stdout);
    }
  }
  const double rss_end = rss_mib();
  std::printf(
      "agent-steps %lld; memory after the first minute %.1f MiB, at the end %.1f MiB "
      "(growth %+.1f MiB), peak sampled %.1f MiB\n",
      static_cast<long long>(sim.agent_steps()), rss_after_first_minute, rss_end,
      rss_end - rss_after_first_minute, rss_peak);
  std::printf("non-finite %ld, outside the walls %ld, inside a pillar %ld, left %ld\n",
              bad.non_finite, bad.outside_walls, bad.in_pillar, bad.left);
  return bad.total() == 0 ? 0 : 1;
}
