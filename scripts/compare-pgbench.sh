#!/usr/bin/env bash
# Durable writes, chibo next to PostgreSQL, in one run on this machine (docs/PERFORMANCE.md):
#   - PostgreSQL (Debian's package) in a temporary cluster, synchronous_commit=on, fsync on, over its Unix
#     socket: pgbench with single-row INSERTs from 64 clients;
#   - chibod (release build) on a temporary data directory: chibo-bench writes, durable signed writes (a meeting
#     with its presence list each) from 64 connections over the Unix socket;
# then both rates and their ratio. Usage: scripts/compare-pgbench.sh [SECONDS] [CLIENTS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$repo_root"

seconds=${1:-10}
clients=${2:-64}
install_build_packages
install_packages postgresql postgresql-contrib
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

swift build -c release --product chibod >/dev/null
swift build -c release --product chibo >/dev/null
swift build -c release --product chibo-bench >/dev/null
bin=$(swift build -c release --show-bin-path)

work=$(mktemp -d /tmp/chibo-pgbench-XXXXXX)
chibod_pid=""
cleanup() {
  [ -n "$chibod_pid" ] && kill "$chibod_pid" 2>/dev/null && wait "$chibod_pid" 2>/dev/null || true
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# PostgreSQL will not run as root: the cluster belongs to the postgres user Debian's package made.
chmod 755 "$work"
mkdir "$work/pg" "$work/pgsock"
chown postgres "$work/pg" "$work/pgsock"
runuser -u postgres -- "$pgbin/initdb" -D "$work/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg/log" -w start \
  -o "-c listen_addresses='' -k $work/pgsock -c synchronous_commit=on -c fsync=on -c max_connections=$((clients + 10))" >/dev/null
psql=(runuser -u postgres -- "$pgbin/psql" -h "$work/pgsock" -U postgres -q)
"${psql[@]}" -c "CREATE TABLE visit_log (id bigserial PRIMARY KEY, meeting text NOT NULL, official text NOT NULL, at timestamptz NOT NULL DEFAULT now())"
echo "INSERT INTO visit_log (meeting, official) VALUES ('HB.D01.X01.C001-2025-03', 'CB00042');" > "$work/insert.sql"
chmod 644 "$work/insert.sql"
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}'): pgbench, $clients clients, single-row INSERTs, synchronous_commit=on, $seconds s"
pg_tps=$(runuser -u postgres -- "$pgbin/pgbench" -h "$work/pgsock" -U postgres -n -f "$work/insert.sql" -c "$clients" -j 2 -T "$seconds" postgres \
  | tee "$work/pgbench.out" | awk '/^tps = / {print int($3)}')
grep -E "latency average|^tps" "$work/pgbench.out" | sed 's/^/  /'

echo "chibod: chibo-bench writes, $clients connections, durable signed writes over the Unix socket, $seconds s"
"$bin/chibo" key new --out "$work/admin.key" --name bench >/dev/null
"$bin/chibod" init --data "$work/chibo" --admin-key "$work/admin.key.pub" >/dev/null
"$bin/chibod" run --data "$work/chibo" >"$work/chibod.out" 2>"$work/chibod.log" &
chibod_pid=$!
for _ in $(seq 100); do grep -q "chibod ready" "$work/chibod.out" && break; sleep 0.1; done
XDG_CONFIG_HOME="$work/config" "$bin/chibo-bench" writes --socket "$work/chibo/chibod.sock" --key "$work/admin.key" \
  --connections "$clients" --seconds "$seconds" | tee "$work/bench.out" | sed 's/^/  /'
chibo_rate=$(awk '/durable signed writes\/s/ {for (i = 1; i <= NF; i++) if ($i == "=") print int($(i + 1))}' "$work/bench.out")

echo "PostgreSQL unsigned INSERTs: $pg_tps/s; chibo durable signed writes: $chibo_rate/s; ratio $(awk -v a="$chibo_rate" -v b="$pg_tps" 'BEGIN {printf "%.2f", a / b}')"
