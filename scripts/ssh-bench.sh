#!/usr/bin/env bash
# The SSH figures in BENCHMARKS.md, measured with stock OpenSSH clients (and sshpass):
#   1. channel bytes per second to one idle SSH session (pings only), 100x30 terminal;
#   2. the same with 64 `mousy load` players moving at 10 Hz in view, 200x50 terminal;
#   3. server CPU and RSS with PLAYERS concurrent SSH sessions, and their ping round trips.
# Usage: scripts/ssh-bench.sh [path/to/mousy] [PLAYERS]. Loopback only; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
mousy=${1:-$(swift build -c release --show-bin-path)/mousy}
players=${2:-200}
window=${WINDOW_S:-30}
work=$(mktemp -d)
cleanup() { kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$mousy" serve --port 0 --ssh-port 0 --ssh-host-key "$work/key" --stats-interval-s 5 \
  --max-players 1000 > "$work/out" 2> "$work/log" &
server=$!
for _ in $(seq 100); do grep -q "SSH up" "$work/out" 2>/dev/null && break; sleep 0.2; done
port=$(sed -n 's/^Server up on .*:\([0-9]*\)$/\1/p' "$work/out")
sshport=$(sed -n 's/^SSH up on .*:\([0-9]*\), host key.*/\1/p' "$work/out")
opts="-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"

# One OpenSSH player NAME in a COLSxROWS pty, its screen output to FILE, for SECONDS.
player() {
  timeout "$5" sshpass -p welcome sh -c "stty cols $2 rows $3; exec ssh -tt -p $sshport $opts $1@127.0.0.1" \
    > "$4" 2>&1 < /dev/zero || true
}
size() { stat -c %s "$1"; }
rate() { # FILE: bytes per second over the window, after a 5 s settle
  sleep 5; local a; a=$(size "$1"); sleep "$window"; local b; b=$(size "$1")
  echo $(( (b - a) / window ))
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }

echo "mousy: $mousy"
player idle 100 30 "$work/idle.out" $((window + 10)) &
echo "idle session, 100x30: $(rate "$work/idle.out") B/s"
wait %2 2>/dev/null || true

"$mousy" load --server "127.0.0.1:$port" --players 64 --rate 10 --duration $((window + 15)) --json > "$work/load.json" 2>&1 &
loadjob=$!
sleep 2
player watcher 200 50 "$work/movers.out" $((window + 10)) &
echo "session with 64 movers at 10 Hz, 200x50: $(rate "$work/movers.out") B/s"
wait "$loadjob" 2>/dev/null || true
sleep 1

rss0=$(rss_kib)
echo "server RSS before: $rss0 KiB; starting $players SSH players"
for i in $(seq "$players"); do
  player "p$i" 100 30 /dev/null $((window + 40)) &
  sleep 0.05
done
for _ in $(seq 120); do
  online=$(grep -o "players online: [0-9]*" "$work/log" | tail -1 | grep -o "[0-9]*$" || echo 0)
  [ "${online:-0}" -ge "$players" ] && break
  sleep 1
done
echo "players online: $online"
sleep 5
t0=$(cpu_ticks); s0=$(date +%s.%N)
sleep "$window"
t1=$(cpu_ticks); s1=$(date +%s.%N)
rss1=$(rss_kib)
hz=$(getconf CLK_TCK)
awk -v t="$((t1 - t0))" -v hz="$hz" -v a="$s0" -v b="$s1" -v n="$players" -v r0="$rss0" -v r1="$rss1" 'BEGIN {
  cpu = t / hz / (b - a) * 100
  printf "server CPU with %d SSH players: %.1f%% of one core (%.2f%% per player)\n", n, cpu, cpu / n
  printf "server RSS: %d KiB (+%d KiB, %.0f KiB per player)\n", r1, r1 - r0, (r1 - r0) / n
}'
grep "ping lateness" "$work/log" | tail -2 | sed 's/^.*players online/stats: players online/'
kill -INT "$server"; wait "$server" 2>/dev/null || true
# Each session logs its ping round trips (from the game's pings) when it ends.
grep "ssh: session ended" "$work/log" | grep -o 'rtt_p99_ms=[0-9.]*' | cut -d= -f2 | sort -n |
  awk '{ v[NR] = $1 } END { if (NR) printf "per-session ping p99 (ms): median %s, worst %s, over %d sessions\n", v[int((NR + 1) / 2)], v[NR], NR }'
