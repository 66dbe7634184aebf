-- pgbench's tables and rows (what `pgbench -i -I dtGp -s :scale` creates), with text fillers in
-- place of char(n), for servers where `pgbench -i` fails. bench/run.sh loads it into BOTH systems
-- when KomodoDB refuses `pgbench -i`, so the two run tpcb-like over the same schema.
--   psql -v scale=10 -f bench/pgbench_init.sql
DROP TABLE IF EXISTS pgbench_history;
DROP TABLE IF EXISTS pgbench_tellers;
DROP TABLE IF EXISTS pgbench_accounts;
DROP TABLE IF EXISTS pgbench_branches;
CREATE TABLE pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, filler text);
CREATE TABLE pgbench_tellers (tid int NOT NULL PRIMARY KEY, bid int, tbalance int, filler text);
CREATE TABLE pgbench_accounts (aid int NOT NULL PRIMARY KEY, bid int, abalance int, filler text);
CREATE TABLE pgbench_branches (bid int NOT NULL PRIMARY KEY, bbalance int, filler text);
INSERT INTO pgbench_branches (bid, bbalance) SELECT bid, 0 FROM generate_series(1, :scale) AS bid;
INSERT INTO pgbench_tellers (tid, bid, tbalance)
  SELECT tid, (tid - 1) / 10 + 1, 0 FROM generate_series(1, 10 * :scale) AS tid;
INSERT INTO pgbench_accounts (aid, bid, abalance, filler)
  SELECT aid, (aid - 1) / 100000 + 1, 0, '' FROM generate_series(1, 100000 * :scale) AS aid;
