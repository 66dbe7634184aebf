#!/usr/bin/env python3
"""SQLAlchemy (postgresql+psycopg2) against `komodo serve`: schema reflection through
inspect(engine) and MetaData.reflect(), which run SQLAlchemy's pg_catalog queries (regclass
casts, format_type, pg_get_expr, pg_get_indexdef, pg_get_constraintdef, conkey/indkey arrays),
then a Core insert/select round trip and an ORM session. The expected answers are PostgreSQL
15's. Usage: sqlalchemy_test.py PORT [USER [DBNAME]]. Prints "ok" and exits 0 when every check
passes; any failure raises (exit status 1) with the reason."""
import datetime
import decimal
import sys

from sqlalchemy import (ARRAY, Column, Integer, MetaData, String, Table, create_engine, inspect,
                        insert, select, text)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, declarative_base
from sqlalchemy import types as sqltypes


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def type_name(t):
    """A reflected type as one comparable string: class name plus its parameters."""
    name = type(t).__name__
    if isinstance(t, sqltypes.ARRAY):
        return "ARRAY(%s)" % type_name(t.item_type)
    if isinstance(t, sqltypes.String) and t.length is not None:
        return "%s(%d)" % (name, t.length)
    if isinstance(t, sqltypes.Numeric) and not isinstance(t, sqltypes.Float) and \
            t.precision is not None:
        return "%s(%d,%d)" % (name, t.precision, t.scale)
    if isinstance(t, sqltypes.DateTime):
        return "%s(tz=%s)" % (name, t.timezone)
    return name


def main(port, user, dbname):
    engine = create_engine("postgresql+psycopg2://%s@127.0.0.1:%s/%s" % (user, port, dbname))
    with engine.begin() as conn:
        conn.execute(text(
            "CREATE TABLE sa_authors ("
            " id serial PRIMARY KEY,"
            " name varchar(40) NOT NULL,"
            " email varchar(80) UNIQUE,"
            " born date)"))
        conn.execute(text(
            "CREATE TABLE sa_books ("
            " id bigint NOT NULL,"
            " edition int NOT NULL DEFAULT 1,"
            " author_id int REFERENCES sa_authors (id) ON DELETE CASCADE,"
            " title text NOT NULL,"
            " price numeric(8,2) DEFAULT 9.99,"
            " published timestamp,"
            " stamped timestamptz DEFAULT now(),"
            " meta jsonb,"
            " tags text[],"
            " in_print boolean DEFAULT true,"
            " PRIMARY KEY (id, edition),"
            " CONSTRAINT sa_books_title_edition UNIQUE (title, edition))"))
        conn.execute(text("CREATE INDEX sa_books_published_idx ON sa_books (published)"))
        conn.execute(text("CREATE UNIQUE INDEX sa_books_meta_title ON sa_books (author_id, title)"))
        conn.execute(text("CREATE VIEW sa_cheap AS SELECT id, title FROM sa_books WHERE price < 5"))

    insp = inspect(engine)
    check(sorted(insp.get_table_names()) == ["sa_authors", "sa_books"], insp.get_table_names())
    check(insp.has_table("sa_books"), "has_table sa_books")
    check(not insp.has_table("sa_nope"), "has_table sa_nope")
    check(insp.get_view_names() == ["sa_cheap"], insp.get_view_names())

    cols = insp.get_columns("sa_authors")
    got = [(c["name"], type_name(c["type"]), c["nullable"], c["default"], c["autoincrement"])
           for c in cols]
    check(got == [
        ("id", "INTEGER", False, "nextval('sa_authors_id_seq'::regclass)", True),
        ("name", "VARCHAR(40)", False, None, False),
        ("email", "VARCHAR(80)", True, None, False),
        ("born", "DATE", True, None, False),
    ], got)

    cols = insp.get_columns("sa_books")
    got = [(c["name"], type_name(c["type"]), c["nullable"], c["default"]) for c in cols]
    check(got == [
        ("id", "BIGINT", False, None),
        ("edition", "INTEGER", False, "1"),
        ("author_id", "INTEGER", True, None),
        ("title", "TEXT", False, None),
        ("price", "NUMERIC(8,2)", True, "9.99"),
        ("published", "TIMESTAMP(tz=False)", True, None),
        ("stamped", "TIMESTAMP(tz=True)", True, "now()"),
        ("meta", "JSONB", True, None),
        ("tags", "ARRAY(TEXT)", True, None),
        ("in_print", "BOOLEAN", True, "true"),
    ], got)

    pk = insp.get_pk_constraint("sa_books")
    check(pk == {"constrained_columns": ["id", "edition"], "name": "sa_books_pkey"}, pk)
    pk = insp.get_pk_constraint("sa_authors")
    check(pk == {"constrained_columns": ["id"], "name": "sa_authors_pkey"}, pk)

    uniques = sorted(insp.get_unique_constraints("sa_books"), key=lambda u: u["name"])
    check(uniques == [{"column_names": ["title", "edition"], "name": "sa_books_title_edition"}],
          uniques)
    uniques = insp.get_unique_constraints("sa_authors")
    check(uniques == [{"column_names": ["email"], "name": "sa_authors_email_key"}], uniques)

    indexes = sorted(insp.get_indexes("sa_books"), key=lambda i: i["name"])
    got = [(i["name"], i["column_names"], i["unique"], i.get("duplicates_constraint"))
           for i in indexes]
    check(got == [
        ("sa_books_meta_title", ["author_id", "title"], True, None),
        ("sa_books_published_idx", ["published"], False, None),
        ("sa_books_title_edition", ["title", "edition"], True, "sa_books_title_edition"),
    ], got)

    fks = insp.get_foreign_keys("sa_books")
    check(fks == [{
        "name": "sa_books_author_id_fkey",
        "constrained_columns": ["author_id"],
        "referred_schema": None,
        "referred_table": "sa_authors",
        "referred_columns": ["id"],
        "options": {"ondelete": "CASCADE"},
    }], fks)
    check(insp.get_foreign_keys("sa_authors") == [], insp.get_foreign_keys("sa_authors"))

    # MetaData.reflect() builds Table objects from the same queries.
    meta = MetaData()
    meta.reflect(bind=engine)
    check(sorted(meta.tables) == ["sa_authors", "sa_books"], sorted(meta.tables))
    books = meta.tables["sa_books"]
    authors = meta.tables["sa_authors"]
    check([c.name for c in books.primary_key.columns] == ["id", "edition"], books.primary_key)
    fk = list(books.c.author_id.foreign_keys)
    check(len(fk) == 1 and fk[0].column is authors.c.id, fk)
    check(isinstance(books.c.meta.type, postgresql.JSONB), books.c.meta.type)
    check(books.c.title.nullable is False and books.c.price.nullable is True, "nullable")

    # Core round trip through the reflected tables: the serial default, RETURNING, a join.
    with engine.begin() as conn:
        aid = conn.execute(insert(authors).values(name="Ann", email="ann@example.com")
                           .returning(authors.c.id)).scalar_one()
        check(aid == 1, aid)
        conn.execute(insert(books), [
            {"id": 10, "author_id": aid, "title": "First", "price": decimal.Decimal("12.50"),
             "published": datetime.datetime(2020, 5, 1, 12, 0), "meta": {"pages": 100},
             "tags": ["a", "b"]},
            {"id": 12, "author_id": aid, "title": "Third", "price": None, "published": None,
             "meta": None, "tags": None},
        ])
        conn.execute(insert(books).values(id=11, edition=2, author_id=aid, title="Second",
                                          tags=[]))
        rows = conn.execute(
            select(books.c.id, books.c.edition, books.c.price, books.c.published, books.c.meta,
                   books.c.tags, books.c.in_print, authors.c.name)
            .join(authors, books.c.author_id == authors.c.id).order_by(books.c.id)).all()
        check([tuple(r) for r in rows] == [
            (10, 1, decimal.Decimal("12.50"), datetime.datetime(2020, 5, 1, 12, 0),
             {"pages": 100}, ["a", "b"], True, "Ann"),
            (11, 2, decimal.Decimal("9.99"), None, None, [], True, "Ann"),
            (12, 1, None, None, None, None, True, "Ann"),
        ], rows)

    # The ORM over a declared class mapped to its own table.
    Base = declarative_base()

    class Note(Base):
        __tablename__ = "sa_notes"
        id = Column(Integer, primary_key=True)
        body = Column(String(100), nullable=False)
        labels = Column(ARRAY(Integer))

    Base.metadata.create_all(engine)
    check(insp.has_table("sa_notes") or inspect(engine).has_table("sa_notes"), "create_all")
    with Session(engine) as session:
        session.add_all([Note(body="one", labels=[1, 2]), Note(body="two")])
        session.commit()
        notes = session.execute(select(Note).order_by(Note.id)).scalars().all()
        check([(n.id, n.body, n.labels) for n in notes] == [(1, "one", [1, 2]), (2, "two", None)],
              [(n.id, n.body, n.labels) for n in notes])
        notes[1].body = "zwei"
        session.delete(notes[0])
        session.commit()
        check(session.execute(select(Note.body)).scalars().all() == ["zwei"], "orm update/delete")
    cols = inspect(engine).get_columns("sa_notes")
    got = [(c["name"], type_name(c["type"]), c["nullable"], c["default"]) for c in cols]
    check(got == [
        ("id", "INTEGER", False, "nextval('sa_notes_id_seq'::regclass)"),
        ("body", "VARCHAR(100)", False, None),
        ("labels", "ARRAY(INTEGER)", True, None),
    ], got)
    Base.metadata.drop_all(engine)
    check(not inspect(engine).has_table("sa_notes"), "drop_all")
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "komodo",
         sys.argv[3] if len(sys.argv) > 3 else "komodo")
