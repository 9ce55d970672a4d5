#!/bin/bash
# The CPU one scrape of /metrics costs the server, measured without timing noise from the
# rest of the machine mattering much: a release `mousy serve --metrics-port 0` with idle
# players logged in; its CPU time (utime + stime of /proc/PID/stat, exited threads included) over
# SECONDS without scrapes, then over SECONDS with SCRAPES_PER_S scrapes a second. The
# difference divided by the scrapes is the cost of one.
#
#   scripts/bench-scrape-cost.sh SERVER_BINARY [LOAD_BINARY]
#
# Environment: CLIENTS (idle players, default 50), SECONDS_EACH (default 10),
# SCRAPES_PER_S (default 20), PORT, OUT, NICE (default -10). On a shared machine, run it under `flock` on a common lock file.
set -u
bin=$1; LOAD=${2:-$1}
CLIENTS=${CLIENTS:-50}; S=${SECONDS_EACH:-10}; RATE=${SCRAPES_PER_S:-20}
PORT=${PORT:-17970}; OUT=${OUT:-/tmp/mousy-bench}
mkdir -p "$OUT"
tag="scrape-cost-$(date +%H%M%S)"; slog="$OUT/$tag-serve.log"

# utime + stime of the whole process (exited threads included), in ns.
hz=$(getconf CLK_TCK)
cpu_ns() { awk -v hz="$hz" '{printf "%d", ($14 + $15) * 1000000000 / hz}' "/proc/$1/stat"; }

nice -n "${NICE:--10}" "$bin" serve --port "$PORT" --metrics-port 0 --stats-interval-s 0 > "$slog" 2>&1 &
sp=$!
for _ in $(seq 300); do grep -q "^Metrics on" "$slog" && break; sleep 0.1; done
url=$(grep -o "^Metrics on http://[0-9.]*:[0-9]*/metrics" "$slog" | cut -d' ' -f3)
nice -n "${NICE:--10}" "$LOAD" load --server "127.0.0.1:$PORT" --clients "$CLIENTS" --idle --duration $((3 * S + 10)) --json > "$OUT/$tag-load.json" 2> /dev/null &
lp=$!
sleep 5
curl -s -o /dev/null "$url"   # the first scrape registers the series
sleep 1
ta=$(date +%s%N); a=$(cpu_ns $sp); sleep "$S"; b=$(cpu_ns $sp); tb=$(date +%s%N)
n=0; end=$(( $(date +%s) + S ))
tc=$(date +%s%N); c=$(cpu_ns $sp)
while [ "$(date +%s)" -lt "$end" ]; do
  curl -s -o /dev/null "$url" && n=$((n + 1))
  sleep "$(echo "1 / $RATE" | bc -l)"
done
d=$(cpu_ns $sp); td=$(date +%s%N)
bytes=$(curl -s "$url" | wc -c); series=$(curl -s "$url" | grep -vc '^#')
te=$(date +%s%N); e=$(cpu_ns $sp); sleep "$S"; f=$(cpu_ns $sp); tf=$(date +%s%N)
kill -TERM $lp 2>/dev/null; wait $lp 2>/dev/null
kill -TERM $sp; wait $sp
# Server CPU per second of wall clock without scrapes, before and after the scraping.
idle_per_s=$(echo "($b - $a + $f - $e) / ($tb - $ta + $tf - $te)" | bc -l)
scraping_s=$(echo "($td - $tc) / 1000000000" | bc -l)
per_scrape_us=$(echo "(($d - $c) - $idle_per_s * ($td - $tc)) / $n / 1000" | bc -l)
echo "scrape-cost players=$CLIENTS idle_server_cpu=$(printf %.4f "$idle_per_s") cores" \
  "scraping: $n scrapes in $(printf %.1f "$scraping_s") s, server cpu $(( (d - c) / 1000000 )) ms; per_scrape_us=$(printf %.0f "$per_scrape_us")" \
  "scrape_bytes=$bytes samples=$series loadavg=[$(cut -d' ' -f1-3 /proc/loadavg)]"
