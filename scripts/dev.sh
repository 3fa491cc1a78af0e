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
  # Until the desktop GUI lands, "the app" is the command-line tool against the built-in
  # simulator: live events for 20 seconds, as text.
  local url_file
  url_file="$(mktemp)"
  "$build/app/hubsim/mesolive-hubsim" --rate 5 --seed-history 200 >"$url_file" &
  local simulator=$!
  trap 'kill "$simulator" 2>/dev/null; rm -f "$url_file"' EXIT
  for _ in $(seq 50); do [ -s "$url_file" ] && break; sleep 0.1; done
  local hub_url instance
  hub_url="$(head -n 1 "$url_file")"
  instance="${hub_url%/hubs/events}"
  echo "Built-in Event Hub simulator at $hub_url"
  "$build/app/cli/mesolive-events" dump --instance "$instance" --format text --since 190 --seconds 20
}

case "${1:-}" in
  run) build_all; run_app ;;
  test) build_all; ctest --test-dir "$build" --output-on-failure --timeout 300 ;;
  build) build_all ;;
  *) echo "usage: scripts/dev.sh run|test|build" >&2; exit 2 ;;
esac
