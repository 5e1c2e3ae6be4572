package enginetest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// TestDivisionMatchesPostgreSQL runs divisions and averages on the
// DuckDB demo warehouse and on PostgreSQL, with constants and with
// parameters of either protocol. Each result must have PostgreSQL's type
// and text, and each error its SQLSTATE, such as division by zero and
// overflow.
func TestDivisionMatchesPostgreSQL(t *testing.T) {
	ctx := context.Background()
	gw := connectDemo(t, startDemo(t))
	pg, err := pgx.Connect(ctx, oracleDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close(ctx)
	cases := []struct {
		sql  string
		args []any
	}{
		{"select 7.0 / 2, 1.0 / 3, 2.0 / 3.00, 100000.0 / 3, 0.0 / 7, -1 / 1.5", nil},
		{"select 7 / 0", nil},
		{"select ln(0)", nil},
		{"select ln(-1.5)", nil},
		{"select log(0::float8)", nil},
		{"select log(2, -8)", nil},
		{"select sqrt(-1)", nil},
		{"select |/ -4", nil},
		{"select acos(2)", nil},
		{"select asin(-1.5::float8)", nil},
		{"select power(0, -1)", nil},
		{"select power(-8, 1.0 / 3)", nil},
		{"select ln(1), log(100), sqrt(16), acos(1), asin(0), power(2, 10), power(-2, 3), power(0, 0), sqrt(null)", nil},
		{"select sqrt(x) from (values (4), (-4)) v(x)", nil},
		{"select 1e-1 + 2e-1, 3e0 / 7, 2.5e-3 * 2, 1e20 + 1, 1.5e3::numeric, 1e3::numeric, 2.5e-3::numeric, -1.25E+2", nil},
		{"select '1.25'::numeric, '1.25'::numeric * 2, ' -1.50 '::numeric + 1, numeric '2.5e-3', '5.'::numeric, '.5'::numeric, '+7'::numeric", nil},
		{"select x * 2 from (values ('1.25'::numeric)) v(x)", nil},
		{"select 'abc'::numeric", nil},
		{"select 1.5 union all select 2.25 union all select 3 union all select null union all select - -0.125", nil},
		{"values (1.5), (2.25), (-0.125), (7) order by 1", nil},
		{"select array[1.5, 2.25, 3], (select max(y) from (values (1.5), (2.25)) w(y))", nil},
		{"select coalesce(null::numeric(10,2), 0), coalesce(1.5::numeric(10,2), 0), coalesce(null, 2.50), nullif(1.50, 2)", nil},
		{"select case when x > 1 then 1.5 else 2.25 end, greatest(x, 1.5), least(x, 1.50), coalesce(sum(x * 1.0), 0) from (values (1), (2)) v(x) group by x order by x", nil},
		{"select coalesce(sum(x::numeric(10,2)), 0), coalesce(max(x::numeric(10,2)), 1) from (values (1.5)) v(x) where false", nil},
		{"select coalesce(sum(x::numeric(10,2)), 0) * 2, coalesce(sum(x::numeric(10,2)), 0) + 1.5 from (values (1.5)) v(x) where false", nil},
		{"select round(coalesce(sum(x::numeric(10,2)), 0), 1), coalesce(sum(x::numeric(10,2)), 0) from (values (1.5)) v(x)", nil},
		{"select '1.5.2'::numeric", nil},
		{"select 7.5 / 0", nil},
		{"select 7.5::float8 / 0", nil},
		{"select 'NaN'::float8 / 0", nil},
		{"select 1e308::float8 / 1e-10::float8", nil},
		{"select (-2147483647 - 1) / -1", nil},
		{"select (-32767::int2 - 1::int2) / -1::int2", nil},
		{"select (-9223372036854775807 - 1) / -1", nil},
		{"select $1::numeric / $2::int4", []any{"7.0", 2}},
		{"select $1::numeric / $2::numeric", []any{"1", "0"}},
		{"select $1::int4 / $2::int4, $3::int8 / $4::int2", []any{-7, 2, -7, 2}},
		{"select $1::float8 / $2::int4", []any{1.5, 4}},
		{"select avg(x), avg(x::numeric(5,1)), avg(x::float8), avg(x::int2), avg(x::int8) from (values (1), (2), (4)) v(x)", nil},
		{"select avg(x) from (values (1), (null)) v(x) where x > 5", nil},
		{"select avg(x), avg(x::float4) from (values (1), (null), (2)) v(x)", nil},
		{"select x / 3 * 100, -(x / 3), x / 3 + 0.5, x / 3 - 1::float8 from (values (10.00), (-0.5)) v(x)", nil},
		{"select (1.0 / 3) * 3 > 0.99, round(2.0 / 3, 4), floor(7.0 / 2), ceil(-7.0 / 2)", nil},
		{"select x / 7, avg(x) over (order by x) from (values (1.0), (2.5), (-3.25)) v(x) order by x", nil},
		{"select interval '1 month' / 2, interval '3 days 1 hour' / 7, interval '1 hour' / 0", nil},
	}
	for _, c := range cases {
		// Simple and Exec get results as text, CacheDescribe as binary.
		for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeSimpleProtocol, pgx.QueryExecModeExec, pgx.QueryExecModeCacheDescribe} {
			args := append([]any{mode}, c.args...)
			binary := mode == pgx.QueryExecModeCacheDescribe
			want := textResult(ctx, pg, c.sql, args, binary)
			got := textResult(ctx, gw, c.sql, args, binary)
			if got != want {
				t.Errorf("%s (%v)\n pgway:      %s\n PostgreSQL: %s", c.sql, mode, got, want)
			}
		}
	}
}

// textResult returns the type and the value of every column, or the
// SQLSTATE and message of the error. Binary numerics are compared without
// trailing zeros, since pgx decodes PostgreSQL's binary zero without its
// scale; text results keep the scale.
func textResult(ctx context.Context, conn *pgx.Conn, sql string, args []any, binary bool) string {
	rows, err := conn.Query(ctx, sql, args...)
	if err != nil {
		return errorCode(err)
	}
	defer rows.Close()
	var out string
	for rows.Next() {
		values, err := rows.Values()
		if err != nil {
			return errorCode(err)
		}
		for i, fd := range rows.FieldDescriptions() {
			v := values[i]
			if n, ok := v.(pgtype.Numeric); ok {
				v = numericText(n, binary)
			}
			out += fmt.Sprintf("%d:%v ", fd.DataTypeOID, v)
		}
		out += "| "
	}
	if err := rows.Err(); err != nil {
		return errorCode(err)
	}
	return out
}

func errorCode(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return "error " + pgErr.Code + " " + pgErr.Message
	}
	return "error " + err.Error()
}

// numericText writes a numeric, without trailing fractional zeros when
// trim is set.
func numericText(n pgtype.Numeric, trim bool) string {
	v, err := n.Value()
	if err != nil {
		return err.Error()
	}
	s := fmt.Sprint(v)
	if trim && strings.Contains(s, ".") && !strings.ContainsAny(s, "eE") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// TestAverageOfIntervalRejected checks the clear error for avg() of an
// interval whose type the statement does not show, a column of a
// temporary view in the transaction block that created it, which
// PostgreSQL computes and the DuckDB dialect does not.
func TestAverageOfIntervalRejected(t *testing.T) {
	conn := connectTyped(t, startDuckDBFile(t, "typed", filepath.Join(t.TempDir(), "typed.duckdb")))
	if _, err := conn.Exec(context.Background(), "begin; create temporary view v as select interval '1 day' as x"); err != nil {
		t.Fatal(err)
	}
	var iv pgtype.Interval
	err := conn.QueryRow(context.Background(), "select avg(x) from v").Scan(&iv)
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "0A000" || !strings.Contains(pgErr.Message, "avg() of interval") {
		t.Fatalf("avg(interval) = %v, %v; want error 0A000 naming avg() of interval", iv, err)
	}
}
