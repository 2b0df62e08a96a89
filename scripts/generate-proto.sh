#!/usr/bin/env bash
# Regenerates the committed Swift and Python code from Proto/.
# Needs protoc (apt-get install protobuf-compiler) and swift-protobuf's protoc-gen-swift; builds the
# plugin from the package mirror into .build-protoc/ when PROTOC_GEN_SWIFT is not given.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v protoc >/dev/null || { apt-get update && apt-get install -y protobuf-compiler; }
plugin=${PROTOC_GEN_SWIFT:-}
if [ -z "$plugin" ]; then
  src=.build-protoc/swift-protobuf
  if [ ! -d "$src" ]; then
    mkdir -p .build-protoc
    git clone --quiet --branch 1.39.0 https://github.com/apple/swift-protobuf.git "$src"
  fi
  (cd "$src" && swift build -c release --product protoc-gen-swift)
  plugin="$src/.build/release/protoc-gen-swift"
fi

out=Sources/ChiboWire/Generated
rm -f "$out"/*.pb.swift
protoc --plugin=protoc-gen-swift="$plugin" \
  --swift_out="$out" --swift_opt=Visibility=Public --swift_opt=FileNaming=DropPath \
  -I Proto Proto/chibo/v1/*.proto

py=examples/python/chibo_proto
mkdir -p "$py"
rm -rf "$py/chibo"
protoc --python_out="$py" -I Proto Proto/chibo/v1/*.proto
echo "generated: $(ls "$out"/*.pb.swift | wc -l) Swift files, $(find "$py" -name '*_pb2.py' | wc -l) Python files"
