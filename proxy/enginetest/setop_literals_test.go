package enginetest

import (
	"context"
	"testing"
	"time"
)

// setOperationLiteralCases are set operations with a string constant or
// NULL in a branch, which PostgreSQL reads as the type of the other side,
// or rejects beside a column of another type category.
var setOperationLiteralCases = []string{
	"select 1 union all select '2'",
	"select x from (select 1 x union all select '3') s where x > 10",
	"select 1 as a, 'q' as b union all select '2', 'r' order by a",
	"select 1.5 except select '1.5'",
	"select date '2024-01-01' union all select '2024-01-02' order by 1",
	"with c as (select 1 x union all select '5') select sum(x) from c",
	"select 'a' union all select 1",
	"select 1 union select 'a' union select 2",
	"select '1' union all select null union all select 2",
	"select true union all select 1",
	"select date '2024-01-01' union select 1",
	"select null union all select 2.5 union all select '3' order by 1",
}

func TestSetOperationLiteralsMatchPostgreSQL(t *testing.T) {
	var cases []divisionCase
	for _, sql := range setOperationLiteralCases {
		cases = append(cases, divisionCase{sql: sql})
	}
	runMatchCases(t, cases)
}

// TestSetOperationLiteralTypesWithoutCatalog compares the column types
// that pgway describes itself, without a catalog database.
func TestSetOperationLiteralTypesWithoutCatalog(t *testing.T) {
	g := startDemo(t)
	gwConn := g.connect(t, "demo", "demo", "carto_dw", "disable")
	pgConn, _ := connectRecorded(t, oracleDSN())
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, sql := range setOperationLiteralCases {
		got := declaredResult(ctx, gwConn.PgConn(), sql, nil, nil)
		want := declaredResult(ctx, pgConn.PgConn(), sql, nil, nil)
		if got != want {
			t.Errorf("%s:\n pgway:      %s\n PostgreSQL: %s", sql, got, want)
		}
	}
}
