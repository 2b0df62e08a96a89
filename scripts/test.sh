#!/usr/bin/env bash
# Runs the tests. Installs what it needs on a fresh Debian 12 machine.
#
#   scripts/test.sh          the whole suite: the format lint, unit tests, in-process server tests, integration
#                            tests against the real chibod and chibo binaries, and the Python example client
#   scripts/test.sh --fast   the format lint, unit and in-process tests only (under two minutes after the build)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$repo_root"

lane=full
case "${1:-}" in
  "") ;;
  --fast) lane=fast ;;
  *) echo "usage: scripts/test.sh [--fast]" >&2; exit 2 ;;
esac

install_build_packages

# The layout of every Swift file follows .swift-format; `swift format --in-place --recursive Sources Tests Fuzz
# Package.swift` fixes what this reports.
swift format lint --strict --recursive --parallel Sources Tests Fuzz Package.swift

swift build --build-tests
if [ "$lane" = fast ]; then
  swift test --skip-build --filter 'ChiboModelTests|ChiboPrintTests|ChiboStoreTests|ChiboClientTests|ChiboWireTests|ChiboServerTests' \
    --skip LongRequestTests
  exit 0
fi

# strace watches the daemon's syncs in DurabilityTests.
command -v strace >/dev/null 2>&1 || install_packages strace
# PrintTests print the HTML forms to PDF with headless Chromium and read them back with pdftotext; the
# Liberation fonts stand in for Times New Roman.
install_packages chromium poppler-utils fonts-liberation
# The Python example client runs in a virtual environment with the versions it pins.
python3 -c 'import venv, ensurepip' 2>/dev/null || install_packages python3 python3-venv
venv=.build/python-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import google.protobuf, nacl' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r examples/python/requirements.txt
fi
export CHIBO_PYTHON="$repo_root/$venv/bin/python"

swift test --skip-build --skip 'FairLimitsTests|LongRequestTests'
# The connection-limit test bounds latency (p99 under 100 ms under a flood of keyless peers), and the long-request
# test holds real deadlines against real work: each runs with the machine to itself, not beside anything else.
swift test --skip-build --filter FairLimitsTests
swift test --skip-build --filter LongRequestTests
