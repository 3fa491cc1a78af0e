#!/usr/bin/env bash
# The whole test suite built with AddressSanitizer and UndefinedBehaviorSanitizer, in a
# build tree of its own (build-asan), and run with every sanitizer report fatal: a memory
# error, a leak or undefined behaviour fails the test that hit it.
#
# The `reference` tests (they need dotnet and a real hub) are left out. Known leaks of the
# system libraries Qt loads are suppressed in tests/sanitizers/lsan.supp, narrowly; a
# leak of ours is a bug to fix, not to suppress.
#
# Environment: MESOLIVE_ASAN_BUILD_DIR (default build-asan), CXX (default clang++-14 when
# installed, else g++), MESOLIVE_ASAN_JOBS (ctest -j, default 1).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${MESOLIVE_ASAN_BUILD_DIR:-$root/build-asan}"
compiler="${CXX:-}"
if [ -z "$compiler" ]; then
  if command -v clang++-14 >/dev/null; then compiler=clang++-14; else compiler=g++; fi
fi

# -O1: a sanitized -O2 build costs much more compile time for little; -O0 makes the
# sanitized tests slow. Debug, so that Q_ASSERT and Qt's own container asserts are on.
configure_start=$(date +%s)
cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_CXX_COMPILER="$compiler" \
  -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
  -DMESOLIVE_SANITIZE=address,undefined >/dev/null
cmake --build "$build"
build_end=$(date +%s)
echo "sanitizer build ($compiler): $(( build_end - configure_start )) s"

# halt_on_error/abort_on_error: the first report ends the program with a failure.
# detect_leaks: LeakSanitizer at exit (exitcode 23 on a leak).
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:strict_init_order=1:check_initialization_order=1"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0"

# nss_wrapper (label nss_wrapper: a whole test process under its LD_PRELOAD) dlopens libc
# with RTLD_DEEPBIND, which the sanitizer runtime refuses at start-up
# (google/sanitizers#611): those run in the plain build only.
ctest --test-dir "$build" -LE "reference|nss_wrapper" --output-on-failure --timeout 600 \
  -j "${MESOLIVE_ASAN_JOBS:-1}"
echo "sanitizer test run: $(( $(date +%s) - build_end )) s"
