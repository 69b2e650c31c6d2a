// Internal: locale-independent number formatting for notes and the report.
#pragma once

#include <charconv>
#include <cmath>
#include <string>

namespace stroom::measure {

/// `value` with `decimals` digits after the point ("-" for NaN), never in exponent form.
inline std::string fixed(double value, int decimals) {
  if (std::isnan(value)) return "-";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  const auto r =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  std::string out(buffer, r.ptr);
  if (out.find_first_not_of("-0.") == std::string::npos && out.front() == '-') out.erase(0, 1);
  return out;
}

}  // namespace stroom::measure
