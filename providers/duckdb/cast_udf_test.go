package duckdb

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pgway/providers"
	"pgway/translate"
)

// The tests of cast_udf.go run each function through the session's query
// path, so that errors pass through convertError, and compare the text of
// each result, or the SQLSTATE and message of each error, with PostgreSQL
// 15's. The fixed cases state PostgreSQL 15.18's output.

// duckResult runs sql with args on s and returns its one value as text,
// "NULL", or "ERROR code: message".
func duckResult(t *testing.T, s providers.Session, sql string, args ...any) string {
	t.Helper()
	ctx := context.Background()
	st, err := s.Prepare(ctx, sql)
	if err != nil {
		return errorText(t, sql, err)
	}
	defer st.Close()
	rows, err := s.Execute(ctx, st, args)
	if err != nil {
		return errorText(t, sql, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return errorText(t, sql, err)
		}
		t.Fatalf("%s returned no row", sql)
	}
	if v := rows.Values()[0]; v != nil {
		return fmt.Sprint(v)
	}
	return "NULL"
}

// postgresResult runs sql with args on conn and returns the text of its
// one value, "NULL", or "ERROR code: message". It uses the simple
// protocol because a statement that pgx prepared once keeps a plan with
// its constants folded, such as '0.1'::float8::text, whose text then
// ignores a later SET extra_float_digits.
func postgresResult(t *testing.T, conn *pgx.Conn, sql string, args ...any) string {
	t.Helper()
	var text *string
	args = append([]any{pgx.QueryExecModeSimpleProtocol}, args...)
	if err := conn.QueryRow(context.Background(), sql, args...).Scan(&text); err != nil {
		return errorText(t, sql, err)
	}
	if text == nil {
		return "NULL"
	}
	return *text
}

func errorText(t *testing.T, sql string, err error) string {
	t.Helper()
	var pgErr *pgconn.PgError
	var providerErr *providers.Error
	switch {
	case errors.As(err, &pgErr):
		return fmt.Sprintf("ERROR %s: %s", pgErr.Code, pgErr.Message)
	case errors.As(err, &providerErr):
		return fmt.Sprintf("ERROR %s: %s", providerErr.Code, providerErr.Message)
	}
	t.Fatalf("%s: %v", sql, err)
	return ""
}

func TestFloatTextFixedCases(t *testing.T) {
	s := openMemory(t)
	cases := []struct{ sql, want string }{
		{"select pgway_float8_text('NaN'::DOUBLE, 1)", "NaN"},
		{"select pgway_float8_text('Infinity'::DOUBLE, 1)", "Infinity"},
		{"select pgway_float8_text('-Infinity'::DOUBLE, 0)", "-Infinity"},
		{"select pgway_float8_text(100.0::DOUBLE, 1)", "100"},
		{"select pgway_float8_text('-0'::DOUBLE, 1)", "-0"},
		{"select pgway_float8_text(1e20::DOUBLE, 1)", "1e+20"},
		{"select pgway_float8_text(0.1::DOUBLE, 0)", "0.1"},
		{"select pgway_float8_text(0.1::DOUBLE, 3)", "0.1"},
		{"select pgway_float8_text(1::DOUBLE / 3, 0)", "0.333333333333333"},
		{"select pgway_float8_text(1::DOUBLE / 3, 1)", "0.3333333333333333"},
		{"select pgway_float8_text(1::DOUBLE / 3, -15)", "0.3"},
		{"select pgway_float4_text(0.1::FLOAT, 0)", "0.1"},
		{"select pgway_float4_text(0.1::FLOAT, 1)", "0.1"},
		{"select pgway_float4_text(1::FLOAT / 3, 1)", "0.33333334"},
		{"select pgway_float4_text(1e6::FLOAT, 1)", "1e+06"},
		{"select pgway_float4_text('NaN'::FLOAT, 1)", "NaN"},
		{"select pgway_float8_text(NULL::DOUBLE, 1)", "NULL"},
		{"select pgway_float8_text(1::DOUBLE, NULL)", "NULL"},
		{"select pgway_float4_text(NULL::FLOAT, 1)", "NULL"},
		{"select pgway_float8_text(1::DOUBLE, 4)",
			`ERROR 22023: 4 is outside the valid range for parameter "extra_float_digits" (-15 .. 3)`},
	}
	for _, c := range cases {
		if got := duckResult(t, s, c.sql); got != c.want {
			t.Errorf("%s = %s, expected %s", c.sql, got, c.want)
		}
	}
}

// floatTextValues are float constants whose text depends on the
// precision: long fractions, values at the bounds between plain and
// exponent notation, and extremes of both types.
var floatTextValues = []string{
	"0", "-0", "1", "-1", "100", "0.1", "-0.5", "3.141592653589793", "2.718281828459045",
	"1e15", "1e16", "123456789012345", "1234567890123456", "12345678901234567890",
	"0.0001", "0.00001", "0.000123456789", "1.5e-5", "1e20", "1e-20", "1e100",
	"123456", "1234567", "999999.5", "0.30000000000000004", "1.7976931348623157e308",
	"2.2250738585072014e-308", "5e-324", "3.4028235e38", "1.17549435e-38", "1e-45",
	"NaN", "Infinity", "-Infinity",
}

// TestFloatTextMatchesPostgreSQL writes each value as float8 and float4
// with every extra_float_digits that PostgreSQL accepts.
func TestFloatTextMatchesPostgreSQL(t *testing.T) {
	pgConn := connectPostgres(t)
	s := openMemory(t)
	types := []struct{ duck, postgres, function string }{
		{"DOUBLE", "float8", "pgway_float8_text"},
		{"FLOAT", "float4", "pgway_float4_text"},
	}
	for extraDigits := -15; extraDigits <= 3; extraDigits++ {
		if _, err := pgConn.Exec(context.Background(), fmt.Sprintf("set extra_float_digits = %d", extraDigits)); err != nil {
			t.Fatal(err)
		}
		for _, typ := range types {
			for _, v := range floatTextValues {
				if typ.postgres == "float4" && !fitsFloat4(v) {
					continue
				}
				want := postgresResult(t, pgConn, fmt.Sprintf("select '%s'::%s::text", v, typ.postgres))
				sql := fmt.Sprintf("select %s('%s'::%s, %d)", typ.function, v, typ.duck, extraDigits)
				if got := duckResult(t, s, sql); got != want {
					t.Errorf("%s = %s, PostgreSQL: %s", sql, got, want)
				}
			}
		}
	}
}

// fitsFloat4 reports whether PostgreSQL reads v as a float4 without an
// out of range error.
func fitsFloat4(v string) bool {
	switch v {
	case "1e100", "1.7976931348623157e308", "2.2250738585072014e-308", "5e-324":
		return false
	}
	return true
}

// integerInputs are texts for integer input: the valid forms, the
// smallest and largest values of each type and one beyond, and the
// syntax that PostgreSQL 15 rejects, underscores and non-ASCII digits
// among it.
var integerInputs = []string{
	"0", "7", "-0", "+5", " 12 ", "\t7\r", "\v7\f", "00012", "00000000000000000000000000012",
	"-32768", "32767", "-32769", "32768",
	"-2147483648", "2147483647", "-2147483649", "2147483648",
	"-9223372036854775808", "9223372036854775807", "-9223372036854775809", "9223372036854775808",
	"99999999999", "-00000000000000000000000002147483648",
	"", " ", "   ", "-", "+", "- ", "- 5", "--5", "+-5", "12 3", "12 x", "1.5", "1e3", "0x10", "1_000",
	"١٢", "\u00a07", "\"7\"", "\t7x", "7\x01",
	// An overflow among the digits is checked before the characters after them.
	"99999999999x", "2147483648x", "32768x", "9223372036854775808x", "99999999999999999999x",
}

// TestTextToIntegerMatchesPostgreSQL casts each input to smallint,
// integer and bigint.
func TestTextToIntegerMatchesPostgreSQL(t *testing.T) {
	pgConn := connectPostgres(t)
	s := openMemory(t)
	types := []struct{ function, postgres string }{
		{"pgway_text_int2", "int2"},
		{"pgway_text_int4", "int4"},
		{"pgway_text_int8", "int8"},
	}
	for _, typ := range types {
		for _, in := range integerInputs {
			want := postgresResult(t, pgConn, fmt.Sprintf("select $1::text::%s::text", typ.postgres), in)
			sql := fmt.Sprintf("select %s($1::VARCHAR)", typ.function)
			if got := duckResult(t, s, sql, in); got != want {
				t.Errorf("%s(%q) = %s, PostgreSQL: %s", typ.function, in, got, want)
			}
		}
	}
}

func TestTextToIntegerFixedCases(t *testing.T) {
	s := openMemory(t)
	cases := []struct{ sql, want string }{
		{"select pgway_text_int4(' -12 ')", "-12"},
		{"select pgway_text_int2('-32768')", "-32768"},
		{"select pgway_text_int8('-9223372036854775808')", "-9223372036854775808"},
		{"select pgway_text_int4(NULL)", "NULL"},
		{"select pgway_text_int4('1.5')", `ERROR 22P02: invalid input syntax for type integer: "1.5"`},
		{"select pgway_text_int2(' ')", `ERROR 22P02: invalid input syntax for type smallint: " "`},
		{"select pgway_text_int8('1e3')", `ERROR 22P02: invalid input syntax for type bigint: "1e3"`},
		{"select pgway_text_int4('99999999999')", `ERROR 22003: value "99999999999" is out of range for type integer`},
		{"select pgway_text_int4('2147483648x')", `ERROR 22P02: invalid input syntax for type integer: "2147483648x"`},
		{"select pgway_text_int4('99999999999x')", `ERROR 22003: value "99999999999x" is out of range for type integer`},
	}
	for _, c := range cases {
		if got := duckResult(t, s, c.sql); got != c.want {
			t.Errorf("%s = %s, expected %s", c.sql, got, c.want)
		}
	}
}

// Operands of the float operators: zeros of both signs, values whose
// results overflow or underflow, subnormal values, infinities and NaN.
var (
	float8Operands = []string{"0", "-0", "1", "-1", "0.5", "10", "1e308", "-1e308", "1.7976931348623157e308",
		"1e300", "1e-300", "5e-324", "2.2250738585072014e-308", "Infinity", "-Infinity", "NaN"}
	float4Operands = []string{"0", "-0", "1", "-1", "0.5", "10", "3.4e38", "-3.4e38", "3.4028235e38",
		"1e30", "1e-30", "1e-45", "1.17549435e-38", "Infinity", "-Infinity", "NaN"}
)

// translated returns the DuckDB dialect's rewrite of a PostgreSQL
// statement, in a session with the default extra_float_digits.
func translated(t testing.TB, sql string) string {
	t.Helper()
	d := translate.DuckDB(translate.DuckDBCapabilities{Spatial: true})
	stmts, err := translate.New(16).Translate(d, sql, &translate.Session{Settings: map[string]string{"extra_float_digits": "1"}})
	if err != nil || len(stmts) != 1 || stmts[0].Err != nil {
		t.Fatalf("translate %s: %v %v", sql, err, stmts)
	}
	return stmts[0].Rewritten
}

// TestFloatArithmeticMatchesPostgreSQL applies +, -, * and / to every
// pair of operands, in float8 and in float4, as the DuckDB dialect
// rewrites them.
func TestFloatArithmeticMatchesPostgreSQL(t *testing.T) {
	pgConn := connectPostgres(t)
	s := openMemory(t)
	if _, err := pgConn.Exec(context.Background(), "set extra_float_digits = 1"); err != nil {
		t.Fatal(err)
	}
	types := []struct {
		name     string
		operands []string
	}{
		{"float8", float8Operands},
		{"float4", float4Operands},
	}
	for _, typ := range types {
		for _, op := range []string{"+", "-", "*", "/"} {
			mismatches := 0
			for _, x := range typ.operands {
				for _, y := range typ.operands {
					sql := fmt.Sprintf("select ('%s'::%s %s '%s'::%[2]s)::text", x, typ.name, op, y)
					want := postgresResult(t, pgConn, sql)
					if got := duckResult(t, s, translated(t, sql)); got != want {
						mismatches++
						t.Errorf("%s = %s, PostgreSQL: %s", sql, got, want)
					}
				}
			}
			if mismatches > 10 {
				t.Fatalf("%d mismatches for %s %s", mismatches, typ.name, op)
			}
		}
	}
}

func TestFloatArithmeticFixedCases(t *testing.T) {
	s := openMemory(t)
	cases := []struct{ sql, want string }{
		{"select 1e308::float8 * 10", "ERROR 22003: value out of range: overflow"},
		{"select 1e-300::float8 * 1e-300", "ERROR 22003: value out of range: underflow"},
		{"select 3.4e38::float4 * 10::float4", "ERROR 22003: value out of range: overflow"},
		{"select (1e308::float8 * 10) - 1e308::float8", "ERROR 22003: value out of range: overflow"},
		{"select 'Infinity'::float8 + 1", "+Inf"},
		{"select 1.5::float4 + 2::float4", "3.5"},
		{"select NULL::float8 - 1", "NULL"},
	}
	for _, c := range cases {
		if got := duckResult(t, s, translated(t, c.sql)); got != c.want {
			t.Errorf("%s = %s, expected %s", c.sql, got, c.want)
		}
	}
}

// BenchmarkFloatMultiply compares DuckDB's own * with the checked
// multiplication that the DuckDB dialect writes for the same query, over
// a million rows.
// Each iteration sums the products, so that one row comes back.
func BenchmarkFloatMultiply(b *testing.B) {
	s := openMemory(b)
	const products = "select sum(x * y) from (select i::float8 as x, (i + 1)::float8 as y from generate_series(1, 999999) i) t"
	queries := []struct{ name, sql string }{
		{"duckdb", "select sum(x * y) from (select i::DOUBLE as x, (i + 1)::DOUBLE as y from generate_series(1, 999999) g(i)) t"},
		{"checked", translated(b, products)},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			for b.Loop() {
				runQuery(b, s, q.sql)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/999999, "ns/row")
		})
	}
}
