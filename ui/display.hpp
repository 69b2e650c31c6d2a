// Whether an X display can be opened. SFML aborts the process (SIGABRT) when it cannot open
// one, so stroom-view asks first and turns "no display" into one line and exit code 3. Kept
// in its own file: Xlib's macros (None, Status, Bool) must not meet SFML's and ImGui's names.
#pragma once

#include <string>

namespace stroom::view {

/// True when the X display (DISPLAY) opens; otherwise false and `why` says what is missing.
bool display_available(std::string& why);

}  // namespace stroom::view
