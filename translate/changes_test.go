package translate

import (
	"testing"

	pg "github.com/pganalyze/pg_query_go/v6"
)

func TestChangeTag(t *testing.T) {
	for sql, want := range map[string]string{
		"select 1":                  "",
		"select * from t for share": "SELECT FOR SHARE",
		"select 1 into u":           "SELECT INTO",
		"with d as (delete from t returning 1) select * from d": "SELECT",
		"with r as (select 1) select * from r":                  "",
		"insert into t values (1)":                              "INSERT",
		"update t set a = 1":                                    "UPDATE",
		"delete from t":                                         "DELETE",
		"explain select 1":                                      "",
		"explain analyze insert into t values (1)":              "INSERT",
		"explain (analyze false) delete from t":                 "",
		"create table t (a int)":                                "CREATE TABLE",
		"create table u as select 1":                            "CREATE TABLE AS",
		"alter table t add column b int":                        "ALTER TABLE",
		"drop table t":                                          "DROP TABLE",
		"truncate t":                                            "TRUNCATE TABLE",
		"comment on table t is 'x'":                             "COMMENT",
		"alter table t rename to u":                             "ALTER TABLE",
		"alter view v rename to w":                              "ALTER VIEW",
		"analyze t":                                             "",
		"vacuum t":                                              "VACUUM",
	} {
		tree, err := pg.Parse(sql)
		if err != nil {
			t.Fatal(err)
		}
		if got := changeTag(tree.Stmts[0].Stmt); got != want {
			t.Errorf("%s: %q, want %q", sql, got, want)
		}
	}
}
