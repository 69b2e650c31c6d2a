// stroom: the command-line tool (see docs and the CLI contract). Placeholder entry point until
// the sub-commands land.
#include <cstdio>

int main() {
  std::puts("stroom " STROOM_VERSION);
  return 0;
}
