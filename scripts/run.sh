#!/usr/bin/env bash
# The main job: builds chibo, makes your key and a data directory if there are none, starts chibod on it and
# shows how to talk to it with chibo. Installs what it needs on a fresh Debian 12 machine.
#
# Settings (environment):
#   CHIBO_DATA    data directory            (default: ./chibo-data in the repository)
#   CHIBO_LISTEN  TCP address to serve too  (default: 127.0.0.1:7433; "off" for the Unix socket only)
#   CHIBO_BUILD   release or debug          (default: release)
#   CHIBO_DETACH  1 leaves chibod running in the background and returns; otherwise it runs until Ctrl-C
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$repo_root"

data=${CHIBO_DATA:-$repo_root/chibo-data}
listen=${CHIBO_LISTEN:-127.0.0.1:7433}
build=${CHIBO_BUILD:-release}

install_build_packages
echo "building chibo ($build)..."
swift build -c "$build" --product chibod
swift build -c "$build" --product chibo
bin=$(swift build -c "$build" --show-bin-path)
export PATH="$bin:$PATH"

key=${CHIBO_KEY:-${XDG_CONFIG_HOME:-$HOME/.config}/chibo/key}
if [ ! -f "$key" ]; then
  chibo key new --out "$key" --name "$(id -un)"
fi
fresh=0
if [ ! -d "$data" ]; then
  chibod init --data "$data" --admin-key "$key.pub" --name "$(id -un)"
  fresh=1
fi

args=(run --data "$data")
[ "$listen" != off ] && args+=(--listen "$listen")
log="$data/chibod.log"
chibod "${args[@]}" >"$data/chibod.ready" 2>>"$log" &
pid=$!
for _ in $(seq 100); do
  grep -q '^chibod ready' "$data/chibod.ready" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { echo "chibod did not start:" >&2; tail -n 5 "$log" >&2; exit 1; }
  sleep 0.1
done
cat "$data/chibod.ready"

export CHIBO_SOCKET="$data/chibod.sock" CHIBO_KEY="$key"
echo
echo "\$ chibo status"
chibo status
if [ "$fresh" = 1 ]; then
  demo="$data.demo-small"
  echo
  echo "\$ chibo demo generate --size small --seed 1 --out $demo && chibo demo load $demo"
  chibo demo generate --size small --seed 1 --out "$demo" >/dev/null
  chibo demo load "$demo"
  echo
  echo "\$ chibo rules load rules/yen-bai-18-2019.rules --unit HB && chibo rules load rules/hoa-binh-muc-tieu-2020.rules --unit HB"
  chibo rules load rules/yen-bai-18-2019.rules --unit HB >/dev/null
  chibo rules load rules/hoa-binh-muc-tieu-2020.rules --unit HB
fi
echo
echo "\$ chibo list units --unit HB.D01.X02"
chibo list units --unit HB.D01.X02
echo
echo "\$ chibo list members --search \"nguyen\" --limit 5"
chibo list members --search "nguyen" --limit 5
echo
echo "\$ chibo report visits-by-level --period 2025"
chibo report visits-by-level --period 2025
echo
echo "\$ chibo due --period 2025-05 --unit HB.D01.X01"
chibo due --period 2025-05 --unit HB.D01.X01
echo
echo "\$ chibo report participation --period 2025 --unit HB.D01.X01 | head -16"
chibo report participation --period 2025 --unit HB.D01.X01 | head -16
cat <<TXT

chibod is serving $data (log: $log).
Use it from another terminal:
  export PATH="$bin:\$PATH" CHIBO_SOCKET="$data/chibod.sock" CHIBO_KEY="$key"
  chibo status                    # signed round trip: daemon key, protocol, uptime, your role
  chibo status --lang en          # English labels;  --format json|csv for machines
  chibo list meetings --unit HB.D01.X01.C001 --from 01/06/2025   # also: units, members, officials, visits...
  chibo show members DV000001
  chibo report compliance --period 2025-Q2 --unit HB.D01   # also: regularity, participation, quality,
                                  #   ratings, recommendations, coverage, exemptions, cadres (docs/reports.md)
  chibo report ratings --period 2025 --format html > ratings.html   # an A4 form to print (docs/printing.md)
  chibo report compliance --official CB00003 --period 2025  # every visit and why it counted
  chibo due                       # what each official still owes this month/quarter/year
  chibo import FILE.csv --kind members [--dry-run]    # columns: docs/import.md
  chibo key new --out clerk.key   # a key for a clerk, then:
  chibo key enrol clerk.key.pub --role clerk --name "Trần Thị Bình" [--scope HB.D01]
  chibo audit verify              # re-check every signed write in the journal (admin or auditor)
  chibo backup --out backup.sqlite   # a consistent copy while chibod serves (docs/operations.md)
  chibo --help
TXT
if [ "$listen" != off ]; then
  echo "  chibo status --connect $listen  # the same over TCP, encrypted"
fi

if [ "${CHIBO_DETACH:-0}" = 1 ]; then
  echo "chibod runs in the background as pid $pid; stop it with: kill $pid"
  exit 0
fi
echo "Press Ctrl-C to stop chibod."
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid"; echo "chibod stopped."; exit 0' INT TERM
wait "$pid"
