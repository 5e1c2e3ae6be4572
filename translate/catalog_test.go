package translate

import (
	"strings"
	"testing"

	pg "github.com/pganalyze/pg_query_go/v6"
)

func TestRestrictDatabases(t *testing.T) {
	cases := []struct{ in, want string }{
		{"SELECT d.datname FROM pg_catalog.pg_database d ORDER BY 1",
			`SELECT d.datname FROM (SELECT * FROM pg_catalog.pg_database WHERE datname = ANY('{"a","b''c"}'::pg_catalog.name[]) AND pg_catalog.has_database_privilege(oid, 'CONNECT')) d ORDER BY 1`},
		{"select datname from pg_database",
			`SELECT datname FROM (SELECT * FROM pg_catalog.pg_database WHERE datname = ANY('{"a","b''c"}'::pg_catalog.name[]) AND pg_catalog.has_database_privilege(oid, 'CONNECT')) pg_database`},
		{"select count(*) from pg_stat_database s join pg_class c on true",
			`SELECT count(*) FROM (SELECT * FROM pg_catalog.pg_stat_database WHERE datname = ANY('{"a","b''c"}'::pg_catalog.name[])) s JOIN pg_class c ON true`},
		{"select datname from pg_stat_progress_vacuum",
			`SELECT datname FROM (SELECT * FROM pg_catalog.pg_stat_progress_vacuum WHERE datname = ANY('{"a","b''c"}'::pg_catalog.name[])) pg_stat_progress_vacuum`},
		{"select gid from pg_catalog.pg_prepared_xacts p",
			`SELECT gid FROM (SELECT * FROM pg_catalog.pg_prepared_xacts WHERE database = ANY('{"a","b''c"}'::pg_catalog.name[])) p`},
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

func TestRestrictDatabasesWithQueries(t *testing.T) {
	const filtered = `(SELECT * FROM pg_catalog.pg_database WHERE datname = ANY('{"a"}'::pg_catalog.name[])` +
		` AND pg_catalog.has_database_privilege(oid, 'CONNECT'))`
	cases := []struct{ in, want string }{
		// A WITH query hides the catalog relation of its name, as in
		// PostgreSQL.
		{"with pg_database as (select 1 as x) select * from pg_database",
			"with pg_database as (select 1 as x) select * from pg_database"},
		{"with recursive pg_database as (select 1 as x union all select x + 1 from pg_database where x < 3) select * from pg_database",
			"with recursive pg_database as (select 1 as x union all select x + 1 from pg_database where x < 3) select * from pg_database"},
		{"with pg_database as (select 1) select * from (select * from pg_database) s, lateral (select * from pg_database) l",
			"with pg_database as (select 1) select * from (select * from pg_database) s, lateral (select * from pg_database) l"},
		{"with pg_database as (select 1) select 1 union select 1 from pg_database",
			"with pg_database as (select 1) select 1 union select 1 from pg_database"},
		// A qualified name is always the catalog relation.
		{"with pg_database as (select 1) select * from pg_catalog.pg_database",
			"WITH pg_database AS (SELECT 1) SELECT * FROM " + filtered + " pg_database"},
		// Without RECURSIVE, a WITH query does not see itself or the
		// queries after it.
		{"with pg_database as (select * from pg_database) select * from pg_database",
			"WITH pg_database AS (SELECT * FROM " + filtered + " pg_database) SELECT * FROM pg_database"},
		{"with a as (select * from pg_database), pg_database as (select 1) select * from a",
			"WITH a AS (SELECT * FROM " + filtered + " pg_database), pg_database AS (SELECT 1) SELECT * FROM a"},
		// A WITH query is in scope only in its own statement.
		{"select * from pg_database, (with pg_database as (select 1) select 1) x",
			"SELECT * FROM " + filtered + " pg_database, (WITH pg_database AS (SELECT 1) SELECT 1) x"},
		{"(with pg_database as (select 1) select 1) union all select 1 from pg_database",
			"(WITH pg_database AS (SELECT 1) SELECT 1) UNION ALL SELECT 1 FROM " + filtered + " pg_database"},
		{"with x as (select 1) select * from pg_database",
			"WITH x AS (SELECT 1) SELECT * FROM " + filtered + " pg_database"},
	}
	for _, tc := range cases {
		got, err := RestrictDatabases(tc.in, []string{"a"})
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

func TestRestrictDatabasesFunctions(t *testing.T) {
	cases := []struct{ in, want string }{
		{"select has_database_privilege('x', 'connect')",
			"SELECT has_database_privilege(pg_catalog.pgway_visible_database('x', NULL::text), 'connect')"},
		{`select "pg_catalog"."has_database_privilege"('bob', $1, 'create')`,
			"SELECT pg_catalog.has_database_privilege('bob', pg_catalog.pgway_visible_database($1, NULL::text), 'create')"},
		{"select PG_DATABASE_SIZE(oid) from pg_class",
			"SELECT pg_database_size(pg_catalog.pgway_visible_database(oid, '3D000')) FROM pg_class"},
		{"select * from pg_catalog.pg_database_size('x')",
			"SELECT * FROM pg_catalog.pg_database_size(pg_catalog.pgway_visible_database('x', '3D000'))"},
		{"select pg_database_collation_actual_version(1)",
			"SELECT pg_database_collation_actual_version(pg_catalog.pgway_visible_database(1, '42704'))"},
		{"select pg_stat_get_db_xact_commit(16385)",
			"SELECT pg_stat_get_db_xact_commit(pg_catalog.pgway_visible_database(16385, NULL::text))"},
		{"select shobj_description(16385, 'pg_database')",
			"SELECT pg_catalog.pgway_shobj_description(16385, 'pg_database')"},
		{"select pg_catalog.shobj_description(oid, 'pg_authid') from pg_roles",
			"SELECT pg_catalog.pgway_shobj_description(oid, 'pg_authid') FROM pg_roles"},
		{"select pg_database_size(pg_database_size('x')::int::oid)",
			"SELECT pg_database_size(pg_catalog.pgway_visible_database(pg_database_size(pg_catalog.pgway_visible_database('x', '3D000'))::int::oid, '3D000'))"},
		{"with q as (select has_database_privilege('x', 'create')) select * from q",
			"WITH q AS (SELECT has_database_privilege(pg_catalog.pgway_visible_database('x', NULL::text), 'create')) SELECT * FROM q"},
		{"prepare p as select pg_database_size($1)",
			"PREPARE p AS SELECT pg_database_size(pg_catalog.pgway_visible_database($1, '3D000'))"},
		// Unicode escapes spell the name without its letters.
		{`select U&"pg\005fdatabase\005fsize"('x')`,
			"SELECT pg_database_size(pg_catalog.pgway_visible_database('x', '3D000'))"},
		// Another schema's function, and calls that PostgreSQL cannot
		// resolve to one of these, are left alone.
		{"select myschema.pg_database_size('x')", "select myschema.pg_database_size('x')"},
		{"select has_database_privilege('x')", "select has_database_privilege('x')"},
		{"select has_database_privilege(database => 'x', privilege => 'connect')",
			"select has_database_privilege(database => 'x', privilege => 'connect')"},
	}
	for _, tc := range cases {
		got, err := RestrictDatabases(tc.in, []string{"a"})
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

func TestRestrictDatabasesShdescription(t *testing.T) {
	got, err := RestrictDatabases("select description from pg_catalog.pg_shdescription d", []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	want := "SELECT description FROM (SELECT * FROM pg_catalog.pg_shdescription WHERE classoid <> 'pg_catalog.pg_database'::pg_catalog.regclass" +
		" OR pg_catalog.pgway_visible_database(objoid, NULL::text) = objoid) d"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
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

// TestWithQueryScope routes statements whose WITH queries share the name
// of a catalog relation or a warehouse table. A WITH query's name refers
// to it only where PostgreSQL's scoping puts it in view.
func TestWithQueryScope(t *testing.T) {
	cases := []struct {
		sql  string
		want Kind
	}{
		{"with pg_database as (select datname from pg_database) select * from pg_database", KindCatalog},
		{"with pg_database as (select 1) select * from pg_database", KindWarehouse},
		{"with recursive pg_class as (select 1 as x union all select x + 1 from pg_class where x < 3) select * from pg_class", KindWarehouse},
		{"with a as (select * from pg_class), pg_class as (select 1) select * from a", KindCatalog},
		{"with cities as (select * from pg_class) select relname from cities", KindCatalog},
		{"select * from (with cities as (select 1) select * from cities) x, cities", KindWarehouse},
		{"select * from (with pg_class as (select 1) select * from pg_class) x, pg_class", KindCatalog},
		{"with x as (with pg_type as (select 1) select * from pg_type) select * from x", KindWarehouse},
		{"with x as (select 1) select * from x, pg_type", KindCatalog},
	}
	tr := New(16)
	for _, c := range cases {
		stmts, err := tr.Translate(DuckDB(DuckDBCapabilities{}), c.sql, &Session{})
		if err != nil {
			t.Errorf("%s: %v", c.sql, err)
			continue
		}
		if got := stmts[0].Kind; got != c.want {
			t.Errorf("%s: routed to %v, want %v", c.sql, got, c.want)
		}
	}
}

// TestTypeOfRoute routes pg_typeof() without a relation to DuckDB where
// its dialect folds every call, and to the catalog database otherwise.
func TestTypeOfRoute(t *testing.T) {
	cases := []struct {
		dialect Dialect
		sql     string
		want    Kind
	}{
		{DuckDB(DuckDBCapabilities{}), "select pg_typeof(1), pg_typeof('a')", KindWarehouse},
		{DuckDB(DuckDBCapabilities{}), "select pg_typeof(x) from (values (1.5)) v(x)", KindWarehouse},
		{DuckDB(DuckDBCapabilities{}), "select pg_typeof(1 + 1)", KindCatalog},
		{DuckDB(DuckDBCapabilities{}), "select pg_typeof(1) where pg_typeof(2) is not null", KindCatalog},
		{Snowflake(), "select pg_typeof(1)", KindCatalog},
		{BigQuery(BigQueryOptions{}), "select pg_typeof(1)", KindCatalog},
	}
	tr := New(16)
	for _, c := range cases {
		stmts, err := tr.Translate(c.dialect, c.sql, &Session{})
		if err != nil {
			t.Errorf("%s: %v", c.sql, err)
			continue
		}
		if got := stmts[0].Kind; got != c.want {
			t.Errorf("%s: routed to %v, want %v", c.sql, got, c.want)
		}
		if stmts[0].Err != nil {
			t.Errorf("%s: error %v", c.sql, stmts[0].Err)
		}
	}
}
