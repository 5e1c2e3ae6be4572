package translate

import (
	"strings"
	"testing"

	pg "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

var testRelations = NewRelations(map[[2]string][]RelationColumn{
	{"public", "t"}:     {{"x", "double precision"}, {"s", "text"}, {"d", "date"}, {"i", "integer"}},
	{"public", "u"}:     {{"x", "integer"}, {"y", "character varying(20)"}, {"s", "text"}},
	{"sales", "orders"}: {{"amount", "real"}, {"tags", "text[]"}, {"n", "numeric(10,2)"}},
})

// resolvedColumns returns each column reference of sql, in the order of
// the text, as name:type, with ? for an unknown type.
func resolvedColumns(t *testing.T, sql string) string {
	t.Helper()
	tree, err := pg.Parse(sql)
	if err != nil {
		t.Fatal(err)
	}
	stmt := tree.Stmts[0].Stmt
	types, err := columnTypes(stmt, testRelations)
	if err != nil {
		t.Fatal(err)
	}
	var refs []*pg.ColumnRef
	inspect(stmt.ProtoReflect(), func(msg protoreflect.ProtoMessage) {
		if ref, ok := msg.(*pg.ColumnRef); ok && ref.Fields[len(ref.Fields)-1].GetAStar() == nil {
			refs = append(refs, ref)
		}
	})
	// inspect visits fields in declaration order; sort by location.
	for i := range refs {
		for j := i + 1; j < len(refs); j++ {
			if refs[j].Location < refs[i].Location {
				refs[i], refs[j] = refs[j], refs[i]
			}
		}
	}
	out := make([]string, len(refs))
	for i, ref := range refs {
		typ := types[ref]
		if typ == "" {
			typ = "?"
		}
		out[i] = strings.Join(names(ref.Fields), ".") + ":" + typ
	}
	return strings.Join(out, " ")
}

func TestColumnTypesResolveNames(t *testing.T) {
	cases := []struct{ sql, want string }{
		{"select x, s, d, i from t", "x:float8 s:text d:date i:int4"},
		{"select t.x, T.s from t", "t.x:float8 t.s:text"},
		{"select a.x from t as a", "a.x:float8"},
		{"select t.x from t as a", "t.x:?"}, // the alias hides the name
		{"select x, y from u", "x:int4 y:text"},
		{"select x from t, u", "x:?"}, // ambiguous in PostgreSQL
		{"select t.x, u.x, y from t, u", "t.x:float8 u.x:int4 y:text"},
		{"select s from t join u using (s)", "s:text"},
		{"select x from t join u using (x)", "x:?"}, // a double and an integer
		{"select j.x from (t join u using (s)) j", "j.x:?"},
		{"select x from public.t", "x:float8"},
		{"select amount, n, tags from sales.orders", "amount:float4 n:numeric(10,2) tags:text[]"},
		{"select amount from orders", "amount:?"}, // not in the default schema
		{"select x from missing", "x:?"},
		{"select x from t, generate_series(1, 2) g", "x:?"},
		{"select t.x from t, generate_series(1, 2) g", "t.x:float8"},
		{"select a, b from (select x, s from t) q(a, b)", "a:float8 b:text x:float8 s:text"},
		{"select v from (select x as v from t) q", "v:float8 x:float8"},
		{"select v from (select x * 2 as v from t) q", "v:? x:float8"},
		{"select q.* from (select * from t) q", ""},
		{"select s from (select * from t) q", "s:text"},
		{"select s from (select * from t, generate_series(1, 2) g) q", "s:?"},
		{"with w as (select x from t) select x from w", "x:float8 x:float8"},
		{"with w(z) as (select x from t) select z from w", "x:float8 z:float8"},
		{"with recursive w(z) as (select x from t union all select z from w) select z from w", "x:float8 z:float8 z:float8"},
		{"with t as (select s as x from u) select x from t", "s:text x:text"},
		{"select x from (select 1.5::float8 as x union all select i from t) q", "x:float8 i:int4"},
		{"select x from (select i as x from t union all select 1.5::real) q", "x:float4 i:int4"},
		{"select x from (select s as x from u union all select i from t) q", "x:? s:text i:int4"},
		{"select x from (select 1.5::float8 as x union all select null) q", "x:float8"},
		{"select c from (values ('2024-01-01'::date), (null)) v(c)", "c:date"},
		{"select column1 from (values (1, 'a'), (2.5, 'b')) v", "column1:?"},
		// Correlated subqueries see the outer query's names, inner ones
		// first.
		{"select (select y from u where u.x = t.i) from t", "y:text u.x:int4 t.i:int4"},
		{"select (select x from u) from t", "x:int4"},
		{"select (select x from generate_series(1, 2) g) from t", "x:?"},
		{"select (select i from u) from t", "i:int4"},
		// LATERAL resolves names in the items before it, and a plain
		// subquery does not.
		{"select v from t, lateral (select x as v) l", "v:float8 x:float8"},
		{"select * from t, (select s from u) q", "s:text"},
		{"select * from t where x in (select x from u)", "x:float8 x:int4"},
		{"select s from t order by x, d", "s:text x:float8 d:date"},
		{"insert into u select x from t", "x:float8"},
		{"update t set x = 1 where s = 'a'", "s:text"},
		{"update t a set x = a.x from u where u.y = a.s returning d", "a.x:float8 u.y:text a.s:text d:date"},
		{"with t as (select y as x from u) insert into u select x from t", "y:text x:text"},
		{"with t as (select y as x from u) delete from u where x in (select x from t)", "y:text x:? x:text"},
	}
	for _, c := range cases {
		if got := resolvedColumns(t, c.sql); got != c.want {
			t.Errorf("%s\n got  %s\n want %s", c.sql, got, c.want)
		}
	}
}

func TestTypedColumnRewrites(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Relations: testRelations})
	cases := []rewriteCase{
		{"select x::text from t", "pgway_float8_text(x::float8,"},
		{"select 'a' || x from t", "'a' || pgway_float8_text(x::float8,"},
		{"select amount::text from sales.orders", "pgway_float4_text(amount::float4,"},
		{"select s::int, s::int8 from t", "pgway_text_int4(s::text)::int AS s, pgway_text_int8(s::text)::int8"},
		{"select y::int2 from u", "pgway_text_int2(y::text)::int2"},
		{"select date_trunc('month', d) from t", "date_trunc('month', d::date::timestamptz)"},
		{"select sum(i) from t", "sum(i::int4)::int8"},
		{"select x * i from t", "(x::float8 * i::int4::float8)::float8"},
		{"select x, s from t group by x, s order by x", "SELECT x, s FROM t GROUP BY x, s ORDER BY x"},
		{"select n::text from sales.orders", "n::\"numeric\"(10, 2)::text"},
		{"select x::text from missing", "ELSE x::\"varchar\" END::text"},
		{"select t::text from t", "typeof(t) LIKE 'STRUCT(%' THEN pgway_text(t, typeof(t)"},
		{"select m.x::text from missing m", "pgway_text(m.x, typeof(m.x)"},
	}
	checkRewrites(t, d, cases)
}

// rewriteCase is a statement and a part of its rewrite.
type rewriteCase struct{ sql, want string }

// checkRewrites checks that each statement's rewrite for d contains want.
func checkRewrites(t *testing.T, d Dialect, cases []rewriteCase) {
	t.Helper()
	for _, c := range cases {
		stmts, err := New(8).Translate(d, c.sql, &Session{})
		if err != nil || stmts[0].Err != nil {
			t.Fatalf("%s: %v %v", c.sql, err, stmts[0].Err)
		}
		if !strings.Contains(stmts[0].Rewritten, c.want) {
			t.Errorf("%s\n got  %s\n want it to contain %s", c.sql, stmts[0].Rewritten, c.want)
		}
	}
}

// TestRelationsKeepRewritesApart checks that dialects with different
// Relations do not share cached rewrites.
func TestRelationsKeepRewritesApart(t *testing.T) {
	tr := New(8)
	asText := NewRelations(map[[2]string][]RelationColumn{{"public", "t"}: {{"x", "text"}}})
	asDouble := NewRelations(map[[2]string][]RelationColumn{{"public", "t"}: {{"x", "double precision"}}})
	base := DuckDB(DuckDBCapabilities{})
	text, _ := tr.Translate(WithRelations(base, asText), "select x::int from t", &Session{})
	double, _ := tr.Translate(WithRelations(base, asDouble), "select x::int from t", &Session{})
	if !strings.Contains(text[0].Rewritten, "pgway_text_int4") || strings.Contains(double[0].Rewritten, "pgway_text_int4") {
		t.Errorf("text: %s\ndouble: %s", text[0].Rewritten, double[0].Rewritten)
	}
	if WithRelations(base, nil) != base || WithRelations(Snowflake(), asText).Name() != Snowflake().Name() {
		t.Error("WithRelations changed a dialect that it should keep")
	}
}

func TestInternalFunctionsAreHidden(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{})
	for _, sql := range []string{"select pgway_div(1, 2)", "select x from t where PGWAY_float8_text(x, 1) = ''", "select main.pgway_ctid(1)",
		"select path from duckdb_databases()", "select * from pragma_database_list", "select * from pragma_database_list()",
		"select * from duckdb_databases", "select * from main.sqlite_master", "select * from system.main.duckdb_settings()",
		"select * from temp.main.t",
		"select duckdb_functions()", "select which_secret('x', 'y')"} {
		stmts, err := New(8).Translate(d, sql, &Session{})
		if err != nil {
			t.Fatal(err)
		}
		if e := AsError(stmts[0].Err); e == nil || e.Code != CodeUndefinedFunction && e.Code != "42P01" && e.Code != "3F000" {
			t.Errorf("%s: %v, want 42883, 42P01 or 3F000", sql, stmts[0].Err)
		}
	}
}

func TestStringOperandsTakeTheOtherType(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Relations: testRelations})
	cases := []rewriteCase{
		{"select '5' + 3", "'5'::int4 + 3"},
		{"select 1.5 * '2.50'", "1.5 * (2.50)::\"numeric\"(20, 2)"},
		{"select i - '1' from t", "i::int4 - '1'::int4"},
		{"select x + '1' from t", "(x::float8 + '1'::float8)::float8"},
		{"select d - d from t", "(d::date - d::date)::int4"},
		{"select '1' + '2'", "'1' + '2'"},
	}
	checkRewrites(t, d, cases)
	stmts, _ := New(8).Translate(d, "select 3 * '2.5'", &Session{})
	if e := AsError(stmts[0].Err); e == nil || e.Code != "22P02" || e.Position != 12 {
		t.Errorf("3 * '2.5': %v, want 22P02 at 12", stmts[0].Err)
	}
}

func TestComparisonsTakePostgreSQLTypes(t *testing.T) {
	d := DuckDB(DuckDBCapabilities{Relations: testRelations})
	checkRewrites(t, d, []rewriteCase{
		{"select 1 from t where i = '2'", "i::int4 = '2'::int4"},
		{"select 1 from t where '2' < i", "'2'::int4 < i::int4"},
		{"select 1 from t where i in ('1', '2')", "i::int4 IN ('1'::int4, '2'::int4)"},
		{"select 1 from t where i between '1' and '3'", "i::int4 BETWEEN '1'::int4 AND '3'::int4"},
		{"select 1 from t where x = '0.5'", "x::float8 = '0.5'::float8"},
		{"select 1 from sales.orders where amount = 0.1", "amount::float4::float8 = 0.1"},
		{"select 1 from sales.orders where amount = amount", "amount::float4 = amount::float4"},
		{"select 1 from t where s = 'a'", "s::text = 'a'"},
	})
	for _, c := range []struct{ sql, code string }{
		{"select 1 from t where i = '2.5'", "22P02"},
		{"select 1 from t where i in ('1', 'x')", "22P02"},
		{"select 1 from t where s = 12", CodeUndefinedFunction},
		{"select 1 from t where s in (1, 2)", CodeUndefinedFunction},
	} {
		stmts, err := New(8).Translate(d, c.sql, &Session{})
		if err != nil {
			t.Fatal(err)
		}
		if e := AsError(stmts[0].Err); e == nil || e.Code != c.code {
			t.Errorf("%s: %v, want %s", c.sql, stmts[0].Err, c.code)
		}
	}
}

// TestOutputNamesWherePostgreSQLLacksThem checks that a name only an
// output column defines fails with 42703 where PostgreSQL looks up the
// FROM items' columns alone, and runs where it names a column.
func TestOutputNamesWherePostgreSQLLacksThem(t *testing.T) {
	for sql, want := range map[string]string{
		"select x as total from t where total > 1":                       "42703",
		"select x, count(*) as n from t group by x having n > 1":         "42703",
		"select x * 2 as double, double + 1 from t":                      "42703",
		"select x as total from t order by total / 2":                    "42703",
		"select x as total from t order by total":                        "",
		"select x as total from t group by total":                        "",
		"select x as y from t where x > 1":                               "",
		"select x as x from t where x > 1":                               "",
		"select t::text as t from t":                                     "",
		"select x as total from generate_series(1, 2) x where total > 1": "42703",
		"select 1 as one where one > 0":                                  "42703",
	} {
		d := WithRelations(DuckDB(DuckDBCapabilities{}), testRelations)
		stmts, err := New(8).Translate(d, sql, &Session{})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if e := AsError(stmts[0].Err); e != nil {
			got = e.Code
		}
		if got != want {
			t.Errorf("%s: %q, want %q (%v)", sql, got, want, stmts[0].Err)
		}
	}
}
