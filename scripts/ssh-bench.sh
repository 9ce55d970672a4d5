#!/usr/bin/env bash
# The SSH figures in BENCHMARKS.md, measured with stock OpenSSH clients (sshpass types the
# password, script(1) gives each client a pty of the stated size):
#   1. bytes per second to one idle SSH session (pings only), 100x30 terminal;
#   2. the same with 64 `mousy load` players moving at 10 Hz, all in view, 200x50 terminal;
#   3. server CPU and RSS with PLAYERS concurrent SSH sessions, each from its own loopback
#      address (127.0.x.y: one host each, as the per-address login throttle counts them),
#      and their ping round trips.
# Bytes are counted twice: what the client's terminal receives (channel data) and what
# the server's socket sends (TCP payload: SSH framing, MACs and keepalives included).
# Usage: scripts/ssh-bench.sh [path/to/mousy] [PLAYERS]
# Loopback only; stops by itself. WINDOW_S (default 30) is each measuring window.
# PERF_DATA=PATH also samples the server with perf(1) for 15 s after the crowd's window
# (so the figures are not perturbed), call graphs included, into PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
mousy=${1:-$(swift build -c release --show-bin-path)/mousy}
players=${2:-200}
window=${WINDOW_S:-30}
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "${server:-}" ] && kill -INT "$server" 2>/dev/null || true
  wait 2>/dev/null || true
  # KEEP_LOG=PATH keeps the server's log.
  [ -n "${KEEP_LOG:-}" ] && cp "$work/log" "$KEEP_LOG"
  rm -rf "$work"
}
trap cleanup EXIT

"$mousy" serve --port 0 --ssh-port 0 --ssh-host-key "$work/key" --stats-interval-s 5 \
  --max-players 1000 > "$work/out" 2> "$work/log" &
server=$!
for _ in $(seq 100); do grep -q "SSH up" "$work/out" 2>/dev/null && break; sleep 0.2; done
port=$(sed -n 's/^Server up on .*:\([0-9]*\)$/\1/p' "$work/out")
sshport=$(sed -n 's/^SSH up on .*:\([0-9]*\), host key.*/\1/p' "$work/out")
opts="-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o ServerAliveInterval=0"
# Every client's keyboard: a FIFO nobody writes to (silent, never at end of file).
mkfifo "$work/keys"
exec 3<>"$work/keys"

# One OpenSSH player NAME in a COLSxROWS pty from address SOURCE, its terminal output to FILE.
player() { # NAME COLS ROWS FILE SOURCE
  script -qfc "stty cols $2 rows $3; exec sshpass -p welcome ssh -tt -b $5 -p $sshport $opts $1@127.0.0.1" /dev/null \
    < "$work/keys" > "$4" 2>&1 &
  pids+=($!)
}
size() { stat -c %s "$1"; }
# TCP payload bytes the server has sent on SSH connections (all of them), from ss(8).
wire() {
  ss -tinH state established "( sport = :$sshport )" | grep -o 'bytes_acked:[0-9]*' | cut -d: -f2 |
    awk '{ s += $1 } END { print s + 0 }'
}
load() { uptime | sed 's/.*load average: //'; }
# "terminal T B/s, wire W B/s" for the one session writing FILE, over the window after a 5 s settle.
rates() {
  sleep 5
  local a w0 b w1
  a=$(size "$1"); w0=$(wire); sleep "$window"; b=$(size "$1"); w1=$(wire)
  echo "terminal $(( (b - a) / window )) B/s, wire $(( (w1 - w0) / window )) B/s (load $(load))"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
online() { grep -o "players online: [0-9]*" "$work/log" | tail -1 | grep -o "[0-9]*$" || echo 0; }

echo "mousy: $mousy"
echo "$(nproc) cores; load before: $(load)"
player idle 100 30 "$work/idle.out" 127.0.0.2
for _ in $(seq 100); do grep -q "you" "$work/idle.out" 2>/dev/null && break; sleep 0.2; done
echo "idle session, 100x30: $(rates "$work/idle.out")"
kill "${pids[0]}"; pids=(); sleep 1

"$mousy" load --server "127.0.0.1:$port" --clients 64 --rate 10 --duration $((window + 20)) --user-prefix mover \
  > "$work/load.out" 2>&1 &
loadjob=$!
player watcher 200 50 "$work/movers.out" 127.0.0.3
for _ in $(seq 100); do [ "$(online)" -ge 65 ] && break; sleep 0.5; done
echo "session with 64 movers at 10 Hz, 200x50 ($(online) online): $(rates "$work/movers.out")"
kill "${pids[0]}"; pids=()
wait "$loadjob" 2>/dev/null || true
sleep 2

rss0=$(rss_kib)
echo "server RSS before: $rss0 KiB; starting $players SSH players, 10 a second"
for i in $(seq "$players"); do
  player "p$i" 100 30 /dev/null "127.0.$(( i / 250 )).$(( i % 250 + 2 ))"
  sleep 0.1
done
for _ in $(seq 120); do [ "$(online)" -ge "$players" ] && break; sleep 1; done
echo "players online: $(online)"
sleep 5
n0=$(grep -c "players online" "$work/log" || true)
w0=$(wire); t0=$(cpu_ticks); s0=$(date +%s.%N)
sleep "$window"
t1=$(cpu_ticks); s1=$(date +%s.%N); w1=$(wire)
n1=$(grep -c "players online" "$work/log" || true)
rss1=$(rss_kib)
hz=$(getconf CLK_TCK)
awk -v t="$((t1 - t0))" -v hz="$hz" -v a="$s0" -v b="$s1" -v n="$players" -v r0="$rss0" -v r1="$rss1" \
  -v w="$((w1 - w0))" -v load="$(load)" 'BEGIN {
  cpu = t / hz / (b - a) * 100
  printf "server CPU with %d SSH players: %.1f%% of one core (%.3f%% per player) (load %s)\n", n, cpu, cpu / n, load
  printf "server RSS: %d KiB (+%d KiB, %.0f KiB per player)\n", r1, r1 - r0, (r1 - r0) / n
  printf "wire bytes sent to all SSH players: %.0f B/s (%.0f B/s per player)\n", w / (b - a), w / (b - a) / n
}'
if [ -n "${PERF_DATA:-}" ]; then
  perf record -q -F 499 -g -p "$server" -o "$PERF_DATA" -- sleep 15 2>/dev/null || true
fi
# The server's stats lines of the window: its pings' lateness and round trips to every player.
grep "players online" "$work/log" | sed -n "$((n0 + 1)),${n1}p" | sed 's/^.*players online/stats: players online/'
for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
pids=()
sleep 2
kill -INT "$server"; wait "$server" 2>/dev/null || true
server=
# Each session logs, when it ends, its bytes and the round trips of its latest 200 pings
# (its whole life here, the ramp's key exchanges included).
grep "ssh: session ended" "$work/log" | grep -o 'rtt_p99_ms=[0-9.]*' | cut -d= -f2 | sort -n |
  awk '{ v[NR] = $1 } END { if (NR) printf "per-session ping round trip p99 over its life (ms): median %s, worst %s, over %d sessions\n", v[int((NR + 1) / 2)], v[NR], NR }'
grep "ssh: session ended" "$work/log" | grep "user=p[0-9]" | sed 's/.*bytes=\([0-9]*\).*seconds=\([0-9]*\).*/\1 \2/' |
  awk '$2 > 0 { print $1 / $2 }' | sort -n |
  awk '{ v[NR] = $1 } END { if (NR) printf "crowd session terminal bytes over its life: median %.0f B/s, max %.0f B/s\n", v[int((NR + 1) / 2)], v[NR] }'
grep -c "ssh: session ended" "$work/log" | sed 's/^/sessions ended: /'
grep "Login refused\|connection refused\|backed up" "$work/log" | head -5 || true
