// What the panels of stroom-view share: the status colours, the speed choices of the
// timeline and a printf helper. Included by app.cpp and the panel_*.cpp files only.
#pragma once

#include <imgui.h>

#include <cstdio>
#include <iterator>
#include <string>

namespace stroom::view {

struct SpeedChoice {
  const char* label;
  double factor;  // simulated s per wall s; 0 = as fast as possible
};
inline constexpr SpeedChoice kSpeeds[] = {{"0.5×", 0.5},   {"1×", 1.0},   {"2×", 2.0},
                                          {"5×", 5.0},     {"10×", 10.0}, {"30×", 30.0},
                                          {"100×", 100.0}, {"max", 0.0}};
inline constexpr int kSpeedCount = static_cast<int>(std::size(kSpeeds));

inline const ImVec4 kPass(0.18f, 0.62f, 0.31f, 1.0f);
inline const ImVec4 kFail(0.82f, 0.18f, 0.18f, 1.0f);
inline const ImVec4 kMuted(0.55f, 0.58f, 0.62f, 1.0f);

/// printf of one number: fmt("%.2f P/m²", d).
inline std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace stroom::view
