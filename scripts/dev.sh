#!/usr/bin/env bash
# The two things a newcomer does, each one command (see README.md):
#   scripts/dev.sh run    install what is missing, build, and run the app
#   scripts/dev.sh test   install what is missing, build, and run every test
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MESOLIVE_BUILD_DIR:-$root/build}"

build_all() {
  bash "$root/scripts/deps.sh"
  if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  cmake --build "$build"
}

run_app() {
  local monitor="$build/app/monitor/mesolive-monitor"
  if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    # With no MESOLIVE_INSTANCE and no saved connection it starts in Demo mode.
    exec "$monitor" "$@"
  fi
  # No screen (a server, a container): run it under Xvfb long enough to see it work.
  local shot="$build/mesolive-monitor.png"
  echo "No display found: running MesoLive Monitor under Xvfb for 8 s; its window is saved to $shot"
  MESOLIVE_SCREENSHOT="$shot" MESOLIVE_SCREENSHOT_DELAY_MS=8000 \
    xvfb-run -a -s "-screen 0 1600x1000x24" "$monitor" "$@"
  echo "Saved $shot"
}

case "${1:-}" in
  run) shift; build_all; run_app "$@" ;;
  test) build_all; ctest --test-dir "$build" --output-on-failure --timeout 300 ;;
  build) build_all ;;
  *) echo "usage: scripts/dev.sh run|test|build" >&2; exit 2 ;;
esac
