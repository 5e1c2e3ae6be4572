package translate

import (
	"strings"
	"testing"
)

// TestComputedCastsRewrite checks the DuckDB SQL of computed values cast
// to integers, dates and text, and of INSERT with fewer or more values
// than the table's columns.
func TestComputedCastsRewrite(t *testing.T) {
	rel := NewRelations(map[[2]string][]RelationColumn{
		{"public", "m"}: {{"id", "integer"}, {"V x", "text"}, {"c", "integer"}},
		{"public", "t"}: {{"s", "text"}, {"f", "double precision"}, {"span", "interval"}},
	})
	for _, c := range []struct{ sql, want string }{
		{"insert into m values (1)", `INSERT INTO m (id) VALUES (1)`},
		{"insert into m values (1, 'a')", `INSERT INTO m (id, "V x") VALUES (1, 'a')`},
		{"insert into m values (1, 'a', 2, 3)", "42601 INSERT has more expressions than target columns"},
		{"insert into m (id, c) values (1)", "42601 INSERT has more target columns than expressions"},
		{"select split_part(s, ',', 1)::int from t", "pgway_text_int4(split_part(s::text, ',', 1)::text)::int"},
		{"select (select s from t)::int", "END::text)::int AS s"},
		{"select trim(s)::date from t", `pgway_datetime_in("trim"(s::text)::text, 'date'`},
		{"select ceil(f)::text from t", "pgway_float8_text(ceil(f::float8)::float8, "},
		{"select 'Q' || date_part('quarter', now()) from t", "'Q' || pgway_float8_text(CASE "},
		{"select age(now(), now() - interval '1 day')::text", "pgway_interval_text(age("},
		{"select (timestamp '2024-01-01' - timestamp '2024-01-02') || ''", "pgway_interval_text('2024-01-01'::timestamp - '2024-01-02'::timestamp) || ''"},
		{"select length(s)::text, s::int from t", "SELECT length(s::text)::int4::text AS length, pgway_text_int4(s::text)::int AS s"},
	} {
		stmts, err := New(8).Translate(WithRelations(DuckDB(DuckDBCapabilities{}), rel), c.sql, &Session{})
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		got := stmts[0].Rewritten
		if e := AsError(stmts[0].Err); e != nil {
			got = e.Code + " " + e.Message
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("%s\n got  %s\n want %s", c.sql, got, c.want)
		}
	}
}
