#!/bin/bash
# Old and new builds playing together, on loopback (PROTOCOL.md, "Evolving the protocol").
#
#   scripts/compat.sh [OLD_COMMIT]      (default b41a945, the last build before the handshake)
#
# Builds OLD_COMMIT (a debug build, in a worktree under /tmp with its own scratch path,
# never in this repository's tree) and this worktree (debug), then runs real pairs:
#   new-client/old-server   this build's mousy load beside the old one's, on the old server
#   old-client/new-server   the old mousy load beside this build's, on this server, with a
#                           raw peer chatting all the while (the old client must get none)
#   new/original-like       this build's mousy load on scripts/rawpeer.py's original-like
#                           server, which announces nothing (it must get only types 1-3, 6)
# Each load runs one player, so the cursors it counts are the other build's. A pair
# passes when pings and cursors flow and no connection closes; one line per pair.
# Not run by CI (it builds history). Compiles through /work/bin/build-slot if present.
set -u
old=${1:-b41a945}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
work=${COMPAT_DIR:-/tmp/mousy-compat}
seconds=${SECONDS_PER_PAIR:-8}
slot=$([ -x /work/bin/build-slot ] && echo /work/bin/build-slot)
mkdir -p "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT

oldtree="$work/tree-$old"
if [ ! -d "$oldtree" ]; then
  git -C "$repo" worktree add --detach "$oldtree" "$old" >/dev/null 2>&1 \
    || { echo "cannot check out $old into $oldtree" >&2; exit 1; }
fi
echo "# building $old (debug) in $oldtree" >&2
(cd "$oldtree" && $slot swift build --product mousy --scratch-path "$work/.build-compat" 2>&1 | tail -3) >&2
oldbin="$work/.build-compat/debug/mousy"
echo "# building this tree (debug)" >&2
(cd "$repo" && $slot swift build --product mousy 2>&1 | tail -3) >&2
newbin="$(cd "$repo" && swift build --show-bin-path)/mousy"
for b in "$oldbin" "$newbin"; do [ -x "$b" ] || { echo "missing $b" >&2; exit 1; }; done

freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
waitport() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
load() { # binary port prefix out
  "$1" load --server "127.0.0.1:$2" --clients 1 --rate 10 --duration "$seconds" --user-prefix "$3" --json >"$4" 2>"$4.err"
}
summary() { # json file -> "pings=N cursors=N dropped=N"
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("logged_in=%d pings=%d cursors=%d dropped=%d refused=%d" % (r["loggedIn"], r["pingsReceived"], r["cursorsReceived"], r["dropped"], r["refused"]))' "$1" 2>/dev/null || echo "no report"
}
ok() { # json file -> 0 when the player logged in, got pings and cursors, and never dropped
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r["loggedIn"]==1 and r["pingsReceived"]>0 and r["cursorsReceived"]>0 and r["dropped"]==0 else 1)' "$1" 2>/dev/null
}

# new client / old server
port=$(freeport)
"$oldbin" serve --port "$port" --stats-interval-s 0 >"$work/old-server.log" 2>&1 & pids+=($!)
waitport "$port" || { echo "old server did not start" >&2; exit 1; }
load "$newbin" "$port" new "$work/p1-new.json" & a=$!
load "$oldbin" "$port" old "$work/p1-old.json" & b=$!
wait $a $b
kill "${pids[-1]}" 2>/dev/null
verdict=PASS; ok "$work/p1-new.json" && ok "$work/p1-old.json" || verdict=FAIL
echo "new-client/old-server($old)  $verdict  new: $(summary "$work/p1-new.json")  old: $(summary "$work/p1-old.json")"

# old client / new server, with chat going on
port=$(freeport)
"$newbin" serve --port "$port" --stats-interval-s 0 >"$work/new-server.log" 2>&1 & pids+=($!)
waitport "$port" || { echo "new server did not start" >&2; exit 1; }
python3 "$here/rawpeer.py" chat 127.0.0.1 "$port" chatter --lines-per-s 2 --seconds "$seconds" >"$work/p2-chat.json" & c=$!
load "$oldbin" "$port" old "$work/p2-old.json" & a=$!
load "$newbin" "$port" new "$work/p2-new.json" & b=$!
wait $a $b $c
kill "${pids[-1]}" 2>/dev/null
verdict=PASS; ok "$work/p2-old.json" && ok "$work/p2-new.json" || verdict=FAIL
chat=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("chat lines sent=%d echoed=%s closed=%s" % (r["lines_sent"], r["received_by_type"].get("7",0), r["closed"]))' "$work/p2-chat.json" 2>/dev/null)
echo "old-client($old)/new-server  $verdict  old: $(summary "$work/p2-old.json")  new: $(summary "$work/p2-new.json")  $chat"

# new client / original-like server (announces nothing)
port=$(freeport)
python3 "$here/rawpeer.py" original-server "$port" --seconds $((seconds + 3)) >"$work/p3-server.json" & s=$!
waitport "$port" || { echo "original-like server did not start" >&2; exit 1; }
"$newbin" load --server "127.0.0.1:$port" --clients 2 --rate 10 --duration "$seconds" --user-prefix new --json >"$work/p3-new.json" 2>"$work/p3-new.err"
wait $s
verdict=$(python3 - "$work/p3-server.json" "$work/p3-new.json" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
# Players only: the port check's bare connection never logs in.
clients = [c for c in [l for l in lines if "clients" in l][0]["clients"] if c["name"] is not None]
load = json.load(open(sys.argv[2]))
moves = sum(c["by_type"].get("2", 0) for c in clients)
bounces = sum(c["by_type"].get("3", 0) for c in clients)
beyond = sum(c["beyond_1_3_6"] for c in clients)
good = (load["loggedIn"] == 2 and load["pingsReceived"] > 0 and load["dropped"] == 0
        and moves > 0 and bounces > 0 and beyond == 0 and len(clients) == 2)
print("%s  server got: moves=%d ping bounces=%d frames beyond types 1-3,6=%d; client: pings=%d dropped=%d"
      % ("PASS" if good else "FAIL", moves, bounces, beyond, load["pingsReceived"], load["dropped"]))
PY
)
echo "new-client/original-like     $verdict"
