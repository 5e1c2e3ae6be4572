package enginetest

import "testing"

// integerRoundCases are round() and trunc() of integers, which
// PostgreSQL computes in numeric with the scale of the places, or in
// double precision without places.
var integerRoundCases = []divisionCase{
	{sql: "select round(7, 2), round(15, -1), round(7::bigint, 2), round(-25, -1), trunc(17, -1), trunc(-17, -1)"},
	{sql: "select round(i, 1), round(i, 2), trunc(i, 1), trunc(7, 2), round(i), trunc(i) from (values (3), (-4)) v(i)"},
	{sql: "select round(count(*), 2), round(sum(i), 1), round(max(i)::int8, 0), round(count(*), 1) / 3 from (values (3), (-4)) v(i)"},
	{sql: "select round(9223372036854775807, 19), round(1234567::int2::int, -10), round(5::smallint, 3)"},
	{sql: "select round(i::int, 2)::text, round(i)::text, trunc(i) + 0.5 from (values (3)) v(i)"},
	{sql: "select round(2.5::float8), round(2.567, 2), trunc(2.567, 1), round(x, 1) from (values (1.25)) v(x)"},
}

func TestIntegerRoundMatchesPostgreSQL(t *testing.T) {
	runMatchCases(t, integerRoundCases)
}
