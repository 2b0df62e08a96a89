#!/usr/bin/env bash
# Runs every test: unit tests, integration tests against the real chibod and chibo binaries, and the Python
# example client against a real daemon. Installs what it needs on a fresh Debian 12 machine.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$repo_root"

install_build_packages
# strace watches the daemon's syncs in DurabilityTests.
command -v strace >/dev/null 2>&1 || install_packages strace
# The Python example client runs in a virtual environment with the versions it pins.
python3 -c 'import venv, ensurepip' 2>/dev/null || install_packages python3 python3-venv
venv=.build/python-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import google.protobuf, nacl' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r examples/python/requirements.txt
fi
export CHIBO_PYTHON="$repo_root/$venv/bin/python"

swift build --build-tests
swift test --skip-build --skip FairLimitsTests
# The connection-limit test bounds latency (p99 under 100 ms under a flood of keyless peers): it runs with the
# machine to itself, not beside the rest of the suite.
swift test --skip-build --filter FairLimitsTests
