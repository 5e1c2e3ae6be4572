package translate

import "testing"

// varcharRelations has a table with two varchar(n) columns and a text
// column.
var varcharRelations = NewRelations(map[[2]string][]RelationColumn{
	{"public", "vt"}: {{"id", "integer"}, {"v", "character varying(3)"}, {"w", "character varying(5)"}, {"t", "text"}},
})

// varcharText is the cast to varchar of a value of a type that the
// dialect does not know, x, as PostgreSQL's text output writes it.
func varcharText(x string) string {
	return `CASE WHEN typeof(` + x + `) = 'JSON' THEN pgway_text(` + x + `::"varchar", 'JSON', COALESCE(NULL::int4, 1)) ` +
		`WHEN typeof(` + x + `) = 'BLOB' OR typeof(` + x + `) = 'DOUBLE' OR typeof(` + x + `) = 'FLOAT' OR typeof(` + x + `) = 'INTERVAL' ` +
		`OR typeof(` + x + `) LIKE '%]' OR typeof(` + x + `) LIKE 'GEOMETRY%' OR typeof(` + x + `) LIKE 'STRUCT(%' THEN pgway_text(` + x + `, typeof(` + x + `), COALESCE(NULL::int4, 1)) ` +
		`ELSE ` + x + `::"varchar" END::"varchar"`
}

// TestVarcharAssignRewrites checks which assigned values pass through
// pgway_varchar_assign, and that a query whose width is unknown stays as
// it is.
func TestVarcharAssignRewrites(t *testing.T) {
	cases := []struct{ sql, want string }{
		{"insert into vt values (1, 'ab  ', default, 'x')",
			"INSERT INTO vt VALUES (1, pgway_varchar_assign('ab  ', 3), DEFAULT, 'x')"},
		{"insert into vt (w, id) values (1.5, 2)",
			`INSERT INTO vt (w, id) VALUES (pgway_varchar_assign((1.5)::"varchar", 5), 2)`},
		{"insert into vt (id, v) select id, t from vt",
			"INSERT INTO vt (id, v) SELECT pgway_assigned_1, pgway_varchar_assign(" + varcharText("pgway_assigned_2") + ", 3) " +
				"FROM (SELECT id, t FROM vt) pgway_assigned(pgway_assigned_1, pgway_assigned_2)"},
		{"insert into vt select * from vt", "INSERT INTO vt SELECT * FROM vt"},
		{"insert into vt (id, v) select 1", `INSERT INTO vt (id, v) SELECT 1 AS "?column?"`},
		{"update vt set v = 'ab'::text, t = v, w = default",
			`UPDATE vt SET v = pgway_varchar_assign('ab'::text, 3), t = v, w = DEFAULT`},
		{"insert into vt (id, v) values (1, 'a') on conflict (id) do update set v = excluded.v",
			"INSERT INTO vt (id, v) VALUES (1, pgway_varchar_assign('a', 3)) " +
				"ON CONFLICT (id) DO UPDATE SET v = pgway_varchar_assign(" + varcharText("excluded.v") + ", 3)"},
		{"update vt set (id, v, w) = (1, 'ab  ', default)",
			"UPDATE vt SET (id, v, w) = (1, pgway_varchar_assign('ab  ', 3), DEFAULT)"},
		{"select pg_typeof(v), pg_typeof(t) from vt",
			"SELECT pgway_regtype(1043, 'character varying') AS pg_typeof, pgway_regtype(25, 'text') AS pg_typeof FROM vt"},
		{"select pg_typeof(s.v) from (select v from vt) s",
			"SELECT pgway_regtype(1043, 'character varying') AS pg_typeof FROM (SELECT v FROM vt) s"},
	}
	checkExactRewrites(t, DuckDB(DuckDBCapabilities{Relations: varcharRelations}), cases)
}
