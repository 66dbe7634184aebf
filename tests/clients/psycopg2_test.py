#!/usr/bin/env python3
"""psycopg2 (libpq underneath) against `komodo serve`: parameters, executemany, fetchall,
transactions and rollback after an error. Usage: psycopg2_test.py PORT. Prints "ok" and exits 0
when every check passes; any failure raises (exit status 1) with the reason."""
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
    conn.close()
    print("ok")


if __name__ == "__main__":
    main(int(sys.argv[1]))
