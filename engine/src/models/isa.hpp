// Run-time choice of the instruction set for the models' vectorised loops.
//
// A model's hot function is compiled several times from one source, once per instruction set
// (GCC's target attribute; the release build itself stays portable and never uses
// -march=native), and the best one the CPU at hand supports is called. The loops that differ
// between the variants are lane-wise IEEE arithmetic (sqrt, division, the polynomial of
// fast_exp; no fused multiply-add, no reassociation: sums over neighbours stay in their order),
// so every variant gives the same bits; tests/engine/models checks that on the CPU it runs on.
#pragma once

#include <cstdint>
#include <string_view>

namespace stroom::models {

enum class KernelIsa : std::int8_t {
  portable,  ///< the build's baseline (x86-64: SSE2, two doubles a vector)
  avx2,      ///< four doubles a vector
  avx512,    ///< eight doubles a vector (AVX-512 F, DQ, VL)
};

/// The widest instruction set this CPU supports among those the models are compiled for, and
/// not above the limit set by limit_kernel_isa().
KernelIsa best_kernel_isa();
/// Caps the instruction set the models use from now on, for benchmarks that compare the
/// variants (all give the same results); not thread-safe against running simulations.
void limit_kernel_isa(KernelIsa limit);
/// True when this CPU can run the variant compiled for `isa`.
bool kernel_isa_supported(KernelIsa isa);
std::string_view kernel_isa_name(KernelIsa isa);

}  // namespace stroom::models

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
/// Compiles the function it precedes for one instruction set.
#define STROOM_TARGET_AVX2 __attribute__((target("avx2")))
#define STROOM_TARGET_AVX512 __attribute__((target("avx512f,avx512dq,avx512vl")))
#define STROOM_HAVE_ISA_VARIANTS 1
#else
#define STROOM_HAVE_ISA_VARIANTS 0
#endif

/// Forces inlining into each variant, so that the loops of a helper are compiled for the
/// caller's instruction set (a helper left out of line would be the portable one).
#define STROOM_KERNEL_INLINE [[gnu::always_inline]] inline
/// The same for a lambda, written after its parameter list.
#define STROOM_LAMBDA_INLINE __attribute__((always_inline))
