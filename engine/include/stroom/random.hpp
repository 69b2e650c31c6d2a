// Counter-based randomness. A draw depends only on (seed, stream id, purpose, counter), never
// on the thread that makes it or the order of draws elsewhere, so results are identical on any
// number of threads. The mixer is SplitMix64's finaliser applied to a combined key; it passes
// BigCrush when used as a counter-based generator.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>

namespace stroom {

/// What a random draw is for; part of the key so that different uses never share numbers.
enum class RandomPurpose : std::uint32_t {
  speed = 1,
  radius = 2,
  placement = 3,
  stay = 4,
  service = 5,
  premovement = 6,
  arrival = 7,
  route = 8,
  wander = 9,
  other = 10,
  group = 11,      ///< group sizes (walking groups)
  profile = 12,    ///< visitor profile of a person
  visit = 21,      ///< the attractions of a `visit` step (circulation) and how many
  departure = 22,  ///< when a `visit` step ends at the latest (its `until`)
};

constexpr std::uint64_t mix64(std::uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// A stream of random numbers identified by its key. Cheap to create; copy it freely.
class RandomStream {
 public:
  constexpr RandomStream(std::uint64_t seed, std::uint64_t stream_id, RandomPurpose purpose)
      : key_(mix64(mix64(seed) ^ mix64(stream_id + 0x632be59bd9b4e019ULL) ^
                   (static_cast<std::uint64_t>(purpose) << 56))) {}

  /// Next 64 random bits.
  constexpr std::uint64_t next_bits() { return mix64(key_ ^ mix64(counter_++)); }
  /// Uniform in [0, 1).
  constexpr double uniform() { return static_cast<double>(next_bits() >> 11) * 0x1.0p-53; }
  /// Uniform in (0, 1], safe for log().
  constexpr double uniform_open0() { return 1.0 - uniform(); }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// Standard normal by Box–Muller (one value per call; deterministic, thread-free).
  double normal() {
    const double u1 = uniform_open0();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }
  std::uint64_t counter() const { return counter_; }

 private:
  std::uint64_t key_;
  std::uint64_t counter_ = 0;
};

}  // namespace stroom
