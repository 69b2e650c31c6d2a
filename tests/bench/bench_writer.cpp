// stroom_bench_writer: the SQLite trajectory writer alone, on the frames of a crossing crowd,
// so that its cost can be read without the steps beside it (in `stroom run` it shares the two
// cores with them, and the host's noise on the steps hides a change of the writer's).
//
// The crowd: `persons` on the crossing benchmark's square (1 P/m² in its inner part), each
// walking at 1.3 m/s in one of four diagonal directions, their ids spread over the square at
// random (as the simulation's are, placed at random in their start zones); a frame every 0.5 s
// (the default frame interval), its arrays in the simulation's slot order (the grid's cells,
// 1 m, row by row, re-sorted every second as the simulation renumbers). Only the writer's calls are
// timed: CPU time of this thread (the writer runs on one) and wall time, per row and for the whole
// run.
//
// Usage: stroom_bench_writer [persons (50000)] [frames (120)] [file (a temporary file)]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <numeric>
#include <string>
#include <vector>

#include "crossing_scenario.hpp"
#include "stroom/io/trajectory_writer.hpp"
#include "stroom/scenario.hpp"

using namespace stroom;

namespace {

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

}  // namespace

int main(int argc, char** argv) {
  const int persons = argc > 1 ? std::atoi(argv[1]) : 50000;
  const int frames = argc > 2 ? std::atoi(argv[2]) : 120;
  if (persons <= 0 || frames <= 0) {
    std::fprintf(stderr, "usage: stroom_bench_writer [persons] [frames] [file]\n");
    return 2;
  }
  const std::filesystem::path file =
      argc > 3 ? std::filesystem::path(argv[3])
               : std::filesystem::temp_directory_path() / "stroom_bench_writer.sqlite";
  const double inner = std::sqrt(static_cast<double>(persons));  // 1 P/m²
  const double side = inner * 1.25;  // the square of crossing_scenario()
  Scenario scenario = bench::crossing_scenario(persons, 1.0);
  scenario.output.frame_interval = 0.5;
  const Venue venue(scenario.venue);

  // Start on a square lattice in the inner part of the scene's square.
  const int per_row = static_cast<int>(std::ceil(inner));
  std::vector<double> x(static_cast<std::size_t>(persons)), y(x.size()), vx(x.size()), vy(x.size());
  const double margin = (side - inner) / 2;
  for (int k = 0; k < persons; ++k) {
    const auto s = static_cast<std::size_t>(k);
    x[s] = margin + 0.5 + (k % per_row);
    y[s] = margin + 0.5 + (k / per_row);
    const double sx = (k % 4) < 2 ? 1.0 : -1.0, sy = (k % 2) == 0 ? 1.0 : -1.0;
    vx[s] = 1.3 * sx / std::sqrt(2.0);
    vy[s] = 1.3 * sy / std::sqrt(2.0);
  }
  // Ids at random over the lattice: a fixed permutation (the same file every run).
  std::vector<PersonId> id_of(x.size());
  std::iota(id_of.begin(), id_of.end(), PersonId{1});
  std::uint64_t state = 1;
  for (std::size_t k = id_of.size(); k > 1; --k) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    std::swap(id_of[k - 1], id_of[(state >> 33) % k]);
  }
  std::vector<std::size_t> slot_order(x.size());
  std::iota(slot_order.begin(), slot_order.end(), std::size_t{0});
  const auto renumber = [&] {
    const auto cell = [&](std::size_t k) {
      return static_cast<long>(std::floor(y[k])) * 100000 + static_cast<long>(std::floor(x[k]));
    };
    std::stable_sort(slot_order.begin(), slot_order.end(),
                     [&](std::size_t a, std::size_t b) { return cell(a) < cell(b); });
  };

  double cpu = 0.0, wall = 0.0;
  const auto timed = [&](const auto& call) {
    const double c0 = thread_cpu_seconds();
    const auto w0 = std::chrono::steady_clock::now();
    call();
    cpu += thread_cpu_seconds() - c0;
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
  };
  std::int64_t rows = 0;
  {
    auto writer = io::make_sqlite_trajectory_writer(file, scenario, venue);
    io::TrajectoryFrame f;
    f.wall_blocking = venue.initial_blocking();
    for (int frame = 0; frame < frames; ++frame) {
      if (frame % 2 == 0) renumber();
      f.frame = frame;
      f.time = 0.5 * frame;
      f.ids.clear(), f.x.clear(), f.y.clear(), f.vx.clear(), f.vy.clear();
      for (const std::size_t k : slot_order) {
        f.ids.push_back(id_of[k]);
        f.x.push_back(x[k]);
        f.y.push_back(y[k]);
        f.vx.push_back(vx[k]);
        f.vy.push_back(vy[k]);
      }
      timed([&] { writer->write(f); });
      rows += persons;
      for (std::size_t k = 0; k < x.size(); ++k) {
        x[k] = std::clamp(x[k] + 0.5 * vx[k], 0.3, side - 0.3);
        y[k] = std::clamp(y[k] + 0.5 * vy[k], 0.3, side - 0.3);
      }
    }
    timed([&] { writer->close(true); });
  }
  const auto bytes = std::filesystem::file_size(file);
  std::printf("persons %d frames %d rows %lld\n", persons, frames, static_cast<long long>(rows));
  std::printf("writer CPU %.3f s (%.0f ns a row), wall %.3f s, file %.1f MB (%.1f B a row)\n", cpu,
              1e9 * cpu / static_cast<double>(rows), wall, static_cast<double>(bytes) / 1e6,
              static_cast<double>(bytes) / static_cast<double>(rows));
  if (argc <= 3) std::filesystem::remove(file);
  return 0;
}
