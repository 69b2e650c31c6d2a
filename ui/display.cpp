#include "display.hpp"

#include <X11/Xlib.h>

#include <cstdlib>

namespace stroom::view {

bool display_available(std::string& why) {
  if (Display* display = XOpenDisplay(nullptr)) {
    XCloseDisplay(display);
    return true;
  }
  const char* name = std::getenv("DISPLAY");
  why = (name == nullptr || *name == '\0')
            ? std::string("no display (DISPLAY is not set)")
            : "cannot open the display \"" + std::string(name) + "\" (no X server there?)";
  return false;
}

}  // namespace stroom::view
