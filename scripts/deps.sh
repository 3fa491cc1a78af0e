#!/usr/bin/env bash
# Installs, with apt-get, exactly the Debian 12 packages the build and the tests need
# that are not installed yet. Idempotent and silent when everything is already there.
set -euo pipefail

packages=(
  cmake ninja-build g++ ccache pkg-config
  qt6-base-dev qt6-websockets-dev qt6-charts-dev qtkeychain-qt6-dev
  libqt6sql6-sqlite libsqlite3-dev libqt6opengl6-dev libxkbcommon-dev libgl-dev libsimdjson-dev
  qt6-qpa-plugins xvfb xauth
  libsecret-1-0 dbus gnome-keyring
  clang-14 libclang-rt-14-dev
  clang-format-19  # scripts/ci/05-format.sh
  dpkg-dev file desktop-file-utils appstream lintian
  openssl  # the tests make a CA and a server certificate at run time
  libnss-wrapper  # the tests give a host name an IPv6 address only (tests/peer/Ipv6OnlyHost.h)
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing packages: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
