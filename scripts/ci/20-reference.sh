#!/usr/bin/env bash
# The reference suite (ctest label `reference`): our SignalR client, the Event Hub client
# and mesolive-events against the real ASP.NET Core SignalR server (tests/reference-hub).
# CI must run it: without `dotnet` this check fails rather than pass having tested nothing.
# The README's test command, which .ci/run runs last, runs it with everything else; this
# check makes sure it is there to run (built, and registered with ctest), so that a build
# that left it out cannot pass quietly.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "reference suite: dotnet not found; CI needs the .NET SDK to run it" >&2
  exit 1
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

bash scripts/dev.sh build
# A build/ configured before dotnet was installed has the suite left out: configure again.
if ! grep -q '^DOTNET_EXECUTABLE:FILEPATH=/' build/CMakeCache.txt; then
  cmake -U DOTNET_EXECUTABLE build >/dev/null
  cmake --build build
fi
registered=$(ctest --test-dir build -N -L reference | sed -n 's/^Total Tests: //p')
if [ "${registered:-0}" -lt 1 ]; then
  echo "reference suite: no test is registered with ctest; it would not run" >&2
  exit 1
fi
echo "reference suite: $registered tests registered; they run with the README's test command"
