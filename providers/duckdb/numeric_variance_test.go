package duckdb

import (
	"context"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
)

// varianceKindNames are the kinds of pgway_variance, which are also the
// names of the PostgreSQL aggregates.
var varianceKindNames = []string{"var_samp", "var_pop", "stddev_samp", "stddev_pop"}

// varianceSamples returns sets of numbers as SQL constants, each set of
// one type: integers of every width, and numerics of scales 0 to 6 with
// negatives, large values and all-equal sets.
func varianceSamples() [][]string {
	samples := [][]string{
		{"1::int4", "2::int4", "4::int4"},
		{"5::int4", "5::int4", "5::int4"},
		{"7::int4"},
		{"32767::int2", "(-32768)::int2", "1::int2"},
		{"2147483647::int4", "(-2147483648)::int4", "2147483647::int4"},
		{"9223372036854775807::int8", "-9223372036854775807::int8"},
		{"2.50::numeric(10,2)", "2.50::numeric(10,2)"},
		{"0.000001::numeric(10,6)", "0.000002::numeric(10,6)", "0.000004::numeric(10,6)"},
		{"123456.7::numeric(12,1)", "123456.8::numeric(12,1)"},
		{"999999999999.99::numeric(14,2)", "-999999999999.99::numeric(14,2)", "0.01::numeric(14,2)"},
		{"1000000000000000::numeric(18,0)", "1000000000000001::numeric(18,0)", "1000000000000003::numeric(18,0)"},
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 60 {
		scale := r.IntN(7)
		count := 2 + r.IntN(8)
		magnitude := []int64{10, 1000, 1e6, 1e9, 1e12}[r.IntN(5)]
		equal := r.IntN(8) == 0
		first := r.Int64N(magnitude) - magnitude/2
		var set []string
		for range count {
			unscaled := first
			if !equal {
				unscaled = r.Int64N(magnitude) - magnitude/2
			}
			set = append(set, fmt.Sprintf("%s::numeric(18,%d)", exactNumeric{big.NewInt(unscaled), scale}, scale))
		}
		samples = append(samples, set)
	}
	return samples
}

// duckVarianceType writes a constant's PostgreSQL type for DuckDB.
func duckVarianceType(constant string) string {
	for pgType, duckType := range map[string]string{"::int2": "::SMALLINT", "::int4": "::INTEGER",
		"::int8": "::BIGINT", "::numeric": "::DECIMAL"} {
		constant = strings.Replace(constant, pgType, duckType, 1)
	}
	return constant
}

// TestVarianceMatchesPostgreSQL computes each kind of every sample set
// with pgway_variance_result on DuckDB, in the form the DuckDB dialect
// writes, and with the aggregate on PostgreSQL, and compares the text,
// scale included.
func TestVarianceMatchesPostgreSQL(t *testing.T) {
	pgConn := connectPostgres(t)
	s := openMemory(t)
	mismatches := 0
	for _, set := range varianceSamples() {
		pgRows := "(" + strings.Join(set, "), (") + ")"
		duckSet := make([]string, len(set))
		for i, c := range set {
			duckSet[i] = duckVarianceType(c)
		}
		duckRows := "(" + strings.Join(duckSet, "), (") + ")"
		for _, kind := range varianceKindNames {
			var want *string
			err := pgConn.QueryRow(context.Background(),
				fmt.Sprintf("select %s(x)::text from (values %s) v(x)", kind, pgRows)).Scan(&want)
			if err != nil {
				t.Fatal(err)
			}
			wantText := "<nil>"
			if want != nil {
				wantText = *want
			}
			got := duckText(t, s, fmt.Sprintf("select pgway_variance_result('%s', sum(x) * 0, sum(x)::VARCHAR, "+
				"sum((x + 0::HUGEINT) * (x + 0::HUGEINT))::VARCHAR, count(x), %s(x)) from (values %s) v(x)",
				kind, kind, duckRows))
			if got != wantText {
				mismatches++
				t.Errorf("%s of %s = %s on DuckDB, %s on PostgreSQL", kind, pgRows, got, wantText)
			}
		}
		if mismatches > 10 {
			t.Fatal("too many mismatches")
		}
	}
}

// TestVarianceForms checks the nested form, floats, which keep DuckDB's
// result, the NULL results, and the 0A000 of DISTINCT.
func TestVarianceForms(t *testing.T) {
	s := openMemory(t)
	const call = "select %s('%s', sum(x) * 0, sum(x)::VARCHAR, %s, count(x), %s(x)) from (values %s) v(x)"
	squares := "sum((x + 0::HUGEINT) * (x + 0::HUGEINT))::VARCHAR"
	cases := []struct{ function, kind, squares, rows, want string }{
		{"pgway_variance", "var_samp", squares, "(1), (2), (4)", "2.33333333333333330000"},
		{"pgway_variance_result", "var_samp", squares, "(1::DOUBLE), (2), (4)", "2.333333333333333"},
		{"pgway_variance_result", "var_samp", "NULL::VARCHAR", "(1::DOUBLE), (2), (4)", "2.333333333333333"},
		{"pgway_variance_result", "var_samp", "NULL::VARCHAR", "(1), (2), (4)", "error 0A000"},
		{"pgway_variance_result", "var_samp", squares, "(1)", "<nil>"},
		{"pgway_variance_result", "stddev_pop", squares, "(1.5)", "0"},
		{"pgway_variance_result", "stddev_pop", squares, "(NULL::INTEGER)", "<nil>"},
		// NOTE: PostgreSQL returns 1.00000000000000000000, but the sum of
		// squares overflows DuckDB's HUGEINT.
		{"pgway_variance_result", "var_samp", squares,
			"(9223372036854775807::BIGINT), (9223372036854775806), (9223372036854775805)", "error 22003"},
	}
	for _, c := range cases {
		sql := fmt.Sprintf(call, c.function, c.kind, c.squares, c.kind, c.rows)
		if got := duckText(t, s, sql); got != c.want {
			t.Errorf("%s = %s, want %s", sql, got, c.want)
		}
	}
}

// TestSquareOfQuotients checks pgway_square, which squares quotients
// exactly or fails with 0A000.
func TestSquareOfQuotients(t *testing.T) {
	s := openMemory(t)
	cases := []struct{ sql, want string }{
		{"select pgway_square(pgway_numeric_result('1.50'))::VARCHAR", "2.25000000000000000000"},
		{"select pgway_square(pgway_numeric_result('-0.0000000001'))::VARCHAR", "0.00000000000000000001"},
		{"select pgway_square(pgway_numeric_result('0.00000000001'))", "error 0A000"},
		{"select pgway_square(pgway_numeric_result('1000000000'))", "error 0A000"},
		{"select pgway_square(pgway_numeric_result('999999999.5'))::VARCHAR", "999999999000000000.25000000000000000000"},
		{"select pgway_square(3037000500::BIGINT)::VARCHAR", "9223372037000250000"},
		{"select pgway_square(-3::INTEGER)::VARCHAR", "9"},
		{"select pgway_square(1.5::DOUBLE)", "2.25"},
	}
	for _, c := range cases {
		if got := duckText(t, s, c.sql); got != c.want {
			t.Errorf("%s = %s, want %s", c.sql, got, c.want)
		}
	}
}
