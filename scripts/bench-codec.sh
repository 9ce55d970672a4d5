#!/bin/bash
# The codec benchmarks of two checkouts, in alternation, each run under the shared
# benchmark lock: `swift package benchmark --target CodecBenchmarks` in each one's
# Benchmarks package (which builds that checkout's own Messages: it depends on `..`).
# Build both first (`cd Benchmarks && swift build -c release --target CodecBenchmarks`).
#
#   scripts/bench-codec.sh OLD_CHECKOUT NEW_CHECKOUT [ROUNDS]
#
# Writes each run's table to $OUT/codec-LABEL-N.txt and prints the p50 wall clock (µs per
# 1,000 frames) and the p50 allocations of each benchmark. NICE as in bench-server.sh.
set -u
old=$1; new=$2; rounds=${3:-2}
OUT=${OUT:-/tmp/mousy-bench}; LOCK=${LOCK:-${TMPDIR:-/tmp}/mousy-bench.lock}; NICE=${NICE:--10}
mkdir -p "$OUT"

one() { # label, checkout, round
  local f="$OUT/codec-$1-$3.txt"
  echo "# $1 round $3 $(date -u +%T) load: $(cut -d' ' -f1-3 /proc/loadavg)" > "$f"
  (cd "$2/Benchmarks" && flock "$LOCK" nice -n "$NICE" swift package benchmark --target CodecBenchmarks \
    --no-progress --time-units microseconds --metric wallClock --metric mallocCountTotal) >> "$f" 2>&1
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$f"
  # Each benchmark: its name, then a table with a Malloc row and a wall clock row (p50 is column 4).
  awk -v label="$1" -v round="$3" '
    /frames \(per 1,000\)/ { bench = $0 }
    /Malloc/ { split($0, c, "│"); m = c[5]; gsub(/ /, "", m) }
    /wall clock/ { split($0, c, "│"); w = c[5]; gsub(/ /, "", w)
      printf "%s r%s %-40s p50 %s us, mallocs %s\n", label, round, bench, w, m }' "$f"
  head -1 "$f"; tail -1 "$f"
}

for r in $(seq "$rounds"); do
  if [ $((r % 2)) = 1 ]; then one old "$old" "$r"; one new "$new" "$r"; else one new "$new" "$r"; one old "$old" "$r"; fi
done
