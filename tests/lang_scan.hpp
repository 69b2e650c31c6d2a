// Checks that text rendered in Dutch has no English left: every English text of the table of
// strings (stroom/lang.hpp), cut at its placeholders, is looked for piece by piece. Pieces
// shorter than 8 characters, and pieces its Dutch translation keeps too (names, units), are
// skipped, since they also occur in Dutch.
#pragma once

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "stroom/lang.hpp"

namespace stroom_test {

/// The pieces of an English text between its placeholders.
inline std::vector<std::string> lang_fragments(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 2 < text.size() && text[i + 2] == '}') {
      out.push_back(cur);
      cur.clear();
      i += 2;
    } else {
      cur += text[i];
    }
  }
  out.push_back(cur);
  return out;
}

/// The English pieces of the table found in `text`. `written` gives how the text writes a
/// piece (HTML escaping for pages; the identity for console text); `allowed` lists pieces
/// that are names in the output (a norm called "open-air", say).
inline std::vector<std::string> english_left(
    const std::string& text,
    const std::function<std::string(const std::string&)>& written =
        [](const std::string& s) { return s; },
    const std::vector<std::string>& allowed = {}) {
  std::vector<std::string> found;
  for (const stroom::Translation& t : stroom::translations()) {
    const std::string en = t.en, nl = t.nl;
    if (en == nl) continue;
    for (const std::string& piece : lang_fragments(en)) {
      if (piece.size() < 8 || nl.find(piece) != std::string::npos) continue;
      if (std::find(allowed.begin(), allowed.end(), piece) != allowed.end()) continue;
      if (text.find(written(piece)) != std::string::npos) found.push_back(piece);
    }
  }
  return found;
}

}  // namespace stroom_test
