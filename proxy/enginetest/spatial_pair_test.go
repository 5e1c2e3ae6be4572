package enginetest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"pgway/internal/corpustest"
)

// loadSpatialPair runs fixture through pgway on the DuckDB file at path,
// as the connection name, and loads it into a new database of the oracle,
// which LoadPostgres gives PostGIS.
func loadSpatialPair(t *testing.T, name, path, database string, fixture []string) (gw, pg *pgx.Conn) {
	t.Helper()
	gw = startDuckDBFile(t, name, path).connect(t, "demo", "demo", name, "disable")
	for _, sql := range fixture {
		if _, err := gw.Exec(context.Background(), sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	if err := oracle.Exec("postgres", "drop database if exists "+database); err != nil {
		t.Fatal(err)
	}
	pg = corpustest.LoadPostgres(t, oracle, database, strings.Join(fixture, ";\n"), "")
	return gw, pg
}

// checkRangeJoinPlans fails the test where DuckDB plans one of the joins
// as a nested loop over every pair of rows rather than as a range join on
// the boxes.
func checkRangeJoinPlans(t *testing.T, gw *pgx.Conn, joins []string) {
	t.Helper()
	for _, sql := range joins {
		rows, err := gw.Query(context.Background(), "explain "+sql)
		if err != nil {
			t.Fatalf("explain %s: %v", sql, err)
		}
		var plan strings.Builder
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			plan.WriteString(line + "\n")
		}
		rows.Close()
		text := plan.String()
		if strings.Contains(text, "Nl Join") || strings.Contains(text, "Nested Loop") || strings.Contains(text, "Cross Product") {
			t.Errorf("%s: DuckDB plans a nested loop:\n%s", sql, text)
		}
		if !strings.Contains(text, "Piecewise Merge Join") && !strings.Contains(text, "IE Join") {
			t.Errorf("%s: DuckDB plans no range join:\n%s", sql, text)
		}
	}
}

// checkUnsupportedGaps checks that PostGIS runs each statement, so that
// it is a gap, and that pgway fails with 0A000 and a message that names
// one of names.
func checkUnsupportedGaps(t *testing.T, gw *pgx.Conn, pg *pgconn.PgConn, statements []string, names ...string) {
	t.Helper()
	ctx := context.Background()
	for _, sql := range statements {
		if _, err := pg.Exec(ctx, sql).ReadAll(); err != nil {
			t.Errorf("%s: PostgreSQL fails with %v, so the case is not a gap", sql, err)
		}
		err := queryError(ctx, gw, sql)
		if err == nil || err.Code != "0A000" {
			t.Errorf("%s: error %v, want SQLSTATE 0A000", sql, err)
			continue
		}
		if !slices.ContainsFunc(names, func(name string) bool { return strings.Contains(err.Message, name) }) {
			t.Errorf("%s: message %q names none of %q", sql, err.Message, names)
		}
	}
}
