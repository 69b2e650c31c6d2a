#include "playback.hpp"

#include <algorithm>

namespace stroom::view {

const nlohmann::json& Playback::recorded_summary() const {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  return kEmpty;
}

// [SECTION] Live

LivePlayback::LivePlayback(const Scenario& scenario, int threads, std::string description)
    : run_(scenario, threads), description_(std::move(description)) {}

void LivePlayback::update(double /*dt*/, Snapshot& snapshot) {
  run_.take_latest(snapshot);
}

void LivePlayback::set_playing(bool playing, int /*direction*/) {
  run_.set_playing(playing);
}

void LivePlayback::step_forward(Snapshot& /*snapshot*/) {
  // The step's snapshot arrives through update(), like every other.
  if (!run_.playing()) run_.step_once();
}

// [SECTION] Replay

ReplayPlayback::ReplayPlayback(Recording recording, ElementTimeline timeline)
    : recording_(std::move(recording)), timeline_(std::move(timeline)) {}

double ReplayPlayback::start_time() const {
  return recording_.frame_count() > 0 ? recording_.time_of(0) : 0.0;
}

void ReplayPlayback::seek(double t, Snapshot& snapshot) {
  if (recording_.frame_count() == 0) return;
  time_ = std::clamp(t, start_time(), end_time());
  const std::size_t frame = recording_.frame_at(time_);
  if (frame != frame_) {
    fill_snapshot(recording_, timeline_, frame, snapshot);
    frame_ = frame;
  }
}

void ReplayPlayback::update(double dt, Snapshot& snapshot) {
  if (!playing_) return;
  const double rate = direction_ * speed_;
  seek(time_ + dt * rate, snapshot);
  if ((rate > 0 && time_ >= end_time()) || (rate < 0 && time_ <= start_time())) playing_ = false;
}

void ReplayPlayback::set_playing(bool playing, int direction) {
  direction_ = direction < 0 ? -1 : 1;
  playing_ = playing;
}

void ReplayPlayback::step_forward(Snapshot& snapshot) {
  if (frame_ + 1 < recording_.frame_count()) seek(recording_.time_of(frame_ + 1), snapshot);
}

void ReplayPlayback::step_back(Snapshot& snapshot) {
  if (frame_ > 0 && frame_ < recording_.frame_count())
    seek(recording_.time_of(frame_ - 1), snapshot);
}

}  // namespace stroom::view
