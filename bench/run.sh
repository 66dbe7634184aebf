#!/usr/bin/env bash
# KomodoDB side by side with PostgreSQL 15 (over the wire) and SQLite (embedded), in one run.
# docs/performance.md explains every row; `make bench` builds what this needs, then runs it.
#
#   bench/run.sh                         default sizes
#   BENCH_ROWS=100000 BENCH_SECONDS=5 bench/run.sh
#
# Environment:
#   BENCH_ROWS      rows of the bulk load, aggregate and join tables     (default 1000000)
#   BENCH_INSERTS   single-row INSERTs in one transaction                (default 100000)
#   BENCH_SCALE     pgbench scale                                        (default 10)
#   BENCH_SECONDS   duration of each pgbench run                         (default 10)
#   BENCH_CLIENTS   pgbench tpcb-like client counts                      (default "1 4 16")
#   BENCH_REPEAT    runs of each query per system; the best is reported  (default 3)
#   BENCH_ONLY      space-separated subset of: load inserts queries pgbench embedded (default all)
#   KOMODO_BIN, EMBEDDED_BIN   the binaries (default build/komodo, build/bench/komodo_embedded_bench)
#
# Starts a private PostgreSQL 15 (initdb into a temporary folder, 127.0.0.1, a free port, default
# settings: fsync and synchronous_commit on) and `komodo serve` (every commit synced before it is
# acknowledged) on another free port; stops both by process id and removes the folder on exit.
# Each workload runs against KomodoDB, then PostgreSQL, before the next workload starts.
# Figures: seconds (lower is better) or TPS (higher is better); "ratio" is always how many times
# faster KomodoDB is (> 1: KomodoDB wins). "peak RSS" is the KomodoDB server's VmHWM during that
# workload alone (reset through /proc/PID/clear_refs before it; the embedded rows: the bench
# process's own).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KOMODO_BIN="${KOMODO_BIN:-$ROOT/build/komodo}"
EMBEDDED_BIN="${EMBEDDED_BIN:-$ROOT/build/bench/komodo_embedded_bench}"
ROWS="${BENCH_ROWS:-1000000}"
INSERTS="${BENCH_INSERTS:-100000}"
SCALE="${BENCH_SCALE:-10}"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
CLIENTS="${BENCH_CLIENTS:-1 4 16}"
REPEAT="${BENCH_REPEAT:-3}"
ONLY="${BENCH_ONLY:-load inserts queries pgbench embedded}"
PGBIN=/usr/lib/postgresql/15/bin

wants() { [[ " $ONLY " == *" $1 "* ]]; }
log() { echo "bench: $*" >&2; }

# ---- what it needs ----------------------------------------------------------------------------
need=()
[ -x "$PGBIN/initdb" ] || need+=(postgresql-15)
command -v pgbench >/dev/null || need+=(postgresql-contrib postgresql-client)
command -v psql >/dev/null || need+=(postgresql-client)
[ -f /usr/include/sqlite3.h ] || need+=(libsqlite3-dev sqlite3)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
for b in "$KOMODO_BIN" $(wants embedded && echo "$EMBEDDED_BIN"); do
  [ -x "$b" ] || { log "$b is missing; run: make bench"; exit 2; }
done

# ---- servers ----------------------------------------------------------------------------------
AS_SERVER=()
[ "$(id -u)" -eq 0 ] && AS_SERVER=(setpriv --reuid=postgres --regid=postgres --init-groups --)
TMP="$(mktemp -d /tmp/komodo-bench.XXXXXX)"
PGPID="" KPID="" SAMPLER=""
stop_pid() {  # pid signal: signal, wait up to 30 s, then SIGKILL
  local pid="$1" sig="$2"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "-$sig" "$pid" 2>/dev/null || true
  for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  stop_pid "$KPID" TERM
  stop_pid "$PGPID" INT  # PostgreSQL's fast shutdown
  wait 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
chmod 755 "$TMP"
[ "$(id -u)" -eq 0 ] && chown postgres: "$TMP"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 20000))
    port_free "$p" && { echo "$p"; return; }
  done
  return 1
}

"${AS_SERVER[@]}" "$PGBIN/initdb" -D "$TMP/pg" -U postgres --auth=trust -E UTF8 --locale=C \
  >"$TMP/initdb.log" 2>&1 || { cat "$TMP/initdb.log" >&2; exit 2; }
PGPORT_="$(free_port)"
"${AS_SERVER[@]}" "$PGBIN/postgres" -D "$TMP/pg" -h 127.0.0.1 -p "$PGPORT_" -k "$TMP" \
  >"$TMP/pg.log" 2>&1 &
PGPID=$!
for _ in $(seq 100); do
  "$PGBIN/pg_isready" -q -h "$TMP" -p "$PGPORT_" && break
  kill -0 "$PGPID" 2>/dev/null || break
  sleep 0.1
done
"$PGBIN/pg_isready" -q -h "$TMP" -p "$PGPORT_" || { cat "$TMP/pg.log" >&2; exit 2; }
PGPID="$(head -1 "$TMP/pg/postmaster.pid")"

KPORT="$(free_port)"
"$KOMODO_BIN" serve --data "$TMP/komodo" --port "$KPORT" >"$TMP/komodo.log" 2>&1 &
KPID=$!
for _ in $(seq 100); do
  psql -X -q -h 127.0.0.1 -p "$KPORT" -U bench -d bench -c "SELECT 1" >/dev/null 2>&1 && break
  kill -0 "$KPID" 2>/dev/null || break
  sleep 0.1
done
psql -X -q -h 127.0.0.1 -p "$KPORT" -U bench -d bench -c "SELECT 1" >/dev/null 2>&1 ||
  { cat "$TMP/komodo.log" >&2; exit 2; }
log "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on :$PGPORT_ (pid $PGPID)," \
  "KomodoDB on :$KPORT (pid $KPID), data in $TMP"

# conn k|p: connection options of KomodoDB / PostgreSQL (TCP loopback for both).
conn() { if [ "$1" = k ]; then echo "-h 127.0.0.1 -p $KPORT -U bench -d bench"; else
  echo "-h 127.0.0.1 -p $PGPORT_ -U postgres -d postgres"; fi; }
# sql k|p ARGS...: psql, stopping at the first error; output discarded unless asked.
sql() { local s="$1"; shift; psql -X -q -v ON_ERROR_STOP=1 $(conn "$s") "$@"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
reset_peak() { echo 5 >"/proc/$KPID/clear_refs" 2>/dev/null || true; }
peak_mb() { awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$KPID/status" 2>/dev/null; }
first_line() { head -c 300 "$1" | head -1 | sed -e 's/^psql:[^ ]* //' -e 's/^ERROR: */ERROR: /'; }

# ---- the table --------------------------------------------------------------------------------
RESULTS="$TMP/results"
: >"$RESULTS"
# row WORKLOAD KOMODO OTHER UNIT(s|tps|ms) PEAK: UNIT s / ms: lower is better; tps: higher.
row() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >>"$RESULTS"; log "$1: $2 vs $3 $4 (${5:--})"; }
print_table() {
  echo
  echo "KomodoDB vs PostgreSQL 15 / SQLite $(sqlite3 --version 2>/dev/null | awk '{print $1}') —" \
    "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)," \
    "$(uname -r); rows=$ROWS inserts=$INSERTS scale=$SCALE seconds=$SECONDS_PER_RUN"
  awk -F'\t' '
    function num(x) { return x ~ /^[0-9.]+$/ }
    BEGIN { printf "| %-66s | %14s | %14s | %7s | %10s |\n", "workload", "KomodoDB", "other", "ratio", "peak RSS"
            printf "|%s|%s|%s|%s|%s|\n", "--------------------------------------------------------------------", "---------------:", "---------------:", "--------:", "-----------:" }
    { ratio = "n/a"
      if (num($2) && num($3) && $2 > 0 && $3 > 0) ratio = sprintf("%.2fx", $4 == "tps" ? $2 / $3 : $3 / $2)
      k = num($2) ? $2 " " $4 : $2; o = num($3) ? $3 " " $4 : $3
      printf "| %-66s | %14s | %14s | %7s | %10s |\n", $1, k, o, ratio, $5 }' "$RESULTS"
  echo
  echo "ratio: how many times faster KomodoDB is (> 1 = KomodoDB faster); s and ms: lower is"
  echo "better, tps: higher is better. Server rows: other = PostgreSQL; embedded rows: SQLite."
}
trap 'print_table; cleanup' EXIT

# run_timed k|p FILE-OR-"-c SQL"...: seconds of one psql run, or "error: ..." (reason in $TMP/err)
run_timed() {
  local s="$1"; shift
  local t0; t0="$(now)"
  if sql "$s" "$@" >/dev/null 2>"$TMP/err"; then elapsed "$t0"; else echo "error"; fi
}
# best k|p SQL: the best of REPEAT runs of a query
best() {
  local s="$1" q="$2" b="" t
  for _ in $(seq "$REPEAT"); do
    t="$(run_timed "$s" -c "$q")"
    [ "$t" = error ] && { echo "n/a ($(first_line "$TMP/err"))"; return; }
    if [ -z "$b" ] || awk -v t="$t" -v b="$b" 'BEGIN { exit !(t < b) }'; then b="$t"; fi
  done
  echo "$b"
}

# ---- (3) bulk load ----------------------------------------------------------------------------
V_EXPR='(i::bigint * 7919 % 1000003) * 0.001::float8'
DDL_T="CREATE TABLE t (id int PRIMARY KEY, name text, v double precision)"
DDL_U="CREATE TABLE u (id int PRIMARY KEY, w double precision)"
if wants load || wants queries; then
  log "generating $ROWS rows"
  awk -v n="$ROWS" 'BEGIN { for (i = 1; i <= n; i++) printf "%d\tname%d\t%.3f\n", i, i, (i * 7919 % 1000003) * 0.001 }' \
    >"$TMP/t.tsv"
  for s in k p; do sql "$s" -c "DROP TABLE IF EXISTS t" -c "DROP TABLE IF EXISTS u" -c "$DDL_T" -c "$DDL_U"; done

  # COPY first; when KomodoDB refuses it, INSERT batches of 1,000 rows for both.
  reset_peak
  kt="$(run_timed k -c "\\copy t FROM '$TMP/t.tsv'")"
  kpeak="$(peak_mb)"
  if [ "$kt" != error ]; then
    pt="$(run_timed p -c "\\copy t FROM '$TMP/t.tsv'")"
    row "bulk load $ROWS rows, COPY" "$kt" "$pt" s "$kpeak"
  else
    reason="$(first_line "$TMP/err")"
    log "COPY failed on KomodoDB: $reason; loading with INSERT batches"
    row "bulk load $ROWS rows, COPY" "n/a (COPY: $reason)" "$(run_timed p -c "\\copy t FROM '$TMP/t.tsv'")" s ""
    sql p -c "TRUNCATE t"
    sql k -c "DELETE FROM t" 2>/dev/null || true
    awk -F'\t' 'BEGIN { print "BEGIN;" }
      { printf "%s(%d,'"'"'%s'"'"',%s)", (NR % 1000 == 1 ? "INSERT INTO t VALUES " : ","), $1, $2, $3
        if (NR % 1000 == 0) print ";" }
      END { if (NR % 1000 != 0) print ";"; print "COMMIT;" }' "$TMP/t.tsv" >"$TMP/t.sql"
    reset_peak
    kt="$(run_timed k -f "$TMP/t.sql")"
    [ "$kt" = error ] && kt="n/a ($(first_line "$TMP/err"))"
    kpeak="$(peak_mb)"
    pt="$(run_timed p -f "$TMP/t.sql")"
    row "bulk load $ROWS rows, INSERT batches of 1000 (COPY pending)" "$kt" "$pt" s "$kpeak"
  fi
  # Server-side generation: the engine's insert path without the wire.
  reset_peak
  kt="$(run_timed k -c "INSERT INTO u SELECT i, $V_EXPR * 2 FROM generate_series(1, $ROWS) i")"
  [ "$kt" = error ] && kt="n/a ($(first_line "$TMP/err"))"
  kpeak="$(peak_mb)"
  pt="$(run_timed p -c "INSERT INTO u SELECT i, $V_EXPR * 2 FROM generate_series(1, $ROWS) i")"
  row "bulk load $ROWS rows, INSERT ... SELECT generate_series" "$kt" "$pt" s "$kpeak"
  sql p -c "VACUUM ANALYZE t" -c "VACUUM ANALYZE u"  # what a PostgreSQL user's autovacuum does
fi

# ---- (3) single-row INSERTs in one transaction ------------------------------------------------
if wants inserts; then
  awk -v n="$INSERTS" 'BEGIN { print "BEGIN;"
    for (i = 1; i <= n; i++) printf "INSERT INTO s VALUES (%d, '"'"'name%d'"'"', %.3f);\n", i, i, (i * 7919 % 1000003) * 0.001
    print "COMMIT;" }' >"$TMP/s.sql"
  for s in k p; do sql "$s" -c "DROP TABLE IF EXISTS s" -c "CREATE TABLE s (id int PRIMARY KEY, name text, v double precision)"; done
  reset_peak
  kt="$(run_timed k -f "$TMP/s.sql")"
  [ "$kt" = error ] && kt="n/a ($(first_line "$TMP/err"))"
  kpeak="$(peak_mb)"
  pt="$(run_timed p -f "$TMP/s.sql")"
  row "$INSERTS single-row INSERTs, one transaction" "$kt" "$pt" s "$kpeak"
fi

# ---- (4) queries over the loaded rows ---------------------------------------------------------
if wants queries; then
  while IFS='|' read -r name q; do
    reset_peak
    kt="$(best k "$q")"
    kpeak="$(peak_mb)"
    pt="$(best p "$q")"
    row "$name (best of $REPEAT)" "$kt" "$pt" s "$kpeak"
  done <<EOF
SELECT count(*), avg(v) over $ROWS rows|SELECT count(*), avg(v) FROM t
GROUP BY id % 1000 (1,000 groups) over $ROWS rows|SELECT id % 1000 AS g, count(*), avg(v) FROM t GROUP BY id % 1000
join of two $ROWS-row tables on the key|SELECT count(*), sum(t.v + u.w) FROM t JOIN u ON t.id = u.id
ORDER BY v DESC LIMIT 10 over $ROWS rows|SELECT id, name, v FROM t ORDER BY v DESC LIMIT 10
EOF
fi

# ---- (1, 2) pgbench ---------------------------------------------------------------------------
# pgbench_run k|p ARGS...: "tps latency_ms failed" or "error"
pgbench_run() {
  local s="$1"; shift
  if pgbench -n $(conn "$s") "$@" >"$TMP/pgbench.out" 2>"$TMP/err"; then
    awk '/^tps = / && /without initial/ { tps = $3 }
         /^latency average/ { lat = $4 }
         /number of failed transactions/ { failed = $5 }
         END { printf "%.1f %s %s\n", tps, lat, failed == "" ? 0 : failed }' "$TMP/pgbench.out"
  else
    cat "$TMP/pgbench.out" >>"$TMP/err"
    echo error
  fi
}
if wants pgbench; then
  # pgbench's own initialization with server-side generation (-I dtGvp); without its VACUUM step
  # (dtGp) when only that fails; else the same schema with text fillers loaded by
  # INSERT ... SELECT (bench/pgbench_init.sql). Both systems get the same initialization.
  # PostgreSQL always gets its VACUUM ANALYZE, as pgbench -i would give it.
  init_err() { grep -m1 -iE 'error|fatal' "$TMP/init.out" | sed 's/^pgbench: //' | head -c 200; }
  reset_peak
  k_timer="$(now)"
  if pgbench -i -I dtGvp -s "$SCALE" $(conn k) >"$TMP/init.out" 2>&1; then
    k_init="pgbench -i -I dtGvp"
  elif v_err="$(init_err)" && k_timer="$(now)" && pgbench -i -I dtGp -s "$SCALE" $(conn k) >"$TMP/init.out" 2>&1; then
    k_init="pgbench -i -I dtGp (the vacuum step fails: $v_err)"
  else
    k_init_err="$(init_err)"
    log "pgbench -i failed on KomodoDB: $k_init_err"
    k_init="bench/pgbench_init.sql (pgbench -i fails: $k_init_err)"
  fi
  k_init_s="$(elapsed "$k_timer")"
  p_timer="$(now)"
  if [[ "$k_init" == pgbench* ]]; then
    pgbench -i -I dtGvp -s "$SCALE" $(conn p) >/dev/null 2>&1
  else
    for s in k p; do
      [ "$s" = k ] && k_timer="$(now)"
      [ "$s" = p ] && p_timer="$(now)"
      sql "$s" -v scale="$SCALE" -f "$ROOT/bench/pgbench_init.sql" >/dev/null 2>"$TMP/err" ||
        { log "pgbench_init.sql on $s: $(first_line "$TMP/err")"; [ "$s" = k ] && KINIT_FAILED="$(first_line "$TMP/err")"; }
      [ "$s" = k ] && k_init_s="$(elapsed "$k_timer")"
    done
    sql p -c "VACUUM ANALYZE"
  fi
  p_init_s="$(elapsed "$p_timer")"
  row "pgbench initialization, scale $SCALE (${k_init%% (*})" "${KINIT_FAILED:+n/a}${KINIT_FAILED:-$k_init_s}" "$p_init_s" s "$(peak_mb)"
  echo "pgbench init: $k_init" >"$TMP/pgbench-init.txt"
  log "pgbench init: $k_init"
  for c in $CLIENTS S4; do
    if [ "$c" = S4 ]; then args=(-S -c 4 -j 2); label="pgbench select-only, 4 clients"
    else args=(-c "$c" -j "$(( c < 2 ? 1 : 2 ))"); label="pgbench tpcb-like, $c client$([ "$c" = 1 ] || echo s)"; fi
    reset_peak
    if [ -n "${KINIT_FAILED:-}" ]; then kr=error; echo "init: $KINIT_FAILED" >"$TMP/err"
    else kr="$(pgbench_run k "${args[@]}" -T "$SECONDS_PER_RUN")"; fi
    kerr="$(grep -m1 -iE 'error|fatal|abort' "$TMP/err" | sed 's/^pgbench: //' | head -c 160 || true)"
    kpeak="$(peak_mb)"
    pr="$(pgbench_run p "${args[@]}" -T "$SECONDS_PER_RUN")"
    read -r ptps plat pfail <<<"${pr/error/error - -}"
    if [ "$kr" = error ]; then
      row "$label: TPS" "n/a (${kerr:-failed})" "$ptps" tps "$kpeak"
      row "$label: avg latency" "n/a" "$plat" ms ""
    else
      read -r ktps klat kfail <<<"$kr"
      row "$label: TPS (failed: $kfail vs $pfail)" "$ktps" "$ptps" tps "$kpeak"
      row "$label: avg latency" "$klat" "$plat" ms ""
    fi
  done
  # TPC-B's invariant after the runs: every balance total equals the sum of the history deltas.
  check="SELECT (SELECT sum(abalance) FROM pgbench_accounts) = h AND (SELECT sum(tbalance) FROM pgbench_tellers) = h
    AND (SELECT sum(bbalance) FROM pgbench_branches) = h FROM (SELECT coalesce(sum(delta), 0) AS h FROM pgbench_history) x"
  kc="$(sql k -At -c "$check" 2>&1 | head -1)"
  pc="$(sql p -At -c "$check" 2>&1 | head -1)"
  row "pgbench balances = sum of history deltas after the runs (t: yes)" "$kc" "$pc" "" ""
fi

# ---- (5) embedded: the embedded API vs SQLite's C API -----------------------------------------
if wants embedded; then
  for s in komodo sqlite; do
    mkdir -p "$TMP/emb-$s"
    "$EMBEDDED_BIN" "$s" "$TMP/emb-$s" "$ROWS" >"$TMP/emb-$s.out" 2>"$TMP/err" ||
      log "embedded $s failed: $(first_line "$TMP/err")"
    rm -rf "$TMP/emb-$s"
  done
  while IFS=$'\t' read -r name ks kkb; do
    ss="$(awk -F'\t' -v n="$name" '$1 == n { print $2 }' "$TMP/emb-sqlite.out")"
    case "$name" in
      load_prepared) label="embedded: load $ROWS rows, prepared INSERT, one transaction" ;;
      load_copy) label="embedded: load $ROWS rows, COPY (SQLite: prepared INSERT)" ;;
      load_insert_select) label="embedded: load $ROWS rows, INSERT ... SELECT (series / CTE)" ;;
      count_avg) label="embedded: SELECT count(*), avg(v)" ;;
      group_by_1000) label="embedded: GROUP BY id % 1000" ;;
      join) label="embedded: join of two $ROWS-row tables" ;;
      top_10) label="embedded: ORDER BY v DESC LIMIT 10" ;;
      *) label="embedded: $name" ;;
    esac
    row "$label" "$ks" "${ss:-n/a}" s "$(awk -v k="$kkb" 'BEGIN { printf "%.0f MB", k / 1024 }')"
  done <"$TMP/emb-komodo.out"
fi

log "KomodoDB server peak RSS over the whole run (VmHWM since the last reset): $(peak_mb)"
[ -f "$TMP/pgbench-init.txt" ] && log "$(cat "$TMP/pgbench-init.txt")"
exit 0
