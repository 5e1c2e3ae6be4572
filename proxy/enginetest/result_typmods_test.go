package enginetest

import (
	"context"
	"testing"
	"time"
)

// resultTypmodCases are queries whose numeric result columns PostgreSQL
// describes with a type modifier only for a column or a cast to
// numeric(p,s), where DuckDB's DECIMAL always has a precision and scale.
// Without a catalog database pgway clears the others.
var resultTypmodCases = []struct {
	sql  string
	args []string
}{
	{"select extract(year from date '2024-01-02')", nil},
	{"select greatest(1, 2, 3.5), 1.5 + 1, 2.50 * 2, round(2.555, 2), sum(x), avg(x) from (values (1.5)) v(x)", nil},
	{"select x from (values (1.5::numeric(5,2)), (2::numeric(5,2))) v(x)", nil},
	{"select x::numeric(6,1), 1.5::numeric(4,2), x from (values (1.5)) v(x)", nil},
	{"select 1.5 union all select 2.25", nil},
	{"select 1.5::numeric(4,2) union all select 2.25::numeric(4,2)", nil},
	{"select * from (select 1.5 a, 2.5::numeric(3,1) b) s", nil},
	{"select round($1), div($1, 2), $1::numeric(5,1)", []string{"2.55"}},
	{"with w (c, d) as (select 1.5 + 1, 2::numeric(3,1)) select c, w.d from w", nil},
	{"select s.a, s.b from (select x * 2 a, x::numeric(4,1) b from (values (1.25)) v(x)) s", nil},
}

func TestResultTypmodsMatchPostgreSQL(t *testing.T) {
	g := startDemo(t)
	gwConn := g.connect(t, "demo", "demo", "carto_dw", "disable")
	pgConn, _ := connectRecorded(t, oracleDSN())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, c := range resultTypmodCases {
		got := declaredResult(ctx, gwConn.PgConn(), c.sql, nil, c.args)
		want := declaredResult(ctx, pgConn.PgConn(), c.sql, nil, c.args)
		if got != want {
			t.Errorf("%s with %v (extended protocol):\n pgway:      %s\n PostgreSQL: %s", c.sql, c.args, got, want)
		}
		if c.args != nil {
			continue
		}
		got, want = biResult(ctx, gwConn.PgConn(), c.sql, nil, false), biResult(ctx, pgConn.PgConn(), c.sql, nil, false)
		if got != want {
			t.Errorf("%s (simple protocol):\n pgway:      %s\n PostgreSQL: %s", c.sql, got, want)
		}
	}
}
