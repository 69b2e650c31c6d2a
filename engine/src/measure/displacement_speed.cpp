// Velocities from displacement over ±Δ frames; see stroom/displacement_speed.hpp.
#include "stroom/displacement_speed.hpp"

#include <algorithm>

namespace stroom {

DisplacementVelocity::DisplacementVelocity(int frames_each_side)
    : delta_(std::max(1, frames_each_side)) {}

const Vec2* DisplacementVelocity::Frame::find(PersonId id) const {
  const auto it =
      std::lower_bound(people.begin(), people.end(), id,
                       [](const auto& entry, PersonId key) { return entry.first < key; });
  return it != people.end() && it->first == id ? &it->second : nullptr;
}

void DisplacementVelocity::add_frame(double time, std::span<const PersonId> ids,
                                     std::span<const double> x, std::span<const double> y) {
  Frame f{time, {}};
  f.people.reserve(ids.size());
  for (std::size_t k = 0; k < ids.size(); ++k)
    f.people.push_back({ids[k], Vec2{x[k], y[k]}});
  std::sort(f.people.begin(), f.people.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  frames_.push_back(std::move(f));
  while (frames_.size() > static_cast<std::size_t>(2 * delta_ + 1))
    frames_.pop_front();
}

std::optional<double> DisplacementVelocity::centre_time() const {
  if (frames_.size() < static_cast<std::size_t>(2 * delta_ + 1)) return std::nullopt;
  return frames_[static_cast<std::size_t>(delta_)].time;
}

std::optional<DisplacementVelocity::Sample> DisplacementVelocity::centre() const {
  if (!centre_time()) return std::nullopt;
  const Frame& before = frames_.front();
  const Frame& mid = frames_[static_cast<std::size_t>(delta_)];
  const Frame& after = frames_.back();
  Sample s;
  s.time = mid.time;
  s.ids.reserve(mid.people.size());
  s.positions.reserve(mid.people.size());
  s.velocities.reserve(mid.people.size());
  for (const auto& [id, p] : mid.people) {
    const Vec2* a = before.find(id);
    const Vec2* b = after.find(id);
    const Vec2 from = a != nullptr ? *a : p;
    const Vec2 to = b != nullptr ? *b : p;
    const double t0 = a != nullptr ? before.time : mid.time;
    const double t1 = b != nullptr ? after.time : mid.time;
    s.ids.push_back(id);
    s.positions.push_back(p);
    s.velocities.push_back(t1 > t0 ? (to - from) / (t1 - t0) : Vec2{0.0, 0.0});
  }
  return s;
}

}  // namespace stroom
