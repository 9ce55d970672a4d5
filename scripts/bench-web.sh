#!/bin/bash
# Browser players beside terminal players, and the same run all over TCP: a release
# `mousy serve --web-port 0`, TCP players from one `mousy load` (10 Hz) and WebSocket
# players from another, `mousy load --web` (10 Hz, the page's JSON frames), for DURATION s;
# then TCP players only, as many in all. Prints, per run, the server's CPU, each group's
# ping cadence error p99 (measured by the load client) and round trip p50/p99 (measured
# by the server, reported in its pings). Then the bytes per second an idle browser page
# gets (scripts/bench-web.py), in an empty world and beside the moving crowd.
#
#   scripts/bench-web.sh SERVER_BINARY [STEP...]   STEP: mixed all-tcp idle-empty idle-crowd
#   (environment: TCP=800 WEB=200 DURATION=40 NICE=-10; LOAD=BINARY runs the load clients
#   from another build, so that two servers are compared under the same load)
set -u
bin=$1; shift
steps=("$@"); [ ${#steps[@]} -eq 0 ] && steps=(mixed all-tcp idle-empty idle-crowd)
NICE=${NICE:--10}
# As in bench-server.sh: a session of our own whose autogroup gets NICE, where permitted.
if [ -z "${BENCH_OWN_GROUP:-}" ] && [ -w /proc/self/autogroup ] && command -v setsid > /dev/null; then
  BENCH_OWN_GROUP=1 exec setsid -w "$0" "$bin" "${steps[@]}"
fi
[ -n "${BENCH_OWN_GROUP:-}" ] && { echo "$NICE" > /proc/self/autogroup; } 2> /dev/null
TCP=${TCP:-800}; WEB=${WEB:-200}; DURATION=${DURATION:-40}; LOAD=${LOAD:-$bin}
here=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-/tmp/mousy-bench-web}; mkdir -p "$OUT"
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
loads() { local t=0 p; for p in "$@"; do [ -n "$p" ] && t=$((t + $(ticks "$p"))); done; echo $t; }  # both load clients

# serve → sets sp, port, wport
serve() {
  local log=$OUT/serve-$1.log
  "$bin" serve --port 0 --web-port 0 --max-pending-per-address 0 --login-timeout-s 60 > "$log" 2>&1 &
  sp=$!
  for _ in $(seq 300); do grep -q "^Web page on" "$log" && break; sleep 0.1; done
  port=$(grep -o "^Server up on [0-9.]*:[0-9]*" "$log" | grep -o "[0-9]*$")
  wport=$(grep -o "^Web page on http://[0-9.]*:[0-9]*" "$log" | grep -o "[0-9]*$")
  [ -n "$port" ] && [ -n "$wport" ] || { echo "the server did not start: $log"; exit 1; }
}

load() {  # load LABEL CLIENTS [ARGS...]: one mousy load in the background, its pid in lp
  local label=$1 clients=$2; shift 2
  "$LOAD" load --server "127.0.0.1:$port" --clients "$clients" --user-prefix "$label" --rate 10 --ramp 5 \
    --duration "$DURATION" --json "$@" > "$OUT/$run-$label.json" 2> "$OUT/$run-$label.err" &
  lp=$!
}

figures() {  # figures LABEL: a load report's players, cadence p99 and round trips, in ms
  local f=$OUT/$run-$1.json
  echo "$1: logged_in=$(jq .loggedIn "$f") cadence_p99=$(jq .pingCadenceError.p99Ms "$f")" \
    "rtt_p50=$(jq .roundTrip.p50Ms "$f") rtt_p99=$(jq .roundTrip.p99Ms "$f") frames_in_per_player=$(jq '.framesReceivedPerSecond / .clients | round' "$f")"
}

run() {  # run LABEL TCP_CLIENTS WEB_CLIENTS
  run=$1
  serve "$1"
  local c0 c1 l0 l1 tp wp=
  load tcp "$2"; tp=$lp
  if [ "$3" -gt 0 ]; then load web "$3" --web "$3" --web-port "$wport"; wp=$lp; fi
  sleep 10; c0=$(ticks $sp); l0=$(loads "$tp" "$wp"); sleep $((DURATION - 15)); c1=$(ticks $sp); l1=$(loads "$tp" "$wp")
  local avg; avg=$(cut -d' ' -f1-3 /proc/loadavg)
  wait $tp; [ -n "$wp" ] && wait $wp
  kill -TERM $sp; wait $sp
  echo "$1 tcp=$2 web=$3 server_cores=$(echo "($c1 - $c0) / $hz / ($DURATION - 15)" | bc -l | xargs printf %.2f)" \
    "load_client_cores=$(echo "($l1 - $l0) / $hz / ($DURATION - 15)" | bc -l | xargs printf %.2f)" \
    "$(figures tcp) $([ "$3" -gt 0 ] && figures web) load=[$avg]"
}

idle() {  # idle LABEL TCP_MOVERS
  serve "$1"
  local lp=
  if [ "$2" -gt 0 ]; then
    "$LOAD" load --server "127.0.0.1:$port" --clients "$2" --rate 10 --ramp 5 --duration 40 --json > /dev/null 2>&1 &
    lp=$!
    sleep 6
  fi
  echo "$1 movers=$2 idle_page=$(python3 "$here/scripts/bench-web.py" --port "$wport" --idle --duration 25 --warmup 5)"
  # Not a bare `wait`: with no movers it would wait for the server too.
  if [ -n "$lp" ]; then kill $lp 2> /dev/null; wait $lp 2> /dev/null; fi
  kill -TERM $sp; wait $sp
}

for step in "${steps[@]}"; do
  case $step in
  mixed) run mixed "$TCP" "$WEB" ;;
  all-tcp) run all-tcp "$((TCP + WEB))" 0 ;;
  idle-empty) idle idle-empty 0 ;;
  idle-crowd) idle idle-crowd "$((TCP + WEB))" ;;
  esac
done
