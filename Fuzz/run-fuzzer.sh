#!/usr/bin/env bash
# Builds the frame decoder's libFuzzer target with AddressSanitizer and runs it.
# (SwiftPM passes --sanitize flags one by one and swiftc keeps only the last, which would
# leave Swift code without coverage: the -Xswiftc flag puts both back.)
# Usage: Fuzz/run-fuzzer.sh [SECONDS]   (default 600). Findings land in Fuzz/findings/.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
swift build -c debug --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address
work="$(mktemp -d)"
cp corpus/* "$work/"
mkdir -p findings
fuzzer="$(swift build -c debug --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address --show-bin-path)/FrameDecoderFuzzer"
# MOUSY_FUZZ_SEEDS: the fuzzer adds one seed per kind in the message table before it reads
# the corpus, so a new message is fuzzed without a new corpus file.
MOUSY_FUZZ_SEEDS="$work" "$fuzzer" \
  "$work" -max_total_time="$seconds" -max_len=1024 -artifact_prefix=findings/ -print_final_stats=1
