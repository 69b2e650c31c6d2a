// Platform glue between an SFML 2.5 window and Dear ImGui 1.86 (the pre-1.87 IO API: KeyMap,
// KeysDown, MouseDown). Rendering is left to ImGui's own opengl3 backend; this part only turns
// sf::Event into ImGuiIO state, once per frame.
//
// ImGui 1.86 has no input queue: it samples io.MouseDown / io.KeysDown once per NewFrame(). A
// press and a release that arrive between two frames would cancel out and the click would be
// lost. The glue therefore queues button and key transitions and applies them in new_frame(),
// at most one change per button or key per frame: a press+release in one frame is seen as
// "down" for one frame and "up" on the next, so every click registers.
//
// The glue touches only ImGuiIO, never a window or a GL context, so it can be tested without
// an X server (ImGui::CreateContext() alone is enough).
#pragma once

#include <SFML/System/Vector2.hpp>
#include <SFML/Window/Event.hpp>
#include <array>
#include <deque>
#include <string>

struct ImGuiIO;

namespace stroom::view {

/// Where the glue reads and writes the system clipboard. The default uses sf::Clipboard,
/// which needs a running X server; tests replace it.
struct ClipboardAccess {
  std::string (*get)() = nullptr;
  void (*set)(const std::string& text) = nullptr;
};
ClipboardAccess system_clipboard();

class ImGuiSfmlGlue {
 public:
  /// Binds to `io` of the current ImGui context: fills KeyMap, sets the backend name and the
  /// clipboard callbacks. The glue must outlive its use by that context.
  explicit ImGuiSfmlGlue(ImGuiIO& io, ClipboardAccess clipboard = system_clipboard());
  ~ImGuiSfmlGlue();
  ImGuiSfmlGlue(const ImGuiSfmlGlue&) = delete;
  ImGuiSfmlGlue& operator=(const ImGuiSfmlGlue&) = delete;

  /// Feeds one window event. Mouse position, wheel, text and focus take effect at once;
  /// button and key changes are queued for new_frame().
  void process_event(const sf::Event& event);

  /// Call once per frame before ImGui::NewFrame(): applies queued button and key changes (one
  /// per button/key), the modifier flags, the display size (pixels) and the frame time (s).
  void new_frame(sf::Vector2u display_size, float delta_seconds);

  /// True when ImGui wants the mouse / keyboard this frame (the map must then ignore them).
  bool wants_mouse() const;
  bool wants_keyboard() const;
  bool has_focus() const { return focused_; }

 private:
  static constexpr int kMouseButtons = 5;
  static constexpr int kKeys = sf::Keyboard::KeyCount;

  void queue_button(int button, bool down);
  void queue_key(int key, bool down);
  void clear_queues();
  static const char* get_clipboard(void* user_data);
  static void set_clipboard(void* user_data, const char* text);

  ImGuiIO& io_;
  ClipboardAccess clipboard_;
  std::string clipboard_text_;  // keeps the text alive for ImGui between calls
  std::array<std::deque<bool>, kMouseButtons> button_queue_;
  std::array<std::deque<bool>, kKeys> key_queue_;
  bool focused_ = true;
};

}  // namespace stroom::view
