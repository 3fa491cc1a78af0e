#!/usr/bin/env bash
# Screenshots of mesolive-monitor in Demo mode, taken under Xvfb by the app itself
# (MESOLIVE_SCREENSHOT: QWidget::grab, no screen-grab tool needed), on a small and a
# large screen (the first window fits the screen it opens on):
#   docs/screenshots/main-window-1280x720.png    the default layout with live events
#   docs/screenshots/main-window-1920x1080.png   the same on a full-HD screen
#   docs/screenshots/history.png                 the History pane raised (1920x1080)
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

shoot() {
  local file="$1" screen="$2" dock="$3"
  # A fresh configuration each time: the default layout, no saved connection.
  local config
  config="$(mktemp -d)"
  XDG_CONFIG_HOME="$config" MESOLIVE_SCREENSHOT="$out/$file" MESOLIVE_SCREENSHOT_DELAY_MS="$delay" \
  MESOLIVE_SCREENSHOT_DOCK="$dock" MESOLIVE_INSTANCE= MESOLIVE_API_KEY= \
    xvfb-run -a -s "-screen 0 ${screen}x24" "$build/app/monitor/mesolive-monitor" --demo
  rm -rf "$config"
}

shoot main-window-1280x720.png 1280x720 ""
shoot main-window-1920x1080.png 1920x1080 ""
shoot history.png 1920x1080 history
echo "Screenshots in $out"
