package enginetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// declaredCases are statements whose parameter types the client declares
// in Parse, as pgjdbc does, on the demo gateway, which has no catalog
// database to infer types from. DuckDB would resolve the parameters by
// its own rules: 1 + $1 is "not unique" there, a numeric gets a scale of
// 10 digits, and an array's text {1,2} is no list it reads.
var declaredCases = []struct {
	sql  string
	oids []uint32
	args []string
}{
	{"select 1 + $1, $1 * 2", []uint32{pgtype.Int4OID}, []string{"20"}},
	{"select $1 || 'x', length($1)", []uint32{pgtype.TextOID}, []string{"ab"}},
	{"select $1, $1 * 2, $1::numeric", []uint32{pgtype.NumericOID}, []string{"2.50"}},
	{"select $1 * 1.5, $1 + 0.001", []uint32{pgtype.NumericOID}, []string{"3"}},
	{"select $1 + 1, $1 > 1", []uint32{pgtype.Float8OID}, []string{"1.5"}},
	{"select $1, 2 = any($1), 4 = any($1)", []uint32{pgtype.Int4ArrayOID}, []string{"{1,NULL,3}"}},
	{"select $1, $1[2]", []uint32{pgtype.TextArrayOID}, []string{`{a,"b c",NULL}`}},
	{"select $1::int[]", []uint32{pgtype.Int4ArrayOID}, []string{"{4,5}"}},
	{"select $1 + interval '1 day', $2 - 1", []uint32{pgtype.DateOID, pgtype.DateOID}, []string{"2024-02-28", "2024-03-01"}},
	{"select date_trunc($1, timestamp '2024-05-17 10:00')", []uint32{pgtype.TextOID}, []string{"month"}},
	{"select 1 + $1", []uint32{pgtype.Int4OID}, []string{"x"}},
	{"select 1 + $1", []uint32{pgtype.Int4OID}, []string{" 12 "}},
	{"select $1", []uint32{pgtype.Int2OID}, []string{"70000"}},
	{"select $1", []uint32{pgtype.Float4OID}, []string{"1e-50"}},
	{"select $1, $2, $3, $4", []uint32{pgtype.IntervalOID, pgtype.IntervalOID, pgtype.IntervalOID, pgtype.IntervalOID},
		[]string{"P1Y2M3DT4H5M6.5S", "-1 mons +3 days -04:00:00", "1 day ago", "@ 2 hours 30 mins"}},
	{"select timestamp '2024-01-31' + $1", []uint32{pgtype.IntervalOID}, []string{"P1M"}},
	{"select $1", []uint32{pgtype.IntervalOID}, []string{"P1X"}},
	{"select jsonb_build_object('k', $1::text), to_jsonb($1::text), jsonb_build_array($1::text)", nil, []string{"123"}},
	{"select jsonb_build_object('k', $1::text), to_jsonb($1::text)", nil, []string{`{"a":1}`}},
	{"select jsonb_build_object('k', $1), to_jsonb($2)", []uint32{pgtype.Int4OID, pgtype.NumericOID}, []string{"5", "1.50"}},
	{"select jsonb_build_object('k', $1)", nil, []string{"v"}},
	{`select '{"a":1}'::jsonb ?| $1, '{"a":1}'::jsonb ?& $1`, []uint32{pgtype.TextArrayOID}, []string{"{a,b}"}},
	// A cast by the client applies to the parameter's declared type.
	{"select $1::float8", []uint32{pgtype.Float4OID}, []string{"0.1"}},
	{"select $1::numeric", []uint32{pgtype.Float8OID}, []string{"0.1"}},
	{"select $1::text, $1::date", []uint32{pgtype.TimestamptzOID}, []string{"2024-02-29 23:30:00-02"}},
	{"select $1::timestamptz", []uint32{pgtype.DateOID}, []string{"2024-03-10"}},
	// Parameters without a type, alone in the select list, are text.
	{"select $1 as a, $2 as b", nil, []string{"x", "2"}},
	{"select 1 as one, $1 as a, $2 + 1 as b", []uint32{0, pgtype.Int8OID}, []string{"x", "2"}},
	{"select $1::int[]", []uint32{pgtype.Int4ArrayOID}, []string{"{1,{2}}"}},
	{"select $1::int[]", []uint32{pgtype.Int4ArrayOID}, []string{"{1,2"}},
	{"select $1", []uint32{pgtype.TextArrayOID}, []string{`{"a\"b","{c}",d}`}},
	// Parameters without a type beside a value of known type take the
	// type PostgreSQL infers, as node-postgres sends them.
	{"select count(*) from (values ('Madrid'::text), ('Malaga')) v(name) where name like $1 || '%'", nil, []string{"Mad"}},
	{"select count(*) as n, max(x) as m from (values (1.5::float8), (2.5)) v(x) where x > $1", nil, []string{"2"}},
	{"select x + $1 as l, round(x::numeric, $2) as r from (values (1.25::float8)) v(x)", nil, []string{"1", "1"}},
	{"select x from (values (1), (2), (3)) v(x) where x = any($1) order by x limit $2", nil, []string{"{1,3}", "1"}},
	{"select x from (values (1), (2), (3)) v(x) where x in ($1, $2) or x between $3 and $3", nil, []string{"1", "2", "3"}},
	{"select date_trunc($1, d), to_char(d, $2) from (values (timestamp '2024-05-17 10:00')) v(d)", nil, []string{"month", "YYYY"}},
	{"select $1::int[] as a, $2::text[] as b", nil, []string{`{"1","2"}`, `{a,"b c"}`}},
	{"select $1 || $2, timestamp '2024-01-01 12:00' at time zone $3", nil, []string{"a", "b", "PST"}},
	// Untyped arguments of string functions are text, or integer where
	// the function's one candidate takes one.
	{"select length($1), upper($1), substr($1, $2), lpad($1, $2, $3), replace($1, 'b', $3)", nil, []string{"abc", "2", "x"}},
	{"select to_date($1, 'YYYY-MM-DD') as d, to_timestamp($1, 'YYYY-MM-DD') as t, $2::int + 1 as n", nil, []string{"2024-01-15", "4"}},
	{"select split_part($1, ',', $2), left($1, 2), strpos($1, $3)", nil, []string{"a,b,c", "2", "b"}},
	{"select to_timestamp($1)", nil, []string{"0"}},
	// Cast to numeric, an untyped parameter is numeric and keeps the
	// scale of its text.
	{"select $1::numeric as a, $2::numeric as b, $3::numeric + 1 as c", nil, []string{"1.5", "1e30", "-0.00100"}},
	{"select $1::numeric, $1::numeric(6,2)", nil, []string{" 2.505 "}},
	{"select $1::numeric", nil, []string{"1.5x"}},
	// Untyped arguments of functions with several candidates take the
	// type PostgreSQL's function resolution picks: that of the other
	// arguments, or double precision, the preferred number type.
	{"select abs($1), ceil($1), floor($1), sign($1), sqrt($1), exp($1), ln($1)", nil, []string{"2.5"}},
	{"select round($1, 1), trunc($1, 1), log($1, 8), power($1, 2), mod($2, 3)", nil, []string{"2.55", "7"}},
	{"select mod($1, 3::int8), power($1, 2.5), gcd($1, 12)", nil, []string{"8"}},
	{"select width_bucket($1::float8, $2, $3, $4), width_bucket($1::numeric, $2, $3, $4)", nil, []string{"5", "0", "10", "3"}},
	{"select make_interval(days => $1), make_interval(0, 0, 0, $1, 0, 0, $2), make_interval(secs => $2)", nil, []string{"3", "1.5"}},
	{"select array_prepend($1, array[1,2]), array_append(array[1,2], $2), array_cat(array[1], $3), array_position(array[4,5], $2)",
		nil, []string{"0", "5", "{5}"}},
	{"select array[1,2] @> $1, $1 <@ array[1,2,3], array[1] && $1", nil, []string{"{1,2}"}},
	{"select coalesce($1, 2), nullif($2, 3), least($3, 1), greatest($3, 2::int8), coalesce($1, $2)", nil, []string{"3", "3", "0"}},
	{"select coalesce(x, $1), case when x > 1 then $1 else x end from (values (2), (null)) v(x)", nil, []string{"3"}},
	{"select case when true then $1 else 'b' end, coalesce($1, 'c')", nil, []string{"a"}},
	{"select coalesce($1, 2.5::float8) + 1", nil, []string{"x"}},
	{"select generate_series($1::int8, 4), generate_series(timestamp '2024-01-01', $2, $3)", nil, []string{"3", "2024-01-03", "1 day"}},
	// Beside an aggregate, a date or a timestamp, an untyped parameter
	// takes the type of PostgreSQL's one candidate.
	{"select k, sum(a) * $1, count(*) + $2, sum(i) - $2 from (values ('x', 1.5, 1), ('x', 2.5, 2)) v(k, a, i) group by k",
		nil, []string{"2", "3"}},
	{"select d - $1, t - $2, t + $3, $3 + t from (values (date '2024-01-15', timestamp '2024-01-15 10:00')) v(d, t)",
		nil, []string{"2024-01-01", "2024-01-01 09:00", "1 day"}},
	// string_agg() types its result even with a parameter as delimiter.
	{"select string_agg(x, $1) from (values ('a'), ('b')) v(x)", nil, []string{","}},
	{"select string_agg(x, $1 order by x desc) filter (where x > 'a') from (values ('a'), ('b'), ('c')) v(x)", nil, []string{"-"}},
	// bytea text is read in the escape format as well as in hex.
	{"select encode($1::bytea, 'hex'), $1::bytea, $2::bytea", nil, []string{"ab", `\x01\101`}},
	{"select $1::bytea", nil, []string{`\q`}},
	{"select $1, $2", []uint32{pgtype.ByteaOID, pgtype.ByteaOID}, []string{`a\000b`, `\x0aff`}},
	// A table function with a parameter, which DuckDB binds only with
	// the parameter's value, is described with its names and types.
	{"select * from generate_series(1, $1) g", nil, []string{"3"}},
	{"select * from generate_series($1::date, $2::date, '1 day') d", nil, []string{"2024-01-30", "2024-02-01"}},
	{"select g, g * $2 from generate_series(1, $1, 2) g where g > 1", nil, []string{"5", "2"}},
	{"select * from unnest($1::text[]) with ordinality u(x, n)", nil, []string{"{a,b}"}},
	{"select * from (select * from generate_series(1, $1) g) s, generate_series(1, $2) h order by g, h", nil, []string{"2", "2"}},
	{"select percentile_cont($1) within group (order by x), percentile_disc($1) within group (order by x) " +
		"from (values (1), (2), (4)) v(x)", nil, []string{"0.5"}},
}

func TestDeclaredParamTypes(t *testing.T) {
	g := startDemo(t)
	gwConn := g.connect(t, "demo", "demo", "carto_dw", "disable")
	pgConn, _ := connectRecorded(t, oracleDSN())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, c := range declaredCases {
		got := declaredResult(ctx, gwConn.PgConn(), c.sql, c.oids, c.args)
		want := declaredResult(ctx, pgConn.PgConn(), c.sql, c.oids, c.args)
		if got != want {
			t.Errorf("%s with %v:\n pgway:      %s\n PostgreSQL: %s", c.sql, c.args, got, want)
		}
	}
}

// declaredResult runs sql in the extended protocol with text parameters
// args of the types oids and returns the text of its result or error.
func declaredResult(ctx context.Context, conn *pgconn.PgConn, sql string, oids []uint32, args []string) string {
	params := make([][]byte, len(args))
	for i, arg := range args {
		params[i] = []byte(arg)
	}
	result := conn.ExecParams(ctx, sql, params, oids, nil, nil).Read()
	if result.Err != nil {
		code := errorCode(result.Err)
		// Only the SQLSTATE: DuckDB's messages name its own types.
		return code[:len("error XXXXX")]
	}
	return resultText(result)
}

// resultText returns the column names, type OIDs and type modifiers of
// result and the text of its rows.
func resultText(result *pgconn.Result) string {
	var columns []string
	for _, fd := range result.FieldDescriptions {
		columns = append(columns, fmt.Sprintf("%s:%d(%d)", fd.Name, fd.DataTypeOID, fd.TypeModifier))
	}
	text := strings.Join(columns, ",") + " ="
	for _, row := range result.Rows {
		var values []string
		for _, v := range row {
			if v == nil {
				values = append(values, "NULL")
			} else {
				values = append(values, string(v))
			}
		}
		text += " (" + strings.Join(values, ",") + ")"
	}
	return text
}

// TestUnknownParamTypeKeepsDescriptions checks that a statement that the
// catalog database rejects with an internal error, here for a parameter
// type it does not have, leaves the descriptions of other statements on.
func TestUnknownParamTypeKeepsDescriptions(t *testing.T) {
	_, conn := typedGateway(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// The result does not matter: PostgreSQL raises XX000 for it.
	declaredResult(ctx, conn.PgConn(), "select $1", []uint32{99999}, []string{"x"})
	if got, want := declaredResult(ctx, conn.PgConn(), "select 1 + $1", nil, []string{"2"}), "?column?:23(-1) = (3)"; got != want {
		t.Errorf("select 1 + $1 after the rejected type: %s, want %s", got, want)
	}
}
