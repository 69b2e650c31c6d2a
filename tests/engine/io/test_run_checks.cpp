// The run's invariant check: a NaN or infinite position or velocity stops the run with the
// person, the time and the model named (social force with agent_range -> 0 once wrote NaN
// positions and exited 0).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "stroom/error.hpp"
#include "stroom/io/run.hpp"

namespace stroom {
namespace {

struct World {
  std::vector<PersonId> ids{4, 9, 17};
  std::vector<double> x{1.0, 2.0, 3.0}, y{1.0, 1.0, 1.0};
  std::vector<double> vx{0.5, 0.5, 0.5}, vy{0.0, 0.0, 0.0};
  StepView view() const {
    StepView v;
    v.time = 41.25;
    v.ids = ids, v.x = x, v.y = y, v.vx = vx, v.vy = vy;
    return v;
  }
};

TEST(RunChecks, FiniteWorldPasses) {
  Scenario scenario;
  EXPECT_NO_THROW(io::check_finite(World{}.view(), scenario));
  World huge;  // finite values whose sum would overflow are still finite
  huge.x = {1e308, 1e308, 1e308};
  huge.vx = {-1.7e308, -1.7e308, -1.7e308};
  EXPECT_NO_THROW(io::check_finite(huge.view(), scenario));
}

TEST(RunChecks, NonFiniteValueNamesPersonTimeAndModel) {
  Scenario scenario;
  scenario.model.type = ModelType::social_force;
  for (int field = 0; field < 4; ++field) {
    World w;
    std::vector<double>* values[] = {&w.x, &w.y, &w.vx, &w.vy};
    (*values[field])[1] = field % 2 == 0 ? NAN : -INFINITY;
    try {
      io::check_finite(w.view(), scenario);
      ADD_FAILURE() << "field " << field << " not caught";
    } catch (const SimulationError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("person 9 "), std::string::npos) << what;
      EXPECT_NE(what.find("t = 41.250 s"), std::string::npos) << what;
      EXPECT_NE(what.find("model social-force"), std::string::npos) << what;
      EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    }
  }
}

}  // namespace
}  // namespace stroom
