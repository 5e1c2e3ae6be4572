package translate

import (
	"slices"
	"strings"
	"testing"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// positionedError is an expected error with its 1-based position in
// characters.
type positionedError struct {
	sql, message string
	position     int
}

// checkUndefinedCalls checks that each statement fails for d with 42883,
// PostgreSQL's hint, message and position.
func checkUndefinedCalls(t *testing.T, d Dialect, cases []positionedError) {
	t.Helper()
	for _, c := range cases {
		stmts, err := New(8).Translate(d, c.sql, &Session{})
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		terr := AsError(stmts[0].Err)
		if terr == nil {
			t.Errorf("%s: rewritten to %s, expected error 42883", c.sql, stmts[0].Rewritten)
			continue
		}
		if terr.Code != CodeUndefinedFunction {
			t.Errorf("%s: code %s (%s), expected 42883", c.sql, terr.Code, terr.Message)
		}
		if terr.Message != c.message {
			t.Errorf("%s: message %q, expected %q", c.sql, terr.Message, c.message)
		}
		if terr.Hint != noFunctionHint {
			t.Errorf("%s: hint %q", c.sql, terr.Hint)
		}
		if terr.Position != c.position {
			t.Errorf("%s: position %d, expected %d", c.sql, terr.Position, c.position)
		}
	}
}

func TestUndefinedFunctionsDuckDB(t *testing.T) {
	cases := []positionedError{
		{`select list_value(1, 2), strlen('a'), epoch_ms(0)`, "function list_value(integer, integer) does not exist", 8},
		{`select 1 where 1 = any(range(3))`, "function range(integer) does not exist", 24},
		{`select * from read_csv('x')`, "function read_csv(unknown) does not exist", 15},
		{`select * from glob('*')`, "function glob(unknown) does not exist", 15},
		{`select list(i) from t`, "function list(integer) does not exist", 8},
		{`select arg_max(s, i) from t`, "function arg_max(text, integer) does not exist", 8},
		{`select approx_count_distinct(x) from t`, "function approx_count_distinct(double precision) does not exist", 8},
		{`select count_if(i > 1) from t`, "function count_if(boolean) does not exist", 8},
		{`select arg_min(s, i) over (order by i) from t`, "function arg_min(text, integer) does not exist", 8},
		{`select strlen(abs(i)) from t`, "function strlen does not exist", 8},
		{`select list(1) filter (where strlen('a') > 0)`, "function strlen(unknown) does not exist", 30},
		{`select list(1 order by strlen('a'))`, "function list(integer) does not exist", 8},
		{`select nosuchagg(*) from t`, "function nosuchagg() does not exist", 8},
		{`select f(a => 1)`, "function f(a => integer) does not exist", 8},
		{`select strlen(null::int[], array['a'], current_date)`, "function strlen(integer[], text[], date) does not exist", 8},
		{`select "COUNT"(*) from t`, "function COUNT() does not exist", 8},
		// Arguments before the call, FROM before the select list.
		{`select list_value(strlen('é'))`, "function strlen(unknown) does not exist", 19},
		{`select strlen(s) from t, range(2)`, "function range(integer) does not exist", 26},
		{`select 1 from t where strlen(s) > 0 order by epoch_ms(i)`, "function strlen(text) does not exist", 23},
		{`select strlen('a') union all select list_value(1)`, "function strlen(unknown) does not exist", 8},
		{`with w as (select list_value(1)) select strlen('a') from w`, "function list_value(integer) does not exist", 19},
		// Schema-qualified names: public has PostGIS's functions only.
		{`select pg_catalog.strlen('a')`, "function pg_catalog.strlen(unknown) does not exist", 8},
		{`select public.lower('a')`, "function public.lower(unknown) does not exist", 8},
		{`select pg_catalog.st_astext(null)`, "function pg_catalog.st_astext(unknown) does not exist", 8},
		// PostgreSQL 16 added any_value.
		{`select any_value(i) from t`, "function any_value(integer) does not exist", 8},
	}
	checkUndefinedCalls(t, WithRelations(DuckDB(DuckDBCapabilities{Spatial: true}), testRelations), cases)
}

func TestUndefinedFunctionsWarehouses(t *testing.T) {
	cases := []positionedError{
		{`select iff(true, 1, 2)`, "function iff(boolean, integer, integer) does not exist", 8},
		{`select zeroifnull(1.5)`, "function zeroifnull(numeric) does not exist", 8},
		{`select nvl(a, 1) from t`, "function nvl does not exist", 8},
		{`select safe_divide(1, 0)`, "function safe_divide(integer, integer) does not exist", 8},
		{`select countif(a > 1) from t`, "function countif(boolean) does not exist", 8},
		{`select soundex(a) from t`, "function soundex does not exist", 8},
	}
	checkUndefinedCalls(t, Snowflake(), cases)
	checkUndefinedCalls(t, BigQuery(BigQueryOptions{}), cases)
}

// TestPostgresFunctionsKept checks that calls of PostgreSQL's functions,
// the special syntax that parses to them, function-style casts and
// macros still translate.
func TestPostgresFunctionsKept(t *testing.T) {
	statements := []string{
		`select extract(year from d), date_part('month', d) from t`,
		`select overlay(s placing 'x' from 2 for 1), position('a' in s), substring(s from 2 for 1) from t`,
		`select trim(both 'x' from s), trim(leading from s), ltrim(s), coalesce(s, 'a'), nullif(i, 1) from t`,
		`select greatest(i, 2), least(i, 2), d at time zone 'UTC', s is normalized, normalize(s) from t`,
		`select collation for (s), (d, d) overlaps (d, d), s similar to 'a%' from t`,
		`select current_date, current_timestamp, localtime, current_user, session_user from t`,
		`select count(*), sum(i), string_agg(s, ',' order by s), array_agg(i) filter (where i > 0) from t`,
		`select row_number() over (order by i), lag(i) over w, rank() over w from t window w as (order by i)`,
		`select percentile_cont(0.5) within group (order by i) from t`,
		`select * from generate_series(1, 3), unnest(array[1, 2]) u, jsonb_each('{}')`,
		`select int4('1'), float8(1), date('2024-01-01'), json('{}'), jsonb('{}') from t`,
		`select st_astext(st_point(1, 2)), public.st_x(st_point(1, 2)), pg_catalog.lower('A')`,
		`select "lower"('A'), abs(-1), pg_catalog.abs(-1), pg_catalog.json('{}')`,
		`select macro_one(i), public.macro_one(i) from t, table_macro(1)`,
		`select udfs.score(i) from t`,
	}
	rel := NewRelations(map[[2]string][]RelationColumn{{"public", "t"}: {{"x", "double precision"}, {"s", "text"}, {"d", "date"}, {"i", "integer"}}})
	rel.SetMacros([]string{"Macro_One", "table_macro"})
	d := WithRelations(DuckDB(DuckDBCapabilities{Spatial: true}), rel)
	for _, sql := range statements {
		stmts, err := New(8).Translate(d, sql, &Session{})
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		if e := AsError(stmts[0].Err); e != nil && e.Code == CodeUndefinedFunction {
			t.Errorf("%s: %v", sql, e)
		}
	}
}

// TestMacrosNeedRelations checks that a macro name is rejected where the
// warehouse's macros are not known.
func TestMacrosNeedRelations(t *testing.T) {
	stmts, err := New(8).Translate(DuckDB(DuckDBCapabilities{}), "select macro_one(1)", &Session{})
	if err != nil {
		t.Fatal(err)
	}
	if e := AsError(stmts[0].Err); e == nil || e.Code != CodeUndefinedFunction {
		t.Errorf("macro_one(1) without Relations: error %v, expected 42883", stmts[0].Err)
	}
}

// TestRefreshCatalogIsNoUndefinedFunction checks that pgway's own
// pgway_refresh_catalog(), which the engine runs, passes the check.
func TestRefreshCatalogIsNoUndefinedFunction(t *testing.T) {
	tree, err := pg.Parse("select pgway_refresh_catalog()")
	if err != nil {
		t.Fatal(err)
	}
	if found := findUndefinedFunction(DuckDB(DuckDBCapabilities{}), tree.Stmts[0].Stmt); found != nil {
		t.Errorf("pgway_refresh_catalog(): %v", found.err)
	}
	stmts, err := New(8).Translate(DuckDB(DuckDBCapabilities{}), "select pgway_refresh_catalog()", &Session{})
	if err != nil {
		t.Fatal(err)
	}
	if !stmts[0].RefreshCatalog {
		t.Errorf("RefreshCatalog not set")
	}
}

func TestPostgresFunctionNamesSorted(t *testing.T) {
	for _, schema := range []string{"pg_catalog", "public"} {
		names := strings.Fields(catalogFunctionNamesText)
		if schema == "public" {
			names = strings.Fields(postgisFunctionNamesText)
		}
		if !slices.IsSorted(names) || len(slices.Compact(slices.Clone(names))) != len(names) {
			t.Errorf("the %s names are not sorted and distinct", schema)
		}
		if len(names) < 100 {
			t.Errorf("%d %s names, expected the whole list", len(names), schema)
		}
	}
}

// TestUndefinedFunctionAfterMissingRelation checks that a relation
// missing from an earlier FROM clause is reported first, as PostgreSQL
// does, and a WITH query or a temporary relation is no missing relation.
func TestUndefinedFunctionAfterMissingRelation(t *testing.T) {
	d := WithRelations(DuckDB(DuckDBCapabilities{}), testRelations)
	cases := []struct{ sql, code, message string }{
		{`select strlen('a') from nosuch`, "42P01", `relation "nosuch" does not exist`},
		{`select strlen(s) from t join sales.nosuch n on true`, "42P01", `relation "sales.nosuch" does not exist`},
		{`with w as (select 1 a) select strlen('a') from w`, "42883", "function strlen(unknown) does not exist"},
		{`select * from range(2), nosuch`, "42883", "function range(integer) does not exist"},
	}
	checkErrors(t, d, cases)
	hidden := testRelations.Resolving([]string{"public"}, []string{"tmp"}, nil)
	checkErrors(t, WithRelations(DuckDB(DuckDBCapabilities{}), hidden),
		[]struct{ sql, code, message string }{{`select strlen('a') from tmp`, "42883", "function strlen(unknown) does not exist"}})
}

// TestUndefinedFunctionAfterMissingColumn checks that a column that the
// rewrite finds missing is reported first when PostgreSQL resolves it
// before the call: in the call's arguments or earlier in the select list.
func TestUndefinedFunctionAfterMissingColumn(t *testing.T) {
	rel := NewRelations(map[[2]string][]RelationColumn{{"public", "m"}: {{"Amount", "integer"}}})
	d := WithRelations(DuckDB(DuckDBCapabilities{}), rel)
	cases := []struct{ sql, code, message string }{
		{`select strlen(amount) from m`, "42703", `column "amount" does not exist`},
		{`select amount, strlen('a') from m`, "42703", `column "amount" does not exist`},
		{`select strlen('a'), amount from m`, "42883", "function strlen(unknown) does not exist"},
	}
	checkErrors(t, d, cases)
}
