// stroom_bench_crossing: persons crossing an open square at about 1 P/m² (or a set density), each
// walking to the point mirrored through the centre (one waypoint per quadrant of the start square),
// with the default model. Prints agent-steps per second for 1 and 2 threads, memory per person and
// the share of time per pipeline phase. Usage: stroom_bench_crossing [persons...] (default 1000
// 10000 50000 100000); STROOM_BENCH_STEPS sets the steps measured (default 100),
// STROOM_BENCH_THREADS the thread counts (default "1,2"), STROOM_BENCH_ISA caps the instruction set
// of the model's vectorised loops (portable, avx2 or avx512; default the widest the CPU has),
// STROOM_BENCH_PHASE_MS=1 prints each phase's milliseconds per step instead of its share,
// STROOM_BENCH_DENSITY the persons per m² of the start square (default 1). Under
// `valgrind
// --tool=callgrind --instr-atstart=no` only the measured steps are instrumented, so instructions
// per agent-step can be compared between builds on a loaded machine.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define STROOM_BENCH_START() CALLGRIND_START_INSTRUMENTATION
#define STROOM_BENCH_STOP() CALLGRIND_STOP_INSTRUMENTATION
#else
#define STROOM_BENCH_START() ((void)0)
#define STROOM_BENCH_STOP() ((void)0)
#endif

#include "crossing_scenario.hpp"
#include "models/isa.hpp"
#include "stroom/scenario.hpp"
#include "stroom/simulation.hpp"

using namespace stroom;
using stroom::bench::crossing_scenario;

namespace {

/// CPU seconds used by the whole process (all threads); on a shared machine this shows the
/// work done, independent of how much of the wall time other jobs took.
double cpu_seconds() {
  struct rusage u {};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

long rss_kib() {
  struct rusage u {};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes;
  for (int k = 1; k < argc; ++k)
    sizes.push_back(std::atoi(argv[k]));
  if (sizes.empty()) sizes = {1000, 10000, 50000, 100000};
  const char* steps_env = std::getenv("STROOM_BENCH_STEPS");
  const int steps = steps_env ? std::atoi(steps_env) : 100;
  std::vector<int> thread_counts;
  if (const char* t = std::getenv("STROOM_BENCH_THREADS")) {
    for (const char* c = t; *c != '\0';) {
      char* next = nullptr;
      const long v = std::strtol(c, &next, 10);
      if (next == c) break;
      if (v > 0) thread_counts.push_back(static_cast<int>(v));
      c = *next == ',' ? next + 1 : next;
    }
  }
  if (thread_counts.empty()) thread_counts = {1, 2};
  // STROOM_BENCH_PHASE_MS=1: each phase's time per step instead of its share.
  const bool phase_ms = std::getenv("STROOM_BENCH_PHASE_MS") != nullptr;
  const char* density_env = std::getenv("STROOM_BENCH_DENSITY");
  const double density = density_env ? std::atof(density_env) : 1.0;
  if (!(density > 0.0 && density <= 8.0)) {
    std::fprintf(stderr, "STROOM_BENCH_DENSITY: persons per m², above 0 and at most 8\n");
    return 2;
  }
  if (const char* isa = std::getenv("STROOM_BENCH_ISA")) {
    const std::string name = isa;
    models::limit_kernel_isa(name == "portable" ? models::KernelIsa::portable
                             : name == "avx2"   ? models::KernelIsa::avx2
                                                : models::KernelIsa::avx512);
  }
  std::printf("model kernel: %s\n",
              std::string(models::kernel_isa_name(models::best_kernel_isa())).c_str());
  std::printf("%9s %7s %14s %14s %10s %10s  phase shares\n", "persons", "threads", "agent-steps/s",
              "per CPU-s", "ms/step", "B/person");
  for (const int n : sizes) {
    for (const int threads : thread_counts) {
      const long rss0 = rss_kib();
      const auto t_build0 = std::chrono::steady_clock::now();
      Simulation sim(crossing_scenario(n, density), {.threads = threads});
      sim.step();  // prepares the distance fields
      const auto t_build1 = std::chrono::steady_clock::now();
      const StepProfile before = sim.profile();
      const std::int64_t agent0 = sim.agent_steps();
      const double cpu0 = cpu_seconds();
      const auto t0 = std::chrono::steady_clock::now();
      STROOM_BENCH_START();
      for (int k = 0; k < steps; ++k)
        sim.step();
      STROOM_BENCH_STOP();
      const auto t1 = std::chrono::steady_clock::now();
      const double secs = std::chrono::duration<double>(t1 - t0).count();
      const double agent_steps = static_cast<double>(sim.agent_steps() - agent0);
      const double rate = agent_steps / secs;
      const double cpu_rate = agent_steps / std::max(1e-9, cpu_seconds() - cpu0);
      const long rss1 = rss_kib();
      std::printf("%9d %7d %14.0f %14.0f %10.2f %10.0f ", n, threads, rate, cpu_rate,
                  1e3 * secs / steps, 1024.0 * static_cast<double>(rss1 - rss0) / n);
      const StepProfile& p = sim.profile();
      double total = 0;
      for (int ph = 0; ph < kPhaseCount; ++ph)
        total += p.seconds[ph] - before.seconds[ph];
      for (int ph = 0; ph < kPhaseCount; ++ph) {
        const double seconds = p.seconds[ph] - before.seconds[ph];
        const std::string name(phase_name(static_cast<Phase>(ph)));
        if (phase_ms)
          std::printf(" %s %.3f ms", name.c_str(), 1e3 * seconds / steps);
        else
          std::printf(" %s %.0f%%", name.c_str(), 100.0 * seconds / total);
      }
      std::printf("  (set-up %.1f s, inside %lld)\n",
                  std::chrono::duration<double>(t_build1 - t_build0).count(),
                  static_cast<long long>(sim.inside()));
      std::fflush(stdout);
    }
  }
}
