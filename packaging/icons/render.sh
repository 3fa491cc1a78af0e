#!/usr/bin/env bash
# Renders resources/icons/mesolive.svg into the hicolor PNG sizes committed beside this
# script. Run it (needs rsvg-convert: apt-get install librsvg2-bin) after changing the SVG
# and commit the PNGs; the build only installs them, so building needs no SVG renderer.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
svg="$here/../../resources/icons/mesolive.svg"
for size in 16 22 24 32 48 64 128 256 512; do
  dir="$here/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  rsvg-convert -w "$size" -h "$size" "$svg" -o "$dir/io.mesolive.Monitor.png"
done
