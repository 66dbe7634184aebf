#!/usr/bin/env bash
# Runs the SQL logic tests (tests/sql, or the paths given) against a private PostgreSQL 15, to
# prove that every expected result in them is what PostgreSQL prints.
#
#   scripts/sql-vs-postgres.sh [PATH...]     exit status: the runner's (0 = every file passed)
#
# Installs the Debian package postgresql-15 when it is missing, then starts a throwaway server:
# initdb into a temporary folder (as the postgres user: initdb refuses root), listening on
# 127.0.0.1 on a free port, with its socket in that folder. The server is stopped and the folder
# removed on exit. RUNNER=path/to/komodo-sqllogictest overrides the runner (default:
# build/komodo-sqllogictest).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNNER="${RUNNER:-$ROOT/build/komodo-sqllogictest}"
PGBIN=/usr/lib/postgresql/15/bin
[ $# -gt 0 ] || set -- "$ROOT/tests/sql"

if [ ! -x "$RUNNER" ]; then
  echo "sql-vs-postgres: $RUNNER is missing; build it with: ninja -C build komodo-sqllogictest" >&2
  exit 2
fi
if [ ! -x "$PGBIN/initdb" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "sql-vs-postgres: installing postgresql-15"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
fi

# The server runs as `postgres` when we are root (initdb refuses root), else as ourselves.
AS_SERVER=()
if [ "$(id -u)" -eq 0 ]; then
  AS_SERVER=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi

TMP="$(mktemp -d /tmp/komodo-pg.XXXXXX)"
PGPID=""
cleanup() {
  if [ -n "$PGPID" ] && kill -0 "$PGPID" 2>/dev/null; then
    kill -INT "$PGPID" 2>/dev/null || true  # fast shutdown
    for _ in $(seq 50); do kill -0 "$PGPID" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$TMP"; fi

"${AS_SERVER[@]}" "$PGBIN/initdb" -D "$TMP/data" -U postgres --auth=trust --no-sync -E UTF8 --locale=C \
  >"$TMP/initdb.log" 2>&1 || { cat "$TMP/initdb.log" >&2; exit 2; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A port may be taken between the check and the bind: try a few.
for _ in 1 2 3 4 5; do
  PORT=$((20000 + RANDOM % 20000))
  port_free "$PORT" || continue
  "${AS_SERVER[@]}" "$PGBIN/postgres" -D "$TMP/data" -h 127.0.0.1 -p "$PORT" -k "$TMP" \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
    >"$TMP/server.log" 2>&1 &
  PGPID=$!
  for _ in $(seq 100); do
    "$PGBIN/pg_isready" -q -h "$TMP" -p "$PORT" && break  # our socket: no other server's
    kill -0 "$PGPID" 2>/dev/null || break
    sleep 0.1
  done
  if "$PGBIN/pg_isready" -q -h "$TMP" -p "$PORT"; then
    PGPID="$(head -1 "$TMP/data/postmaster.pid")"  # the postmaster itself, whatever ran it
    break
  fi
  kill -INT "$PGPID" 2>/dev/null || true
  wait "$PGPID" 2>/dev/null || true
  PGPID=""
done
if [ -z "$PGPID" ]; then
  echo "sql-vs-postgres: PostgreSQL did not start" >&2
  cat "$TMP/server.log" >&2
  exit 2
fi
echo "sql-vs-postgres: $("$PGBIN/postgres" --version) on 127.0.0.1:$PORT"

"$RUNNER" --pg "host=127.0.0.1 port=$PORT user=postgres dbname=postgres" "$@"
