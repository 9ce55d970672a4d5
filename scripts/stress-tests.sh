#!/usr/bin/env bash
# Runs the whole test suite N times (default 20) while two `yes > /dev/null` keep both
# cores busy, the way a developer's machine is when CI runs on it. Builds once first.
# Prints one line "P passed, F failed" (runs), then the names of the tests that failed
# and in how many runs. Each run's output stays in a temporary directory (printed).
# Exit status: 0 when every run passed.
#
#   scripts/stress-tests.sh [N]
#   scripts/stress-tests.sh --explain LOG [STATUS]   # what it would say about one run's log
#   MOUSY_STRESS_BUSY=4 scripts/stress-tests.sh 5   # four busy loops instead of two
#   MOUSY_STRESS_RUN_LIMIT_S=1800 ...               # a run that takes longer is a failure (default 1200)
set -euo pipefail
cd "$(dirname "$0")/.."

# What failed in one run, one entry a line: each failing test's name (Swift Testing's
# `✘ Test "name" ... failed after` and `recorded an issue` lines, XCTest's `Test Case '...'
# failed`), marked "(time limit)" where its issue was the time limit; for a run that
# crashed, the signal, the test frame it crashed in and the tests still running then; for
# a run cut off by the limit, the tests still running.
explain() {
  local log="$1" status="${2:-1}" named crash signal frame running
  named="$(sed -n -E \
    -e 's/^✘ Test (".*") recorded an issue( with .*)? at [^ ]+: Time limit was exceeded.*/T\t\1/p' \
    -e 's/^✘ Test (".*") (with [0-9]+ test cases? )?failed after .*/F\t\1/p' \
    -e 's/^✘ Test (".*") recorded an issue.*/F\t\1/p' \
    -e "s/^Test Case '(.*)' failed .*/F\t\\1/p" "$log" |
    awk -F '\t' '!($2 in seen) { seen[$2] = 1; order[++n] = $2 } $1 == "T" { limit[$2] = 1 }
      END { for (i = 1; i <= n; i++) print order[i] (order[i] in limit ? " (time limit)" : "") }')"
  # Tests started but never finished (passed, failed or skipped), in the order they started.
  running="$(sed -n -E \
    -e 's/^◇ Test (".*") started\.$/S\t\1/p' \
    -e 's/^[✔✘] Test (".*") (with [0-9]+ test cases? )?(passed|failed) after .*/E\t\1/p' \
    -e 's/^➜ Test (".*") skipped.*/E\t\1/p' "$log" |
    awk -F '\t' '$1 == "S" { order[++n] = $2; open[$2] = 1 } $1 == "E" { delete open[$2] }
      END { for (i = 1; i <= n; i++) if (order[i] in open) { printf "%s%s", sep, order[i]; sep = ", " } }')"
  crash="$(sed -n -E 's/^\*\*\* Program crashed: (.*) at 0x[0-9a-f]+ \*\*\*$/\1/p' "$log" | head -n 1)"
  signal="$(sed -n -E 's/.*exited with unexpected signal code ([0-9]+).*/\1/p' "$log" | head -n 1)"
  if [ -n "$crash" ] || [ -n "$signal" ]; then
    # The first frame in the crashed thread's backtrace that is in the tests or the sources.
    frame="$(awk '/^Thread [0-9]+ .*crashed:$/ { on = 1; next } on && / at .*\/(Tests|Sources)\/[^ ]+:[0-9]+$/ { print; exit }' "$log" |
      sed -E 's/^ *[0-9]+ (\[[a-z]+\] +)?0x[0-9a-f]+ (.*) in [^ ]+ at .*\/((Tests|Sources)\/[^ ]+)$/\2 at \3/')"
    printf '(crashed: %s%s%s; still running: %s)\n' "${crash:-signal $signal}" \
      "${crash:+${signal:+, signal $signal}}" "${frame:+, in $frame}" "${running:-none}"
  elif [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    printf '(did not finish within %s s; still running: %s)\n' "$limit" "${running:-none}"
  fi
  if [ -n "$named" ]; then
    printf '%s\n' "$named"
  elif [ -z "$crash" ] && [ -z "$signal" ] && [ "$status" -ne 124 ] && [ "$status" -ne 137 ]; then
    printf '(exited with status %s and named no failing test; still running: %s; see %s)\n' "$status" "${running:-none}" "$log"
  fi
}

limit="${MOUSY_STRESS_RUN_LIMIT_S:-1200}"
if [ "${1:-}" = "--explain" ]; then
  [ -f "${2:-}" ] || { echo "usage: $0 --explain LOG [STATUS]" >&2; exit 2; }
  explain "$2" "${3:-1}"
  exit 0
fi

runs="${1:-20}"
busy="${MOUSY_STRESS_BUSY:-2}"
for value in "$runs" "$busy" "$limit"; do
  [[ "$value" =~ ^[0-9]+$ ]] || { echo "usage: $0 [N]  (N, MOUSY_STRESS_BUSY and MOUSY_STRESS_RUN_LIMIT_S are whole numbers)" >&2; exit 2; }
done
[ "$runs" -ge 1 ] || { echo "N must be at least 1" >&2; exit 2; }

out="$(mktemp -d "${TMPDIR:-/tmp}/mousy-stress.XXXXXX")"
echo "building; output of each run goes to $out" >&2
if ! swift build --build-tests >"$out/build.log" 2>&1; then
  tail -n 30 "$out/build.log" >&2
  echo "the build failed; see $out/build.log" >&2
  exit 1
fi

busy_pids=()
stop_busy() {
  for pid in "${busy_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${busy_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  busy_pids=()
}
trap stop_busy EXIT
trap 'stop_busy; exit 130' INT
trap 'stop_busy; exit 143' TERM
for _ in $(seq "$busy"); do
  yes >/dev/null &
  busy_pids+=("$!")
done

passed=0
failed=0
: >"$out/failures.txt"
for run in $(seq "$runs"); do
  log="$out/run-$run.log"
  started=$SECONDS
  status=0
  timeout --kill-after=30 "$limit" scripts/test.sh --skip-build >"$log" 2>&1 || status=$?
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1))
    echo "run $run: passed ($((SECONDS - started)) s)" >&2
    continue
  fi
  failed=$((failed + 1))
  names="$(explain "$log" "$status")"
  printf '%s\n' "$names" >>"$out/failures.txt"
  echo "run $run: FAILED ($((SECONDS - started)) s): $(printf '%s' "$names" | tr '\n' ';')" >&2
done

stop_busy
echo "$passed passed, $failed failed"
if [ "$failed" -gt 0 ]; then
  sort "$out/failures.txt" | uniq -c | sort -rn | sed -E 's/^ *([0-9]+) (.*)/\2 (failed in \1 of '"$runs"' runs)/'
  echo "logs: $out" >&2
  exit 1
fi
echo "logs: $out" >&2
