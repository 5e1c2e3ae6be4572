package enginetest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// nestedCalls returns inner inside n copies of open and close.
func nestedCalls(open, inner, close string, n int) string {
	return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
}

// joinedTerms returns format of 1 to n joined with separator.
func joinedTerms(format, separator string, n int) string {
	terms := make([]string, n)
	for i := range terms {
		terms[i] = fmt.Sprintf(format, i+1)
	}
	return strings.Join(terms, separator)
}

// TestNestedExpressionsLikePostgreSQL runs expressions nested 15 to 50
// deep, as BI tools write them, on pgway and PostgreSQL.
func TestNestedExpressionsLikePostgreSQL(t *testing.T) {
	gw, pg := typedFilePair(t)
	var bands strings.Builder
	for i := 1; i <= 50; i++ {
		fmt.Fprintf(&bands, "case when x < %d then 'band %d' else ", i, i)
	}
	numbers := " from (values (1.5::numeric), (-2.5), (2.5), (0.5), (null)) v(x)"
	doubles := " from (values (1.5::float8), (-2.5), (2.5), (0.5), (null)) v(x)"
	compareSized(t, gw, pg, protocolModes, []string{
		"select x, " + bands.String() + "'other'" + strings.Repeat(" end", 50) + " from generate_series(0, 60) x order by x",
		"select " + nestedCalls("abs(round(", "x", "))", 20) + numbers,
		"select " + nestedCalls("abs(round(", "x", "))", 20) + doubles,
		"select " + nestedCalls("round(", "x", ")", 15) + doubles,
		"select " + nestedCalls("round(", "x / 3", ", 2)", 15) + numbers,
		"select " + nestedCalls("coalesce(", "x", ", 0)", 20) + doubles,
		"select " + nestedCalls("abs(", "x / 3", ")", 20) + numbers,
	})
}

// TestLongListsLikePostgreSQL runs IN, ARRAY and VALUES of 50,000
// constants on pgway and PostgreSQL.
func TestLongListsLikePostgreSQL(t *testing.T) {
	gw, pg := typedFilePair(t)
	list := joinedTerms("%d", ", ", 50000)
	compareSized(t, gw, pg, protocolModes[:1], []string{
		"select 1 where 5 in (" + list + ")",
		"select 1 where 5 not in (" + list + ")",
		"select 1 where 50001 not in (" + list + ")",
		"values " + joinedTerms("(%d)", ", ", 50000),
		"select count(*), sum(a) from (values " + joinedTerms("(%d)", ", ", 50000) + ") v(a)",
		"select 5 = any(array[" + list + "])",
	})
}

// TestManyQueriesLikePostgreSQL runs thousands of set operations and WITH
// queries on pgway and PostgreSQL.
func TestManyQueriesLikePostgreSQL(t *testing.T) {
	gw, pg := typedFilePair(t)
	compareSized(t, gw, pg, protocolModes[:1], []string{
		"select count(*), sum(a) from (" + joinedTerms("select %d as a", " union ", 2000) + ") s",
		"select count(*), sum(a) from (" + joinedTerms("(select %d as a)", " union all ", 2000) + ") s",
		// DuckDB counts each WITH query against its expression depth
		// limit, so it rejects 5,000 of them with 54001.
		"with " + joinedTerms("q%[1]d as (select %[1]d as a)", ", ", 2500) + " select a from q2500",
	})
}

// compareSized runs each statement on both connections in modes and fails
// the test where the results differ, printing the start of the
// statement. How long pgway takes is for benchmarks to measure.
func compareSized(t *testing.T, gw, pg *pgx.Conn, modes []pgx.QueryExecMode, statements []string) {
	t.Helper()
	ctx := context.Background()
	for _, sql := range statements {
		for _, mode := range modes {
			result := exactResult
			if strings.HasPrefix(sql, "values") {
				result = manyRows
			}
			got, want := result(ctx, gw, sql, []any{mode}), result(ctx, pg, sql, []any{mode})
			if got != want {
				t.Errorf("%.80s... (%v)\n pgway:      %.300s\n PostgreSQL: %.300s", sql, mode, got, want)
			}
		}
	}
}

// manyRows returns the column types and rows of sql, or its SQLSTATE, as
// text. It writes the rows into a builder, where exactResult, which
// appends to a string, takes seconds for 50,000 rows.
func manyRows(ctx context.Context, conn *pgx.Conn, sql string, args []any) string {
	rows, err := conn.Query(ctx, sql, args...)
	if err != nil {
		return errorCode(err)
	}
	defer rows.Close()
	var b strings.Builder
	for _, field := range rows.FieldDescriptions() {
		fmt.Fprintf(&b, "%d ", field.DataTypeOID)
	}
	for rows.Next() {
		values, err := rows.Values()
		if err != nil {
			return errorCode(err)
		}
		fmt.Fprintln(&b, values...)
	}
	if err := rows.Err(); err != nil {
		return errorCode(err)
	}
	return b.String()
}
