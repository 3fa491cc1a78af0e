#!/bin/sh
# Runs a command against a real Secret Service without touching the user's keyring: a
# private D-Bus session (dbus-run-session) with its own gnome-keyring-daemon, unlocked with a
# throw-away password, keeping its keyrings in a temporary HOME that is removed afterwards.
# Usage: run-with-keyring.sh [--locked] COMMAND [ARGS...]
#   --locked: do not create and unlock a keyring; the Secret Service is only D-Bus-activated
#             on first use and has no usable collection (its unlock prompt cannot be shown).
set -eu

if [ "${MESOLIVE_KEYRING_SESSION:-}" = unlocked ]; then
    # Inside the private bus: start and unlock the keyring (creates the "login" collection,
    # which becomes the default one), then run the command.
    printf '%s' 'mesolive-test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$@"
elif [ "${MESOLIVE_KEYRING_SESSION:-}" = locked ]; then
    exec "$@"
fi

session=unlocked
if [ "${1:-}" = --locked ]; then
    session=locked
    shift
fi

for tool in dbus-run-session gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "run-with-keyring.sh: $tool is not installed" >&2
        exit 1
    fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/mesolive-keyring.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
mkdir -p "$scratch/home/.local/share" "$scratch/home/.cache" "$scratch/home/.config" "$scratch/run"
chmod 700 "$scratch/run"

status=0
env -u DISPLAY -u WAYLAND_DISPLAY -u DBUS_SESSION_BUS_ADDRESS \
    HOME="$scratch/home" \
    XDG_DATA_HOME="$scratch/home/.local/share" \
    XDG_CACHE_HOME="$scratch/home/.cache" \
    XDG_CONFIG_HOME="$scratch/home/.config" \
    XDG_RUNTIME_DIR="$scratch/run" \
    MESOLIVE_KEYRING_SESSION=$session \
    dbus-run-session -- sh "$0" "$@" || status=$?
exit "$status"
