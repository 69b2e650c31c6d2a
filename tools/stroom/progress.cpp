#include "progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace stroom::cli {

bool stderr_is_terminal() {
  return isatty(STDERR_FILENO) == 1;
}

ProgressBar::ProgressBar(bool enabled, double duration)
    : enabled_(enabled),
      duration_(duration),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void ProgressBar::update(double simulated_time, std::int64_t inside) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(200)) return;
  last_ = now;
  drawn_ = true;
  const double wall = std::chrono::duration<double>(now - start_).count();
  const double fraction = duration_ > 0.0 ? std::clamp(simulated_time / duration_, 0.0, 1.0) : 0;
  constexpr int kWidth = 30;
  char bar[kWidth + 1];
  const int filled = static_cast<int>(fraction * kWidth);
  for (int i = 0; i < kWidth; ++i)
    bar[i] = i < filled ? '#' : '.';
  bar[kWidth] = '\0';
  const double speed = wall > 0.0 ? simulated_time / wall : 0.0;
  std::fprintf(stderr, "\r[%s] %7.1f / %.0f s  inside %7lld  %6.1fx real time ", bar,
               simulated_time, duration_, static_cast<long long>(inside), speed);
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (!enabled_ || !drawn_) return;
  std::fprintf(stderr, "\r%*s\r", 90, "");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace stroom::cli
