#!/usr/bin/env bash
# Installs every Debian package KomodoDB's build, tests and benchmarks need.
# Idempotent: when everything is present it only checks and returns (no apt-get update).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config lld
  librocksdb-dev            # storage
  libpg-query-dev libprotobuf-c-dev   # the PostgreSQL 15 parser
  libfmt-dev                # formatting
  libedit-dev               # line editing in `komodo sql` (BSD licence; not GNU readline)
  libpq-dev                 # komodo-sqllogictest --pg (PostgreSQL's client library)
  postgresql-15             # the sql/postgres test runs tests/sql against a private PostgreSQL 15
  libgtest-dev libgmock-dev libbenchmark-dev   # tests and micro benchmarks
  postgresql-client python3-psycopg2   # real clients in the wire-server tests (psql, psycopg2)
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
