#!/usr/bin/env bash
# Runs the whole test suite N times (default 20) while two `yes > /dev/null` keep both
# cores busy, the way a developer's machine is when CI runs on it. Builds once first.
# Prints one line "P passed, F failed" (runs), then the names of the tests that failed
# and in how many runs. Each run's output stays in a temporary directory (printed).
# Exit status: 0 when every run passed.
#
#   scripts/stress-tests.sh [N]
#   MOUSY_STRESS_BUSY=4 scripts/stress-tests.sh 5   # four busy loops instead of two
#   MOUSY_STRESS_RUN_LIMIT_S=1800 ...               # a run that takes longer is a failure (default 1200)
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-20}"
busy="${MOUSY_STRESS_BUSY:-2}"
limit="${MOUSY_STRESS_RUN_LIMIT_S:-1200}"
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
  timeout --kill-after=30 "$limit" swift test --skip-build >"$log" 2>&1 || status=$?
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1))
    echo "run $run: passed ($((SECONDS - started)) s)" >&2
    continue
  fi
  failed=$((failed + 1))
  # Swift Testing: `✘ Test "name" failed after ...` (or `with N test cases failed after`);
  # XCTest: `Test Case '...' failed`.
  names="$(sed -n -E \
    -e 's/^✘ Test (".*") (with [0-9]+ test cases? )?failed after .*/\1/p' \
    -e "s/^Test Case '(.*)' failed .*/\\1/p" "$log" | sort -u)"
  if [ -z "$names" ]; then
    if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
      names="(run $run did not finish within $limit s)"
    else
      names="(run $run exited with status $status and named no failing test; see $log)"
    fi
  fi
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
