#include "headless.hpp"

#include <iostream>
#include <random>
#include <vector>

#include "app.hpp"
#include "display.hpp"
#include "frame_loop.hpp"
#include "live_run.hpp"
#include "replay.hpp"
#include "stroom/error.hpp"
#include "stroom/scenario_loader.hpp"
#include "windowed.hpp"

namespace stroom::view {

Snapshot synthetic_snapshot(const Venue& venue, int count) {
  Snapshot s;
  std::mt19937_64 rng(7);
  const Bounds b = venue.bounds();
  std::uniform_real_distribution<double> ux(b.min.x, b.max.x), uy(b.min.y, b.max.y), us(0.0, 1.6);
  int tries = 0;
  while (static_cast<int>(s.x.size()) < count && tries++ < count * 200) {
    const Vec2 p{ux(rng), uy(rng)};
    if (!venue.contains(p)) continue;
    s.ids.push_back(static_cast<std::int32_t>(s.ids.size() + 1));
    s.x.push_back(p.x);
    s.y.push_back(p.y);
    s.speed.push_back(static_cast<float>(us(rng)));
    s.radius.push_back(0.2f);
    s.population.push_back(static_cast<std::int32_t>(s.ids.size() % 3));
    s.activity.push_back(0);
  }
  s.inside = static_cast<std::int64_t>(s.ids.size());
  return s;
}
std::string input_problem(const std::string& path) {
  try {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      const Recording rec = load_recording(path);
      if (rec.scenario_path.empty())
        return path + "/summary.json: the scenario it names was not found";
      std::vector<Override> overrides;
      for (const std::string& text : rec.overrides)
        overrides.push_back(parse_override(text));
      (void)element_timeline(rec, load_scenario(rec.scenario_path, overrides));
      return {};
    }
    const Scenario scenario = load_scenario(path);
    const auto problems = check_geometry(scenario);
    if (!problems.empty()) throw ScenarioError(problems);
  } catch (const std::exception& e) {
    std::string text = e.what();
    if (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
  }
  return {};
}

int run_headless(const ViewerOptions& o) {
  // Opening draws textures, which needs the display: without one, check the input alone (bad
  // input stays exit 2), then say that the display is missing (exit 3).
  if (std::string why; !display_available(why)) {
    if (const std::string problem = input_problem(o.path); !problem.empty()) {
      std::cerr << problem << "\n";
      return 2;
    }
    (void)have_display();  // prints the one line
    return 3;
  }
  App app(app_options(o));
  configure_app(o, app);
  if (!app.open(o.path, /*start_worker=*/false)) {
    std::cerr << app.error() << "\n";
    return 2;
  }
  try {
    if (o.synthetic > 0) {
      const Venue venue(app.scenario()->venue);
      Snapshot s = synthetic_snapshot(venue, o.synthetic);
      s.exit_open.assign(app.scenario()->venue.exits.size(), 1);
      app.set_snapshot(std::move(s));
    } else if (app.is_replay()) {
      app.seek(o.at);
    } else {
      Snapshot s;
      simulate_to(*app.scenario(), o.at, o.threads, s);
      app.set_snapshot(std::move(s));
    }
  } catch (const ScenarioError& e) {
    std::cerr << e.what();
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "stroom-view: internal error: " << e.what() << "\n";
    return 3;
  }
  FrameLoop loop;
  loop.width = o.width;
  loop.height = o.height;
  loop.headless = true;
  loop.frames = o.benchmark_frames;
  loop.screenshot = o.screenshot;
  loop.benchmark = o.benchmark_frames > 0;
  return run_frame_loop(app, loop);
}

}  // namespace stroom::view
