package enginetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// These cases prepare statements whose parameters the client leaves
// untyped, as pgx and node-postgres do, on a DuckDB file connection
// without a catalog database, and compare the parameter and column types
// that pgway describes with PostgreSQL 15's.

var untypedDescribeSetup = []string{
	"create table ud_t (id int, a int, b numeric(6,2), n int, d date, ts timestamp, s text, by bytea)",
	`insert into ud_t values (1, 7, 10.50, 3, '2024-02-29', '2024-02-29 10:30', 'abc', '\x0102'), ` +
		"(2, 8, -1.25, null, null, null, 'xbz', null)",
}

var untypedDescribeCases = []string{
	// Functions whose candidates take one type at the parameter's place.
	"select get_byte($1::bytea, $2)",
	"select get_byte(by, $1) from ud_t",
	"select div(b, $1) from ud_t",
	"select div(a, $1) from ud_t",
	"select div($1, 2), div(2, $2), div($3, $4)",
	"select substring(by, $1) from ud_t",
	"select overlay($1 placing 'x' from $2)",
	"select overlay(s placing $1 from $2 for $3) from ud_t",
	"select random() * $1, pi() * $2",
	"select width_bucket($1, 0, 10, 5), width_bucket($2, 0.5, 10, 5)",
	"select $1 at time zone 'UTC', $2 at time zone $3",
	"select date_bin($1, ts, $2) from ud_t",
	"select age($1::timestamp, $2), age(d, $3) from ud_t",
	// substring() of text with untyped bounds is the regular expression
	// form, and with an integer bound the one of positions.
	"select substring($1 from $2 for $3)",
	"select substring($1, $2)",
	"select substring(s, $1) from ud_t",
	"select substring(s, $1, 2) from ud_t",
	// Operators and set operations.
	"select $1 is unknown, $2 is true",
	"select array[1] || $1, $2 || array[1], $3::int[] || $4",
	"select by || $1 from ud_t",
	"select id from ud_t where a = any(array[$1, $2]::int[])",
	"select x from (values ($1), (2)) v(x)",
	"select * from (values ($1, 'x'), (2, $2)) v(x, y)",
	"select $1 union select 1",
	"select 1 union all select $1",
	"select a from ud_t union select $1",
	// PostgreSQL cannot type a parameter that only values of any type
	// take, and compares ARRAY[...] of untyped values as text[].
	"select $1 is null",
	"select $1 is not null, $1 isnull, $1 notnull",
	"select count($1)",
	"select concat($1, $2)",
	"select concat_ws($1, $2)",
	"select format('%s', $1)",
	"select id from ud_t where a = any(array[$1, $2])",
	"select id from ud_t where a > all(array[$1])",
	"select id from ud_t where d = any(array[$1, null])",
	// A parameter keeps the type of its first use, so IS NULL before
	// the comparison that would type it leaves it unknown.
	"select id from ud_t where $1 is null or a = $1",
	"update ud_t set s = s where ($1 is null or s = $1) and id = $2",
	// Statements that type those parameters elsewhere keep running.
	"select id from ud_t where a = $1 or $1 is null",
	"select id from ud_t where $1::int is null or a = $1",
	"select id from ud_t where (a, s) = ($1, $2)",
	"select count($1::int), concat($2::text, 'x'), format('%s', $3::int)",
	"select id from ud_t where s = any(array[$1, $2])",
	"select id from ud_t where a = any(array[$1, 7])",
}

func TestUntypedParamDescriptions(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists ud_t") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, untypedDescribeSetup)
	ctx := context.Background()
	for _, sql := range untypedDescribeCases {
		if got, want := describedTypes(ctx, gw, sql), describedTypes(ctx, pg, sql); got != want {
			t.Errorf("%s\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}

// describedTypes returns the parameter and column type OIDs of sql as
// Parse and Describe return them, or the SQLSTATE and message of the
// error.
func describedTypes(ctx context.Context, conn *pgx.Conn, sql string) string {
	sd, err := conn.PgConn().Prepare(ctx, "", sql, nil)
	if err != nil {
		return errorCode(err)
	}
	out := fmt.Sprint("parameters ", sd.ParamOIDs, " columns")
	for _, fd := range sd.Fields {
		out += fmt.Sprint(" ", fd.DataTypeOID)
	}
	return out
}

// untypedParamQueries run with Go values, which pgx encodes in the type
// that the server describes, so an int described as text fails to encode.
var untypedParamQueries = []paramQuery{
	{"select get_byte($1::bytea, $2)", []any{"ab", 1}},
	{"select id, div(a, $1), div(b, $1) from ud_t order by id", []any{3}},
	{"select id, substring(s, $1) from ud_t order by id", []any{"b."}},
	{"select id, substring(s, $1, $2) from ud_t order by id", []any{"%", "b"}},
	{"select id, substring(by, $1), by || $2 from ud_t order by id", []any{2, []byte{0xff}}},
	{"select x from (values ($1), (2)) v(x) order by x", []any{5}},
	{"select $1 union select 1 order by 1", []any{5}},
	{"select id from ud_t where a = any(array[$1, $2])", []any{7, 8}},
	{"select id from ud_t where a = any(array[$1, $2]::int[])", []any{7, 9}},
}

func TestUntypedParamsThroughPgx(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists ud_t") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, untypedDescribeSetup)
	ctx := context.Background()
	for _, q := range untypedParamQueries {
		for _, mode := range protocolModes {
			args := append([]any{mode}, q.args...)
			want, got := exactResult(ctx, pg, q.sql, args), exactResult(ctx, gw, q.sql, args)
			if got != want {
				t.Errorf("%s %v (%v)\n pgway:      %s\n PostgreSQL: %s", q.sql, q.args, mode, got, want)
			}
		}
	}
}

// TestNumericParamArrayError checks that ARRAY[...] of a numeric column
// and a numeric parameter, whose elements keep different scales in
// PostgreSQL, fails with 0A000 naming the parameter.
func TestNumericParamArrayError(t *testing.T) {
	gw, pg := typedFilePair(t)
	cleanup := func() { pg.Exec(context.Background(), "drop table if exists ud_t") }
	cleanup()
	t.Cleanup(cleanup)
	execOnBoth(t, gw, pg, untypedDescribeSetup)
	ctx := context.Background()
	sql := "select array[b, $1] from ud_t"
	if _, err := pg.Exec(ctx, sql, pgx.QueryExecModeExec, "5.125"); err != nil {
		t.Fatalf("%s: PostgreSQL fails with %v, so the case is not a gap", sql, err)
	}
	_, err := gw.Exec(ctx, sql, pgx.QueryExecModeExec, "5.125")
	if got := errorCode(err); !strings.HasPrefix(got, "error 0A000 ") || !strings.Contains(got, "numeric parameter") {
		t.Errorf("%s: %s, want 0A000 naming the numeric parameter", sql, got)
	}
}
