package enginetest

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// operatorFormCases are operators and casts whose DuckDB forms differed
// from PostgreSQL's without an error.
var operatorFormCases = []divisionCase{
	// ~~ and its kin are LIKE and ILIKE, with the backslash as escape.
	{sql: `select 'a_c' ~~ 'a\_c', 'A_C' ~~* 'a\_c', '_under' !~~ '\_%', 'x' !~~* 'X'`},
	{sql: `select 'a%' ~~ p from (select 'a\%' p) x`},
	// ^ of numbers other than numeric raises PostgreSQL's range errors.
	{sql: "select 2 ^ 10, 2.0::float8 ^ 0.5, 2 ^ -1"},
	{sql: "select 2 ^ 1024"},
	{sql: "select 0.5::float8 ^ 2000"},
	{sql: "select f ^ 20 from (values (1e20::float8)) v(f)"},
	// A constant cast to an integer and then to numeric has scale 0.
	{sql: "select 1::int4::numeric, 1::int8::numeric, 1::smallint::numeric, cast(cast(1 as int) as numeric), '10'::int::numeric"},
}

func TestOperatorFormsMatchPostgreSQL(t *testing.T) {
	runMatchCases(t, operatorFormCases)
}

// TestArrayColumnText casts array and bytea columns of a table whose
// types pgway reads to text, which DuckDB writes in its own list form.
func TestArrayColumnText(t *testing.T) {
	ctx := context.Background()
	_, gwConn := typedGateway(t)
	pgConn, _ := connectRecorded(t, oracleDSN())
	gw, pg := gwConn.PgConn(), pgConn.PgConn()
	setup := []string{
		"drop table if exists public.array_text_t",
		"create table array_text_t (x int[], y text[], b bytea)",
		`insert into array_text_t values ('{1,2}', '{a,"b c"}', '\x0102')`,
	}
	for _, conn := range []*pgconn.PgConn{gw, pg} {
		for _, sql := range setup {
			if _, err := conn.Exec(ctx, sql).ReadAll(); err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
	}
	t.Cleanup(func() { dropOracleObjects(t, []string{"drop table if exists public.array_text_t"}) })
	for _, sql := range []string{
		"select x::text, y::text, b::text from array_text_t",
		"select cast(x as varchar), 'x' || x::text, x::text || '!' from array_text_t",
		"select s.x::text from (select x from array_text_t) s",
		"select count(*) from array_text_t where x::text = '{1,2}'",
	} {
		for _, diff := range biDifferences(t, gw, pg, biCase{sql: sql}) {
			t.Error(diff)
		}
	}
}
