#!/usr/bin/env bash
# Regenerates Sources/Messages/messages.pb.swift from messages.proto.
# Needs protoc (Debian: apt-get install protobuf-compiler); builds the protoc-gen-swift
# plugin from this package's own swift-protobuf dependency. Not used by the tests or CI.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v protoc >/dev/null || { echo "protoc not found: apt-get install -y protobuf-compiler" >&2; exit 1; }
swift build --product protoc-gen-swift
plugin="$(swift build --show-bin-path)/protoc-gen-swift"
protoc \
  --plugin=protoc-gen-swift="$plugin" \
  --swift_out=Sources/Messages \
  --swift_opt=Visibility=Public \
  --proto_path=Sources/Messages \
  Sources/Messages/messages.proto
echo "wrote Sources/Messages/messages.pb.swift"
