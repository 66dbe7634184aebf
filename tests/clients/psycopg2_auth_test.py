#!/usr/bin/env python3
"""psycopg2 (libpq underneath) logging in to `komodo serve` with SCRAM-SHA-256, in plain text
and over TLS. The server runs with auth_method = scram-sha-256 and TLS on, and has the login role
alice with password alice-pw. Usage: psycopg2_auth_test.py PORT. Prints "ok" and exits 0 when
every check passes; any failure raises (exit status 1) with the reason."""
import sys

import psycopg2


def connect(port, user, password, sslmode):
    return psycopg2.connect(host="127.0.0.1", port=port, user=user, password=password,
                            dbname="komodo", sslmode=sslmode,
                            application_name="psycopg2_auth_test")


def expect_refused(port, user, password):
    try:
        connect(port, user, password, "disable")
    except psycopg2.OperationalError as e:
        message = str(e)
        assert 'FATAL:  password authentication failed for user "%s"' % user in message, message
        return
    raise AssertionError("%s logged in with a wrong password" % user)


def main(port):
    for sslmode, encrypted in (("disable", False), ("require", True)):
        conn = connect(port, "alice", "alice-pw", sslmode)
        assert conn.info.ssl_in_use == encrypted, (sslmode, conn.info.ssl_in_use)
        cur = conn.cursor()
        cur.execute("SELECT %s::int + 1", (41,))
        assert cur.fetchone() == (42,)
        conn.close()

    # A wrong password and an unknown user fail alike, and other sessions go on.
    other = connect(port, "alice", "alice-pw", "disable")
    expect_refused(port, "alice", "wrong")
    expect_refused(port, "nobody", "alice-pw")
    cur = other.cursor()
    cur.execute("SELECT 1")
    assert cur.fetchone() == (1,)
    other.close()
    print("ok")


if __name__ == "__main__":
    main(int(sys.argv[1]))
