// Text helpers shared by every HTML page Stroom writes (report.html, verification.html,
// batch.html), so that escaping and the plot palette are the same everywhere.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace stroom::report {

/// Text for HTML/SVG content and attribute values (&, <, >, " escaped; control characters other
/// than tab and newlines, which HTML does not allow, become U+FFFD).
std::string escape(std::string_view text);

/// The colour of series i in plots (a fixed, print-friendly palette, cycling).
const char* series_colour(std::size_t i);

}  // namespace stroom::report
