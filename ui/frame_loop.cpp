#include "frame_loop.hpp"

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <SFML/Graphics.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "imgui_sfml_glue.hpp"

namespace stroom::view {

namespace {

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

int run_frame_loop(App& app, const FrameLoop& loop) {
  sf::RenderWindow window(sf::VideoMode(loop.width, loop.height), app.window_title(),
                          sf::Style::Default);
  if (!loop.headless) {
    window.setVerticalSyncEnabled(true);
    window.setFramerateLimit(60);
  }
  window.setActive(true);
  ImGui::CreateContext();
  setup_imgui_style();
  ImGuiSfmlGlue glue(ImGui::GetIO());
  ImGui_ImplOpenGL3_Init("#version 130");
  app.set_window_size(window.getSize().x, window.getSize().y);
  if (loop.headless) {
    app.fit_to_venue();
    app.report("");  // no "Opened …" notice in pictures
  }

  int exit_code = 0;
  sf::Clock clock;
  // Headless: a few frames so that auto-sized windows settle, then measure or capture.
  const int settle = 3;
  const int frames = loop.headless ? settle + std::max(1, loop.frames) : -1;
  double total_ms = 0.0, persons_ms = 0.0, ui_ms = 0.0, map_ms = 0.0, imgui_ms = 0.0,
         display_ms = 0.0;
  std::string title = app.window_title();
  std::vector<std::uint8_t> pixels;  // the video's frame read back
  sf::Texture video_texture;
  for (int frame = 0; window.isOpen() && (frames < 0 || frame < frames); ++frame) {
    const auto start = std::chrono::steady_clock::now();
    sf::Event event;
    while (window.pollEvent(event)) {
      if (event.type == sf::Event::Closed) window.close();
      glue.process_event(event);
      app.handle_event(event, glue.wants_mouse(), glue.wants_keyboard());
    }
    if (!window.isOpen() || app.quit_requested()) break;
    if (loop.headless && loop.before_frame && frame >= settle) loop.before_frame(frame - settle);
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
    if (loop.headless && !loop.screenshot.empty() && frame == frames - 1) shot = loop.screenshot;
    if (shot) {
      if (save_screenshot(window, *shot)) {
        app.report("Saved " + *shot);
      } else {
        std::cerr << "stroom-view: could not write " << *shot << "\n";
        app.report("Could not write " + *shot);
        if (loop.headless) exit_code = 3;
      }
    }
    if (loop.headless && loop.after_frame && frame >= settle) {
      // The framebuffer read back through a texture (SFML's own GL calls, as the screenshot).
      const sf::Vector2u size = window.getSize();
      if (video_texture.getSize() != size) (void)video_texture.create(size.x, size.y);
      video_texture.update(window);
      const sf::Image image = video_texture.copyToImage();
      const std::uint8_t* p = image.getPixelsPtr();
      pixels.assign(p, p + static_cast<std::size_t>(size.x) * size.y * 4);
      if (!loop.after_frame(pixels)) {
        exit_code = 3;
        break;
      }
    }
    window.display();
    if (loop.headless && frame >= settle) {
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
  if (loop.benchmark) {
    const double n = loop.frames;
    std::printf(
        "benchmark: %d frames, %zu persons, %ux%u: mean frame %.2f ms (%.1f fps); "
        "events+interface %.2f ms, map %.2f ms (persons %.2f ms), ImGui draw %.2f ms, "
        "display %.2f ms\n",
        loop.frames, app.snapshot().ids.size(), loop.width, loop.height, total_ms / n,
        1000.0 * n / total_ms, ui_ms / n, map_ms / n, persons_ms / n, imgui_ms / n, display_ms / n);
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext();
  return exit_code;
}

}  // namespace stroom::view
