#!/usr/bin/env bash
# Installs what is missing, builds Stroom (release) and runs the main job on the default
# scenario. Usage: tools/demo.sh [SCENARIO.yaml]
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release
scenario=${1:-scenarios/examples/corridor.yaml}
build/release/bin/stroom validate "$scenario"
build/release/bin/stroom capacity "$scenario"
