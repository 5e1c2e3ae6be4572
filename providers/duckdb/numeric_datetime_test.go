package duckdb

import "testing"

// TestQuotientDateArithmetic checks pgway_add and pgway_sub with a date
// operand: days added as PostgreSQL's date + integer adds them, its
// errors for a bigint and a result out of range, and 0A000 for an
// interval, and that a DECIMAL times an integer keeps the DECIMAL's
// scale.
func TestQuotientDateArithmetic(t *testing.T) {
	s := openMemory(t)
	cases := []struct{ sql, want string }{
		{"select pgway_add_result(DATE '2024-02-28', 2::INTEGER, 'DATE', '')::VARCHAR", "2024-03-01"},
		{"select pgway_add_result(5::INTEGER, DATE '2023-12-31', '', 'DATE')::VARCHAR", "2024-01-05"},
		{"select pgway_sub_result(DATE '2024-03-01', 1::INTEGER, 'DATE', '')::VARCHAR", "2024-02-29"},
		{"select pgway_add_result(DATE '2024-01-01', 2::BIGINT, 'DATE', '')", "error 42883"},
		{"select pgway_add_result(DATE '5874897-12-31', 1::INTEGER, 'DATE', '')", "error 22008"},
		{"select pgway_add_result(TIMESTAMP '2024-01-01', INTERVAL 1 DAY, 'TIMESTAMP', '')", "error 0A000"},
		{"select pgway_sub_result(DATE '2024-01-01', INTERVAL 1 DAY, 'DATE', '')", "error 0A000"},
		{"select pgway_mul_result(3.71::DECIMAL(10,2), 1::INTEGER, 'DECIMAL(10,2)', '')", "3.71"},
		{"select pgway_round_result(1.5::DOUBLE, 2, '')", "error 42883"},
	}
	for _, c := range cases {
		if got := duckText(t, s, c.sql); got != c.want {
			t.Errorf("%s = %s, want %s", c.sql, got, c.want)
		}
	}
}
