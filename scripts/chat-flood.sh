#!/bin/bash
# A chat flood against `mousy serve`, on loopback: one raw peer (scripts/rawpeer.py) sends
# LINES_PER_S chat lines a second (default 10,000) for FLOOD_S seconds (default 10) while
# PLAYERS other players (mousy load, default 50, moving at 10 Hz) play. Prints the
# others' ping cadence error in a quiet run and in the flooded run, the server's RSS
# (before, peak, after) and what the server refused. Not run by CI.
#
#   scripts/chat-flood.sh [MOUSY_BINARY]   (default: this tree's debug build, built first)
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
rate=${LINES_PER_S:-10000}; flood=${FLOOD_S:-10}; players=${PLAYERS:-50}
work=${FLOOD_DIR:-/tmp/mousy-chat-flood}
mkdir -p "$work"
bin=${1:-}
if [ -z "$bin" ]; then
  slot=$([ -x /work/bin/build-slot ] && echo /work/bin/build-slot)
  (cd "$repo" && $slot swift build --product mousy 2>&1 | tail -2) >&2
  bin="$(cd "$repo" && swift build --show-bin-path)/mousy"
fi
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
waitport() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

run() { # label, flood (0/1)
  local port metrics server peak=0 before after
  port=$(freeport); metrics=$(freeport)
  "$bin" serve --port "$port" --metrics-port "$metrics" --stats-interval-s 0 >"$work/$1-server.log" 2>&1 &
  server=$!; pids+=($server)
  waitport "$port" || { echo "server did not start" >&2; exit 1; }
  sleep 1; before=$(rss $server)
  "$bin" load --server "127.0.0.1:$port" --clients "$players" --rate 10 --duration $((flood + 4)) --json >"$work/$1-load.json" 2>/dev/null &
  local load=$!
  sleep 2
  local peer=
  if [ "$2" = 1 ]; then
    python3 "$here/rawpeer.py" chat 127.0.0.1 "$port" flooder --lines-per-s "$rate" --seconds "$flood" >"$work/$1-peer.json" &
    peer=$!
  fi
  while kill -0 $load 2>/dev/null; do
    local now; now=$(rss $server); [ "$now" -gt "$peak" ] && peak=$now; sleep 0.25
  done
  wait $load $peer
  sleep 1; after=$(rss $server)
  local refused
  refused=$(curl -s "http://127.0.0.1:$metrics/metrics" 2>/dev/null | awk '/^mousy_chats_refused_total/ {print $2}')
  kill $server 2>/dev/null; wait $server 2>/dev/null
  python3 - "$1" "$work/$1-load.json" "$work/$1-peer.json" "$before" "$peak" "$after" "${refused:-?}" <<'PY'
import json, os, sys
label, load_file, peer_file, before, peak, after, refused = sys.argv[1:]
r = json.load(open(load_file))
c = r["pingCadenceError"]
peer = json.load(open(peer_file)) if os.path.exists(peer_file) and label == "flood" else None
line = "%-6s players=%d held=%d dropped=%d  ping cadence err p50 %.2f ms p99 %.2f ms max %.2f ms  server RSS %d -> peak %d -> %d KiB" % (
    label, r["loggedIn"], r["heldThroughSteadyState"], r["dropped"], c["p50Ms"], c["p99Ms"], c["maxMs"],
    int(before), int(peak), int(after))
if peer:
    line += "  flooder: %d lines sent, %s echoed back, %d notices, closed=%s; server refused %s" % (
        peer["lines_sent"], peer["received_by_type"].get("7", 0) - peer["notices"], peer["notices"], peer["closed"], refused)
print(line)
PY
}
echo "# chat flood: $rate lines/s for $flood s, $players players at 10 Hz; $(basename "$bin") $("$bin" --version 2>/dev/null); load $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$work/quiet-peer.json"
run quiet 0
run flood 1
