#!/usr/bin/env bash
# Installs what is missing, builds Stroom (release, warnings as errors) and runs every test.
# Usage: tools/test.sh [extra ctest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release -j 2 "$@"
