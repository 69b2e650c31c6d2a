#include "stroom/geometry.hpp"

namespace stroom {

std::vector<Diagnostic> check_geometry(const Scenario&) {
  return {};
}

}  // namespace stroom
