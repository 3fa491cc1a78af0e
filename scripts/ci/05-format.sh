#!/usr/bin/env bash
# The C++ sources follow .clang-format: clang-format-19 --dry-run -Werror over every
# tracked .cpp and .h file. Fails listing each file and line that it would change; to
# apply the style, run the same over the files without --dry-run (-i), as the message says.
#
# Environment: CLANG_FORMAT (default clang-format-19: the style uses options of clang-format
# 16 and later, and older ones format short enums differently).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
format="${CLANG_FORMAT:-clang-format-19}"
if ! command -v "$format" >/dev/null; then
  echo "05-format: $format not found (scripts/deps.sh installs clang-format-19)" >&2
  exit 1
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
cd "$root"
mapfile -t files < <(git ls-files '*.cpp' '*.h')
if ! "$format" --style=file --dry-run -Werror "${files[@]}" 2>"$log"; then
  grep -E '^[^ ].*: (error|warning):' "$log" | head -n 40 >&2
  changed="$(grep -cE ': (error|warning):' "$log" || true)"
  echo "05-format: $changed places differ from .clang-format; to apply it:" >&2
  echo "  git ls-files '*.cpp' '*.h' | xargs $format --style=file -i" >&2
  exit 1
fi
echo "05-format: ${#files[@]} files follow .clang-format"
