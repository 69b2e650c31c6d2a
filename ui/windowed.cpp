#include "windowed.hpp"

#include <iostream>
#include <string>

#include "app.hpp"
#include "display.hpp"
#include "frame_loop.hpp"

namespace stroom::view {

bool have_display() {
  std::string why;
  if (display_available(why)) return true;
  std::cerr << "stroom-view: " << why
            << ": the viewer needs a graphical session (for --screenshot without one: "
               "xvfb-run -a stroom-view ...)\n";
  return false;
}

int run_windowed(const ViewerOptions& o) {
  if (!have_display()) return 3;  // before a live run starts
  App app(app_options(o));
  configure_app(o, app);
  if (!o.path.empty() && !app.open(o.path))
    std::cerr << app.error() << "\n";  // shown in the window too
  FrameLoop loop;
  loop.width = o.width;
  loop.height = o.height;
  return run_frame_loop(app, loop);
}

}  // namespace stroom::view
