#!/usr/bin/env bash
# Runs one libFuzzer target for a while: scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]
#                      or writes its seed inputs: scripts/fuzz.sh TARGET seeds
# TARGET: frames, envelope, session, csv or rules (Fuzz/ChiboFuzz/Targets.swift). The committed seeds are in
# Fuzz/corpus/TARGET; what a run adds goes to a scratch directory; crashes to .build-fuzz/findings/TARGET/.
# Builds with -sanitize=fuzzer,address in .build-fuzz, apart from the normal build.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$repo_root"
target=${1:?usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer flags]}
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer flags]}
shift 2
case "$target" in frames|envelope|session|csv|rules) ;; *) echo "unknown target $target" >&2; exit 64 ;; esac
install_build_packages
CHIBO_FUZZ=1 swift build --scratch-path .build-fuzz --product chibo-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 | grep -v "Cannot export local symbol" >&2 || true
binary=.build-fuzz/debug/chibo-fuzz
[ -x "$binary" ] || { echo "the fuzz build failed" >&2; exit 1; }
corpus=Fuzz/corpus/$target
findings=.build-fuzz/findings/$target
mkdir -p "$corpus" "$findings"
# The run's new inputs go to a scratch corpus; the committed one is only read (merge by hand if worth it).
scratch=$(mktemp -d "${TMPDIR:-/tmp}/chibo-fuzz-$target-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
if [ "$seconds" = seeds ]; then
  CHIBO_FUZZ_TARGET=$target CHIBO_FUZZ_SEEDS="$corpus" "$binary"
  ls "$corpus"
  exit 0
fi
CHIBO_FUZZ_TARGET=$target "$binary" "$scratch" "$corpus" -max_total_time="$seconds" -max_len=65536 \
  -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$findings/" -print_final_stats=1 "$@"
