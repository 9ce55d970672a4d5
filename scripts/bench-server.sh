#!/bin/bash
# One server benchmark run: starts a release `mousy serve`, drives it with `mousy load`,
# samples the server's CPU (utime + stime ticks of /proc/PID/stat) and RSS, stops it, and
# prints one line of figures. Meant to be called alternately for two servers (A/B/A/B) by
# scripts/bench-compare.sh, so that both see the same load on a shared machine.
#
#   scripts/bench-server.sh MODE LABEL SERVER_BINARY [extra serve options...]
#
# MODE:
#   fanin         50 clients at --rate 0 for 20 s: MouseMove consumed per second
#   fanin-scrape  the same, with --metrics-port 0 and `curl /metrics` once a second
#   burst         CLIENTS (default 10000) idle players connecting at once; RSS per player
#   crowd         CLIENTS (default 1000) players moving at 10 Hz, ramped over RAMP s; with
#                 DRAG=N the first N of them drag the server's boxes (`load --drag`; serve
#                 with --shapes); with --metrics-port 0 among the serve options it also
#                 reports the world's ticks and GAME_OBJECT frames sent
#   settled       CLIENTS (default 10) idle players on a world of boxes (serve with
#                 --shapes): once it has settled, the server's CPU and GAME_OBJECT frames
#                 over 10 s
# Environment: LOAD (the load generator binary, the same for every server; default: this
# worktree's release build), OUT (log directory, default /tmp/mousy-bench), PORT, CLIENTS,
# RAMP, DURATION, NICE (niceness of the server and load generator and of their own
# session's autogroup, default -10, so that other work on a shared machine yields to the
# few seconds measured; the same for every server). On a shared machine, run it under `flock` on a common lock file.
set -u
mode=$1; label=$2; bin=$3; shift 3
here=$(cd "$(dirname "$0")/.." && pwd)
LOAD=${LOAD:-$here/.build/release/mousy}
OUT=${OUT:-/tmp/mousy-bench}
PORT=${PORT:-17960}
mkdir -p "$OUT"
tag="$mode-$label-$(date +%H%M%S)"
slog="$OUT/$tag-serve.log"; ljson="$OUT/$tag-load.json"; lerr="$OUT/$tag-load.err"
hz=$(getconf CLK_TCK)
NICE=${NICE:--10}
# Under autogroup scheduling (kernel.sched_autogroup_enabled = 1) niceness only ranks the
# processes of one session, and every session's group gets an equal share of the cores:
# run in a session of our own whose group is given NICE as well, where permitted.
if [ -z "${BENCH_OWN_GROUP:-}" ] && [ -w /proc/self/autogroup ] && command -v setsid > /dev/null; then
  BENCH_OWN_GROUP=1 exec setsid -w "$0" "$mode" "$label" "$bin" "$@"
fi
[ -n "${BENCH_OWN_GROUP:-}" ] && { echo "$NICE" > /proc/self/autogroup; } 2> /dev/null


ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
now() { date +%s.%N; }

case $mode in
fanin|fanin-scrape) stats=2 ;;
burst) stats=1 ;;
*) stats=5 ;;
esac
serve_args=(--port "$PORT" --stats-interval-s "$stats" --login-timeout-s 60)
[ "$mode" = fanin-scrape ] || [ "$mode" = settled ] && serve_args+=(--metrics-port 0)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

nice -n "$NICE" "$bin" serve "${serve_args[@]}" "$@" > "$slog" 2>&1 &
sp=$!
for _ in $(seq 300); do grep -q "^Server up on" "$slog" && break; sleep 0.1; done
if ! grep -q "^Server up on" "$slog"; then echo "$label: the server did not start (see $slog)"; kill -TERM $sp; exit 1; fi
sleep 1
rss_empty=$(rss $sp)

mport=$(grep -o "^Metrics on http://[0-9.]*:[0-9]*" "$slog" | grep -o "[0-9]*$")
# One sample of a metric (the first series whose name and labels start with $1), 0 if none.
metric() { curl -s "http://127.0.0.1:$mport/metrics" | awk -v m="$1" 'index($0, m) == 1 {printf "%.9g\n", $NF; exit}' | grep . || echo 0; }
scraper=
if [ "$mode" = fanin-scrape ]; then
  ( while :; do curl -s -o /dev/null -w '%{http_code} %{size_download} %{time_total}\n' "http://127.0.0.1:$mport/metrics" >> "$OUT/$tag-scrapes"; sleep 1; done ) &
  scraper=$!
fi

case $mode in
fanin|fanin-scrape)
  duration=${DURATION:-20}
  t0=$(now); c0=$(ticks $sp)
  nice -n "$NICE" "$LOAD" load --server "127.0.0.1:$PORT" --clients 50 --rate 0 --duration "$duration" --json > "$ljson" 2> "$lerr"
  t1=$(now); c1=$(ticks $sp)
  [ -n "$scraper" ] && kill $scraper
  rss_full=$(rss $sp)
  kill -TERM $sp; wait $sp
  # The server's 2 s windows, without the first two (logins, warm-up) and the last (the goodbyes).
  rates=$(grep -o "frames in/s: [0-9]*" "$slog" | awk '{print $3}' | awk '$1 > 0' | tail -n +3 | head -n -1)
  med=$(echo "$rates" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  sent=$(jq .framesSent "$ljson")
  scrapes=
  [ -n "$scraper" ] && scrapes=" scrapes_200=$(grep -c '^200 ' "$OUT/$tag-scrapes") scrape_bytes=$(tail -1 "$OUT/$tag-scrapes" | cut -d' ' -f2)"
  echo "$label mode=$mode server_in_per_s_median=$med windows=[$(echo $rates | tr '\n' ' ')]" \
    "load_sent_per_s=$(jq '.framesSentPerSecond | floor' "$ljson") frames_sent=$sent" \
    "server_cpu_s=$(echo "($c1 - $c0) / $hz" | bc -l | xargs printf %.2f)" \
    "wall_s=$(echo "$t1 - $t0" | bc -l | xargs printf %.1f)" \
    "cpu_ns_per_frame=$(echo "($c1 - $c0) * 1000000000 / $hz / $sent" | bc -l | xargs printf %.1f)" \
    "rss_kB=$rss_full$scrapes loadavg_before=[$load_before] loadavg_after=[$(cut -d' ' -f1-3 /proc/loadavg)]"
  ;;
burst)
  clients=${CLIENTS:-10000}; duration=${DURATION:-30}
  # One player logs in and out first: what the first login costs once (lazy tables,
  # metrics' series) is then in rss_warm, and per_player_marginal_B leaves it out.
  nice -n "$NICE" "$LOAD" load --server "127.0.0.1:$PORT" --clients 1 --idle --duration 2 --json > /dev/null 2>&1
  sleep 1
  rss_warm=$(rss $sp)
  nice -n "$NICE" "$LOAD" load --server "127.0.0.1:$PORT" --clients "$clients" --idle --duration "$duration" --json > "$ljson" 2> "$lerr" &
  lp=$!
  # RSS and open descriptors (one per connection) every half second, with the server's
  # latest stats line (one a second in this mode). The figure is the last sample with the
  # most players logged in where every open connection is a logged-in player (on a loaded
  # machine the load generator can hold thousands of connections not yet logged in, which
  # cost less). If no sample has that, the last one with the most descriptors, and
  # all_logged_in=no. most_connections: the most connections open at once.
  fds_empty=$(ls /proc/$sp/fd | wc -l)
  end=$(( $(date +%s) + duration - 3 ))
  best_fds=0; rss_fds=0; best_in=0; rss_in=0
  while [ "$(date +%s)" -lt "$end" ]; do
    f=$(ls /proc/$sp/fd | wc -l); r=$(rss $sp)
    p=$(grep -o "players online: [0-9]*, connections: [0-9]*" "$slog" | tail -1 | grep -o "[0-9]*" | head -1)
    if [ "$f" -ge "$best_fds" ]; then best_fds=$f; rss_fds=$r; fi
    # (within 2: a server may open a descriptor or two of its own meanwhile)
    if [ -n "$p" ] && [ "$p" -gt 0 ] && [ "$p" -ge "$best_in" ]; then
      d=$((f - fds_empty - p)); [ "${d#-}" -le 2 ] && { best_in=$p; rss_in=$r; }
    fi
    sleep 0.5
  done
  if [ "$best_in" -gt 0 ]; then
    online=$best_in; rss_full=$rss_in; all_in=yes
  else
    online=$((best_fds - fds_empty)); rss_full=$rss_fds; all_in=no
  fi
  c0=$(ticks $sp); sleep 2; c1=$(ticks $sp)
  wait $lp
  kill -TERM $sp; wait $sp
  in=$(jq .loggedIn "$ljson")
  echo "$label mode=burst clients=$clients logged_in=$in refused=$(jq .refused "$ljson") dropped=$(jq .dropped "$ljson")" \
    "pinged=$(jq .pinged "$ljson") login_phase_s=$(jq '.loginPhaseS*100|round/100' "$ljson") logins_per_s=$(jq '.loginsPerSecond|round' "$ljson")" \
    "cadence_p50_ms=$(jq .pingCadenceError.p50Ms "$ljson") cadence_p99_ms=$(jq .pingCadenceError.p99Ms "$ljson")" \
    "rss_empty_kB=$rss_empty rss_full_kB=$rss_full connections_at_sample=$online all_logged_in=$all_in most_connections=$((best_fds - fds_empty))" \
    "per_player_B=$(( (rss_full - rss_empty) * 1024 / (online > 0 ? online : 1) ))" \
    "rss_warm_kB=$rss_warm per_player_marginal_B=$(( (rss_full - rss_warm) * 1024 / (online > 0 ? online : 1) ))" \
    "end_cpu_cores=$(echo "($c1 - $c0) / $hz / 2" | bc -l | xargs printf %.3f)" \
    "server_ping_lateness_p99=[$(grep "Stats:" "$slog" | grep -o "rtt/late [0-9.k]*/[0-9.k]*" | sed "s|.*/||" | tr '\n' ' ')]" \
    "server_disconnects=[$(grep Stats "$slog" | tail -1 | grep -o "disconnects: .*" | cut -d' ' -f2-)]" \
    "loadavg_before=[$load_before] loadavg_after=[$(cut -d' ' -f1-3 /proc/loadavg)]"
  ;;
crowd)
  clients=${CLIENTS:-1000}; ramp=${RAMP:-5}; duration=${DURATION:-40}
  nice -n "$NICE" "$LOAD" load --server "127.0.0.1:$PORT" --clients "$clients" --rate 10 --ramp "$ramp" --duration "$duration" --drag "${DRAG:-0}" --json > "$ljson" 2> "$lerr" &
  lp=$!
  # Server CPU over the steady state: from 10 s after the ramp to 3 s before the end.
  sleep $((ramp + 10))
  t0=$(now); c0=$(ticks $sp); l0=$(ticks $lp)
  world0=
  [ -n "$mport" ] && world0="$(metric 'mousy_shape_tick_seconds_count') $(metric 'mousy_shape_tick_seconds_sum') $(metric 'mousy_frames_out_total{type="GAME_OBJECT"')"
  sleep $((duration - ramp - 13))
  t1=$(now); c1=$(ticks $sp); l1=$(ticks $lp)
  world=
  if [ -n "$mport" ]; then
    read -r n0 s0 o0 <<< "$world0"
    n1=$(metric 'mousy_shape_tick_seconds_count'); s1=$(metric 'mousy_shape_tick_seconds_sum'); o1=$(metric 'mousy_frames_out_total{type="GAME_OBJECT"')
    world="ticks_per_s=$(echo "($n1 - $n0) / ($t1 - $t0)" | bc -l | xargs printf %.1f) tick_mean_us=$(echo "($s1 - $s0) * 1000000 / (($n1 - $n0) + 0.000001)" | bc -l | xargs printf %.0f)"
    world="$world object_frames_out_per_s=$(echo "($o1 - $o0) / ($t1 - $t0)" | bc -l | xargs printf %.0f)"
  fi
  rss_full=$(rss $sp)
  wait $lp
  kill -TERM $sp; wait $sp
  # The server's own ping lateness and rates in its steady windows (not the first two, not the last).
  steady=$(grep "Stats:" "$slog" | awk '/ [1-9][0-9]* online/' | tail -n +3 | head -n -1)
  # ("p99 rtt/late 24/19 ms": the second figure; "in/out 11k/1.2M/s": the out rate.)
  lateness=$(echo "$steady" | grep -o "rtt/late [0-9.k]*/[0-9.k]*" | sed "s|.*/||" | tr '\n' ' ')
  out=$(echo "$steady" | grep -o "in/out [0-9.kM]*/[0-9.kM]*" | sed "s|.*/||" | tr '\n' ' ')
  echo "$label mode=crowd clients=$clients logged_in=$(jq .loggedIn "$ljson") dropped=$(jq .dropped "$ljson")" \
    "cursors_per_player_s=$(jq '.cursorsPerPlayerPerSecond // "n/a"' "$ljson") players_seen_s=$(jq '.playersSeenPerSecond // "n/a"' "$ljson")" \
    "churn_per_s=$(jq '.visibleChurnPerSecond // "n/a"' "$ljson") sampled_player_s=$(jq '.visibilitySampledSeconds // "n/a"' "$ljson")" \
    "held=$(jq '.heldThroughSteadyState // "n/a"' "$ljson")/$(jq '.onlineAtSteadyStart // "n/a"' "$ljson") backlog_silences=$(jq '.backlogSilences // "n/a"' "$ljson")" \
    "load_sent_per_s=$(jq '.framesSentPerSecond|round' "$ljson") moves_hz=$(jq '.movesPerPlayerPerSecond // 0 | .*100|round/100' "$ljson") load_recv_per_s=$(jq '.framesReceivedPerSecond|round' "$ljson")" \
    "cadence_p50_ms=$(jq .pingCadenceError.p50Ms "$ljson") cadence_p99_ms=$(jq .pingCadenceError.p99Ms "$ljson") rtt_p99_ms=$(jq .roundTrip.p99Ms "$ljson")" \
    "server_out_per_s=[$out] server_lateness_p99=[$lateness]" \
    "draggers=$(jq '.draggers // 0' "$ljson") objects_per_player_s=$(jq '.objectsPerPlayerPerSecond // 0 | .*10|round/10' "$ljson") $world" \
    "server_cpu_cores=$(echo "($c1 - $c0) / $hz / ($t1 - $t0)" | bc -l | xargs printf %.2f) load_cpu_cores=$(echo "($l1 - $l0) / $hz / ($t1 - $t0)" | bc -l | xargs printf %.2f) rss_kB=$rss_full" \
    "server_disconnects=[$(grep Stats "$slog" | tail -1 | grep -o "disconnects: .*" | cut -d' ' -f2-)]" \
    "loadavg_before=[$load_before] loadavg_after=[$(cut -d' ' -f1-3 /proc/loadavg)]"
  ;;
settled)
  clients=${CLIENTS:-10}
  nice -n "$NICE" "$LOAD" load --server "127.0.0.1:$PORT" --clients "$clients" --idle --duration 600 --json > "$ljson" 2> "$lerr" &
  lp=$!
  # Settled: nothing moved at the last tick, and no tick for 2 s.
  settled_after=
  for i in $(seq 600); do
    if [ "$(metric mousy_moving_objects_count)" = 0 ]; then
      n=$(metric mousy_shape_tick_seconds_count); sleep 2
      [ "$(metric mousy_shape_tick_seconds_count)" = "$n" ] && { settled_after=$i; break; }
    fi
    sleep 0.5
  done
  t0=$(now); c0=$(ticks $sp); o0=$(metric 'mousy_frames_out_total{type="GAME_OBJECT"'); n0=$(metric mousy_shape_tick_seconds_count)
  sleep 10
  t1=$(now); c1=$(ticks $sp); o1=$(metric 'mousy_frames_out_total{type="GAME_OBJECT"'); n1=$(metric mousy_shape_tick_seconds_count)
  kill -INT $lp; wait $lp
  kill -TERM $sp; wait $sp
  echo "$label mode=settled clients=$clients logged_in=$(jq .loggedIn "$ljson") settled=$([ -n "$settled_after" ] && echo yes || echo no)" \
    "ticks_to_settle=$n0 objects_received=$(jq .objectsReceived "$ljson")" \
    "settled_object_frames_per_s=$(echo "($o1 - $o0) / ($t1 - $t0)" | bc -l | xargs printf %.1f) settled_ticks=$((n1 - n0))" \
    "settled_server_cpu_cores=$(echo "($c1 - $c0) / $hz / ($t1 - $t0)" | bc -l | xargs printf %.4f)" \
    "loadavg_before=[$load_before] loadavg_after=[$(cut -d' ' -f1-3 /proc/loadavg)]"
  ;;
*) echo "unknown mode $mode"; kill -TERM $sp; exit 64 ;;
esac
