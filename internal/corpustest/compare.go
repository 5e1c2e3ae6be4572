package corpustest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Comparison is a run of corpus queries on PostgreSQL and through pgway.
type Comparison struct {
	Postgres, Gateway             *pgx.Conn
	PostgresFormat, GatewayFormat Format
	Queries                       []Query
	// Gaps are the queries whose results through pgway are known to
	// differ from PostgreSQL's, each with the reason. Such a query is
	// skipped when it differs and fails the test when it matches, and a
	// listed query that is not in Queries fails the test, so that the list
	// stays true.
	Gaps map[string]string
	// CatalogNamesOnly compares the columns of queries marked catalog by
	// name only, for a pgway without a catalog database, which cannot
	// send PostgreSQL's result types for them.
	CatalogNamesOnly bool
}

// Run runs each query in a subtest, on PostgreSQL and then through
// pgway, and compares the columns and rows. Rows are compared as sets
// unless the query has an ORDER BY.
func (c Comparison) Run(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	matched, differ := 0, 0
	ran := make(map[string]bool)
	for _, q := range c.Queries {
		ran[q.Name] = true
		t.Run(q.Name, func(t *testing.T) {
			want, err := c.PostgresFormat.Run(ctx, c.Postgres, q.SQL)
			if err != nil {
				t.Fatalf("PostgreSQL: %v\n%s", err, q.SQL)
			}
			got, err := c.GatewayFormat.Run(ctx, c.Gateway, q.SQL)
			if q.Catalog && c.CatalogNamesOnly {
				want.Columns, got.Columns = columnNames(want.Columns), columnNames(got.Columns)
			}
			gap, isGap := c.Gaps[q.Name]
			same := err == nil && slices.Equal(want.Columns, got.Columns)
			if same && !strings.Contains(strings.ToLower(q.SQL), "order by") {
				slices.Sort(want.Rows)
				slices.Sort(got.Rows)
			}
			same = same && slices.Equal(want.Rows, got.Rows)
			switch {
			case same && isGap:
				t.Errorf("listed as a gap (%s) but matches PostgreSQL: remove it from the gaps", gap)
			case same:
				matched++
			case isGap:
				differ++
				t.Skipf("gap: %s", gap)
			case err != nil:
				t.Errorf("pgway: %v\n%s", err, q.SQL)
			default:
				t.Errorf("differs for %s\ncolumns PostgreSQL: %q\ncolumns pgway:      %q\nPostgreSQL:\n%s\npgway:\n%s", q.SQL,
					want.Columns, got.Columns, strings.Join(want.Rows, "\n"), strings.Join(got.Rows, "\n"))
			}
		})
	}
	for name, gap := range c.Gaps {
		if !ran[name] {
			t.Errorf("%s is listed as a gap (%s) but is no corpus query that this test runs: remove it from the gaps", name, gap)
		}
	}
	t.Logf("%d corpus queries matched PostgreSQL through pgway, %d are listed gaps", matched, differ)
}

// columnNames strips the types from columns, leaving their names.
func columnNames(columns []string) []string {
	names := make([]string, len(columns))
	for i, c := range columns {
		names[i] = c[:strings.LastIndex(c, "(")]
	}
	return names
}
