#!/bin/bash
# Before/after server figures in one session: runs scripts/bench-server.sh for an old and a
# new `mousy serve` binary in alternation (A/B, then B/A, ...), each run under the shared
# lock file (LOCK, default $TMPDIR/mousy-bench.lock), with one load generator (LOAD, default: this worktree's release build)
# driving both. One line per run goes to standard output and to $OUT/compare.txt.
#
#   scripts/bench-compare.sh OLD_BINARY NEW_BINARY [ROUNDS]
#
# PHASES (default "fanin burst crowd1000 crowd5000") picks what runs; "fanin" also runs
# the new server with a /metrics scraper, and "metrics" runs the new server without and
# with the scraper, then scripts/bench-scrape-cost.sh. BURST_CLIENTS (default 10000). The new server gets --max-pending-per-address 0
# in the burst (the old one has no such limit, nor the option).
set -u
old=$1; new=$2; rounds=${3:-2}
here=$(cd "$(dirname "$0")" && pwd)
export OUT=${OUT:-/tmp/mousy-bench}
PHASES=${PHASES:-fanin burst crowd1000 crowd5000}
LOCK=${LOCK:-${TMPDIR:-/tmp}/mousy-bench.lock}
mkdir -p "$OUT"

run() { # label, env assignments..., -- mode binary [serve options]
  flock "$LOCK" env "$@" | tee -a "$OUT/compare.txt"
}
pair() { # round, then the command for old and for new (as functions)
  if [ $(($1 % 2)) = 1 ]; then "$2"; "$3"; else "$3"; "$2"; fi
}

for phase in $PHASES; do
  for r in $(seq "$rounds"); do
    echo "# $phase round $r $(date -u +%T) load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/compare.txt"
    case $phase in
    fanin)
      a() { run "$here/bench-server.sh" fanin old "$old"; }
      b() { run "$here/bench-server.sh" fanin new "$new"; run "$here/bench-server.sh" fanin-scrape new "$new"; }
      pair "$r" a b ;;
    metrics)
      a() { run "$here/bench-server.sh" fanin new "$new"; }
      b() { run "$here/bench-server.sh" fanin-scrape new "$new"; }
      pair "$r" a b
      run "$here/bench-scrape-cost.sh" "$new" "${LOAD:-$new}" ;;
    burst)
      a() { run CLIENTS="${BURST_CLIENTS:-10000}" "$here/bench-server.sh" burst old "$old"; }
      b() { run CLIENTS="${BURST_CLIENTS:-10000}" "$here/bench-server.sh" burst new "$new" --max-pending-per-address 0; }
      pair "$r" a b ;;
    crowd1000)
      a() { run CLIENTS=1000 RAMP=5 DURATION=40 "$here/bench-server.sh" crowd old "$old"; }
      b() { run CLIENTS=1000 RAMP=5 DURATION=40 "$here/bench-server.sh" crowd new "$new" --max-pending-per-address 0; }
      pair "$r" a b ;;
    crowd5000)
      a() { run CLIENTS=5000 RAMP=10 DURATION=50 "$here/bench-server.sh" crowd old "$old"; }
      b() { run CLIENTS=5000 RAMP=10 DURATION=50 "$here/bench-server.sh" crowd new "$new" --max-pending-per-address 0; }
      pair "$r" a b ;;
    esac
  done
done
