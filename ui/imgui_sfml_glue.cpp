#include "imgui_sfml_glue.hpp"

#include <imgui.h>
#include <SFML/Window/Clipboard.hpp>
#include <cfloat>

namespace stroom::view {

namespace {

std::string read_system_clipboard() {
  return sf::Clipboard::getString().toAnsiString();
}

void write_system_clipboard(const std::string& text) {
  sf::Clipboard::setString(sf::String::fromUtf8(text.begin(), text.end()));
}

// Applies queued transitions in order, stopping before one that would undo a change already
// applied this frame, so that ImGui sees every state for at least one NewFrame().
bool apply_one_change(std::deque<bool>& queue, bool current) {
  bool state = current;
  bool changed = false;
  while (!queue.empty()) {
    const bool next = queue.front();
    if (next == state) {  // repeated press (key repeat) or redundant release: no change
      queue.pop_front();
      continue;
    }
    if (changed) break;
    state = next;
    changed = true;
    queue.pop_front();
  }
  return state;
}

}  // namespace

ClipboardAccess system_clipboard() {
  return {&read_system_clipboard, &write_system_clipboard};
}

ImGuiSfmlGlue::ImGuiSfmlGlue(ImGuiIO& io, ClipboardAccess clipboard)
    : io_(io), clipboard_(clipboard) {
  io_.BackendPlatformName = "stroom_sfml";
  io_.KeyMap[ImGuiKey_Tab] = sf::Keyboard::Tab;
  io_.KeyMap[ImGuiKey_LeftArrow] = sf::Keyboard::Left;
  io_.KeyMap[ImGuiKey_RightArrow] = sf::Keyboard::Right;
  io_.KeyMap[ImGuiKey_UpArrow] = sf::Keyboard::Up;
  io_.KeyMap[ImGuiKey_DownArrow] = sf::Keyboard::Down;
  io_.KeyMap[ImGuiKey_PageUp] = sf::Keyboard::PageUp;
  io_.KeyMap[ImGuiKey_PageDown] = sf::Keyboard::PageDown;
  io_.KeyMap[ImGuiKey_Home] = sf::Keyboard::Home;
  io_.KeyMap[ImGuiKey_End] = sf::Keyboard::End;
  io_.KeyMap[ImGuiKey_Insert] = sf::Keyboard::Insert;
  io_.KeyMap[ImGuiKey_Delete] = sf::Keyboard::Delete;
  io_.KeyMap[ImGuiKey_Backspace] = sf::Keyboard::Backspace;
  io_.KeyMap[ImGuiKey_Space] = sf::Keyboard::Space;
  io_.KeyMap[ImGuiKey_Enter] = sf::Keyboard::Enter;
  io_.KeyMap[ImGuiKey_Escape] = sf::Keyboard::Escape;
  io_.KeyMap[ImGuiKey_KeyPadEnter] = sf::Keyboard::Enter;  // SFML 2.5 has no keypad Enter
  io_.KeyMap[ImGuiKey_A] = sf::Keyboard::A;
  io_.KeyMap[ImGuiKey_C] = sf::Keyboard::C;
  io_.KeyMap[ImGuiKey_V] = sf::Keyboard::V;
  io_.KeyMap[ImGuiKey_X] = sf::Keyboard::X;
  io_.KeyMap[ImGuiKey_Y] = sf::Keyboard::Y;
  io_.KeyMap[ImGuiKey_Z] = sf::Keyboard::Z;
  io_.ClipboardUserData = this;
  io_.GetClipboardTextFn = &ImGuiSfmlGlue::get_clipboard;
  io_.SetClipboardTextFn = &ImGuiSfmlGlue::set_clipboard;
}

ImGuiSfmlGlue::~ImGuiSfmlGlue() {
  if (io_.ClipboardUserData == this) {
    io_.ClipboardUserData = nullptr;
    io_.GetClipboardTextFn = nullptr;
    io_.SetClipboardTextFn = nullptr;
  }
}

void ImGuiSfmlGlue::queue_button(int button, bool down) {
  if (button >= 0 && button < kMouseButtons) button_queue_[button].push_back(down);
}

void ImGuiSfmlGlue::queue_key(int key, bool down) {
  if (key >= 0 && key < kKeys) key_queue_[key].push_back(down);
}

void ImGuiSfmlGlue::clear_queues() {
  for (auto& q : button_queue_)
    q.clear();
  for (auto& q : key_queue_)
    q.clear();
}

void ImGuiSfmlGlue::process_event(const sf::Event& event) {
  switch (event.type) {
    case sf::Event::MouseMoved:
      io_.MousePos =
          ImVec2(static_cast<float>(event.mouseMove.x), static_cast<float>(event.mouseMove.y));
      break;
    case sf::Event::MouseLeft:
      io_.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
      break;
    case sf::Event::MouseButtonPressed:
    case sf::Event::MouseButtonReleased:
      io_.MousePos =
          ImVec2(static_cast<float>(event.mouseButton.x), static_cast<float>(event.mouseButton.y));
      queue_button(static_cast<int>(event.mouseButton.button),
                   event.type == sf::Event::MouseButtonPressed);
      break;
    case sf::Event::MouseWheelScrolled:
      if (event.mouseWheelScroll.wheel == sf::Mouse::HorizontalWheel)
        io_.MouseWheelH += event.mouseWheelScroll.delta;
      else
        io_.MouseWheel += event.mouseWheelScroll.delta;
      break;
    case sf::Event::KeyPressed:
    case sf::Event::KeyReleased:
      queue_key(static_cast<int>(event.key.code), event.type == sf::Event::KeyPressed);
      break;
    case sf::Event::TextEntered:
      // Control characters (backspace, tab, enter, delete) arrive as keys, not as text.
      if (event.text.unicode >= 32 && event.text.unicode != 127)
        io_.AddInputCharacter(static_cast<unsigned int>(event.text.unicode));
      break;
    case sf::Event::GainedFocus:
      focused_ = true;
      io_.AddFocusEvent(true);
      break;
    case sf::Event::LostFocus:
      focused_ = false;
      clear_queues();
      for (bool& b : io_.MouseDown)
        b = false;
      io_.AddFocusEvent(false);  // also releases every key in ImGui
      break;
    default:
      break;
  }
}

void ImGuiSfmlGlue::new_frame(sf::Vector2u display_size, float delta_seconds) {
  io_.DisplaySize = ImVec2(static_cast<float>(display_size.x), static_cast<float>(display_size.y));
  io_.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
  io_.DeltaTime = delta_seconds > 0.0f ? delta_seconds : 1.0f / 60.0f;
  for (int b = 0; b < kMouseButtons; ++b)
    io_.MouseDown[b] = apply_one_change(button_queue_[b], io_.MouseDown[b]);
  for (int k = 0; k < kKeys; ++k)
    io_.KeysDown[k] = apply_one_change(key_queue_[k], io_.KeysDown[k]);
  io_.KeyCtrl = io_.KeysDown[sf::Keyboard::LControl] || io_.KeysDown[sf::Keyboard::RControl];
  io_.KeyShift = io_.KeysDown[sf::Keyboard::LShift] || io_.KeysDown[sf::Keyboard::RShift];
  io_.KeyAlt = io_.KeysDown[sf::Keyboard::LAlt] || io_.KeysDown[sf::Keyboard::RAlt];
  io_.KeySuper = io_.KeysDown[sf::Keyboard::LSystem] || io_.KeysDown[sf::Keyboard::RSystem];
}

bool ImGuiSfmlGlue::wants_mouse() const {
  return io_.WantCaptureMouse;
}
bool ImGuiSfmlGlue::wants_keyboard() const {
  return io_.WantCaptureKeyboard;
}

const char* ImGuiSfmlGlue::get_clipboard(void* user_data) {
  auto* self = static_cast<ImGuiSfmlGlue*>(user_data);
  self->clipboard_text_ = self->clipboard_.get ? self->clipboard_.get() : std::string();
  return self->clipboard_text_.c_str();
}

void ImGuiSfmlGlue::set_clipboard(void* user_data, const char* text) {
  auto* self = static_cast<ImGuiSfmlGlue*>(user_data);
  if (self->clipboard_.set) self->clipboard_.set(text ? std::string(text) : std::string());
}

}  // namespace stroom::view
