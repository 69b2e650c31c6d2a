// Which distance fields Navigation::prepare() marches at once (navigation.cpp).
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

namespace stroom::navigation_detail {

/// Splits marches, in their order, into waves run one after the other, the marches of a wave at
/// once: at most `width` of them, and no more than keep the memory held at once within the most
/// that running them one by one holds. A march holds one array of its own while it runs (the
/// travel cost) and keeps grows[k] arrays after it (0 or 1: the field's cells, unless a
/// recomputed field already has them), all of the same size. Returns where each wave ends.
inline std::vector<std::size_t> march_waves(std::span<const int> grows, std::size_t width) {
  int one_by_one = 0;  // the most arrays held at once, running them one by one
  for (int kept = 0; const int g : grows) {
    one_by_one = std::max(one_by_one, kept + 1 + g);
    kept += g;
  }
  std::vector<std::size_t> ends;
  for (std::size_t begin = 0, kept = 0; begin < grows.size();) {
    std::size_t end = begin;
    for (std::size_t held = kept;
         end < grows.size() && end - begin < std::max<std::size_t>(1, width); ++end) {
      held += 1 + static_cast<std::size_t>(grows[end]);
      if (end > begin && held > static_cast<std::size_t>(one_by_one)) break;
    }
    for (; begin < end; ++begin)
      kept += static_cast<std::size_t>(grows[begin]);
    ends.push_back(end);
  }
  return ends;
}

}  // namespace stroom::navigation_detail
