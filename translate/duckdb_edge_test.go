package translate

import "testing"

func TestEdgeRewrites(t *testing.T) {
	cases := []rewriteCase{
		// A divisor of -1 becomes 1, whose remainder is the same 0.
		{`select -2147483648 % -1`, `-2147483648 % 1`},
		{`select (-32768)::int2 % (-1)::int2`, `(-32768)::int2 % 1::int2`},
		{`select a % b from t`, `a % CASE WHEN b = -1 THEN 1 ELSE b END`},
		{`select mod(a, b) from t`, `mod(a, CASE WHEN b = -1 THEN 1 ELSE b END)`},
		{`select a % 2 from t`, `a % 2 AS`},
		{`select a % -2 from t`, `a % -2 AS`},
		{`select -7.5 % -1`, `-7.5 % -1`},
		{`select a % random()::int from t`, `a % random()::int AS`},
		{`select a % $1 from t`, `a % $1 AS`},
		// Integer shifts wrap as in PostgreSQL.
		{`select 1::int8 << 63`, `pgway_shift_left(1::int8, 63)`},
		{`select 1 << 33`, `pgway_shift_left(1::int4, 33)`},
		{`select -8 >> 1`, `pgway_shift_right((-8)::int4, 1)`},
		{`select x << 2 from t`, `x << 2`},
		// Case mapping in the C locale.
		{`select upper(x) from t`, `CASE WHEN strlen(x) = length(x) THEN upper(x) ELSE pgway_upper(x) END AS upper`},
		{`select lower('ÉCOLE')`, `ELSE pgway_lower('ÉCOLE') END AS lower`},
		{`select upper(x || y) from t`, `pgway_upper(`},
		{`select initcap(x) from t`, `pgway_initcap_c(x)`},
		{`select upper(1)`, `upper(1)`},
		// Fields checked as PostgreSQL checks them.
		{`select make_date(2023, 2, 29)`, `pgway_make_date(2023, 2, 29) AS make_date`},
		{`select make_timestamp(2024, 1, 1, 0, 0, 1.5)`, `pgway_make_timestamp(2024, 1, 1, 0, 0, 1.5) AS make_timestamp`},
		{`select make_timestamptz(2024, 1, 1, 0, 0, 0)`, `pgway_make_timestamp(2024, 1, 1, 0, 0, 0)::timestamptz AS make_timestamptz`},
		{`select make_timestamptz(2024, 1, 1, 0, 0, 0, 'Asia/Tokyo')`, `timezone('Asia/Tokyo', pgway_make_timestamp(2024, 1, 1, 0, 0, 0))`},
		// extract(julian) is a numeric.
		{`select extract(julian from date '2024-01-01')`, `extract ('julian' FROM '2024-01-01'::date)::numeric(18, 0)`},
		{`select extract(julian from timestamp '2024-01-01 12:00')`, `pgway_div_result((epoch_us('2024-01-01 12:00'::timestamp) - ` +
			`epoch_us(date_trunc('day', '2024-01-01 12:00'::timestamp)))::numeric(18, 0), 86400000000`},
		{`select extract(julian from timestamptz '2024-01-01 12:00+00')`, `julian('2024-01-01 12:00+00'::timestamptz::"timestamp"::date)::int8`},
		{`select date_part('julian', date '2024-01-01')`, `ELSE date_part('julian', '2024-01-01'::date) END AS date_part`},
	}
	checkRewrites(t, DuckDB(DuckDBCapabilities{}), cases)
}

func TestEdgeErrors(t *testing.T) {
	cases := []errorCase{
		{`select 1 << 2::int8`, CodeUndefinedFunction, "operator does not exist: integer << bigint"},
		{`select make_timestamptz(2024, 1, 1, 0, 0, 0, '+05')`, CodeFeatureNotSupported,
			`make_timestamptz() with the zone "+05" is not supported on DuckDB: give a zone name`},
	}
	checkErrorCases(t, cases)
}
