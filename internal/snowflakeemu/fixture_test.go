package snowflakeemu

import (
	"strings"
	"testing"
)

func TestLoadPostgresMapsTypes(t *testing.T) {
	e := startTestEmulator(t)
	err := e.LoadPostgres(`create table t (id int, big bigint, at timestamp, tags text[], doc jsonb, g geometry,
		n numeric(10,2), f float8, d double precision);
	insert into t values (1, 2, '2024-03-01 20:00:00', array['a','b'], '{"k": 1}', ST_GeomFromText('POINT(1 2)'),
		1.5, 2.5, 3.5), (2, null, null, array[]::text[], null, null, null, null, null)`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"ID": "NUMBER(10,0)", "BIG": "NUMBER(18,0)", "AT": "TIMESTAMP_NTZ(9)", "TAGS": "ARRAY", "DOC": "VARIANT",
		"G": "GEOGRAPHY", "N": "NUMBER(10,2)", "F": "FLOAT", "D": "FLOAT",
	}
	for column, typ := range want {
		got, ok := e.types.column(tableKey("TESTDB", "PUBLIC", "T"), column)
		if !ok || got.String() != typ {
			t.Errorf("column %s has type %v (%v), want %s", column, got, ok, typ)
		}
	}
	rows, err := queryValues(t, e, `select "AT"::varchar, array_size(tags), get(doc, 'k')::varchar, st_x(g) from t order by id`)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows, "\n"); got != "2024-03-01 20:00:00|2|1|1\n<nil>|0|<nil>|<nil>" {
		t.Errorf("rows %q", got)
	}
}

func TestLoadPostgresRejectsBackslash(t *testing.T) {
	e := startTestEmulator(t)
	if err := e.LoadPostgres(`create table t (s text); insert into t values ('a\b')`); err == nil {
		t.Error("a string with a backslash loaded")
	}
}
