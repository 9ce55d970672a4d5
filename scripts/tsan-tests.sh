#!/usr/bin/env bash
# Runs the test suite under ThreadSanitizer (`swift test --sanitize=thread`), in its own
# build directory (.build/tsan) so that the ordinary build stays as it is.
#
# Everything runs several times slower under TSan, so the tests' upper bounds on waiting
# are stretched: MOUSY_TEST_TIME_SCALE (default here 10) multiplies every `eventually`,
# event and message wait in the tests. The waits end on states, so a larger factor costs
# nothing on a passing run; it only lets a slow run finish instead of looking hung.
# Tests run in parallel, as in CI; pass --no-parallel to run them one at a time.
# Extra arguments go to `swift test` (e.g. --filter NetTests).
#
#   scripts/tsan-tests.sh [swift test arguments...]
#
# Exit status: swift test's; a data race TSan reports fails the run (TSan exits 66).
set -euo pipefail
cd "$(dirname "$0")/.."

export MOUSY_TEST_TIME_SCALE="${MOUSY_TEST_TIME_SCALE:-10}"
# Report every race, not only the first; still exit non-zero if there was one. The
# suppressions file lists known false positives outside this project (each with its source).
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=0 suppressions=$PWD/scripts/tsan-suppressions.txt}"

scratch=.build/tsan
swift build --build-tests --sanitize=thread --scratch-path "$scratch"
# A run that exceeds 60 minutes is hung, not slow.
timeout --kill-after=30 3600 \
  swift test --skip-build --sanitize=thread --scratch-path "$scratch" "$@"
