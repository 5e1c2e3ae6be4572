package compat

import (
	"cmp"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// systemPython returns the Python that has Debian's python3-psycopg2 and
// python3-sqlalchemy: PGWAY_PYTHON, or the system interpreter those
// packages install into, which may not be the python3 first on PATH.
func systemPython() string {
	return cmp.Or(os.Getenv("PGWAY_PYTHON"), "/usr/bin/python3")
}

// TestSQLAlchemyInspect runs inspect(engine).get_table_names() and
// get_columns() and parameterized queries through SQLAlchemy 1.4 and
// psycopg2, and compares every result with PostgreSQL's.
func TestSQLAlchemyInspect(t *testing.T) {
	python := systemPython()
	check := exec.Command(python, "-c", "import psycopg2, sqlalchemy")
	if out, err := check.CombinedOutput(); err != nil {
		requireClient(t, "psycopg2 and SQLAlchemy", errors.New(python+": "+strings.TrimSpace(string(out))))
	}
	script := "testdata/python/sqlalchemy_check.py"
	want := decodeJSON(t, "SQLAlchemy", runClient(t, oracle(), nil, python, script))
	if tables, _ := want["tables"].([]any); len(tables) < 2 {
		t.Fatalf("get_table_names on PostgreSQL returned %v", want["tables"])
	}
	if rows, _ := want["sqlalchemy_rows"].([]any); len(rows) == 0 {
		t.Fatal("the SQLAlchemy query returned no rows on PostgreSQL")
	}
	forEachTarget(t, func(t *testing.T, tg *target) {
		got := decodeJSON(t, "SQLAlchemy", runClient(t, tg.gateway(), nil, python, script))
		compareJSON(t, "SQLAlchemy", got, want)
	})
}
