// Loads each Floriade scenario with the engine's loader, builds its venue and (optionally)
// the distance fields of its exits and journey targets, and prints what it found: the
// quick check that the files are accepted before `stroom validate` / `stroom run` exist.
//
//   load_check [--fields] FILE.yaml...
//
// Exit 0 when every file loads, 1 otherwise. Built by hand (see docs/floriade.md), not part
// of the project's CMake build.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "stroom/error.hpp"
#include "stroom/geometry.hpp"
#include "stroom/navigation.hpp"
#include "stroom/scenario.hpp"
#include "stroom/scenario_loader.hpp"

using namespace stroom;

namespace {

bool inside(const Polygon& poly, Vec2 p) {  // even-odd rule
  bool in = false;
  for (std::size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
    const Vec2 a = poly[i], b = poly[j];
    if ((a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x) in = !in;
  }
  return in;
}

int check(const std::string& path, bool fields) {
  Scenario s;
  try {
    s = load_scenario(path);
  } catch (const ScenarioError& e) {
    for (const Diagnostic& d : e.diagnostics())
      std::fprintf(stderr, "%s\n", d.format().c_str());
    return 1;
  }
  long persons = 0;
  for (const PopulationDesc& p : s.populations) {
    if (p.count) persons += *p.count;
    if (p.arrive && p.arrive->total) persons += *p.arrive->total;
  }
  try {
    Venue venue(s.venue);
    std::vector<Diagnostic> problems = check_geometry(s);
    for (const Diagnostic& d : problems)
      std::fprintf(stderr, "%s\n", d.format().c_str());
    std::printf(
        "%s: ok: %s; walkable %.0f m², %zu obstacles, %zu exits, %zu checkpoints, "
        "%zu zones, %ld persons, %zu events\n",
        path.c_str(), s.name.c_str(), venue.area(), s.venue.obstacles.size(), s.venue.exits.size(),
        s.venue.checkpoints.size(), s.venue.zones.size(), persons, s.events.size());
    for (const ZoneDesc& z : s.venue.zones) {
      const double a = venue.clipped_area(z.polygon);
      long n = 0;
      for (const PopulationDesc& p : s.populations)
        if (p.count && p.in.zone == z.name) n += *p.count;
      if (n > 0)
        std::printf("   zone %-16s %8.0f m² walkable, %6ld persons, %.3f P/m²\n", z.name.c_str(), a,
                    n, n / a);
    }
    if (!fields) return problems.empty() ? 0 : 1;
    // One field per exit and per zone/checkpoint named in a journey, as the simulation would.
    const auto t0 = std::chrono::steady_clock::now();
    Navigation nav(venue);
    std::vector<TargetId> ids;
    for (const ExitDesc& e : s.venue.exits)
      ids.push_back(nav.add_target({{e.line}, {}, {}}));
    std::set<std::string> targets;
    for (const PopulationDesc& p : s.populations)
      for (const JourneyStep& j : p.journey)
        if (j.kind == JourneyStep::Kind::to) targets.insert(j.target);
    for (const std::string& t : targets) {
      for (const ZoneDesc& z : s.venue.zones)
        if (z.name == t) ids.push_back(nav.add_target({{}, {z.polygon}, {}}));
      for (const CheckpointDesc& c : s.venue.checkpoints)
        if (c.name == t) ids.push_back(nav.add_target({{c.line}, {}, {}}));
    }
    const std::vector<std::uint8_t> blocking = venue.initial_blocking();
    nav.prepare(ids, blocking);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("   navigation: %zu fields, cell %.3f m, grid %d x %d, %.0f MiB, %.1f s\n",
                ids.size(), nav.cell(), nav.grid_width(), nav.grid_height(),
                nav.memory_bytes() / 1048576.0, secs);
    // Walking distance to the nearest exit from every walkable point of each spawn zone on a
    // 5 m lattice: all must be finite.
    int unreachable_total = 0;
    for (const PopulationDesc& p : s.populations) {
      if (!p.count) continue;
      for (const ZoneDesc& z : s.venue.zones) {
        if (z.name != p.in.zone) continue;
        double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
        for (const Vec2& v : z.polygon) {
          x0 = std::min(x0, v.x);
          y0 = std::min(y0, v.y);
          x1 = std::max(x1, v.x);
          y1 = std::max(y1, v.y);
        }
        int points = 0, unreachable = 0;
        double sum = 0, worst = 0;
        for (double y = y0 + 2.5; y < y1; y += 5)
          for (double x = x0 + 2.5; x < x1; x += 5) {
            const Vec2 q{x, y};
            if (!inside(z.polygon, q) || !venue.contains(q) ||
                venue.clipped_area({{x - 0.01, y - 0.01},
                                    {x + 0.01, y - 0.01},
                                    {x + 0.01, y + 0.01},
                                    {x - 0.01, y + 0.01}}) <= 0)
              continue;
            double best = 1e300;
            for (std::size_t i = 0; i < s.venue.exits.size(); ++i)
              best = std::min(best, nav.distance(ids[i], q));
            if (!(best < 1e12)) {
              ++unreachable;
              if (std::getenv("FLORIADE_VERBOSE"))
                std::printf("      unreachable (%.1f, %.1f)\n", x, y);
              continue;
            }
            ++points;
            sum += best;
            worst = std::max(worst, best);
          }
        unreachable_total += unreachable;
        std::printf("   %-22s %5d points: nearest exit mean %4.0f m, max %4.0f m, %d unreachable\n",
                    p.name.c_str(), points, points ? sum / points : 0.0, worst, unreachable);
      }
    }
    if (unreachable_total > 0) return 1;
    return problems.empty() ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), e.what());
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool fields = false;
  int failures = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--fields") == 0) {
      fields = true;
      continue;
    }
    failures += check(argv[i], fields);
  }
  return failures == 0 ? 0 : 1;
}
