#include "stroom/level_of_service.hpp"

#include <gtest/gtest.h>

#include <string>

namespace stroom {
namespace {

TEST(LevelOfService, FruinBandsBySpacePerPerson) {
  EXPECT_EQ(level_of_service_for_space(10.0), LevelOfService::A);
  EXPECT_EQ(level_of_service_for_space(3.31), LevelOfService::A);
  EXPECT_EQ(level_of_service_for_space(3.0), LevelOfService::B);
  EXPECT_EQ(level_of_service_for_space(2.0), LevelOfService::C);
  EXPECT_EQ(level_of_service_for_space(1.0), LevelOfService::D);
  EXPECT_EQ(level_of_service_for_space(0.7), LevelOfService::E);
  EXPECT_EQ(level_of_service_for_space(0.3), LevelOfService::F);
}

TEST(LevelOfService, BoundaryBelongsToMoreCrowdedLevel) {
  EXPECT_EQ(level_of_service_for_space(3.3), LevelOfService::B);
  EXPECT_EQ(level_of_service_for_space(2.3), LevelOfService::C);
  EXPECT_EQ(level_of_service_for_space(1.4), LevelOfService::D);
  EXPECT_EQ(level_of_service_for_space(0.9), LevelOfService::E);
  EXPECT_EQ(level_of_service_for_space(0.5), LevelOfService::F);
}

TEST(LevelOfService, FromDensity) {
  EXPECT_EQ(level_of_service_for_density(0.0), LevelOfService::A);
  EXPECT_EQ(level_of_service_for_density(0.25), LevelOfService::A);
  EXPECT_EQ(level_of_service_for_density(1.0), LevelOfService::D);
  EXPECT_EQ(level_of_service_for_density(1.5), LevelOfService::E);
  EXPECT_EQ(level_of_service_for_density(2.5), LevelOfService::F);
  EXPECT_NEAR(level_of_service_min_density(LevelOfService::F), 2.0, 1e-12);
  EXPECT_DOUBLE_EQ(level_of_service_min_density(LevelOfService::A), 0.0);
}

TEST(LevelOfService, NamesAndColours) {
  EXPECT_EQ(std::string(level_of_service_name(LevelOfService::C)), "C");
  EXPECT_EQ(std::string(level_of_service_colour(LevelOfService::A)), "#1a9850");
  EXPECT_EQ(level_of_service_rgb(LevelOfService::F)[0], 0xd7);
}

}  // namespace
}  // namespace stroom
