#!/usr/bin/env bash
# The Debian package as a trader gets it: build the .deb with CPack from the shared build/
# (scripts/dev.sh build; the test step after this reuses it), check its metadata and
# contents, install it with apt-get, run the installed programs from /usr/bin, validate the
# desktop file and the AppStream metainfo where they were installed, run lintian, and
# remove the package again.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${MESOLIVE_BUILD_DIR:-$root/build}"
app_id=io.mesolive.Monitor
package=mesolive-monitor

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi

fail() {
  echo "30-package: $*" >&2
  exit 1
}

bash "$root/scripts/dev.sh" build >/dev/null

# The one version: the project() version, as configured into version.h.
version="$(sed -n 's/^#define MESOLIVE_VERSION "\(.*\)"$/\1/p' "$build/generated/mesolive/version.h")"
[ -n "$version" ] || fail "no MESOLIVE_VERSION in $build/generated/mesolive/version.h"
# ...and nowhere else in the code or the packaging files (the metainfo's release notes
# name each version once, by design).
if hardcoded="$(grep -rnF "\"$version\"" "$root/app" "$root/ui" "$root/packaging" \
                  --include='*.cpp' --include='*.h' --include='*.in' --include='*.txt' --include='*.cmake')"; then
  fail "version $version written by hand instead of MESOLIVE_VERSION / PROJECT_VERSION:"$'\n'"$hardcoded"
fi
newest_release="$(grep -o '<release version="[^"]*"' "$root/packaging/$app_id.metainfo.xml" | head -n 1 | cut -d'"' -f2)"
[ "$newest_release" = "$version" ] ||
  fail "the newest <release> in packaging/$app_id.metainfo.xml is '$newest_release', not $version: add its release notes"
# The one licence, MIT (LICENSE): the package's copyright file says so under Debian's name
# for it, Expat, and the metainfo under its SPDX id.
head -n 1 "$root/LICENSE" | grep -qxF "MIT License" || fail "LICENSE is not the MIT licence"
grep -qxF "License: Expat" "$root/packaging/debian/copyright" || fail "packaging/debian/copyright does not say MIT (Expat)"
grep -qF "<project_license>MIT</project_license>" "$root/packaging/$app_id.metainfo.xml" ||
  fail "packaging/$app_id.metainfo.xml has no <project_license>MIT</project_license>"

out="$(mktemp -d)"
installed=0
cleanup() {
  if [ "$installed" -eq 1 ]; then
    "${sudo_cmd[@]}" apt-get remove -y -qq "$package" >/dev/null 2>&1 || true
  fi
  rm -rf "$out"
}
trap cleanup EXIT
chmod 755 "$out" # apt reads the .deb as the unprivileged _apt user

echo "Building the package (cpack -G DEB)"
(cd "$build" && cpack -G DEB -B "$out" >"$out/cpack.log" 2>&1) || { cat "$out/cpack.log" >&2; fail "cpack failed"; }
deb="$(ls "$out"/*.deb)"
[ "$(basename "$deb")" = "${package}_${version}_$(dpkg --print-architecture).deb" ] || fail "unexpected package name $(basename "$deb")"
echo "$(basename "$deb"): $(du -h "$deb" | cut -f1)"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Version)" = "$version" ] || fail "package version $(field Version), project version $version"
depends="$(field Depends)"
echo "Depends: $depends"
depends_names="$(tr ',' '\n' <<<"$depends" | sed 's/^ *//; s/[ (].*//')"
for needed in libqt6core6 libqt6widgets6 libqt6websockets6 libqt6charts6 libqt6keychain1 libqt6sql6 \
              libqt6sql6-sqlite libc6 libstdc++6; do
  grep -qxF "$needed" <<<"$depends_names" || fail "Depends lacks $needed (did dpkg-shlibdeps run?)"
done
for name in Section Maintainer Description; do
  [ -n "$(field "$name")" ] || fail "no $name in the control file"
done

contents="$(dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|')"
expected=(
  /usr/bin/mesolive-monitor /usr/bin/mesolive-events /usr/bin/mesolive-hubsim
  "/usr/share/applications/$app_id.desktop"
  "/usr/share/metainfo/$app_id.metainfo.xml"
  "/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
  /usr/share/man/man1/mesolive-monitor.1.gz /usr/share/man/man1/mesolive-events.1.gz
  /usr/share/man/man1/mesolive-hubsim.1.gz
  "/usr/share/doc/$package/copyright" "/usr/share/doc/$package/changelog.gz"
)
for size in 16 22 24 32 48 64 128 256 512; do
  expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png")
done
for path in "${expected[@]}"; do
  grep -qxF "$path" <<<"$contents" || fail "the package lacks $path"
done

echo "Installing it (apt-get install ./$(basename "$deb"))"
export DEBIAN_FRONTEND=noninteractive
installed=1
(cd "$out" && "${sudo_cmd[@]}" apt-get install -y -qq "./$(basename "$deb")" >"$out/apt.log" 2>&1) ||
  { cat "$out/apt.log" >&2; fail "apt-get install failed"; }

# The installed programs, by their installed paths (not build/'s).
/usr/bin/mesolive-events --help >/dev/null || fail "mesolive-events --help failed"
for program in mesolive-monitor mesolive-events mesolive-hubsim; do
  shown="$("/usr/bin/$program" --version)"
  echo "$shown"
  [ "$shown" = "$program $version" ] || fail "$program --version says '$shown', not '$program $version'"
done
# The man pages keep up with the programs: every option a --help shows is in its page.
man_options() { zcat "/usr/share/man/man1/$1.1.gz" | sed 's/\\-/-/g' | grep -oE -- '--[a-z][a-z-]*' | sort -u; }
help_options() { grep -oE -- '--[a-z][a-z-]*' | sort -u; }
check_man_page() {
  local page="$1" help="$2" missing
  missing="$(comm -23 <(help_options <<<"$help") <(man_options "$page"))"
  [ -z "$missing" ] || fail "man page $page.1 lacks option(s) shown by --help: $(echo $missing)"
}
events_help="$(/usr/bin/mesolive-events --help)"
for command in dump history latest; do
  events_help+=$'\n'"$(/usr/bin/mesolive-events "$command" --help)"
done
check_man_page mesolive-events "$events_help"
check_man_page mesolive-hubsim "$(/usr/bin/mesolive-hubsim --help)"
check_man_page mesolive-monitor "$(QT_QPA_PLATFORM=offscreen /usr/bin/mesolive-monitor --help 2>/dev/null)"

# The installed window, off screen, in Demo mode: Qt's plugins load, the window shows.
# Its settings and data go to the scratch directory, not the CI user's home.
XDG_CONFIG_HOME="$out/config" XDG_DATA_HOME="$out/data" XDG_CACHE_HOME="$out/cache" \
  QT_QPA_PLATFORM=offscreen MESOLIVE_SCREENSHOT="$out/window.png" MESOLIVE_SCREENSHOT_DELAY_MS=1500 \
  timeout 60 /usr/bin/mesolive-monitor --demo >/dev/null 2>"$out/monitor.log" ||
  { cat "$out/monitor.log" >&2; fail "the installed mesolive-monitor did not show its window"; }
[ -s "$out/window.png" ] || fail "no window grabbed from the installed mesolive-monitor"

echo "Validating the installed desktop file and metainfo"
desktop-file-validate "/usr/share/applications/$app_id.desktop"
echo "desktop-file-validate: /usr/share/applications/$app_id.desktop is valid"
appstreamcli validate --no-net "/usr/share/metainfo/$app_id.metainfo.xml"

if command -v lintian >/dev/null; then
  echo "lintian"
  # Errors and warnings fail; the info-level tags left (hardening flags the build does not
  # set, a .comment section strip keeps) are listed in packaging/README.md.
  lintian_status=0
  lintian --fail-on error,warning "$deb" >"$out/lintian.log" 2>&1 || lintian_status=$?
  grep -v "running with root privileges" "$out/lintian.log" || true
  [ "$lintian_status" -eq 0 ] || fail "lintian found errors or warnings"
fi
echo "30-package: OK"
