package translate

import (
	"strings"
	"testing"
)

// TestNamesFollowSearchPath checks the rewrites and errors of names
// without a schema for each kind of search_path (see checkNames).
func TestNamesFollowSearchPath(t *testing.T) {
	noSchema := testRelations.Resolving([]string{}, []string{"tmp"}, nil)
	tempFirst := testRelations.Resolving([]string{"pg_temp", "public"}, []string{"tmp"}, nil)
	tempAfter := testRelations.Resolving([]string{"public", "pg_temp"}, []string{"tmp"}, nil)
	mixed := NewRelations(map[[2]string][]RelationColumn{{"public", "MixT"}: {{"a", "integer"}},
		{"public", "cols"}: {{"Amount", "real"}, {"id", "integer"}}})
	for _, c := range []struct {
		rel       *Relations
		sql, want string
	}{
		{noSchema, "select * from tmp", `SELECT * FROM temp.main.tmp`},
		{noSchema, "select * from t", `42P01 relation "t" does not exist`},
		{noSchema, "insert into t values (1)", `42P01 relation "t" does not exist`},
		{noSchema, "select * from public.t", `SELECT * FROM main.t`},
		{noSchema, "create table n (a int)", "3F000 no schema has been selected to create in"},
		{noSchema, "create view v as select 1", "3F000 no schema has been selected to create in"},
		{noSchema, "create temp table n (a int)", "CREATE TEMPORARY TABLE n"},
		{noSchema, "drop table tmp", "DROP TABLE temp.main.tmp"},
		{noSchema, "drop table if exists t", "DROP TABLE IF EXISTS temp.main.t"},
		{noSchema, "drop table t", `42P01 table "t" does not exist`},
		{noSchema, "drop index i", `42704 index "i" does not exist`},
		{noSchema, "select nextval('s')", `42P01 relation "s" does not exist`},
		{noSchema, "select setval('s', 5)", `42P01 relation "s" does not exist`},
		{noSchema, "select nextval('public.s')", "SELECT nextval('public.s')"},
		{noSchema, "with w as (select 1) select * from w", "SELECT * FROM w"},
		{tempFirst, "create table n (a int)", "CREATE TEMPORARY TABLE n"},
		{tempFirst, "create view v as select 1", "CREATE TEMPORARY VIEW v"},
		{tempFirst, "create table public.n (a int)", "CREATE TABLE main.n"},
		{tempFirst, "select * from tmp, t", "SELECT * FROM tmp, t"},
		{tempAfter, "select * from tmp", "0A000 temporary relation \"tmp\" with pg_temp after other schemas in search_path is not supported on this warehouse"},
		{tempAfter, "drop table tmp", "0A000 temporary relation \"tmp\" with pg_temp after other schemas in search_path is not supported on this warehouse"},
		{tempAfter, "select * from t, pg_temp.tmp", "SELECT * FROM t, temp.main.tmp"},
		{nil, "create table pg_temp.n (a int)", "CREATE TEMPORARY TABLE n"},
		{mixed, "select * from mixt", `42P01 relation "mixt" does not exist`},
		{mixed, "select * from public.mixt", `42P01 relation "public.mixt" does not exist`},
		{mixed, `select * from "MixT"`, `SELECT * FROM "MixT"`},
		{mixed, `select * from public."MixT"`, `SELECT * FROM main."MixT"`},
		{mixed, "create table mixt (a int)", "CREATE TABLE mixt"},
		{mixed, "drop table mixt", `42P01 table "mixt" does not exist`},
		{mixed, "drop table if exists public.mixt", "DROP TABLE IF EXISTS temp.main.mixt"},
		{mixed, `drop table "MixT"`, `DROP TABLE "MixT"`},
		{mixed, "select amount from cols", `42703 column "amount" does not exist`},
		{mixed, "select c.amount from cols c where id = 1", `42703 column "amount" does not exist`},
		{mixed, `select "Amount" from cols order by "Amount"`, `SELECT "Amount"`},
		{mixed, `select amount from (select "Amount" as amount from cols) s order by amount`, `SELECT amount FROM`},
		{mixed, `select * from (select 1) s(amount), cols where amount > 0`, `WHERE amount > 0`},
		{mixed, "insert into cols (amount) values (1)", `42703 column "amount" of relation "cols" does not exist`},
		{mixed, "update cols set amount = 1", `42703 column "amount" of relation "cols" does not exist`},
		{mixed, `update cols set "Amount" = 1 where id = 2`, `UPDATE cols SET "Amount" = 1`},
		{mixed, `select cols."Amount" from "MixT" as cols`, `SELECT cols."Amount"`},
		{mixed, `select mixt.a from "MixT"`, `42P01 missing FROM-clause entry for table "mixt"`},
		{mixed, `select a, "A" from (select 1 as "A", 2 as a) s`, `0A000 columns "A" and "a", whose names differ only in case, are not supported on this warehouse`},
		{mixed, `select x from (select 1) s("X")`, `42703 column "x" does not exist`},
		{mixed, `select 1 as "Total" order by total`, `42703 column "total" does not exist`},
		{mixed, `with w("K") as (select 1) select k from w`, `42703 column "k" does not exist`},
		{nil, `with "W" as (select 1) select * from w`, "0A000 relation \"w\" named like the WITH query \"W\" in another case is not supported on this warehouse"},
		{nil, `with "W" as (select 1) select * from "W"`, `SELECT * FROM "W"`},
	} {
		d := DuckDB(DuckDBCapabilities{})
		if c.rel != nil {
			d = WithRelations(d, c.rel)
		}
		stmts, err := New(8).Translate(d, c.sql, &Session{})
		if err != nil {
			t.Fatalf("%s: %v", c.sql, err)
		}
		got := stmts[0].Rewritten
		if e := AsError(stmts[0].Err); e != nil {
			got = e.Code + " " + e.Message
		}
		if !strings.Contains(got, c.want) {
			t.Errorf("%s\n got  %s\n want %s", c.sql, got, c.want)
		}
	}
}

func TestUnknownTypeDoesNotExist(t *testing.T) {
	for sql, want := range map[string]string{
		"select 'x'::mood":              `42704 type "mood" does not exist`,
		"select '1'::money":             "0A000 type money is not supported on this warehouse",
		"create table s (id serial)":    "0A000 type serial is not supported on this warehouse",
		"select '(1,2)'::point":         "0A000 type point is not supported on this warehouse",
		"select 'a'::text, 1::int8 + 1": "",
	} {
		stmts, err := New(8).Translate(DuckDB(DuckDBCapabilities{}), sql, &Session{})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if e := AsError(stmts[0].Err); e != nil {
			got = e.Code + " " + e.Message
		}
		if got != want {
			t.Errorf("%s: %q, want %q", sql, got, want)
		}
	}
}
