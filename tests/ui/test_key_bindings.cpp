// The viewer's table of controls (ui/key_bindings.hpp): every control has a hint, no key is
// bound twice, the keys the viewer has always had still do what docs/viewer.md says, and the
// hint line under the timeline is generated from the table.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <utility>

#include "app.hpp"
#include "key_bindings.hpp"

namespace stroom::view {
namespace {

TEST(KeyBindings, EveryControlHasAnInputAndAHint) {
  ASSERT_FALSE(controls().empty());
  for (const Control& c : controls()) {
    ASSERT_NE(c.input, nullptr);
    ASSERT_NE(c.hint, nullptr);
    EXPECT_FALSE(std::string(c.input).empty());
    EXPECT_FALSE(std::string(c.hint).empty()) << c.input;
  }
}

TEST(KeyBindings, NoKeyIsBoundTwice) {
  std::set<std::pair<int, bool>> seen;
  int keys = 0;
  for (const Control& c : controls())
    for (const KeyAction& k : c.keys) {
      if (k.key == sf::Keyboard::Unknown) continue;
      ++keys;
      EXPECT_NE(k.action, Action::mouse) << c.input;
      EXPECT_TRUE(seen.insert({static_cast<int>(k.key), k.ctrl}).second)
          << "key " << static_cast<int>(k.key) << (k.ctrl ? " with Ctrl" : "") << " of \""
          << c.input << "\" is bound twice";
    }
  EXPECT_EQ(keys, 24);  // the keys stroom-view has always had, and G (group links)
}

TEST(KeyBindings, EveryActionHasAKeyAndTheMenusShowIt) {
  for (int a = 0; a < static_cast<int>(Action::mouse); ++a)
    EXPECT_NE(shortcut_text(static_cast<Action>(a)), nullptr) << "action " << a << " has no key";
  EXPECT_STREQ(shortcut_text(Action::play_pause), "Space");
  EXPECT_STREQ(shortcut_text(Action::fit), "F");
  EXPECT_STREQ(shortcut_text(Action::open), "Ctrl+O");
  EXPECT_STREQ(shortcut_text(Action::screenshot), "F12");
  EXPECT_EQ(shortcut_text(Action::mouse), nullptr);
}

TEST(KeyBindings, KeysDoWhatTheyAlwaysDid) {
  using K = sf::Keyboard;
  const auto act = [](K::Key k, bool ctrl = false, bool typing = false) {
    return find_key_action(k, ctrl, typing);
  };
  EXPECT_EQ(act(K::Space), Action::play_pause);
  EXPECT_EQ(act(K::Period), Action::step_forward);
  EXPECT_EQ(act(K::Comma), Action::step_back);
  EXPECT_EQ(act(K::LBracket), Action::slower);
  EXPECT_EQ(act(K::RBracket), Action::faster);
  EXPECT_EQ(act(K::Equal), Action::zoom_in);
  EXPECT_EQ(act(K::Hyphen), Action::zoom_out);
  EXPECT_EQ(act(K::Home), Action::fit);
  EXPECT_EQ(act(K::Escape), Action::clear_selection);
  EXPECT_EQ(act(K::C), Action::next_colouring);
  EXPECT_EQ(act(K::S, true), Action::save);
  EXPECT_EQ(act(K::Q, true), Action::quit);
  // Ctrl+D is nothing, and neither is a plain O.
  EXPECT_EQ(act(K::D, true), std::nullopt);
  EXPECT_EQ(act(K::O), std::nullopt);
  EXPECT_EQ(act(K::X), std::nullopt);
  // While a text field has the keyboard only Ctrl+… and F12 act: typing "d" is a "d".
  EXPECT_EQ(act(K::D, false, true), std::nullopt);
  EXPECT_EQ(act(K::Space, false, true), std::nullopt);
  EXPECT_EQ(act(K::O, true, true), Action::open);
  EXPECT_EQ(act(K::F12, false, true), Action::screenshot);
}

TEST(KeyBindings, TheHintLineIsGeneratedFromTheTable) {
  EXPECT_EQ(hint_line(),
            "Space play · . step · [ ] speed · drag pan · wheel zoom · F fit · click for details "
            "· D density · C colours · F12 screenshot");
}

TEST(KeyBindings, DocsListEveryControl) {
  std::ifstream in(std::filesystem::path(STROOM_SOURCE_DIR) / "docs/viewer.md");
  ASSERT_TRUE(in);
  std::stringstream text;
  text << in.rdbuf();
  const std::string docs = text.str();
  const auto begin = docs.find("## Keyboard and mouse");
  ASSERT_NE(begin, std::string::npos);
  const std::string section = docs.substr(begin, docs.find("\n## ", begin + 1) - begin);
  for (const Control& c : controls())
    EXPECT_NE(section.find(c.input), std::string::npos)
        << "docs/viewer.md, Keyboard and mouse, does not mention \"" << c.input << "\"";
}

sf::Event key_press(sf::Keyboard::Key key, bool ctrl = false) {
  sf::Event e{};
  e.type = sf::Event::KeyPressed;
  e.key.code = key;
  e.key.control = ctrl;
  return e;
}

TEST(KeyBindings, TheAppActsOnKeysThroughTheTable) {
  // No window needed: nothing is open, the layers and the quit flag are plain state.
  App app(AppOptions{});
  app.set_window_size(1280, 800);
  EXPECT_FALSE(app.layers().density);
  app.handle_event(key_press(sf::Keyboard::D), false, false);
  EXPECT_TRUE(app.layers().density);
  app.handle_event(key_press(sf::Keyboard::D), false, /*ui_wants_keyboard=*/true);
  EXPECT_TRUE(app.layers().density);  // typed into a text field, not a toggle
  app.handle_event(key_press(sf::Keyboard::D, /*ctrl=*/true), false, false);
  EXPECT_TRUE(app.layers().density);  // Ctrl+D is nothing
  const ColourBy before = app.layers().colour_by;
  app.handle_event(key_press(sf::Keyboard::C), false, false);
  EXPECT_NE(app.layers().colour_by, before);
  EXPECT_FALSE(app.take_screenshot_request());
  app.handle_event(key_press(sf::Keyboard::F12), false, true);
  const auto shot = app.take_screenshot_request();
  ASSERT_TRUE(shot);
  EXPECT_EQ(shot->rfind("stroom-view-", 0), 0u);
  EXPECT_FALSE(app.quit_requested());
  app.handle_event(key_press(sf::Keyboard::Q, true), false, true);
  EXPECT_TRUE(app.quit_requested());
  // Space, . and , with nothing open do nothing (a still playback), and do not crash.
  for (auto k : {sf::Keyboard::Space, sf::Keyboard::Period, sf::Keyboard::Comma})
    app.handle_event(key_press(k), false, false);
  EXPECT_FALSE(app.is_open());
}

}  // namespace
}  // namespace stroom::view
