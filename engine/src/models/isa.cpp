#include "models/isa.hpp"

#include <algorithm>

namespace stroom::models {

bool kernel_isa_supported(KernelIsa isa) {
  switch (isa) {
    case KernelIsa::portable:
      return true;
#if STROOM_HAVE_ISA_VARIANTS
    case KernelIsa::avx2:
      return __builtin_cpu_supports("avx2");
    case KernelIsa::avx512:
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
             __builtin_cpu_supports("avx512vl");
#else
    case KernelIsa::avx2:
    case KernelIsa::avx512:
      return false;
#endif
  }
  return false;
}

namespace {
KernelIsa widest_supported() {
  for (const KernelIsa isa : {KernelIsa::avx512, KernelIsa::avx2})
    if (kernel_isa_supported(isa)) return isa;
  return KernelIsa::portable;
}
KernelIsa chosen = widest_supported();
}  // namespace

KernelIsa best_kernel_isa() {
  return chosen;
}

void limit_kernel_isa(KernelIsa limit) {
  chosen = std::min(widest_supported(), limit);
}

std::string_view kernel_isa_name(KernelIsa isa) {
  switch (isa) {
    case KernelIsa::portable:
      return "portable";
    case KernelIsa::avx2:
      return "AVX2";
    case KernelIsa::avx512:
      return "AVX-512";
  }
  return "?";
}

}  // namespace stroom::models
