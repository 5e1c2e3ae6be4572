package enginetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"pgway/translate"
)

// compareModes runs sql with args on pgway and on PostgreSQL in every
// protocol mode of protocolModes and reports the differences.
func compareModes(t *testing.T, gw, pg *pgx.Conn, sql string, args ...any) {
	t.Helper()
	for _, mode := range protocolModes {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		want := functionResult(ctx, pg, sql, mode, args...)
		got := functionResult(ctx, gw, sql, mode, args...)
		cancel()
		if got != want {
			t.Errorf("%s %v (%v)\n pgway:      %.400s\n PostgreSQL: %.400s", sql, args, mode, got, want)
		}
	}
}

// resultCode returns the SQLSTATE of a functionResult that is an error,
// or "" for rows.
func resultCode(result string) string {
	fields := strings.Fields(result)
	if len(fields) < 2 || fields[0] != "error" {
		return ""
	}
	return fields[1]
}

// TestAdversarialRepeatTooLong requests a string longer than the 1 GB
// that PostgreSQL allows, which it rejects at once with 54000. pgway ran
// the query for more than 5 seconds, and the test process reached about
// 4 GB of memory with a count of 2147483647.
func TestAdversarialRepeatTooLong(t *testing.T) {
	const sql = "select repeat('x', 1073741824)"
	gw, pg := connectOraclePair(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	_, pgErr := pg.Exec(ctx, sql, pgx.QueryExecModeSimpleProtocol)
	if code := pgCode(pgErr); code != "54000" {
		t.Fatalf("%s on PostgreSQL: SQLSTATE %q (%v), expected 54000", sql, code, pgErr)
	}
	_, err := gw.Exec(ctx, sql, pgx.QueryExecModeSimpleProtocol)
	if code := pgCode(err); code != "54000" {
		t.Errorf("%s: SQLSTATE %q (%v), want 54000 within 5s", sql, code, err)
	}
}

// TestAdversarialQuotientNestingGrowsLinearly nests functions around a
// quotient. Each level of abs, coalesce, greatest, nullif or CASE
// doubled the translated statement, so that 14 levels of coalesce (about
// 300 characters) became 2.9 MB after 5 seconds of translation. A query
// with 60 levels ran until the test process was killed. The translation
// must stay within a bounded multiple of the query.
func TestAdversarialQuotientNestingGrowsLinearly(t *testing.T) {
	shapes := map[string]string{
		"abs":      "abs(%s / 3)",
		"coalesce": "coalesce(%s / 3, 0.1)",
		"greatest": "greatest(%s / 3, 0.1)",
		"nullif":   "nullif(%s / 3, 0)",
		"case":     "case when random() > 0.5 then %s / 3 else 0.5 end",
	}
	dialect := translate.DuckDB(translate.DuckDBCapabilities{})
	for name, shape := range shapes {
		expr := "1.5"
		for range 10 {
			expr = fmt.Sprintf(shape, expr)
		}
		sql := "select " + expr
		start := time.Now()
		out, err := translate.New(10).Translate(dialect, sql, &translate.Session{Settings: map[string]string{}})
		elapsed := time.Since(start)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		size := 0
		for _, st := range out {
			size += len(st.Rewritten)
		}
		if size > 50*len(sql) || elapsed > time.Second {
			t.Errorf("%s nested 10 times: %d characters translate to %d in %v", name, len(sql), size, elapsed)
		}
	}
}

// TestAdversarialConcatNestingGrowsLinearly nests concat around columns
// whose type the translation does not know. Each level wrote its argument
// four times, so that 81 characters became 290 kB and 103 characters
// 4.7 MB after five seconds.
func TestAdversarialConcatNestingGrowsLinearly(t *testing.T) {
	expr := "x"
	for range 6 {
		expr = "concat(" + expr + ", y)"
	}
	sql := "select " + expr + " from t"
	start := time.Now()
	out, err := translate.New(10).Translate(translate.DuckDB(translate.DuckDBCapabilities{}), sql, &translate.Session{Settings: map[string]string{}})
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	size := 0
	for _, st := range out {
		size += len(st.Rewritten)
	}
	if size > 50*len(sql) || elapsed > time.Second {
		t.Errorf("concat nested 6 times: %d characters translate to %d in %v", len(sql), size, elapsed)
	}
}
