#!/bin/bash
# CPU of `mousy play` (builds side by side, 120x40 tmux terminals, same moment): idle with
# the embedded server, idle joined to a `mousy serve`, and joined while `mousy load` moves
# PEERS players at RATE Hz. CPU is on-CPU time from /proc/PID/task/*/schedstat.
# Usage: [SECONDS=30 PEERS=64 RATE=10] scripts/client-bench.sh NAME=MOUSY_BINARY...
# (the last binary runs the server and the load). On a shared machine, run it under
# `flock` on a common lock file.
set -euo pipefail
seconds=${SECONDS_EACH:-30} peers=${PEERS:-64} rate=${RATE:-10}
names=() binaries=()
for pair in "$@"; do names+=("${pair%%=*}"); binaries+=("${pair#*=}"); done
after=${binaries[-1]}
work=$(mktemp -d) sock=clientbench$$
port=$((20000 + RANDOM % 12000))
cleanup() {
    tmux -L "$sock" kill-server 2>/dev/null || true
    [ -n "${serve:-}" ] && kill "$serve" 2>/dev/null || true
    [ -n "${load:-}" ] && kill "$load" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

"$after" serve --port "$port" --stats-interval-s 0 >"$work/serve.log" 2>&1 & serve=$!
sleep 2
start() {  # name, binary, arguments...
    local name=$1 binary=$2; shift 2
    tmux -L "$sock" new-session -d -s "$name" -x 120 -y 40 \
        "env -u NO_COLOR TERM=xterm-256color XDG_CACHE_HOME=$work/$name $binary play $*; sleep 600"
}
pid_of() {  # the mousy process in session $1
    local pane; pane=$(tmux -L "$sock" display -p -t "$1" '#{pane_pid}')
    pgrep -f -P "$pane" "play" | head -1 || true
}
cpu_ns() { cat /proc/"$1"/task/*/schedstat | awk '{ s += $1 } END { printf "%d\n", s }'; }
measure() {  # label, sessions...: CPU per session over $seconds, in % of one core
    local label=$1; shift
    declare -A pid first
    for s in "$@"; do pid[$s]=$(pid_of "$s"); first[$s]=$(cpu_ns "${pid[$s]}"); done
    sleep "$seconds"
    for s in "$@"; do
        local used=$(( $(cpu_ns "${pid[$s]}") - first[$s] ))
        awk -v l="$label" -v s="$s" -v u="$used" -v t="$seconds" \
            'BEGIN { printf "%-26s %-14s %8.1f ms  %6.2f %% of a core\n", l, s, u / 1e6, u / 1e7 / t }'
    done
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}

sessions=() joined=()
for i in "${!names[@]}"; do
    start "${names[i]}-embedded" "${binaries[i]}" --port 0 --user "host$i"
    start "${names[i]}-joined" "${binaries[i]}" --server "127.0.0.1:$port" --user "${names[i]}"
    sessions+=("${names[i]}-embedded" "${names[i]}-joined"); joined+=("${names[i]}-joined")
done
for s in "${sessions[@]}"; do
    for _ in $(seq 60); do
        tmux -L "$sock" capture-pane -p -t "$s" | grep -q "logged in" && break
        sleep 1
    done
    tmux -L "$sock" capture-pane -p -t "$s" | grep -q "logged in" || { echo "$s did not log in"; tmux -L "$sock" capture-pane -p -t "$s"; exit 1; }
done
sleep 3
measure idle "${sessions[@]}"
"$after" load --server "127.0.0.1:$port" --clients "$peers" --rate "$rate" --duration $((seconds + 20)) >"$work/load.log" 2>&1 & load=$!
sleep 8
tmux -L "$sock" capture-pane -p -t "${joined[0]}" | grep -q "online  $((peers + ${#joined[@]}))" \
    || { echo "the load's players are not all in"; tmux -L "$sock" capture-pane -p -t "${joined[0]}"; }
measure "$peers peers at $rate Hz" "${joined[@]}"
wait "$load" || true
load=
