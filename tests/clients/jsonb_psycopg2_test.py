"""jsonb through psycopg2: a psycopg2.extras.Json parameter in, a dict back (psycopg2 parses
jsonb results by their type OID, 3802), jsonb operators with parameters, and the error of bad
JSON. Usage: jsonb_psycopg2_test.py PORT; prints "ok" when every check passed."""
import sys

import psycopg2
import psycopg2.extras


def main(port):
    conn = psycopg2.connect(host="127.0.0.1", port=port, user="komodo", dbname="komodo")
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("CREATE TABLE jdocs (id int PRIMARY KEY, doc jsonb)")
    doc = {"name": "ada", "tags": ["x", "y"], "n": 1.5, "ok": True, "none": None}
    cur.execute("INSERT INTO jdocs VALUES (%s, %s)", (1, psycopg2.extras.Json(doc)))
    cur.execute("INSERT INTO jdocs VALUES (%s, %s)", (2, psycopg2.extras.Json([1, {"b": 2}])))
    cur.execute("SELECT doc FROM jdocs WHERE id = 1")
    got = cur.fetchone()[0]
    assert got == doc, got
    assert cur.description[0].type_code == 3802, cur.description[0].type_code
    cur.execute("SELECT doc -> 'tags' ->> %s, doc ->> 'name' FROM jdocs WHERE doc @> %s",
                (1, psycopg2.extras.Json({"ok": True})))
    assert cur.fetchall() == [("y", "ada")]
    cur.execute("SELECT doc FROM jdocs WHERE id = 2")
    assert cur.fetchone()[0] == [1, {"b": 2}]
    cur.execute("SELECT jsonb_build_object('k', %s::int, 'l', %s)", (7, "s"))
    assert cur.fetchone()[0] == {"k": 7, "l": "s"}
    cur.execute("SELECT key, value FROM jsonb_each(%s) ORDER BY key",
                (psycopg2.extras.Json({"b": [1], "a": None}),))
    assert cur.fetchall() == [("a", None), ("b", [1])], "jsonb_each"
    try:
        cur.execute("SELECT %s::jsonb", ("{bad",))
        raise AssertionError("bad JSON was accepted")
    except psycopg2.errors.InvalidTextRepresentation as e:
        assert e.pgcode == "22P02", e.pgcode
        assert "invalid input syntax for type json" in str(e), str(e)
    conn.close()
    print("ok")


if __name__ == "__main__":
    main(int(sys.argv[1]))
