package enginetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// These tests run PostgreSQL functions that DuckDB lacks, which the
// DuckDB dialect rewrites or runs as functions of the DuckDB provider,
// through pgway on the demo warehouse and on PostgreSQL, and compare the
// results.

// protocolModes are the protocol modes each case runs in: the simple
// protocol and Exec get results as text, CacheDescribe as binary.
var protocolModes = []pgx.QueryExecMode{
	pgx.QueryExecModeSimpleProtocol, pgx.QueryExecModeExec, pgx.QueryExecModeCacheDescribe,
}

// sameAsPostgreSQL are queries whose rows, type OIDs and values, or
// whose SQLSTATE and message, are PostgreSQL's.
var sameAsPostgreSQL = []string{
	// length() of a bytea counts its bytes.
	`select length('\x0102'::bytea), length(''::bytea), length(null::bytea), length('\x00ff00'::bytea) + 1`,
	// div truncates toward zero and returns a numeric of scale 0.
	"select div(7, 2), div(-7, 2), div(7.5, 2), div(-7.5, 2.1), div(-7.5, -2), div(0, 5), div(-1, 3)",
	"select div(7::int2, 2::int2), div(7::int8, 2::int8), div(9223372036854775807, 2), div(-9223372036854775808, -1)",
	"select div(1e20::numeric, 3), div(-99999999999999999999, 1)",
	"select div('7', 2), div(7, '2.5'), div(null, 2), div(2, null::numeric)",
	"select div(x, 3) from (values (10), (-10), (null)) v(x)",
	"select div(x::numeric(10, 3), 0.7) from (values (10.5), (-3.1)) v(x)",
	"select div(7, 2) + 1, div(7, 2) * 1.5, div(7, 2) / 2",
	"select div(7, 0)",
	"select div(7.5, 0.0)",
	"select div('x', 2)",
	// every is bool_and.
	"select every(x), every(x) filter (where x) from (values (true), (null)) v(x)",
	"select every(x) over (order by i) from (values (1, true), (2, false), (3, true)) v(i, x) order by i",
	// width_bucket in its float8 and numeric versions, and its errors.
	"select width_bucket(5.35, 0.024, 10.06, 5), width_bucket(5.35::float8, 0.024, 10.06, 5)",
	"select width_bucket(x, 10, 0, 4), width_bucket(x::numeric, 10, 0, 4), width_bucket(x::float8, 10, 0, 4) " +
		"from generate_series(-1, 11) x order by x",
	"select width_bucket(x, 0.0, 1.0, 3) from (values (0.0), (0.333), (0.3333333333333333333), " +
		"(0.33333333333333333334), (0.5), (0.9999999), (1.0)) v(x)",
	"select width_bucket(x, 0, 1, 3) from (values (0.0::float8), (1 / 3::float8), (0.5::float8), (0.9999999::float8)) v(x)",
	// PostgreSQL 15 rounds the numeric quotient before it takes the
	// floor, and converts a NaN quotient to the smallest integer.
	"select width_bucket(2.99999999999999999999999, 0, 3, 1), width_bucket(2.99999999999999999999999, 0, 3, 3), " +
		"width_bucket(0.99999999999999999999999999999, 0, 3, 3)",
	"select width_bucket(0::float8, -1e308, 1e308, 10)",
	"select width_bucket('inf'::float8, 0, 10, 5), width_bucket('-inf'::float8, 0, 10, 5)",
	"select width_bucket(5, 0, 10.0, 5), width_bucket(5::int8, 0::int2, 10, 3), width_bucket(5.35::real, 0, 10, 5)",
	"select width_bucket(null, 0, 10, 5), width_bucket(1, 0, 10, null), width_bucket('5', 0, 10, 5), width_bucket('5.5', 0, 10.0, 5)",
	"select width_bucket(5, 0, 10, 2147483647), width_bucket(5.0, 0, 10, 2147483647)",
	"select width_bucket(5.35, 0.024, 10.06, 0)",
	"select width_bucket(5.35::float8, 0, 10, -1)",
	"select width_bucket(5.35, 10, 10, 5)",
	"select width_bucket(5.35::float8, 10, 10, 5)",
	"select width_bucket('nan'::float8, 0, 10, 5)",
	"select width_bucket(5::float8, 0, 'inf'::float8, 5)",
	"select width_bucket(5::float8, '-inf'::float8, 10, 5)",
	"select width_bucket(10, 0, 10, 2147483647)",
	"select width_bucket(10.0, 0, 10, 2147483647)",
	// initcap
	"select initcap(''), initcap(null), initcap('ABC DEF'), initcap('a1b2 c_d e.f g''h'), initcap(E'tab\\there'), initcap('123abc xYZ')",
	"select initcap(x) from (values ('hello world'), ('HELLO'), ('')) v(x)",
	// make_interval with positional and named arguments.
	"select make_interval(days => 3), make_interval(1, 2, 3, 4, 5, 6, 7.5), make_interval(), make_interval(1, 2, secs => 3.5)",
	"select make_interval(months => -1, days => -1, secs => -1.5), make_interval(days => null), make_interval(days => '3')",
	"select make_interval(secs => 0.0000005), make_interval(secs => 0.0000015), make_interval(secs => -0.0000005), " +
		"make_interval(secs => 1.0000005), make_interval(secs => 59.9999999)",
	"select make_interval(hours => x) from (values (1), (25), (-3)) v(x)",
	"select now() + make_interval(days => 1) > now()",
	// PostgreSQL 15 lets the fields wrap around.
	"select make_interval(years => 2147483647), make_interval(weeks => 306783379), make_interval(days => 2147483647, weeks => 1)",
	"select make_interval(hours => 2147483647, mins => 2147483647)",
	"select make_interval(secs => 'inf')",
	"select make_interval(secs => 'nan')",
	// num_nulls, num_nonnulls and the SHA-2 digests.
	"select num_nonnulls(1, null, 2), num_nulls(1, null)",
	"select num_nonnulls(x, y), num_nulls(x, y) from (values (1, null), (null, null), (1, 2)) v(x, y)",
	"select sha224('abc'::bytea), sha256('abc'::bytea), sha384('abc'::bytea), sha512('abc'::bytea), sha256(null::bytea)",
	// date_bin, justify_days, justify_hours and justify_interval.
	"select date_bin('15 minutes', timestamp '2020-02-11 15:44:17', timestamp '2001-01-01'), " +
		"date_bin('15 minutes', timestamp '1999-12-31 23:44:17', timestamp '2000-01-01')",
	"select date_bin('1 day', timestamp '2020-01-01', timestamp '2020-01-03'), date_bin('1 day', timestamp '2020-01-01 12:00', timestamp '2020-01-03')",
	"select date_bin('1 day', timestamptz '2020-01-01 05:00+02', timestamptz '2000-01-01'), " +
		"date_bin('1 microsecond', timestamp '2020-01-01 00:00:00.5', timestamp '2021-01-01'), date_bin('2 days', '2020-01-05', timestamp '2020-01-01')",
	"select date_bin('1 hour 30 minutes', at, timestamp '2024-01-01') from (values (timestamp '2024-03-01 20:00:00'), (timestamp '2024-03-02 10:31:00')) v(at)",
	"select date_bin('1 month', timestamp '2020-01-01', timestamp '2000-01-01')",
	"select date_bin('0 days', timestamp '2020-01-01', timestamp '2000-01-01')",
	"select date_bin('-1 days', timestamp '2020-01-01', timestamp '2000-01-01')",
	"select date_bin('100000000 days', timestamp '2020-01-01', timestamp '4000-01-01')",
	"select date_bin('200000000 days', timestamp '2020-01-01', timestamp '2000-01-01')",
	"select date_bin('1 day', timestamp '2020-01-01', timestamp 'infinity')",
	"select justify_days(interval '35 days'), justify_hours(interval '27 hours'), justify_interval(interval '1 mon -1 hour')",
	"select justify_interval(interval '1 mon -1 hour'), justify_interval(interval '-1 mon 1 hour'), justify_interval(interval '35 days 25 hours'), " +
		"justify_interval(interval '-35 days -25 hours'), justify_interval(interval '1 mon -31 days 1 hour')",
	"select justify_days(interval '-35 days 3 hours'), justify_days(interval '1 mon -35 days'), justify_days(interval '-1 mon 35 days'), " +
		"justify_hours(interval '-1 day 25 hours'), justify_hours(interval '1 day -25 hours')",
	"select justify_interval(interval '-2147483648 days -1 hour'), justify_interval(interval '2147483647 days 100 hours')",
	"select justify_hours(null::interval), justify_days(x), justify_interval(x * 7) from (values (interval '40 days 30 hours')) v(x)",
	"select justify_interval(interval '2147483647 mons 30 days')",
	"select justify_days(interval '2147483647 mons 30 days')",
	"select justify_hours(interval '2147483647 days 24 hours')",
	// encode, decode and bytea constants in PostgreSQL's input formats.
	"select encode(decode('00ff5c41', 'hex'), 'escape'), encode(decode('00ff5c41', 'hex'), 'hex'), encode(decode('00ff5c41', 'hex'), 'base64')",
	"select encode(repeat('a', 60)::bytea, 'base64'), encode(repeat('a', 57)::bytea, 'base64'), encode(''::bytea, 'base64')",
	`select decode('AP9cQQ==', 'base64'), decode('00ff', 'hex'), decode('a\\b\000', 'escape'), encode('ab'::bytea, 'HEX'), decode('6162', 'Hex')`,
	"select decode('AA==AAAA', 'base64'), decode('AP9c QQ==', 'base64'), decode(' 00 ff ', 'hex'), encode(sha256('abc'), 'hex')",
	"select encode('x'::bytea, 'foo')",
	"select decode('0', 'hex')",
	"select decode('zz', 'hex')",
	"select decode('A', 'base64')",
	"select decode('=AAA', 'base64')",
	"select decode('AP9c$QQ==', 'base64')",
	`select decode('a\b', 'escape')`,
	`select decode('\400', 'escape')`,
	`select '\xdeadbeef'::bytea, 'abc'::bytea, 'a\\b\001'::bytea, E'\\xDE AD'::bytea, 'é'::bytea`,
	`select '\x0'::bytea`,
	`select 'a\b'::bytea`,
	`select '\xzz'::bytea`,
	// to_hex writes lowercase digits, and negative int4 values in 32 bits.
	"select to_hex(255), to_hex(-1), to_hex(9223372036854775807), to_hex(-1::int8), to_hex(0)",
	"select to_hex(x) from (values (1), (-2), (null)) v(x)",
	// substr and substring count positions below 1, where DuckDB counts a
	// negative start from the end.
	"select substr('hello', 2), substr('hello', 0, 3), substr('hello', -1, 3), substr('hello', -1), substr('hello', 0), substr('hello', 2, 2)",
	"select substring('hello' from -2 for 4), substring('hello', 10, 2), substr('hello', 2147483647, 10), substring('hello' from 2), substring('hello' for 2)",
	"select substr(null, 1, 2), substr('abc', null), substr('abc', 1, null), substr('abc', null, 2)",
	"select substr(name, id - 3, 3), substr(name, -id), substring(name from id for id + 2) " +
		"from (values (1, 'abcdef'), (4, 'xyz'), (7, 'hello world')) v(id, name) order by id",
	"select substr('hello', 2, -1)",
	"select substr(name, 1, n) from (values ('abc', -1)) v(name, n)",
	"select lpad('abc', 5), rpad('abc', 5), lpad('abc', 2), rpad('abc', -1), lpad('abc', 5, 'xy')",
	// split_part and string_to_array with an empty delimiter or string,
	// where DuckDB splits into characters, and array_length of an empty
	// array, which is NULL.
	"select split_part('a,b,c', ',', 2), split_part('a,b,c', ',', 4), split_part('a,b,c', ',', -1), split_part('a,b', '', 1), " +
		"split_part('a,b', '', -1), split_part('a,b', '', 2)",
	"select split_part(null, '', 2), split_part('abc', '', null), split_part('abc', null, 1), split_part(s, d, n) " +
		"from (values ('a-b', '-', 2), ('x', '', 1), ('', ',', 1)) v(s, d, n)",
	"select split_part('a,b,c', ',', 0)",
	"select split_part(s, ',', n) from (values ('a,b', 0)) v(s, n)",
	"select string_to_array('a,,b', ','), string_to_array('', ','), string_to_array('abc', ''), string_to_array('abc', null), " +
		"string_to_array(null, ','), string_to_array('', null), string_to_array('', '')",
	"select string_to_array(s, d) from (values ('a b', ' '), ('', ' '), ('xy', ''), ('ab', null)) v(s, d)",
	"select array_length(array[]::int[], 1), cardinality(array[]::int[]), array_length(array[1, 2], 1), cardinality(array[1, 2, 3]), array_length(null::int[], 1)",
	"select array_length(tags, 1), cardinality(tags) from (values (array['a', 'b']), (array[]::text[]), (null)) v(tags)",
	// concat and concat_ws write booleans as t and f.
	"select concat(true, false), concat_ws(',', true), concat('a', null, 1, true), concat_ws('-', x, y, z) " +
		"from (values (true, 1, 'a'), (null, 2, null), (false, null, 'c')) v(x, y, z)",
	"select concat(x > 1, x, 'b') from (values (1), (2)) v(x)",
	"select concat_ws(null, 'a', 'b'), concat_ws(',', null)",
	// exp of double precision at the limits where PostgreSQL raises
	// overflow and underflow.
	"select exp(709.782712893384::float8), exp(-745.1332191019411::float8), exp('inf'::float8), exp('-inf'::float8), exp('nan'::float8)",
	"select exp(1), exp(0::float8), exp(-1::float8)",
	"select exp(709.7827128933841::float8)",
	"select exp(-745.1332191019412::float8)",
	"select exp(1000::float8)",
	"select exp(-1000::float8)",
	"select exp(x) from (values (1.0::float8), (1000::float8)) v(x)",
	"select to_number('12', '99')",
	// string_to_array's null string and the array bound functions.
	"select string_to_array('a,b', ',', 'b')",
	"select array_upper(array[1, 2], 1)",
}

// undefinedFunctions fail with 42883 on both, with messages that name
// the function but differ in how they write the argument types.
var undefinedFunctions = []string{
	"select div(7.9::float8, 2)",
	"select div(true, 1)",
	"select every(1)",
	"select width_bucket(5, 0, 10, 5::int8)",
	"select initcap(1)",
	"select make_interval(foo => 1)",
	"select make_interval(1, days => 1, years => 2)",
	"select make_interval(1, 2, 3, 4, 5, 6, 7, 8)",
	"select make_interval(days => 3::int8)",
	"select num_nulls()",
	"select no_such_function(1)",
	"select * from no_such_table_function(1)",
}

// unsupportedOnDuckDB are PostgreSQL functions that pgway cannot run on
// DuckDB: PostgreSQL runs them, and pgway rejects them with 0A000 at the
// call's position, naming the function.
var unsupportedOnDuckDB = []struct {
	sql, function string
}{
	{"select jsonb_path_exists('{\"a\": 1}', '$.a')", "jsonb_path_exists"},
	{"select width_bucket(2, array[1, 3])", "width_bucket"},
	{"select num_nulls(variadic array[1, null])", "num_nulls"},
	// A quotient of more than 20 digits.
	{"select div(1e21::numeric, 3)", "div"},
	{"select div(12345678901234567890123.45, 7)", "div"},
}

func TestFunctionsMatchPostgreSQL(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, sql := range sameAsPostgreSQL {
		for _, mode := range protocolModes {
			want := functionResult(ctx, pg, sql, mode)
			got := functionResult(ctx, gw, sql, mode)
			if got != want {
				t.Errorf("%s (%v)\n pgway:      %s\n PostgreSQL: %s", sql, mode, got, want)
			}
		}
	}
}

func TestUndefinedFunctionsFailAsInPostgreSQL(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, sql := range undefinedFunctions {
		pgErr := queryError(ctx, pg, sql)
		if pgErr == nil || pgErr.Code != "42883" {
			t.Errorf("%s: PostgreSQL returned %v, expected SQLSTATE 42883", sql, pgErr)
		}
		gwErr := queryError(ctx, gw, sql)
		if gwErr == nil {
			t.Errorf("%s: pgway returned no error", sql)
			continue
		}
		if gwErr.Code != "42883" {
			t.Errorf("%s: pgway returned SQLSTATE %s (%s), expected 42883", sql, gwErr.Code, gwErr.Message)
		}
		// DuckDB's own text would quote the rewritten statement and
		// suggest DuckDB's functions.
		if strings.Contains(gwErr.Message, "LINE 1") || strings.Contains(gwErr.Message, "Did you mean") ||
			strings.Contains(gwErr.Message, "pgway_") || strings.Contains(gwErr.Message, "Candidate") {
			t.Errorf("%s: pgway's message %q shows DuckDB's text", sql, gwErr.Message)
		}
	}
}

func TestUnsupportedFunctionsFailWith0A000(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	for _, c := range unsupportedOnDuckDB {
		if _, err := pg.Exec(ctx, c.sql); err != nil {
			t.Errorf("%s: PostgreSQL: %v", c.sql, err)
		}
		gwErr := queryError(ctx, gw, c.sql)
		if gwErr == nil {
			t.Errorf("%s: pgway returned no error", c.sql)
			continue
		}
		if gwErr.Code != "0A000" {
			t.Errorf("%s: pgway returned SQLSTATE %s (%s), expected 0A000", c.sql, gwErr.Code, gwErr.Message)
		}
		if !strings.Contains(gwErr.Message, c.function) {
			t.Errorf("%s: message %q does not name %s", c.sql, gwErr.Message, c.function)
		}
	}
}

// A parameter cast to bytea keeps DuckDB's cast, and the text columns
// cast to bytea above go through PostgreSQL's bytea input format.
func TestByteaCastsMatchPostgreSQL(t *testing.T) {
	ctx := context.Background()
	gw, pg := connectOraclePair(t)
	cases := []struct {
		sql  string
		args []any
	}{
		{"select $1::bytea", []any{[]byte("AB")}},
		{"select encode($1::bytea, 'hex')", []any{[]byte{0, 0xff}}},
		{`select x::bytea from (values ('\x4142'), ('a\\b'), ('\101x'), ('plain'), (null), ('é')) v(x)`, nil},
		{`select x::bytea from (values ('a\b')) v(x)`, nil},
		{`select (x::bytea)::bytea, encode(x::bytea::bytea, 'hex') from (values ('\x41')) v(x)`, nil},
	}
	for _, c := range cases {
		for _, mode := range protocolModes {
			want := functionResult(ctx, pg, c.sql, mode, c.args...)
			got := functionResult(ctx, gw, c.sql, mode, c.args...)
			if got != want {
				t.Errorf("%s %v (%v)\n pgway:      %s\n PostgreSQL: %s", c.sql, c.args, mode, got, want)
			}
		}
	}
}

// TestUnsupportedFunctionPosition checks that the error points at the
// call in the statement the client sent.
func TestUnsupportedFunctionPosition(t *testing.T) {
	ctx := context.Background()
	gw, _ := connectOraclePair(t)
	sql := "select name, to_ascii(name) from cities limit 1"
	gwErr := queryError(ctx, gw, sql)
	if gwErr == nil {
		t.Fatalf("%s: pgway returned no error", sql)
	}
	if want := int32(strings.Index(sql, "to_ascii") + 1); gwErr.Position != want {
		t.Errorf("position = %d, expected %d", gwErr.Position, want)
	}
}

// connectOraclePair connects to pgway on the demo warehouse and to the
// PostgreSQL oracle.
func connectOraclePair(t *testing.T) (gw, pg *pgx.Conn) {
	t.Helper()
	ctx := context.Background()
	gw = connectDemo(t, startDemo(t))
	pg, err := pgx.Connect(ctx, oracleDSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close(ctx) })
	return gw, pg
}

// functionResult returns the type OID and value of every column, or the
// SQLSTATE and message of the error.
func functionResult(ctx context.Context, conn *pgx.Conn, sql string, mode pgx.QueryExecMode, args ...any) string {
	rows, err := conn.Query(ctx, sql, append([]any{mode}, args...)...)
	if err != nil {
		return errorCode(err)
	}
	defer rows.Close()
	var out strings.Builder
	for rows.Next() {
		values, err := rows.Values()
		if err != nil {
			return errorCode(err)
		}
		raw := rows.RawValues()
		for i, fd := range rows.FieldDescriptions() {
			value := fmt.Sprintf("%v", values[i])
			if fd.Format == pgx.TextFormatCode && raw[i] != nil {
				value = fmt.Sprintf("%q", raw[i])
			}
			fmt.Fprintf(&out, "%d:%s ", fd.DataTypeOID, value)
		}
		out.WriteString("| ")
	}
	if err := rows.Err(); err != nil {
		return errorCode(err)
	}
	return out.String()
}

// queryError runs sql in the simple protocol and returns its error.
func queryError(ctx context.Context, conn *pgx.Conn, sql string) *pgconn.PgError {
	rows, err := conn.Query(ctx, sql, pgx.QueryExecModeSimpleProtocol)
	if err == nil {
		for rows.Next() {
		}
		rows.Close()
		err = rows.Err()
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr
	}
	return nil
}
