#!/usr/bin/env bash
# Runs every fuzz target in the repo for a while (default 60s each), one after
# another: ./scripts/fuzz.sh [duration]. A failing input is written to the
# package's testdata/fuzz/<Target>/ folder; commit it with the fix, and from
# then on `go test ./...` replays it as a regression test.
#
# This is not part of .ci/run on purpose: a fuzzer finds new inputs at random,
# so a gate that fuzzes fails on whatever the run happens to find that day
# instead of on what the change broke. The committed corpora run in every
# `go test`.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${1:-60s}"
status=0
for f in $(grep -rl --include='*_test.go' '^func Fuzz' generator themes 2>/dev/null); do
  pkg="./$(dirname "$f")"
  for target in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | sed 's/^func //'); do
    echo "-- $pkg $target ($fuzztime)"
    go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg" || status=1
  done
done
exit $status
