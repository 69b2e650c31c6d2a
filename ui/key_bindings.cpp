#include "key_bindings.hpp"

namespace stroom::view {

namespace {

using K = sf::Keyboard;
using A = Action;

constexpr KeyAction key(K::Key k, A a) {
  return {k, false, a};
}
constexpr KeyAction ctrl(K::Key k, A a) {
  return {k, true, a};
}

const Control kControls[] = {
    {"Space", "play", {key(K::Space, A::play_pause)}, true},
    {".", "step", {key(K::Period, A::step_forward)}, true},
    {",", "back a frame", {key(K::Comma, A::step_back)}},
    {"[ ]", "speed", {key(K::LBracket, A::slower), key(K::RBracket, A::faster)}, true},
    {"drag", "pan", {}, true},
    {"arrow keys",
     "pan",
     {key(K::Left, A::pan_left), key(K::Right, A::pan_right), key(K::Up, A::pan_up),
      key(K::Down, A::pan_down)}},
    {"wheel", "zoom", {}, true},
    {"+ / −",
     "zoom",
     {key(K::Add, A::zoom_in), key(K::Equal, A::zoom_in), key(K::Subtract, A::zoom_out),
      key(K::Hyphen, A::zoom_out)}},
    {"F", "fit", {key(K::F, A::fit)}, true},
    {"Home", "fit", {key(K::Home, A::fit)}},
    {"click", "for details", {}, true},
    {"Esc", "clear the selection", {key(K::Escape, A::clear_selection)}},
    {"D", "density", {key(K::D, A::toggle_density)}, true},
    {"C", "colours", {key(K::C, A::next_colouring)}, true},
    {"L", "labels", {key(K::L, A::toggle_labels)}},
    {"G", "group links", {key(K::G, A::toggle_groups)}},
    {"F12", "screenshot", {key(K::F12, A::screenshot)}, true, true},
    {"Ctrl+O", "open", {ctrl(K::O, A::open)}, false, true},
    {"Ctrl+S", "save with what-ifs", {ctrl(K::S, A::save)}, false, true},
    {"Ctrl+Q", "quit", {ctrl(K::Q, A::quit)}, false, true},
};

}  // namespace

std::span<const Control> controls() {
  return kControls;
}

std::optional<Action> find_key_action(sf::Keyboard::Key k, bool with_ctrl, bool typing) {
  for (const Control& c : kControls)
    for (const KeyAction& ka : c.keys)
      if (ka.key != K::Unknown && ka.key == k && ka.ctrl == with_ctrl) {
        if (typing && !c.while_typing) return std::nullopt;
        return ka.action;
      }
  return std::nullopt;
}

const char* shortcut_text(Action action) {
  for (const Control& c : kControls)
    for (const KeyAction& ka : c.keys)
      if (ka.key != K::Unknown && ka.action == action) return c.input;
  return nullptr;
}

std::string hint_line() {
  std::string line;
  for (const Control& c : kControls) {
    if (!c.on_hint_line) continue;
    if (!line.empty()) line += " · ";
    line += std::string(c.input) + " " + c.hint;
  }
  return line;
}

}  // namespace stroom::view
