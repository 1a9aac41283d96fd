#!/usr/bin/env bash
# scale.sh: builds synthetic archives of 1k and 10k windows with the CLI and
# prints wall time, CPU time and peak memory of each full build (median of
# RUNS runs, after one warm-up). Archives come from ../shared/tools/genarchive.go.
#
#   scripts/scale.sh            # 1k and 10k, 3 runs each
#   RUNS=5 SIZES="10000" scripts/scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
SIZES=${SIZES:-"1000 10000"}
WORK=${WORK:-/tmp/wrapup-scale}
GEN=${GEN:-../shared/tools/genarchive.go}
mkdir -p "$WORK"
go build -o "$WORK/wrapup" .
for n in $SIZES; do
  site="$WORK/arch$n"
  [ -d "$site" ] || go run "$GEN" -n "$n" -out "$site"
  "$WORK/wrapup" build --source "$site" --dest "$WORK/out$n" --now 2026-11-26 >/dev/null   # warm-up
  for i in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.$n.$i" \
      "$WORK/wrapup" build --source "$site" --dest "$WORK/out$n" --now 2026-11-26 >/dev/null
  done
  cat "$WORK"/time."$n".* | sort -n | awk -v n="$n" -v runs="$RUNS" '
    { wall[NR]=$1; cpu[NR]=$2+$3; if ($4>peak) peak=$4 }
    END { m=int((NR+1)/2); printf "%6d windows: wall %.2f s (median of %d), cpu %.2f s, peak RSS %.0f MiB\n", n, wall[m], runs, cpu[m], peak/1024 }'
  files=$(find "$WORK/out$n" -type f | wc -l); size=$(du -sm "$WORK/out$n" | cut -f1)
  echo "        output: $files files, $size MiB"
  rm -f "$WORK"/time."$n".*
done
