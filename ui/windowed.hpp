// stroom-view's interactive window: a scenario (live), a results folder (replay) or nothing
// open yet (File ▸ Open…).
#pragma once

#include "cli_options.hpp"

namespace stroom::view {

/// Exit code: 0 when the window is closed, 3 without a display (one line on stderr). A path
/// that cannot be opened is reported on stderr and in the window, which opens anyway.
int run_windowed(const ViewerOptions& options);

/// True when an X display can be opened; otherwise prints the one line saying why.
bool have_display();

}  // namespace stroom::view
