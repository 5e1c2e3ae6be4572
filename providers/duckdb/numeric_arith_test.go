package duckdb

import (
	"context"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgtype"

	"pgway/providers"
)

// duckText runs sql on s and returns the text of its one value, a
// numeric's with its scale, or the SQLSTATE of its error.
func duckText(t *testing.T, s providers.Session, sql string) string {
	t.Helper()
	ctx := context.Background()
	st, err := s.Prepare(ctx, sql)
	if err != nil {
		return "error " + sqlstate(err)
	}
	defer st.Close()
	rows, err := s.Execute(ctx, st, nil)
	if err != nil {
		return "error " + sqlstate(err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return "error " + sqlstate(err)
		}
		t.Fatalf("%s returned no row", sql)
	}
	v := rows.Values()[0]
	if n, ok := v.(pgtype.Numeric); ok {
		text, err := n.Value()
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(text)
	}
	return fmt.Sprint(v)
}

// TestPickKeepsScale checks pgway_pick_result: a DECIMAL value takes the
// scale of the first text of the same value, keeps its own when no text
// has it, and a value of another type stays as it is.
func TestPickKeepsScale(t *testing.T) {
	s := openMemory(t)
	cases := []struct{ sql, want string }{
		{"select pgway_pick_result(3.5::DECIMAL(38,20), '3.5000')", "3.5000"},
		{"select pgway_pick_result(3.5::DECIMAL(38,20), NULL, '3.50', '3.5000')", "3.50"},
		{"select pgway_pick_result(3.5::DECIMAL(38,20), '2.0', 'abc', '1e5')", "3.50000000000000000000"},
		{"select pgway_pick_result(0.3333::DECIMAL(38,20), '0.33333333')", "0.33333333"},
		{"select pgway_pick_result(3.5::DECIMAL(38,20), 'abc')", "3.50000000000000000000"},
		{"select pgway_pick_result(NULL::DECIMAL(38,20), '1.0')", "<nil>"},
		{"select pgway_pick_result(7::INTEGER, '7.00')", "7"},
		{"select pgway_pick_result(-0.05::DECIMAL(38,20), '-0.050')", "-0.050"},
		{"select pgway_numeric_result('-1.50')", "-1.50"},
		{"select pgway_numeric_result('.5')", "0.5"},
		{"select pgway_pick_text(pgway_div_result(7.0, 2, 'DECIMAL(2,1)', 'INTEGER'))", "3.5000000000000000"},
		{"select pgway_pick_text(7::BIGINT)", "7"},
		{"select pgway_pick_text(7.5::DOUBLE)", "<nil>"},
	}
	for _, c := range cases {
		if got := duckText(t, s, c.sql); got != c.want {
			t.Errorf("%s = %s, want %s", c.sql, got, c.want)
		}
	}
}

// TestArithmeticOnQuotients checks pgway_add, pgway_sub, pgway_mul and
// pgway_mod on quotients of every type: the scale of numerics, and
// PostgreSQL's errors for integers out of range and a zero divisor.
func TestArithmeticOnQuotients(t *testing.T) {
	s := openMemory(t)
	q := "pgway_div_result(7.0, 2, 'DECIMAL(2,1)', 'INTEGER')"
	cases := []struct{ sql, want string }{
		{fmt.Sprintf("select pgway_mod_result(%s, 2, '', 'INTEGER')", q), "1.5000000000000000"},
		{fmt.Sprintf("select pgway_mod_result(-%s, 2, '', 'INTEGER')", "1::DECIMAL(38,20)"), "-1.00000000000000000000"},
		{fmt.Sprintf("select pgway_mod_result(%s, 0, '', 'INTEGER')", q), "error 22012"},
		{"select pgway_mul_result(5::INTEGER, 2::INTEGER, '', '')", "10"},
		{"select pgway_mul_result(2147483647::INTEGER, 2::INTEGER, '', '')", "error 22003"},
		{"select pgway_add_result((-32768)::SMALLINT, (-1)::SMALLINT, '', '')", "error 22003"},
		{"select pgway_mod_result(7::BIGINT, 0::BIGINT, '', '')", "error 22012"},
		{"select pgway_mul_result(1.5::DECIMAL(38,20), 2::INTEGER, 'DECIMAL(2,1)', 'INTEGER')", "3.0"},
		{"select pgway_sub_result(1.5::DOUBLE, 2::INTEGER, '', '')", "-0.5"},
		{"select pgway_add_result(INTERVAL 1 DAY, INTERVAL 2 HOUR, '', '') = INTERVAL 26 HOUR", "true"},
	}
	for _, c := range cases {
		if got := duckText(t, s, c.sql); got != c.want {
			t.Errorf("%s = %s, want %s", c.sql, got, c.want)
		}
	}
}

// TestRoundSumAndNested checks pgway_round, pgway_trunc, pgway_sum,
// pgway_numeric_scale and pgway_nested: the scale of the result, and the
// nested form's limit of 20 fractional digits.
func TestRoundSumAndNested(t *testing.T) {
	s := openMemory(t)
	third := "pgway_div_result(1.0, 3, 'DECIMAL(2,1)', 'INTEGER')"
	cases := []struct{ sql, want string }{
		{fmt.Sprintf("select pgway_round_result(%s, 25, '')", third), "0.3333333333333333333300000"},
		{fmt.Sprintf("select pgway_round(%s, 25, '')", third), "0.33333333333333333333"},
		{"select pgway_round_result(-2.5::DECIMAL(38,20), 0, 'DECIMAL(2,1)')", "-3"},
		{"select pgway_trunc_result(-2.56::DECIMAL(38,20), 1, 'DECIMAL(3,2)')", "-2.5"},
		{"select pgway_round_result(1250::BIGINT, -2, 'BIGINT')", "1300"},
		{"select pgway_round_result(5::BIGINT, 2, 'INTEGER')", "5.00"},
		{"select pgway_sum_result(8::DECIMAL(38,20), 16)", "8.0000000000000000"},
		{"select pgway_sum_result(8::DECIMAL(38,20), NULL)", "8.00000000000000000000"},
		{"select pgway_sum_result(NULL::DECIMAL(38,20), 3)", "<nil>"},
		{"select pgway_sum_result(7::HUGEINT, 0)", "7"},
		{"select pgway_sum_result(2.5::DOUBLE, NULL)", "2.5"},
		{fmt.Sprintf("select pgway_numeric_scale(%s)", third), "20"},
		{"select pgway_numeric_scale(pgway_numeric_result('1.50'))", "2"},
		{"select pgway_numeric_scale(1.5::DOUBLE)", "<nil>"},
		{"select pgway_nested(pgway_numeric_result('1.50'))", "1.50000000000000000000"},
		{"select pgway_nested(pgway_numeric_result('1.500000000000000000000000'))", "1.50000000000000000000"},
		{"select pgway_nested(pgway_numeric_result('0.000000000000000000001'))", "error 0A000"},
		{"select pgway_nested(7::INTEGER)", "7"},
	}
	for _, c := range cases {
		if got := duckText(t, s, c.sql); got != c.want {
			t.Errorf("%s = %s, want %s", c.sql, got, c.want)
		}
	}
}

// TestNumericOutWritesText checks pgway_numeric_out, the text of a
// quotient cast to text: a numeric's with its scale, a float's as
// PostgreSQL writes it, in exponent notation outside its fixed range, and
// an interval's as interval_out writes it.
func TestNumericOutWritesText(t *testing.T) {
	s := openMemory(t)
	cases := []struct{ sql, want string }{
		{"select pgway_numeric_out(pgway_numeric_result('-0.50'))", "-0.50"},
		{"select pgway_numeric_out(7::HUGEINT)", "7"},
		{"select pgway_numeric_out(1.5::DECIMAL(38,20))", "1.50000000000000000000"},
		{"select pgway_numeric_out(1e14::DOUBLE)", "100000000000000"},
		{"select pgway_numeric_out(1e15::DOUBLE)", "1e+15"},
		{"select pgway_numeric_out(0.0001::DOUBLE)", "0.0001"},
		{"select pgway_numeric_out(0.00001::DOUBLE)", "1e-05"},
		{"select pgway_numeric_out(100000::FLOAT)", "100000"},
		{"select pgway_numeric_out(1000000::FLOAT)", "1e+06"},
		{"select pgway_numeric_out('-inf'::DOUBLE)", "-Infinity"},
		{"select pgway_numeric_out(INTERVAL 1 DAY)", "1 day"},
		{"select pgway_numeric_out(INTERVAL '1 month -1 day 2 hours')", "1 mon -1 days +02:00:00"},
	}
	for _, c := range cases {
		if got := duckText(t, s, c.sql); got != c.want {
			t.Errorf("%s = %s, want %s", c.sql, got, c.want)
		}
	}
}
