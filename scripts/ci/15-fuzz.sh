#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ with clang (ASan + UBSan, build-fuzz) and runs
# them for about a minute in all, each over a scratch copy of its seed corpus with its
# dictionary. Fails on any crash, sanitizer report, timeout or broken property; the input
# that did it is printed (base64) and kept in build-fuzz/fuzz-artifacts/. To keep it as a
# regression seed: copy it to tests/fuzz/corpus/<name>/regression-<what>.
#
# Environment: MESOLIVE_FUZZ_BUILD_DIR (default build-fuzz), MESOLIVE_FUZZ_SECONDS (the
# wall-clock budget for all targets together, default 60), CXX (default clang++-14).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${MESOLIVE_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${MESOLIVE_FUZZ_SECONDS:-60}"
compiler="${CXX:-clang++-14}"
if ! command -v "$compiler" >/dev/null; then
  echo "15-fuzz: $compiler not found (libFuzzer needs clang and libclang-rt-14-dev)" >&2
  exit 1
fi

targets=()
for source in "$root"/tests/fuzz/fuzz_*.cpp; do
  targets+=("$(basename "$source" .cpp)")
done

start=$(date +%s)
cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_CXX_COMPILER="$compiler" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DMESOLIVE_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" --target "${targets[@]}"
echo "fuzz build: $(( $(date +%s) - start )) s"

# Two cores: the targets run side by side, each for the whole budget when there are at
# most two, otherwise the budget is shared out.
per_target=$seconds
if [ ${#targets[@]} -gt 2 ]; then
  per_target=$(( seconds * 2 / ${#targets[@]} ))
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"

pids=()
for target in "${targets[@]}"; do
  name="${target#fuzz_}"
  mkdir -p "$work/$name"
  cp -r "$root/tests/fuzz/corpus/$name/." "$work/$name/"
  dict=()
  [ -f "$root/tests/fuzz/$name.dict" ] && dict=(-dict="$root/tests/fuzz/$name.dict")
  # -timeout: one input taking over 10 s is a hang, reported like a crash.
  # -rss_limit_mb: a runaway allocation is reported too (ASan's own memory included).
  "$build/tests/fuzz/$target" "${dict[@]}" \
    -max_total_time="$per_target" -timeout=10 -rss_limit_mb=2560 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$target-" \
    "$work/$name" >"$work/$target.log" 2>&1 &
  pids+=($!)
done

failed=0
for i in "${!targets[@]}"; do
  target="${targets[$i]}"
  status=0
  wait "${pids[$i]}" || status=$?
  log="$work/$target.log"
  last="$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)"
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")"
  echo "$target: ${runs:-?} runs, ${rate:-?} exec/s, corpus $(ls "$work/${target#fuzz_}" | wc -l) inputs;" \
       "last status: ${last:-none}"
  if [ "$status" -ne 0 ]; then
    failed=1
    echo "$target FAILED (exit $status):" >&2
    grep -v -E '^#[0-9]+' "$log" | tail -n 60 >&2
    for crash in "$artifacts/$target"-*; do
      [ -f "$crash" ] || continue
      echo "--- $crash (base64):" >&2
      base64 -w 0 "$crash" >&2
      echo >&2
    done
  fi
done
exit $failed
