package translate

import (
	"strings"
	"testing"

	pg "github.com/pganalyze/pg_query_go/v6"
)

func TestRestrictDatabases(t *testing.T) {
	cases := []struct{ in, want string }{
		{"SELECT d.datname FROM pg_catalog.pg_database d ORDER BY 1",
			`SELECT d.datname FROM (SELECT * FROM pg_catalog.pg_database WHERE datname = ANY('{"a","b''c"}'::pg_catalog.name[])) d ORDER BY 1`},
		{"select datname from pg_database",
			`SELECT datname FROM (SELECT * FROM pg_catalog.pg_database WHERE datname = ANY('{"a","b''c"}'::pg_catalog.name[])) pg_database`},
		{"select count(*) from pg_stat_database s join pg_class c on true",
			`SELECT count(*) FROM (SELECT * FROM pg_catalog.pg_stat_database WHERE datname = ANY('{"a","b''c"}'::pg_catalog.name[])) s JOIN pg_class c ON true`},
		{"select relname from pg_class", "select relname from pg_class"},
		{"select 1 from myschema.pg_database", "select 1 from myschema.pg_database"},
	}
	for _, tc := range cases {
		got, err := RestrictDatabases(tc.in, []string{"a", "b'c"})
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

func TestRestrictDatabasesQuotesNames(t *testing.T) {
	got, err := RestrictDatabases("select * from pg_database", []string{`x"},{"postgres`, `back\slash`})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, `E'{"x\\"},{\\"postgres","back\\\\slash"}'`) {
		t.Errorf("names not quoted as array elements: %s", got)
	}
}

func TestIsRefreshCatalog(t *testing.T) {
	for sql, want := range map[string]bool{
		"select pgway_refresh_catalog()":           true,
		"SELECT  public.PGWAY_REFRESH_CATALOG() ;": true,
		"select pgway_refresh_catalog(1)":          false,
		"select pgway_refresh_catalog() from t":    false,
		"select other.pgway_refresh_catalog()":     false,
		"select 1":                                 false,
	} {
		if got := isRefreshText(sql); got != want {
			t.Errorf("isRefreshText(%q) = %v, want %v", sql, got, want)
		}
	}
}

func TestRoutedQueryText(t *testing.T) {
	cases := map[string]string{
		"declare c no scroll cursor with hold for select relname from pg_class where oid > $1": "SELECT relname FROM pg_class WHERE oid > $1",
		"copy (select oid from pg_type) to stdout with (format csv)":                           "SELECT oid FROM pg_type",
		"copy pg_catalog.pg_namespace (nspname, oid) to stdout":                                "SELECT nspname, oid FROM pg_catalog.pg_namespace",
	}
	for sql, want := range cases {
		got, err := RoutedQueryText(sql)
		if err != nil {
			t.Errorf("%s: %v", sql, err)
			continue
		}
		if got != want {
			t.Errorf("RoutedQueryText(%q) = %q, want %q", sql, got, want)
		}
	}
	for _, sql := range []string{"select 1", "copy pg_class from stdin"} {
		if _, err := RoutedQueryText(sql); err == nil {
			t.Errorf("RoutedQueryText(%q) succeeded", sql)
		}
	}
}

// isRefreshText reports whether sql is one statement that isRefreshCall
// accepts.
func isRefreshText(sql string) bool {
	tree, err := pg.Parse(sql)
	return err == nil && len(tree.Stmts) == 1 && isRefreshCall(tree.Stmts[0].Stmt)
}
