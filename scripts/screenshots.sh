#!/usr/bin/env bash
# Screenshots of mesolive-monitor in Demo mode, taken under Xvfb by the app itself
# (MESOLIVE_SCREENSHOT: QWidget::grab, no screen-grab tool needed):
#   docs/screenshots/main-window.png   the default layout with live events
#   docs/screenshots/history.png       the History pane raised
# Builds mesolive-monitor first if needed (build dir: $BUILD_DIR, default build-ui).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build-ui}"
out="$root/docs/screenshots"
delay="${MESOLIVE_SCREENSHOT_DELAY_MS:-6000}"

if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja
fi
ninja -C "$build" mesolive-monitor

command -v xvfb-run >/dev/null || { echo "screenshots.sh: xvfb-run is required (apt-get install xvfb)" >&2; exit 1; }
mkdir -p "$out"

# A fresh configuration each time: the default layout, no saved connection.
config="$(mktemp -d)"
trap 'rm -rf "$config"' EXIT

shoot() {
  local file="$1" dock="$2"
  XDG_CONFIG_HOME="$config" MESOLIVE_SCREENSHOT="$out/$file" MESOLIVE_SCREENSHOT_DELAY_MS="$delay" \
  MESOLIVE_SCREENSHOT_DOCK="$dock" MESOLIVE_INSTANCE= MESOLIVE_API_KEY= \
    xvfb-run -a -s "-screen 0 1600x1000x24" "$build/app/monitor/mesolive-monitor" --demo
}

shoot main-window.png ""
shoot history.png history
echo "Screenshots in $out"
