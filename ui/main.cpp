// stroom-view: the viewer. `stroom-view [SCENARIO.yaml | RESULTS_DIR] [options]`
//
// Interactive by default. Headless modes for tests, reports and measurements:
//   --screenshot out.png --at 120 [--size 1280x800]   simulate to t, render one frame, save, exit
//   --benchmark-frames N [--synthetic 50000]          render N frames, print the mean frame time
// Exit codes as the CLI: 0 done, 2 bad command line or scenario (FILE:LINE:COL errors on
// stderr, checked before any window opens), 3 no display (one line) or internal error.
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <CLI/CLI.hpp>
#include <SFML/Graphics.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>

#include "app.hpp"
#include "display.hpp"
#include "imgui_sfml_glue.hpp"
#include "live_run.hpp"
#include "replay.hpp"
#include "stroom/geometry.hpp"
#include "stroom/scenario_loader.hpp"

namespace {

using namespace stroom;
using namespace stroom::view;

struct Options {
  std::string path;
  std::string screenshot;
  double at = 0.0;
  std::string size = "1280x800";
  int benchmark_frames = 0;
  int synthetic = 0;
  int threads = 0;
  std::int64_t seed = -1;
  std::string colour_by = "speed";
  bool density = false;
};

void setup_imgui_style() {
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is fixed; nothing worth remembering on disk
  // Basic Latin + Latin-1, punctuation (– — … •), arrows and geometric shapes (▶ ◀).
  static const ImWchar kRanges[] = {0x0020, 0x00FF, 0x2010, 0x2027, 0x2190,
                                    0x21FF, 0x25A0, 0x25FF, 0};
  for (const char* font :
       {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf"}) {
    if (std::filesystem::exists(font) &&
        io.Fonts->AddFontFromFileTTF(font, 15.0f, nullptr, kRanges))
      break;
  }
  ImGui::StyleColorsDark();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowRounding = 0.0f;
  s.FrameRounding = 3.0f;
  s.GrabRounding = 3.0f;
  s.PopupRounding = 4.0f;
  s.WindowBorderSize = 0.0f;
  s.FramePadding = ImVec2(6, 4);
  s.ItemSpacing = ImVec2(8, 5);
  ImVec4* c = s.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.13f, 0.14f, 0.16f, 1.0f);
  c[ImGuiCol_MenuBarBg] = ImVec4(0.10f, 0.11f, 0.13f, 1.0f);
  c[ImGuiCol_Header] = ImVec4(0.20f, 0.27f, 0.36f, 1.0f);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.24f, 0.34f, 0.46f, 1.0f);
  c[ImGuiCol_Button] = ImVec4(0.20f, 0.27f, 0.36f, 1.0f);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.26f, 0.38f, 0.52f, 1.0f);
  c[ImGuiCol_FrameBg] = ImVec4(0.18f, 0.20f, 0.23f, 1.0f);
  c[ImGuiCol_PlotLines] = ImVec4(0.35f, 0.70f, 0.90f, 1.0f);
  c[ImGuiCol_PlotHistogram] = ImVec4(0.35f, 0.70f, 0.90f, 1.0f);
}

bool parse_size(const std::string& text, unsigned& w, unsigned& h) {
  return std::sscanf(text.c_str(), "%ux%u", &w, &h) == 2 && w >= 320 && h >= 240 && w <= 8192 &&
         h <= 8192;
}

// Persons spread uniformly over the walkable area, for measuring the drawing cost alone.
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

// What App::open would refuse in `path`, without drawing anything: "" when it is fine.
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

bool save_screenshot(const sf::RenderWindow& window, const std::string& path) {
  sf::Texture texture;
  const sf::Vector2u size = window.getSize();
  if (!texture.create(size.x, size.y)) return false;
  texture.update(window);
  sf::Image image = texture.copyToImage();
  // The framebuffer's alpha is not meaningful for a picture of the window: make it opaque.
  for (unsigned y = 0; y < size.y; ++y)
    for (unsigned x = 0; x < size.x; ++x) {
      sf::Color c = image.getPixel(x, y);
      c.a = 255;
      image.setPixel(x, y, c);
    }
  return image.saveToFile(path);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App cli{"stroom-view: watch, question and record a Stroom scenario or a finished run"};
  cli.add_option("path", o.path, "scenario file (live simulation) or results folder (replay)");
  cli.add_option("--screenshot", o.screenshot, "render one frame to this PNG and exit");
  cli.add_option("--at", o.at, "simulated time of the screenshot or benchmark, s")
      ->check(CLI::NonNegativeNumber);
  cli.add_option("--size", o.size, "window size WIDTHxHEIGHT for the headless modes");
  cli.add_option("--benchmark-frames", o.benchmark_frames,
                 "render N frames, print the mean frame time")
      ->check(CLI::NonNegativeNumber);
  cli.add_option("--synthetic", o.synthetic,
                 "benchmark: N persons spread over the venue instead of simulating")
      ->check(CLI::NonNegativeNumber);
  cli.add_option("--threads", o.threads, "engine worker threads (default: all cores but one)");
  cli.add_option("--seed", o.seed, "overrides the scenario's seed");
  cli.add_option("--colour-by", o.colour_by, "speed | population | density")
      ->check(CLI::IsMember({"speed", "population", "density"}));
  cli.add_flag("--density", o.density, "show the Fruin density overlay");
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;
  }
  unsigned width = 1280, height = 800;
  if (!parse_size(o.size, width, height)) {
    std::cerr << "stroom-view: --size must be WIDTHxHEIGHT, e.g. 1280x800\n";
    return 2;
  }
  const bool headless = !o.screenshot.empty() || o.benchmark_frames > 0;
  if (headless && o.path.empty()) {
    std::cerr
        << "stroom-view: --screenshot and --benchmark-frames need a scenario or results folder\n";
    return 2;
  }

  AppOptions app_options;
  app_options.threads = o.threads;
  if (o.seed >= 0) app_options.seed = static_cast<std::uint64_t>(o.seed);
  App app(app_options);
  app.layers().density = o.density;
  app.layers().colour_by = o.colour_by == "population" ? ColourBy::population
                           : o.colour_by == "density"  ? ColourBy::density
                                                       : ColourBy::speed;
  app.set_window_size(width, height);

  const auto have_display = [] {
    std::string why;
    if (display_available(why)) return true;
    std::cerr << "stroom-view: " << why
              << ": the viewer needs a graphical session (for --screenshot without one: "
                 "xvfb-run -a stroom-view ...)\n";
    return false;
  };

  // Headless: everything that can fail on input fails here, before a window (and X) is needed.
  if (headless) {
    // Opening draws textures, which needs the display: without one, check the input alone
    // (bad input stays exit 2), then say that the display is missing (exit 3).
    if (std::string why; !display_available(why)) {
      if (const std::string problem = input_problem(o.path); !problem.empty()) {
        std::cerr << problem << "\n";
        return 2;
      }
      (void)have_display();  // prints the one line
      return 3;
    }
    if (!app.open(o.path, /*start_worker=*/false)) {
      std::cerr << app.error() << "\n";
      return 2;
    }
    try {
      if (o.synthetic > 0) {
        stroom::Venue venue(app.scenario()->venue);
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
    } catch (const stroom::ScenarioError& e) {
      std::cerr << e.what();
      return 2;
    } catch (const std::exception& e) {
      std::cerr << "stroom-view: internal error: " << e.what() << "\n";
      return 3;
    }
  } else {
    if (!have_display()) return 3;  // before a live run starts
    if (!o.path.empty() && !app.open(o.path))
      std::cerr << app.error() << "\n";  // shown in the window too
  }

  sf::RenderWindow window(sf::VideoMode(width, height), app.window_title(), sf::Style::Default);
  if (!headless) {
    window.setVerticalSyncEnabled(true);
    window.setFramerateLimit(60);
  }
  window.setActive(true);
  ImGui::CreateContext();
  setup_imgui_style();
  ImGuiSfmlGlue glue(ImGui::GetIO());
  ImGui_ImplOpenGL3_Init("#version 130");
  app.set_window_size(window.getSize().x, window.getSize().y);
  if (headless) {
    app.fit_to_venue();
    app.report("");  // no "Opened …" notice in pictures
  }

  int exit_code = 0;
  sf::Clock clock;
  // Headless: a few frames so that auto-sized windows settle, then measure or capture.
  const int settle = 3;
  const int frames = headless ? settle + std::max(1, o.benchmark_frames) : -1;
  double total_ms = 0.0, persons_ms = 0.0, ui_ms = 0.0, map_ms = 0.0, imgui_ms = 0.0,
         display_ms = 0.0;
  std::string title = app.window_title();
  for (int frame = 0; window.isOpen() && (frames < 0 || frame < frames); ++frame) {
    const auto start = std::chrono::steady_clock::now();
    sf::Event event;
    while (window.pollEvent(event)) {
      if (event.type == sf::Event::Closed) window.close();
      glue.process_event(event);
      app.handle_event(event, glue.wants_mouse(), glue.wants_keyboard());
    }
    if (!window.isOpen() || app.quit_requested()) break;
    const float dt = clock.restart().asSeconds();
    glue.new_frame(window.getSize(), dt);
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    app.update(dt);
    app.build_ui();
    ImGui::Render();
    if (app.window_title() != title) {
      title = app.window_title();
      window.setTitle(title);
    }

    const auto t_ui = std::chrono::steady_clock::now();
    window.clear(sf::Color(34, 36, 40));
    app.render_map(window);
    const auto t_map = std::chrono::steady_clock::now();
    window.pushGLStates();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    window.popGLStates();
    const auto t_imgui = std::chrono::steady_clock::now();

    std::optional<std::string> shot = app.take_screenshot_request();
    if (headless && !o.screenshot.empty() && frame == frames - 1) shot = o.screenshot;
    if (shot) {
      if (save_screenshot(window, *shot)) {
        app.report("Saved " + *shot);
      } else {
        std::cerr << "stroom-view: could not write " << *shot << "\n";
        app.report("Could not write " + *shot);
        if (headless) exit_code = 3;
      }
    }
    window.display();
    if (headless && frame >= settle) {
      const auto end = std::chrono::steady_clock::now();
      auto ms = [](auto a, auto b) {
        return std::chrono::duration<double, std::milli>(b - a).count();
      };
      total_ms += ms(start, end);
      persons_ms += app.persons_draw_ms();
      ui_ms += ms(start, t_ui);
      map_ms += ms(t_ui, t_map);
      imgui_ms += ms(t_map, t_imgui);
      display_ms += ms(t_imgui, end);
    }
  }
  if (o.benchmark_frames > 0) {
    const double n = o.benchmark_frames;
    std::printf(
        "benchmark: %d frames, %zu persons, %ux%u: mean frame %.2f ms (%.1f fps); "
        "events+interface %.2f ms, map %.2f ms (persons %.2f ms), ImGui draw %.2f ms, "
        "display %.2f ms\n",
        o.benchmark_frames, app.snapshot().ids.size(), width, height, total_ms / n,
        1000.0 * n / total_ms, ui_ms / n, map_ms / n, persons_ms / n, imgui_ms / n, display_ms / n);
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext();
  return exit_code;
}
