#!/usr/bin/env bash
# Installs every Debian package KomodoDB's build, tests and benchmarks need.
# Idempotent: when everything is present it only checks and returns (no apt-get update).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config lld
  librocksdb-dev            # storage
  libpg-query-dev libprotobuf-c-dev   # the PostgreSQL 15 parser
  libfmt-dev                # formatting
  nlohmann-json3-dev        # jsonb input (src/types/jsonb.cc)
  libssl-dev                # OpenSSL: SCRAM-SHA-256 and TLS in the wire server
  openssl                   # the openssl tool: the wire-server tests make a self-signed certificate
  libre2-dev                # regular expressions (~, regexp_*, SIMILAR TO)
  libedit-dev               # line editing in `komodo sql` (BSD licence; not GNU readline)
  libpq-dev                 # komodo-sqllogictest --pg (PostgreSQL's client library)
  postgresql-15             # the sql/postgres test runs tests/sql against a private PostgreSQL 15
  libgtest-dev libgmock-dev libbenchmark-dev   # tests and micro benchmarks
  postgresql-client python3-psycopg2   # real clients in the wire-server tests (psql, psycopg2)
  python3-sqlalchemy        # SQLAlchemy's schema reflection, same tests
  nodejs                    # node-pg (from npm, below) in the wire-server tests
  openjdk-17-jdk-headless libpostgresql-jdbc-java   # the PostgreSQL JDBC driver, same tests
)

# npm packages of the client tests, from the lock file; npm comes with nodejs (NodeSource) or,
# on Debian's own nodejs, from the npm package.
install_npm_packages() {
  local dir
  dir="$(cd "$(dirname "$0")/.." && pwd)/tests/clients/node"
  [ -d "$dir/node_modules/pg" ] && return 0
  if ! command -v npm >/dev/null; then
    $SUDO apt-get install -y -qq --no-install-recommends npm
  fi
  echo "install-deps: npm ci in tests/clients/node"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
}

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
install_npm_packages
