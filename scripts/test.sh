#!/usr/bin/env bash
# Runs the test suite (arguments go to `swift test`, e.g. --filter NetTests) with at most
# MOUSY_TEST_WIDTH tests at a time (default 6).
#
# Swift Testing otherwise starts every test at once. Most of this suite's tests are real
# servers, clients and terminals on loopback that wait on each other with the same 3-5 s
# login and probe timeouts `mousy` itself uses; with 480 of them sharing two cores those
# waits ran out and a first login failed. Six at a time keep both cores busy and each
# test's waits short; the whole run takes no longer.
set -euo pipefail
cd "$(dirname "$0")/.."
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH="${MOUSY_TEST_WIDTH:-6}"
exec swift test "$@"
