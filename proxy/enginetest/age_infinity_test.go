package enginetest

import (
	"context"
	"testing"
)

// ageInfinityCases take age() of finite values and NULL, which match
// PostgreSQL.
var ageInfinityCases = []divisionCase{
	{sql: "select age(timestamp '2024-03-01', timestamp '2020-01-15'), age(null::timestamp), age(timestamptz '2024-03-01', null)"},
	{sql: "select age(date '2024-01-01', date '2023-01-01'), age('2024-01-01', timestamp '2020-01-01')"},
}

// ageInfinityRejected are age() of infinite values, for which PostgreSQL
// 15 returns an interval computed from infinity's internal value, such
// as 292257 years 7 days 23:00:54.775807, or fails with 22008.
var ageInfinityRejected = []string{
	"select age(timestamptz 'infinity', timestamptz '2020-01-01')",
	"select age(timestamp '-infinity')",
	"select age(date 'infinity', date '2020-01-01')",
	"select age(x) is not null from (values (timestamp '2020-01-01'), (timestamp 'infinity')) v(x)",
}

func TestAgeOfInfinity(t *testing.T) {
	runZonedMatchCases(t, ageInfinityCases)
	gw, _ := connectOraclePair(t)
	for _, sql := range ageInfinityRejected {
		if code := resultCode(functionResult(context.Background(), gw, sql, protocolModes[0])); code != "0A000" {
			t.Errorf("%s: SQLSTATE %q, want 0A000", sql, code)
		}
	}
}
