// The headless screenshot mode, end to end: stroom-view renders a scenario at t = 20 s under
// Xvfb, and the PNG must show the venue, the exits with their labels, and every person where
// the engine says it is (the same simulation and the same view transform, computed here).
// Registered only when xvfb-run exists (tests/ui/CMakeLists.txt).
#include <gtest/gtest.h>
#include <stb_image.h>
#include <stb_image_write.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "colours.hpp"
#include "live_run.hpp"
#include "map_renderer.hpp"
#include "map_view.hpp"
#include "stroom/geometry.hpp"
#include "stroom/io/run.hpp"
#include "stroom/scenario_loader.hpp"

namespace stroom::view {
namespace {

namespace fs = std::filesystem;

struct Png {
  int w = 0, h = 0;
  std::vector<unsigned char> rgba;
  Rgba at(int x, int y) const {
    const unsigned char* p = &rgba[(static_cast<std::size_t>(y) * w + x) * 4];
    return {p[0], p[1], p[2], p[3]};
  }
};

Png load_png(const std::string& path) {
  Png png;
  int channels = 0;
  unsigned char* data = stbi_load(path.c_str(), &png.w, &png.h, &channels, 4);
  if (!data) return png;
  png.rgba.assign(data, data + static_cast<std::size_t>(png.w) * png.h * 4);
  stbi_image_free(data);
  return png;
}

int colour_distance(Rgba a, Rgba b) {
  return std::abs(a.r - b.r) + std::abs(a.g - b.g) + std::abs(a.b - b.b);
}

std::string scenario_path() {
  const fs::path example = fs::path(STROOM_SOURCE_DIR) / "scenarios/examples/room-two-exits.yaml";
  if (fs::exists(example)) return example.string();
  return (fs::path(STROOM_SOURCE_DIR) / "tests/ui/small-room.yaml").string();
}

TEST(Screenshot, ShowsVenueExitsAndPersonsWhereTheEngineHasThem) {
  const std::string scenario_file = scenario_path();
  const fs::path out =
      fs::temp_directory_path() / ("stroom_view_shot_" + std::to_string(::getpid()) + ".png");
  const double at = 20.0;
  const std::string cmd = std::string("'") + STROOM_VIEW_EXE + "' '" + scenario_file +
                          "' --screenshot '" + out.string() +
                          "' --at 20 --size 1280x800 --threads 1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;

  const Png png = load_png(out.string());
  ASSERT_EQ(png.w, 1280);
  ASSERT_EQ(png.h, 800);
  for (int y = 0; y < png.h; y += 37)
    for (int x = 0; x < png.w; x += 41)
      ASSERT_EQ(png.at(x, y).a, 255);  // alpha forced opaque

  // The same simulation and view transform as the viewer.
  const Scenario scenario = load_scenario(scenario_file);
  const Venue venue(scenario.venue);
  Snapshot expected;
  simulate_to(scenario, at, 1, expected);
  ASSERT_FALSE(expected.ids.empty());
  MapView view;
  view.set_viewport(compute_layout(1280, 800).map);
  view.fit(venue.bounds());

  // The map is not a uniform background: floor, walls, zones, persons.
  std::set<std::uint32_t> colours;
  const PixelRect m = view.viewport();
  for (int y = static_cast<int>(m.top); y < static_cast<int>(m.top + m.height); y += 3)
    for (int x = static_cast<int>(m.left); x < static_cast<int>(m.left + m.width); x += 3) {
      const Rgba c = png.at(x, y);
      colours.insert((std::uint32_t{c.r} << 16) | (std::uint32_t{c.g} << 8) | c.b);
    }
  EXPECT_GT(colours.size(), 20u);

  // Every person's colour (by speed) appears within 2 px of its predicted centre; persons
  // hidden under a label or another person are allowed for, but not many.
  int found = 0;
  for (std::size_t i = 0; i < expected.ids.size(); ++i) {
    const Vec2 p = view.to_screen({expected.x[i], expected.y[i]});
    const Rgba want = speed_colour(expected.speed[i]);
    bool hit = false;
    for (int dy = -2; dy <= 2 && !hit; ++dy)
      for (int dx = -2; dx <= 2 && !hit; ++dx) {
        const int x = static_cast<int>(p.x) + dx, y = static_cast<int>(p.y) + dy;
        if (x >= 0 && y >= 0 && x < png.w && y < png.h && colour_distance(png.at(x, y), want) < 60)
          hit = true;
      }
    found += hit ? 1 : 0;
  }
  EXPECT_GE(found, static_cast<int>(expected.ids.size() * 8 / 10))
      << found << " of " << expected.ids.size() << " persons found at their positions";

  // Each exit is drawn (open: green) and labelled: the region around it is not uniform.
  for (const auto& exit : scenario.venue.exits) {
    const Vec2 mid = view.to_screen(exit.line.midpoint());
    bool green = false;
    std::set<std::uint32_t> around;
    for (int dy = -30; dy <= 30; ++dy)
      for (int dx = -30; dx <= 30; ++dx) {
        const int x = static_cast<int>(mid.x) + dx, y = static_cast<int>(mid.y) + dy;
        if (x < 0 || y < 0 || x >= png.w || y >= png.h) continue;
        const Rgba c = png.at(x, y);
        green = green || colour_distance(c, Rgba{30, 160, 80, 255}) < 30;
        around.insert((std::uint32_t{c.r} << 16) | (std::uint32_t{c.g} << 8) | c.b);
      }
    EXPECT_TRUE(green) << "exit " << exit.name << " not drawn green";
    EXPECT_GT(around.size(), 10u) << "exit " << exit.name << " has no label";
  }
  fs::remove(out);
}

TEST(Screenshot, VisitorProfilesAreColouredAndWalkingGroupsLinked) {
  // scenarios/examples/profiles-entry.yaml at 150 s, coloured by profile: each person's
  // profile colour appears at its predicted centre, and the middle of the link between two
  // members of a group (where no person covers it) is darker than the floor beside it.
  const std::string scenario_file =
      (fs::path(STROOM_SOURCE_DIR) / "scenarios/examples/profiles-entry.yaml").string();
  const fs::path out =
      fs::temp_directory_path() / ("stroom_view_profiles_" + std::to_string(::getpid()) + ".png");
  const std::string cmd = std::string("'") + STROOM_VIEW_EXE + "' '" + scenario_file +
                          "' --screenshot '" + out.string() +
                          "' --at 150 --size 1280x800 --threads 1 --colour-by profile";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const Png png = load_png(out.string());
  ASSERT_EQ(png.w, 1280);

  const Scenario scenario = load_scenario(scenario_file);
  const Venue venue(scenario.venue);
  Snapshot expected;
  simulate_to(scenario, 150.0, 1, expected);
  ASSERT_FALSE(expected.ids.empty());
  MapView view;
  view.set_viewport(compute_layout(1280, 800).map);
  view.fit(venue.bounds());

  int found = 0;
  std::set<std::int32_t> profiles;
  for (std::size_t i = 0; i < expected.ids.size(); ++i) {
    const Vec2 p = view.to_screen({expected.x[i], expected.y[i]});
    const Rgba want = profile_colour(expected.visitor_profile[i]);
    profiles.insert(expected.visitor_profile[i]);
    bool hit = false;
    for (int dy = -2; dy <= 2 && !hit; ++dy)
      for (int dx = -2; dx <= 2 && !hit; ++dx) {
        const int x = static_cast<int>(p.x) + dx, y = static_cast<int>(p.y) + dy;
        if (x >= 0 && y >= 0 && x < png.w && y < png.h && colour_distance(png.at(x, y), want) < 40)
          hit = true;
      }
    found += hit ? 1 : 0;
  }
  EXPECT_GE(profiles.size(), 3u);
  EXPECT_GE(found, static_cast<int>(expected.ids.size() * 8 / 10))
      << found << " of " << expected.ids.size() << " persons found in their profile's colour";

  // Links: the midpoint of each link at least 24 px long, clear of every body by 0.25 m, and
  // the floor 8 px across from it, clear of every body too.
  int checked = 0, dark = 0;
  const auto clear_of_bodies = [&](Vec2 at, double margin) {
    for (std::size_t i = 0; i < expected.ids.size(); ++i)
      if (distance(at, Vec2{expected.x[i], expected.y[i]}) < expected.radius[i] + margin)
        return false;
    return true;
  };
  for (const auto& [a, b] : group_links(expected)) {
    const Vec2 pa{expected.x[a], expected.y[a]}, pb{expected.x[b], expected.y[b]};
    const Vec2 mid = (pa + pb) * 0.5;
    if (distance(view.to_screen(pa), view.to_screen(pb)) < 24.0) continue;
    const Vec2 s = view.to_screen(mid), d = normalized(view.to_screen(pb) - view.to_screen(pa));
    const Vec2 side = s + Vec2{-d.y, d.x} * 8.0;
    if (!clear_of_bodies(mid, 0.25) || !clear_of_bodies(view.to_world(side), 0.25)) continue;
    const Rgba on = png.at(static_cast<int>(std::lround(s.x)), static_cast<int>(std::lround(s.y)));
    const Rgba off =
        png.at(static_cast<int>(std::lround(side.x)), static_cast<int>(std::lround(side.y)));
    ++checked;
    dark += (on.r + on.g + on.b) + 60 < (off.r + off.g + off.b) ? 1 : 0;
  }
  EXPECT_GE(checked, 5);
  EXPECT_GE(dark, checked * 8 / 10) << dark << " of " << checked << " group links drawn";
  fs::remove(out);
}

TEST(Screenshot, NamedObstaclesAreLabelled) {
  // tests/ui/small-room.yaml: a 2 m × 2 m pillar at (7..9, 4..6), the persons start at x < 6.
  const std::string scenario_file =
      (fs::path(STROOM_SOURCE_DIR) / "tests/ui/small-room.yaml").string();
  const fs::path out =
      fs::temp_directory_path() / ("stroom_view_pillar_" + std::to_string(::getpid()) + ".png");
  const std::string cmd = std::string("'") + STROOM_VIEW_EXE + "' '" + scenario_file +
                          "' --screenshot '" + out.string() + "' --at 0 --size 1280x800";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const Png png = load_png(out.string());
  ASSERT_EQ(png.w, 1280);
  const Venue venue(load_scenario(scenario_file).venue);
  MapView view;
  view.set_viewport(compute_layout(1280, 800).map);
  view.fit(venue.bounds());
  // The label is a light box with dark text over the grey pillar: both appear near its centre.
  const Vec2 c = view.to_screen({8.0, 5.0});
  int light = 0, dark = 0;
  for (int dy = -8; dy <= 8; ++dy)
    for (int dx = -30; dx <= 30; ++dx) {
      const Rgba p = png.at(static_cast<int>(c.x) + dx, static_cast<int>(c.y) + dy);
      light += (p.r > 215 && p.g > 215 && p.b > 215) ? 1 : 0;
      dark += (p.r < 90 && p.g < 90 && p.b < 90) ? 1 : 0;
    }
  EXPECT_GT(light, 100) << "no label box over the pillar";
  EXPECT_GT(dark, 10) << "no text in the pillar's label";
  fs::remove(out);
}

TEST(Screenshot, AnExitTheRunClosedIsRedAfterItsTimeAndGreenBeforeLiveAndInReplay) {
  // Exit "west" closes at t = 5 s; the ten persons start in the middle of a 40 m room, 18 m
  // or more from either exit, so the run is still going at 8 s and nobody is near "west".
  const fs::path base =
      fs::temp_directory_path() / ("stroom_view_closed_" + std::to_string(::getpid()));
  fs::remove_all(base);
  fs::create_directories(base / "results");
  const fs::path file = base / "room.yaml";
  std::ofstream(file) << R"(stroom: 1
name: Closing exit
seed: 4
time: {step: 0.05, duration: 12}
venue:
  walkable:
    - [[0, 0], [40, 0], [40, 10], [0, 10]]
  exits:
    - {name: east, line: [[40, 4], [40, 6]]}
    - {name: west, line: [[0, 4], [0, 6]]}
  zones:
    - {name: start, polygon: [[18, 3], [22, 3], [22, 7], [18, 7]]}
populations:
  - {name: visitors, count: 10, in: start}
events:
  - {at: 5, close: west}
)";
  const Scenario scenario = load_scenario(file.string());
  io::RunOptions options;
  options.threads = 1;
  options.out = base / "results";
  options.report = false;
  (void)io::run_scenario(scenario, options);

  const Venue venue(scenario.venue);
  MapView view;
  view.set_viewport(compute_layout(1280, 800).map);
  view.fit(venue.bounds());
  const Segment west = scenario.venue.exits[1].line;
  // Pixels along the exit line, its two ends: the label sits over its middle.
  const auto colours_on_west = [&](const Png& png, Rgba want) {
    int n = 0;
    for (int k = 0; k < 20; ++k) {
      const double f = k < 10 ? 0.03 + 0.02 * k : 0.79 + 0.02 * (k - 10);
      const Vec2 p = view.to_screen(west.a + (west.b - west.a) * f);
      n += colour_distance(png.at(static_cast<int>(p.x), static_cast<int>(p.y)), want) < 40 ? 1 : 0;
    }
    return n;
  };
  const Rgba red{210, 45, 45, 255}, green{30, 160, 80, 255};
  for (const std::string& source : {file.string(), (base / "results").string()})
    for (const double at : {3.0, 8.0}) {
      const fs::path shot = base / ("shot" + std::to_string(static_cast<int>(at)) + ".png");
      const std::string cmd = std::string("'") + STROOM_VIEW_EXE + "' '" + source +
                              "' --screenshot '" + shot.string() + "' --at " + std::to_string(at) +
                              " --size 1280x800 --threads 1";
      ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
      const Png png = load_png(shot.string());
      ASSERT_EQ(png.w, 1280);
      const bool closed = at > 5.0;
      EXPECT_GE(colours_on_west(png, closed ? red : green), 16)
          << source << " at " << at << " s: west should be " << (closed ? "red" : "green");
      EXPECT_EQ(colours_on_west(png, closed ? green : red), 0) << source << " at " << at << " s";
    }
  if (!HasFailure()) fs::remove_all(base);
}

TEST(Screenshot, TheUnderlayPlanLiesUnderTheVenueAtItsOpacity) {
  // A 2 × 1 pixel plan, red left and blue right, stretched over a 20 m × 10 m room by its
  // corners; one person waits in the far corner.
  const fs::path dir =
      fs::temp_directory_path() / ("stroom_view_underlay_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const unsigned char pixels[] = {255, 0, 0, 255, 0, 0, 255, 255};
  ASSERT_NE(stbi_write_png((dir / "plan.png").c_str(), 2, 1, 4, pixels, 8), 0);
  const auto shot = [&](const std::string& opacity) {
    std::ofstream(dir / "room.yaml")
        << "stroom: 1\nname: plan under a room\ntime: {duration: 30}\nvenue:\n"
           "  underlay: {image: plan.png, corners: [[0, 0], [20, 10]], opacity: "
        << opacity
        << "}\n"
           "  walkable:\n    - [[0, 0], [20, 0], [20, 10], [0, 10]]\n"
           "  exits:\n    - {name: east, line: [[20, 8], [20, 10]]}\n"
           "  zones:\n    - {name: corner, polygon: [[18, 8.5], [19.5, 8.5], [19.5, 9.5], [18, "
           "9.5]]}\n"
           "populations:\n  - {name: one, count: 1, in: corner}\n";
    const fs::path out = dir / "shot.png";
    const std::string cmd = std::string("'") + STROOM_VIEW_EXE + "' '" +
                            (dir / "room.yaml").string() + "' --screenshot '" + out.string() +
                            "' --at 0 --size 1280x800";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return load_png(out.string());
  };
  Png png = shot("1.0");
  ASSERT_EQ(png.w, 1280);
  const Venue venue(load_scenario((dir / "room.yaml").string()).venue);
  MapView view;
  view.set_viewport(compute_layout(1280, 800).map);
  view.fit(venue.bounds());
  const Vec2 left = view.to_screen({4.0, 5.0}), right = view.to_screen({16.0, 5.0});
  const auto at = [](const Png& image, Vec2 p) {
    return image.at(static_cast<int>(p.x), static_cast<int>(p.y));
  };

  EXPECT_LT(colour_distance(at(png, left), Rgba{255, 0, 0, 255}), 12);
  EXPECT_LT(colour_distance(at(png, right), Rgba{0, 0, 255, 255}), 12);
  // Half opacity over the floor (250, 250, 247): half red, half floor.
  png = shot("0.5");
  EXPECT_LT(colour_distance(at(png, left), Rgba{252, 125, 124, 255}), 12);
  EXPECT_LT(colour_distance(at(png, right), Rgba{125, 125, 251, 255}), 12);
  fs::remove_all(dir);
}

TEST(Replay, AResultsFolderCopiedElsewhereReplaysFromAnyFolder) {
  // A run of a scenario that then disappears; its results folder is moved to another place
  // and replayed from a third working directory: only the copy inside the folder is left.
  const fs::path base =
      fs::temp_directory_path() / ("stroom_view_moved_" + std::to_string(::getpid()));
  fs::remove_all(base);
  fs::create_directories(base / "work");
  fs::create_directories(base / "colleague");
  fs::create_directories(base / "elsewhere");
  const fs::path scenario_file = base / "work" / "room.yaml";
  fs::copy_file(fs::path(STROOM_SOURCE_DIR) / "tests/ui/small-room.yaml", scenario_file);
  {
    const Scenario scenario =
        load_scenario(scenario_file.string(), {{"populations.0.count", "12"}});
    io::RunOptions options;
    options.threads = 1;
    options.out = base / "work" / "results";
    options.report = false;
    options.copy_inputs = true;
    options.overrides = {"populations.0.count=12"};
    fs::create_directories(options.out);
    const io::RunOutcome outcome = io::run_scenario(scenario, options);
    ASSERT_EQ(outcome.summary.agents.spawned, 12);
  }
  fs::rename(base / "work" / "results", base / "colleague" / "results");
  fs::remove_all(base / "work");

  const fs::path shot = base / "elsewhere" / "replay.png";
  const std::string cmd = "cd '" + (base / "elsewhere").string() + "' && '" + STROOM_VIEW_EXE +
                          "' '" + (base / "colleague" / "results").string() +
                          "' --screenshot replay.png --at 3 --size 640x480";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const Png png = load_png(shot.string());
  EXPECT_EQ(png.w, 640);
  EXPECT_EQ(png.h, 480);
  fs::remove_all(base);
}

}  // namespace
}  // namespace stroom::view
