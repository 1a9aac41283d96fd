#!/usr/bin/env bash
# scale.sh: builds synthetic archives of 1k and 10k windows with the CLI and,
# when Hugo is installed, with Hugo too, alternating wrapup and Hugo run by
# run so that both see the same machine load. It prints wall time, CPU time
# and peak memory of each full build (median of RUNS runs, after one warm-up
# of each) and wrapup's ratio to Hugo. Archives come from
# ../shared/tools/genarchive.go; Hugo from `../shared/bench/anchors.sh install`
# (it lands in /tmp/bench/bin/hugo) with the site in ../shared/bench/hugo-site.
#
#   scripts/scale.sh            # 1k and 10k, 3 runs each
#   RUNS=5 SIZES="10000" scripts/scale.sh
#   HUGO=none scripts/scale.sh  # wrapup alone
#   WRAPUP=/tmp/old/wrapup scripts/scale.sh  # a binary built elsewhere (before/after)
#   BASE=/tmp/main/wrapup scripts/scale.sh    # that binary too, in the same loop, into its own dest
#   FIRST=1 scripts/scale.sh   # every wrapup build into an empty dest (removed untimed before)
#
# Without FIRST every build goes over the previous output, as a user's
# repeated builds do; wrapup reuses that output's unchanged files.
#
# It also prints the load average before and after, since the figures mean
# little without it on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
SIZES=${SIZES:-"1000 10000"}
WORK=${WORK:-/tmp/wrapup-scale}
GEN=${GEN:-../shared/tools/genarchive.go}
HUGO=${HUGO:-/tmp/bench/bin/hugo}
HUGO_SITE=${HUGO_SITE:-$(pwd)/../shared/bench/hugo-site}
NOW=${NOW:-2026-11-26}
mkdir -p "$WORK"
WRAPUP=${WRAPUP:-}
if [ -z "$WRAPUP" ]; then
  go build -o "$WORK/wrapup" .
  WRAPUP="$WORK/wrapup"
fi
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
have_hugo=false
if [ -x "$HUGO" ]; then
  have_hugo=true
else
  echo "no Hugo at $HUGO (run ../shared/bench/anchors.sh install, or set HUGO): wrapup alone"
fi

BASE=${BASE:-}
FIRST=${FIRST:-}
wrapup_cmd() { echo "$WRAPUP" build --source "$WORK/arch$1" --dest "$WORK/out$1" --now "$NOW"; }
base_cmd() { echo "$BASE" build --source "$WORK/arch$1" --dest "$WORK/out$1-base" --now "$NOW"; }
# fresh DEST: with FIRST set, removes DEST (untimed) so the build starts empty
fresh() { if [ -n "$FIRST" ]; then rm -rf "$1"; sync; fi; }
hugo_cmd() { echo "$HUGO" --quiet -s "$HUGO_SITE" -d "$WORK/hugo$1" --contentDir "$WORK/arch$1/content"; }
med() { sort -g | awk '{ a[NR]=$1 } END { print a[int((NR+1)/2)] }'; }
# summary FILE: the medians "wall cpu peak" of the runs in FILE (one "%e %U %S %M" line each)
summary() { echo "$(awk '{ print $1 }' "$1" | med) $(awk '{ print $2 + $3 }' "$1" | med) $(awk '{ print $4 }' "$1" | med) $(awk '{ print $2 }' "$1" | med) $(awk '{ print $3 }' "$1" | med)"; }

for n in $SIZES; do
  site="$WORK/arch$n"
  [ -d "$site" ] || go run "$GEN" -n "$n" -out "$site"
  $(wrapup_cmd "$n") >/dev/null # warm-ups
  if [ -n "$BASE" ]; then $(base_cmd "$n") >/dev/null; fi
  if $have_hugo; then $(hugo_cmd "$n") >/dev/null; fi
  : > "$WORK/wrapup.$n"
  : > "$WORK/base.$n"
  : > "$WORK/hugo.$n"
  for _ in $(seq "$RUNS"); do
    fresh "$WORK/out$n"
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/one" $(wrapup_cmd "$n") >/dev/null
    tail -1 "$WORK/one" >> "$WORK/wrapup.$n"
    if [ -n "$BASE" ]; then
      fresh "$WORK/out$n-base"
      /usr/bin/time -f "%e %U %S %M" -o "$WORK/one" $(base_cmd "$n") >/dev/null
      tail -1 "$WORK/one" >> "$WORK/base.$n"
    fi
    if $have_hugo; then
      /usr/bin/time -f "%e %U %S %M" -o "$WORK/one" $(hugo_cmd "$n") >/dev/null
      tail -1 "$WORK/one" >> "$WORK/hugo.$n"
    fi
  done
  read -r ww wc wp wu ws < <(summary "$WORK/wrapup.$n")
  printf "%6d windows: wrapup wall %.2f s, cpu %.2f s (user %.2f, sys %.2f), peak RSS %.0f MiB (medians of %d)\n" "$n" "$ww" "$wc" "$wu" "$ws" "$(echo "$wp" | awk '{print $1/1024}')" "$RUNS"
  files=$(find "$WORK/out$n" -type f | wc -l); size=$(du -sm "$WORK/out$n" | cut -f1)
  echo "        output: $files files, $size MiB"
  if [ -n "$BASE" ]; then
    read -r bw bc bp bu bs < <(summary "$WORK/base.$n")
    printf "        base   wall %.2f s, cpu %.2f s (user %.2f, sys %.2f), peak RSS %.0f MiB\n" "$bw" "$bc" "$bu" "$bs" "$(echo "$bp" | awk '{print $1/1024}')"
    awk -v ww="$ww" -v bw="$bw" -v ws="$ws" -v bs="$bs" 'BEGIN { printf "        wrapup / base: wall %.2fx, sys %.2fx\n", ww / bw, ws / bs }'
  fi
  if $have_hugo; then
    read -r hw hc hp hu hs < <(summary "$WORK/hugo.$n")
    printf "        hugo   wall %.2f s, cpu %.2f s (user %.2f, sys %.2f), peak RSS %.0f MiB\n" "$hw" "$hc" "$hu" "$hs" "$(echo "$hp" | awk '{print $1/1024}')"
    awk -v ww="$ww" -v hw="$hw" -v wp="$wp" -v hp="$hp" 'BEGIN { printf "        wrapup / hugo: wall %.2fx, peak %.2fx\n", ww / hw, wp / hp }'
  fi
  rm -f "$WORK/one"
  echo "        load average: $(cut -d' ' -f1-3 /proc/loadavg)"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
