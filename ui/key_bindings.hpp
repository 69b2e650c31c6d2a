// Every keyboard and mouse control of stroom-view in one table. The application dispatches key
// presses through it (find_key_action), the menus take their shortcut text from it
// (shortcut_text) and the hint line under the timeline is generated from it (hint_line), so a
// key cannot be documented in one place and bound differently in another. docs/viewer.md's
// "Keyboard and mouse" table lists the same controls.
#pragma once

#include <SFML/Window/Keyboard.hpp>
#include <array>
#include <optional>
#include <span>
#include <string>

namespace stroom::view {

enum class Action {
  play_pause,
  step_forward,
  step_back,
  slower,
  faster,
  pan_left,
  pan_right,
  pan_up,
  pan_down,
  zoom_in,
  zoom_out,
  fit,
  clear_selection,
  toggle_density,
  next_colouring,
  toggle_labels,
  toggle_groups,
  screenshot,
  open,
  save,
  quit,
  mouse,  ///< a mouse control (drag, wheel, click): handled by the map, not by a key
};

/// One key (with or without Ctrl) and what it does.
struct KeyAction {
  sf::Keyboard::Key key = sf::Keyboard::Unknown;  ///< Unknown = unused slot
  bool ctrl = false;
  Action action = Action::mouse;
};

/// One control as the user learns it: "[ ] speed" is two keys with two actions.
struct Control {
  const char* input;  ///< how the user writes the input: "Space", "[ ]", "Ctrl+O", "drag"
  const char* hint;   ///< what it does, in a word or two: "play", "speed", "open"
  std::array<KeyAction, 4> keys{};  ///< the keys (none for a mouse control)
  bool on_hint_line = false;        ///< shown in the hint line under the timeline
  bool while_typing = false;        ///< works while a text field has the keyboard (Ctrl+…, F12)
};

/// The table, in the order of the hint line.
std::span<const Control> controls();

/// The action of a key press, or nullopt when the key is not bound or a text field has the
/// keyboard and the control does not work while typing. Shift and Alt are ignored.
std::optional<Action> find_key_action(sf::Keyboard::Key key, bool ctrl, bool typing);

/// The input text of the control that does `action` ("Ctrl+O"), for menu items; nullptr when
/// no key does it.
const char* shortcut_text(Action action);

/// "Space play · . step · [ ] speed · …": the controls marked on_hint_line.
std::string hint_line();

}  // namespace stroom::view
