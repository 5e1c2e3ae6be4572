package enginetest

import (
	"context"
	"testing"
)

// intervalFieldCases are interval constants with the SQL standard's
// fields or a precision, which decide the unit of a bare number and drop
// or round the smaller units. The last case has negative numeric
// constants with an exponent, which the parser folds with their minus.
var intervalFieldCases = []divisionCase{
	{sql: "select interval '2' day, interval '2' year, interval '10' month, interval '100' hour, interval '100' minute"},
	{sql: "select '100'::interval minute, interval '1.5' day, interval '1.5' hour, interval '90' second, interval '-3' day"},
	{sql: "select interval '1:30' minute to second, interval '-1:30.25' minute to second, interval '1:30' hour to minute"},
	{sql: "select interval '1 year 2 months 3 days' year to month, interval '3 days 4 hours 5 minutes' day to hour"},
	{sql: "select cast('2 hours 30 minutes' as interval hour), interval '1 day 2:03:04.5' day to minute, interval '14 months' year"},
	{sql: "select interval '1.5 seconds'::interval(0), interval(0) '2.5 seconds', interval '-1.5 seconds'::interval(0)"},
	{sql: "select interval '1.23456 seconds' second(2), interval '3 days 01:02:03.456' day to second(1)"},
	{sql: "select timestamp '2025-02-04' - interval '7' day, date '2024-01-31' + interval '1' month"},
	{sql: "select null::interval day, interval '1-2' year to month, interval 'P1DT2H' day to hour"},
	{sql: "select interval 'abc' day"},
	{sql: "select -1e-3, -1.5E-05, -2.5e2, (-1e-10)::numeric(38,10), 1 - -1e-3"},
}

func TestIntervalFieldsMatchPostgreSQL(t *testing.T) {
	runMatchCases(t, intervalFieldCases)
}

func TestIntervalFieldsOfColumnUnsupported(t *testing.T) {
	_, conn := typedGateway(t)
	for _, sql := range []string{
		"select x::interval day from (values ('2 days 3 hours')) v(x)",
		"select interval '1.5' year",
		"select interval '1 2' day to hour",
	} {
		err := queryError(context.Background(), conn, sql)
		if err == nil || err.Code != "0A000" {
			t.Errorf("%s: error %v, want SQLSTATE 0A000", sql, err)
			continue
		}
		if err.Position == 0 {
			t.Errorf("%s: error %q has no position", sql, err.Message)
		}
	}
}
