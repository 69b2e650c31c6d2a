// exp(x) for the repulsion terms of the operational models, inline and without a library call.
//
// The models evaluate a·exp(−gap/D) several times per person and step; glibc's exp costs about
// 40 instructions plus the call. This one is pure double arithmetic (no table, no FMA: the
// engine is compiled with -ffp-contract=off), so it gives the same bits on every thread count
// and every run:
//
//   exp(x) = 2^n · exp(r),  n = round(x / ln 2),  r = x − n·ln 2  (|r| ≤ ln 2 / 2)
//
// with n·ln 2 subtracted in two parts (Cody & Waite: the high part has trailing zero bits, so
// n·ln2_hi is exact for |n| < 2^11), exp(r) by its Taylor polynomial of degree 7 (remainder
// below (ln 2 / 2)^8 / 8! ≈ 5.3·10⁻⁹ relative) and 2^n put into the exponent bits. The relative
// error is below 10⁻⁸ on the whole range (tests/engine/models/test_models.cpp); a repulsion
// needs about 10⁻⁷. Arguments are clamped to [−700, 700], where the result stays a normal double.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>

namespace stroom::models {

inline double fast_exp(double x) {
  constexpr double kInvLn2 = 1.4426950408889634;         // 1 / ln 2
  constexpr double kLn2Hi = 6.93147180369123816490e-01;  // ln 2, upper bits (fdlibm)
  constexpr double kLn2Lo = 1.90821492927058770002e-10;  // ln 2 − kLn2Hi
  constexpr double kRound = 6755399441055744.0;  // 1.5·2^52: adding it rounds to an integer
  // std::clamp's bounds, as selects the vectoriser can turn into lane-wise min and max.
  x = x < -700.0 ? -700.0 : x;
  x = x > 700.0 ? 700.0 : x;
  const double shifted = x * kInvLn2 + kRound;
  const double n = shifted - kRound;  // round(x / ln 2), exactly
  const double r = (x - n * kLn2Hi) - n * kLn2Lo;
  // Taylor coefficients 1/7!, 1/6!, ..., 1/1!, 1/0!, evaluated by Horner's rule (written out:
  // a loop here would keep the vectoriser out of loops that call this).
  double p = 1.0 / 5040;
  p = p * r + 1.0 / 720;
  p = p * r + 1.0 / 120;
  p = p * r + 1.0 / 24;
  p = p * r + 1.0 / 6;
  p = p * r + 1.0 / 2;
  p = p * r + 1.0;
  p = p * r + 1.0;
  // The low bits of `shifted` hold n (two's complement, |n| < 2^11): move n + 1023 into the
  // exponent field.
  const std::uint64_t bits = (std::bit_cast<std::uint64_t>(shifted) + 1023) << 52;
  return p * std::bit_cast<double>(bits);
}

}  // namespace stroom::models
