"""Run psycopg2 and SQLAlchemy 1.4 against the server in the libpq
environment variables and print what they returned as JSON, for the Go
test to compare with PostgreSQL's output."""

import json
import os
import sys
import warnings

import psycopg2
import sqlalchemy
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL


def main():
    url = URL.create(
        "postgresql+psycopg2",
        username=os.environ["PGUSER"],
        password=os.environ["PGPASSWORD"],
        host=os.environ["PGHOST"],
        port=int(os.environ["PGPORT"]),
        database=os.environ["PGDATABASE"],
        query={"sslmode": "disable", "connect_timeout": "10"},
    )
    engine = create_engine(url)
    result = {"sqlalchemy": sqlalchemy.__version__, "psycopg2": psycopg2.__version__.split()[0]}

    # SQLAlchemy without GeoAlchemy warns that it does not know the
    # geometry type and reports it as NullType, on PostgreSQL too.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sqlalchemy.exc.SAWarning)
        inspector = inspect(engine)
        result["tables"] = sorted(inspector.get_table_names())
        result["columns"] = {
            table: [
                {"name": c["name"], "type": repr(c["type"]), "nullable": c["nullable"]}
                for c in inspector.get_columns(table)
            ]
            for table in ("cities", "countries")
        }

    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT name, admin1, lat, lng, geom FROM cities"
                " WHERE country = :country AND lat > :lat ORDER BY name, lat LIMIT 20"
            ),
            {"country": "ES", "lat": 43.0},
        )
        result["sqlalchemy_rows"] = [list(r) for r in rows]

    # psycopg2 on its own, with its %s parameters.
    with psycopg2.connect("") as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT count(*), min(name), max(lat) FROM cities WHERE country = %s AND admin1 = %s",
            ("PT", "11"),
        )
        result["psycopg2_row"] = list(cur.fetchone())
    conn.close()

    # A value that JSON has no type for, such as a Decimal, is written with
    # its Python type, so that a type that differs from PostgreSQL's shows.
    json.dump(result, sys.stdout, indent=1, sort_keys=True, default=lambda v: f"{type(v).__name__}({v})")


if __name__ == "__main__":
    main()
