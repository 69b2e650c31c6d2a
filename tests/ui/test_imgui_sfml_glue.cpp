// The SFML → ImGui glue, driven with synthetic events: no window, no GL context, no X server.
#include <gtest/gtest.h>
#include <imgui.h>

#include <string>

#include "imgui_sfml_glue.hpp"

namespace stroom::view {
namespace {

std::string g_clipboard;
std::string fake_get() {
  return g_clipboard;
}
void fake_set(const std::string& text) {
  g_clipboard = text;
}

sf::Event mouse_button(sf::Event::EventType type, sf::Mouse::Button button, int x, int y) {
  sf::Event e;
  e.type = type;
  e.mouseButton.button = button;
  e.mouseButton.x = x;
  e.mouseButton.y = y;
  return e;
}

sf::Event key(sf::Event::EventType type, sf::Keyboard::Key code) {
  sf::Event e;
  e.type = type;
  e.key.code = code;
  e.key.alt = e.key.control = e.key.shift = e.key.system = false;
  return e;
}

class Glue : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // NewFrame() needs a built atlas
    io.IniFilename = nullptr;
    glue_ = std::make_unique<ImGuiSfmlGlue>(io, ClipboardAccess{&fake_get, &fake_set});
  }
  void TearDown() override {
    glue_.reset();
    ImGui::DestroyContext(ctx_);
  }
  // One full ImGui frame; `ui` runs between NewFrame and Render.
  template <typename F>
  void frame(F&& ui) {
    glue_->new_frame({800, 600}, 1.0f / 60.0f);
    ImGui::NewFrame();
    ui();
    ImGui::Render();
  }
  void frame() {
    frame([] {});
  }

  ImGuiContext* ctx_ = nullptr;
  std::unique_ptr<ImGuiSfmlGlue> glue_;
};

TEST_F(Glue, DisplaySizeAndFrameTime) {
  glue_->new_frame({1280, 800}, 0.025f);
  EXPECT_FLOAT_EQ(ImGui::GetIO().DisplaySize.x, 1280.0f);
  EXPECT_FLOAT_EQ(ImGui::GetIO().DisplaySize.y, 800.0f);
  EXPECT_FLOAT_EQ(ImGui::GetIO().DeltaTime, 0.025f);
  glue_->new_frame({640, 480}, 0.0f);  // a zero delta must never reach ImGui (it asserts)
  EXPECT_GT(ImGui::GetIO().DeltaTime, 0.0f);
  EXPECT_FLOAT_EQ(ImGui::GetIO().DisplaySize.x, 640.0f);
}

TEST_F(Glue, MouseMoveSetsPosition) {
  sf::Event e;
  e.type = sf::Event::MouseMoved;
  e.mouseMove.x = 123;
  e.mouseMove.y = 45;
  glue_->process_event(e);
  EXPECT_FLOAT_EQ(ImGui::GetIO().MousePos.x, 123.0f);
  EXPECT_FLOAT_EQ(ImGui::GetIO().MousePos.y, 45.0f);
  e.type = sf::Event::MouseLeft;
  glue_->process_event(e);
  EXPECT_FALSE(ImGui::IsMousePosValid(&ImGui::GetIO().MousePos));
}

TEST_F(Glue, PressAndReleaseInOneFrameIsAClick) {
  glue_->process_event(mouse_button(sf::Event::MouseButtonPressed, sf::Mouse::Left, 10, 20));
  glue_->process_event(mouse_button(sf::Event::MouseButtonReleased, sf::Mouse::Left, 10, 20));
  bool clicked = false;
  frame([&] { clicked = ImGui::IsMouseClicked(ImGuiMouseButton_Left); });
  EXPECT_TRUE(clicked);
  EXPECT_TRUE(ImGui::GetIO().MouseDown[0]);
  bool released = false;
  frame([&] { released = ImGui::IsMouseReleased(ImGuiMouseButton_Left); });
  EXPECT_TRUE(released);
  EXPECT_FALSE(ImGui::GetIO().MouseDown[0]);
  EXPECT_FLOAT_EQ(ImGui::GetIO().MousePos.x, 10.0f);
}

TEST_F(Glue, DoubleClickWithinOneFrameTakesFourFrames) {
  for (int i = 0; i < 2; ++i) {
    glue_->process_event(mouse_button(sf::Event::MouseButtonPressed, sf::Mouse::Right, 5, 5));
    glue_->process_event(mouse_button(sf::Event::MouseButtonReleased, sf::Mouse::Right, 5, 5));
  }
  int clicks = 0;
  for (int f = 0; f < 5; ++f)
    frame([&] { clicks += ImGui::IsMouseClicked(ImGuiMouseButton_Right) ? 1 : 0; });
  EXPECT_EQ(clicks, 2);
  EXPECT_FALSE(ImGui::GetIO().MouseDown[1]);
}

TEST_F(Glue, ButtonButtonWidgetReceivesSyntheticClick) {
  // Lay out once so the button exists, then click its centre with press+release in one frame.
  ImVec2 centre;
  auto ui = [&](bool* pressed) {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::Begin("w");
    *pressed = ImGui::Button("OK", ImVec2(80, 30));
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    centre = ImVec2((a.x + b.x) / 2, (a.y + b.y) / 2);
    ImGui::End();
  };
  bool pressed = false;
  frame([&] { ui(&pressed); });
  sf::Event move;
  move.type = sf::Event::MouseMoved;
  move.mouseMove.x = static_cast<int>(centre.x);
  move.mouseMove.y = static_cast<int>(centre.y);
  glue_->process_event(move);
  frame([&] { ui(&pressed); });
  glue_->process_event(mouse_button(sf::Event::MouseButtonPressed, sf::Mouse::Left,
                                    move.mouseMove.x, move.mouseMove.y));
  glue_->process_event(mouse_button(sf::Event::MouseButtonReleased, sf::Mouse::Left,
                                    move.mouseMove.x, move.mouseMove.y));
  int presses = 0;
  for (int f = 0; f < 3; ++f) {
    frame([&] { ui(&pressed); });
    presses += pressed ? 1 : 0;
  }
  EXPECT_EQ(presses, 1);
}

TEST_F(Glue, WheelAccumulatesVerticalAndHorizontal) {
  sf::Event e;
  e.type = sf::Event::MouseWheelScrolled;
  e.mouseWheelScroll.wheel = sf::Mouse::VerticalWheel;
  e.mouseWheelScroll.delta = 1.0f;
  glue_->process_event(e);
  glue_->process_event(e);
  e.mouseWheelScroll.wheel = sf::Mouse::HorizontalWheel;
  e.mouseWheelScroll.delta = -0.5f;
  glue_->process_event(e);
  EXPECT_FLOAT_EQ(ImGui::GetIO().MouseWheel, 2.0f);
  EXPECT_FLOAT_EQ(ImGui::GetIO().MouseWheelH, -0.5f);
  frame();  // ImGui consumes the wheel each frame
  EXPECT_FLOAT_EQ(ImGui::GetIO().MouseWheel, 0.0f);
}

TEST_F(Glue, KeysWithModifiers) {
  glue_->process_event(key(sf::Event::KeyPressed, sf::Keyboard::LControl));
  glue_->process_event(key(sf::Event::KeyPressed, sf::Keyboard::C));
  glue_->process_event(key(sf::Event::KeyReleased, sf::Keyboard::C));
  glue_->process_event(key(sf::Event::KeyReleased, sf::Keyboard::LControl));
  bool ctrl_c = false;
  frame([&] {
    ctrl_c = ImGui::GetIO().KeyCtrl && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_C));
  });
  EXPECT_TRUE(ctrl_c);
  frame();
  EXPECT_FALSE(ImGui::GetIO().KeyCtrl);
  EXPECT_FALSE(ImGui::GetIO().KeysDown[sf::Keyboard::C]);

  glue_->process_event(key(sf::Event::KeyPressed, sf::Keyboard::RShift));
  glue_->process_event(key(sf::Event::KeyPressed, sf::Keyboard::LAlt));
  glue_->process_event(key(sf::Event::KeyPressed, sf::Keyboard::LSystem));
  frame();
  EXPECT_TRUE(ImGui::GetIO().KeyShift);
  EXPECT_TRUE(ImGui::GetIO().KeyAlt);
  EXPECT_TRUE(ImGui::GetIO().KeySuper);
  EXPECT_FALSE(ImGui::GetIO().KeyCtrl);
}

TEST_F(Glue, KeyMapPointsAtSfmlKeys) {
  const ImGuiIO& io = ImGui::GetIO();
  EXPECT_EQ(io.KeyMap[ImGuiKey_LeftArrow], sf::Keyboard::Left);
  EXPECT_EQ(io.KeyMap[ImGuiKey_Backspace], sf::Keyboard::Backspace);
  EXPECT_EQ(io.KeyMap[ImGuiKey_Enter], sf::Keyboard::Enter);
  EXPECT_EQ(io.KeyMap[ImGuiKey_Z], sf::Keyboard::Z);
}

TEST_F(Glue, UnknownKeyIsIgnored) {
  glue_->process_event(key(sf::Event::KeyPressed, sf::Keyboard::Unknown));
  frame();
  SUCCEED();
}

TEST_F(Glue, TextInputReachesInputText) {
  sf::Event e;
  e.type = sf::Event::TextEntered;
  for (char32_t c : std::u32string(U"Hé\b")) {
    e.text.unicode = static_cast<sf::Uint32>(c);
    glue_->process_event(e);
  }
  ASSERT_EQ(ImGui::GetIO().InputQueueCharacters.Size, 2);  // backspace is a key, not text
  EXPECT_EQ(ImGui::GetIO().InputQueueCharacters[0], 'H');
  EXPECT_EQ(ImGui::GetIO().InputQueueCharacters[1], 0xE9);
}

TEST_F(Glue, FocusLossReleasesEverything) {
  glue_->process_event(mouse_button(sf::Event::MouseButtonPressed, sf::Mouse::Left, 1, 1));
  glue_->process_event(key(sf::Event::KeyPressed, sf::Keyboard::A));
  frame();
  EXPECT_TRUE(ImGui::GetIO().MouseDown[0]);
  sf::Event e;
  e.type = sf::Event::LostFocus;
  glue_->process_event(e);
  EXPECT_FALSE(glue_->has_focus());
  frame();
  EXPECT_FALSE(ImGui::GetIO().MouseDown[0]);
  EXPECT_FALSE(ImGui::GetIO().KeysDown[sf::Keyboard::A]);
  e.type = sf::Event::GainedFocus;
  glue_->process_event(e);
  EXPECT_TRUE(glue_->has_focus());
}

TEST_F(Glue, ClipboardGoesThroughAccess) {
  g_clipboard = "gate B";
  ImGuiIO& io = ImGui::GetIO();
  ASSERT_NE(io.GetClipboardTextFn, nullptr);
  EXPECT_STREQ(io.GetClipboardTextFn(io.ClipboardUserData), "gate B");
  io.SetClipboardTextFn(io.ClipboardUserData, "exit north");
  EXPECT_EQ(g_clipboard, "exit north");
}

TEST_F(Glue, WantsMouseWhenHoveringAWindow) {
  sf::Event move;
  move.type = sf::Event::MouseMoved;
  move.mouseMove.x = 20;
  move.mouseMove.y = 20;
  glue_->process_event(move);
  auto ui = [] {
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(100, 100));
    ImGui::Begin("panel");
    ImGui::End();
  };
  frame(ui);
  frame(ui);
  EXPECT_TRUE(glue_->wants_mouse());
  move.mouseMove.x = 500;
  glue_->process_event(move);
  frame(ui);
  EXPECT_FALSE(glue_->wants_mouse());
}

}  // namespace
}  // namespace stroom::view
