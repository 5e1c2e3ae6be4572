package enginetest

import (
	"strings"
	"testing"
)

// Numeric type modifiers, and lengths of varchar(n) and char(n), that
// PostgreSQL rejects fail with its SQLSTATE, message and position. Those
// it accepts and DuckDB's DECIMAL cannot hold fail with 0A000 instead of
// DuckDB's binder error.
func TestNumericTypmods(t *testing.T) {
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	for _, sql := range []string{
		"select 1.5::numeric(2000)",
		"select 1.5::numeric(0)",
		"select 1.5::numeric(10, 1001)",
		"select 1.5::numeric(1, 2, 3)",
		"select 1.5::numeric(38, 2), 1.5::decimal(38), 2.5::float8::numeric(38, 37)",
		"create temp table typmod_t (a numeric(0))",
		"select 'a'::varchar(0)",
		"select 'a'::varchar(10485761)",
		"create temp table typmod_t (a varchar(0))",
		"select 'a'::char(0)",
	} {
		for _, extended := range []bool{false, true} {
			if got, want := placedError(gw, sql, extended), placedError(pg, sql, extended); got != want {
				t.Errorf("%q (extended protocol: %v)\n pgway:      %s\n PostgreSQL: %s", sql, extended, got, want)
			}
		}
	}
	for _, sql := range []string{
		"select 1e-40::float4::numeric(50,45)",
		"select 1.5::numeric(39)",
		"select 1.5::numeric(5, -2)",
		"select 0.00001::numeric(5, 6)",
		"create temp table typmod_t (a numeric(40, 2))",
	} {
		if got := placedError(gw, sql, false); !strings.HasPrefix(got, "0A000") {
			t.Errorf("%s: %s, want 0A000", sql, got)
		}
	}
}
