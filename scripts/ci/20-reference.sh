#!/usr/bin/env bash
# The reference suite (ctest label `reference`): our SignalR client, the Event Hub client
# and mesolive-events against the real ASP.NET Core SignalR server (tests/reference-hub).
# CI must run it: without `dotnet` this check fails rather than pass having tested nothing.
# It runs before the README's test command builds build/, so it builds first.
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
ctest --test-dir build -L reference --output-on-failure --timeout 300
