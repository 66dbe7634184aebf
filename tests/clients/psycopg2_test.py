#!/usr/bin/env python3
"""psycopg2 (libpq underneath) against `komodo serve`: parameters, executemany, fetchall,
transactions and rollback after an error. Usage: psycopg2_test.py PORT. Prints "ok" and exits 0
when every check passes; any failure raises (exit status 1) with the reason."""
import io
import sys

import psycopg2


def main(port):
    conn = psycopg2.connect(host="127.0.0.1", port=port, user="komodo", dbname="komodo",
                            application_name="psycopg2_test")
    assert conn.server_version == 150000, conn.server_version
    cur = conn.cursor()

    # psycopg2 opens a transaction block (BEGIN) before the first statement; commit ends it.
    cur.execute("CREATE TABLE people (id bigint PRIMARY KEY, name text, score double precision)")
    cur.execute("INSERT INTO people VALUES (%s, %s, %s)", (1, "Ann", 1.5))
    cur.execute("INSERT INTO people VALUES (%s, %s, %s)", (2, None, None))
    cur.executemany("INSERT INTO people VALUES (%s, %s, %s)",
                    [(3, "O'Brien", 3.0), (4, "Zoë", -0.25), (5, "x; DROP TABLE people", 0.0)])
    conn.commit()

    cur.execute("SELECT id, name, score FROM people ORDER BY id")
    rows = cur.fetchall()
    assert rows == [(1, "Ann", 1.5), (2, None, None), (3, "O'Brien", 3.0), (4, "Zoë", -0.25),
                    (5, "x; DROP TABLE people", 0.0)], rows
    assert [d.name for d in cur.description] == ["id", "name", "score"], cur.description

    cur.execute("SELECT name FROM people WHERE id = %s", (4,))
    assert cur.fetchone() == ("Zoë",)
    cur.execute("SELECT id FROM people WHERE name IS NULL")
    assert cur.fetchall() == [(2,)]
    conn.commit()

    # An error aborts the transaction; rollback makes the connection usable again and
    # discards what the transaction wrote.
    cur.execute("INSERT INTO people VALUES (%s, %s, %s)", (6, "gone", 0.0))
    try:
        cur.execute("INSERT INTO people VALUES (%s, %s, %s)", (1, "dup", 0.0))
        raise AssertionError("duplicate key was accepted")
    except psycopg2.errors.UniqueViolation as e:
        assert e.pgcode == "23505", e.pgcode
    try:
        cur.execute("SELECT 1")
        raise AssertionError("statement ran in an aborted transaction")
    except psycopg2.errors.InFailedSqlTransaction:
        pass
    conn.rollback()
    cur.execute("SELECT id FROM people WHERE id = %s", (6,))
    assert cur.fetchall() == []
    conn.commit()

    # Autocommit mode: no BEGIN, every statement commits on its own.
    conn.autocommit = True
    cur.execute("INSERT INTO people VALUES (%s, %s, %s)", (7, "auto", 7.0))
    try:
        cur.execute("SELECT * FROM no_such_table")
        raise AssertionError("missing table was accepted")
    except psycopg2.errors.UndefinedTable:
        pass
    cur.execute("SELECT name FROM people WHERE id = 7")
    assert cur.fetchone() == ("auto",)

    copy_checks(conn)
    array_checks(conn)
    named_cursor_checks(conn)
    notice_checks(conn)
    conn.close()
    print("ok")


def copy_checks(conn):
    """COPY FROM STDIN and TO STDOUT through copy_expert (COPY over the simple query protocol)."""
    cur = conn.cursor()
    cur.execute("CREATE TABLE scores (id int PRIMARY KEY, who text, pts numeric(6,2) DEFAULT 0)")
    data = io.StringIO('1,"Lee, Jo",10.5\n2,,3\n3,"multi\nline ""quoted""",-1\n')
    cur.copy_expert("COPY scores FROM STDIN WITH (FORMAT csv)", data)
    assert cur.rowcount == 3, cur.rowcount
    out = io.StringIO()
    cur.copy_expert("COPY scores TO STDOUT", out)
    assert out.getvalue() == ("1\tLee, Jo\t10.50\n2\t\\N\t3.00\n"
                              "3\tmulti\\nline \"quoted\"\t-1.00\n"), repr(out.getvalue())
    out = io.StringIO()
    cur.copy_expert("COPY (SELECT id, who FROM scores WHERE id < 3 ORDER BY id DESC) TO STDOUT "
                    "WITH (FORMAT csv, HEADER)", out)
    assert out.getvalue() == 'id,who\n2,\n1,"Lee, Jo"\n', repr(out.getvalue())
    # Text format with columns left to their DEFAULT; a bad row fails the whole COPY.
    cur.copy_expert("COPY scores (who, id) FROM STDIN", io.StringIO("tab\\there\t4\n"))
    try:
        cur.copy_expert("COPY scores (id) FROM STDIN", io.StringIO("5\n6\nseven\n"))
        raise AssertionError("a bad row was accepted")
    except psycopg2.errors.InvalidTextRepresentation as e:
        assert e.pgcode == "22P02", e.pgcode
        assert 'COPY scores, line 3, column id: "seven"' in str(e), str(e)
    cur.execute("SELECT id, who, pts FROM scores WHERE id > 3 ORDER BY id")
    assert cur.fetchall() == [(4, "tab\there", 0)], "the failed COPY kept rows"


def array_checks(conn):
    """Python lists go out as ARRAY[...] and array columns come back as lists."""
    cur = conn.cursor()
    cur.execute("CREATE TABLE arrays (id int PRIMARY KEY, nums int[], words text[], "
                "vals float8[])")
    cur.execute("INSERT INTO arrays VALUES (%s, %s, %s, %s)",
                (1, [3, None, 1], ["a b", 'q"t', None, ""], [1.5, -2.0]))
    cur.execute("INSERT INTO arrays VALUES (%s, %s, %s, %s)", (2, [], ["x"], None))
    cur.execute("SELECT nums, words, vals FROM arrays ORDER BY id")
    assert cur.fetchall() == [([3, None, 1], ["a b", 'q"t', None, ""], [1.5, -2.0]),
                              ([], ["x"], None)]
    cur.execute("SELECT id FROM arrays WHERE %s = ANY(words)", ("x",))
    assert cur.fetchall() == [(2,)]
    cur.execute("SELECT array_agg(id ORDER BY id DESC), %s::int[] || 4 FROM arrays", ([1, 2],))
    assert cur.fetchone() == ([2, 1], [1, 2, 4])


def named_cursor_checks(conn):
    """Named (server-side) cursors: DECLARE, then FETCH FORWARD itersize at a time, and CLOSE."""
    conn.autocommit = False
    cur = conn.cursor()
    cur.execute("CREATE TABLE many (id int PRIMARY KEY, sq bigint)")
    cur.execute("INSERT INTO many SELECT i, i::bigint * i FROM generate_series(1, 2500) AS s(i)")
    conn.commit()

    named = conn.cursor("big")
    named.itersize = 1000  # three FETCH FORWARD 1000 round trips
    named.execute("SELECT id, sq FROM many WHERE id > %s ORDER BY id", (100,))
    seen = [row for row in named]
    assert len(seen) == 2400 and seen[0] == (101, 10201) and seen[-1] == (2500, 6250000), seen[-1]
    named.close()

    scroll = conn.cursor("back", scrollable=True)
    scroll.execute("SELECT id FROM many WHERE id <= 5 ORDER BY id")
    assert scroll.fetchmany(3) == [(1,), (2,), (3,)]
    scroll.scroll(-2)  # MOVE BACKWARD 2
    assert scroll.fetchone() == (2,)
    scroll.scroll(0, mode="absolute")
    assert scroll.fetchall() == [(1,), (2,), (3,), (4,), (5,)]
    scroll.close()

    try:
        cur.execute("FETCH NEXT FROM nosuch")
        raise AssertionError("a missing cursor was fetched")
    except psycopg2.errors.InvalidCursorName as e:
        assert e.pgcode == "34000", e.pgcode
    conn.rollback()

    # WITH HOLD: the cursor outlives its transaction.
    held = conn.cursor("held", withhold=True)
    held.execute("SELECT id FROM many WHERE id % 1000 = 0 ORDER BY id")
    conn.commit()
    assert held.fetchall() == [(1000,), (2000,)]
    held.close()
    conn.commit()
    conn.autocommit = True


def notice_checks(conn):
    """NOTICEs and WARNINGs reach conn.notices (libpq's notice receiver) as PostgreSQL's text."""
    cur = conn.cursor()
    del conn.notices[:]
    cur.execute("DROP TABLE IF EXISTS no_such_table")
    cur.execute("COMMIT")
    cur.execute("SET client_min_messages = warning")
    cur.execute("DROP TABLE IF EXISTS no_such_table")
    cur.execute("RESET client_min_messages")
    assert conn.notices == ['NOTICE:  table "no_such_table" does not exist, skipping\n',
                            "WARNING:  there is no transaction in progress\n"], conn.notices
    # application_name reported by ParameterStatus reaches libpq's parameter table.
    cur.execute("SET application_name = 'renamed'")
    assert conn.get_parameter_status("application_name") == "renamed"


if __name__ == "__main__":
    main(int(sys.argv[1]))
