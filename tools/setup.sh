#!/usr/bin/env bash
# Installs every Debian package Stroom needs to build, test and view.
# Idempotent: when everything is present it only checks and returns.
# Usage: tools/setup.sh            (as root, on Debian 12)
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build pkg-config git clang-format python3 python3-yaml
  # engine and CLI
  libyaml-cpp-dev libbox2d-dev libtbb-dev libboost-dev nlohmann-json3-dev
  libcli11-dev libsqlite3-dev libstb-dev sqlite3
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # viewer and its headless tests
  libsfml-dev libx11-dev libimgui-dev xvfb xauth fonts-dejavu-core
  # report check (headless browser screenshot, print to PDF and read the PDF back)
  chromium poppler-utils
  # stroom import (site plans through GDAL/OGR) and its test fixtures (DXF written by ezdxf and ogr2ogr)
  libgdal-dev gdal-bin python3-ezdxf
  # stroom-view --video (MP4 through ffmpeg) and its check (ffprobe)
  ffmpeg
  # stroom batch --slurm and its test (tools/slurm/test-slurm.sh starts the daemons itself)
  slurmctld slurmd slurm-client munge
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: missing packages: ${missing[*]}" >&2
  echo "setup: run as root (or: sudo $0) to install them with apt-get" >&2
  exit 1
fi

echo "setup: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
