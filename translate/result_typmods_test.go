package translate

import (
	"slices"
	"strings"
	"testing"

	pg "github.com/pganalyze/pg_query_go/v6"
)

func TestResultTypmods(t *testing.T) {
	cases := []struct {
		sql  string
		want []bool
	}{
		{"select a, a + 1, a::numeric(5,2), a::numeric, sum(a) from t", []bool{true, false, true, false, false}},
		{"select a, 1 from t union all select 2, b::numeric(4,1) from u", []bool{false, false}},
		{"select a from t union select b from u", []bool{true}},
		{"values (1::numeric(3,1), 2), (3::numeric(3,1), 4::numeric(2,0))", []bool{true, false}},
		{"select * from (select 1.5 a, b from t) s", []bool{false, true}},
		{"select * from t", nil},
		{"select a, t.* from t", nil},
		{"insert into t values (1)", nil},
		{"select x, y from (values (1.5, 2::numeric(3,1))) v(x, y)", []bool{false, true}},
		{"select s.a, b from (select a + 1 a, b from t) s", []bool{false, true}},
		{"with w (c) as (select sum(a) from t) select c, w.c from w", []bool{false, false}},
		{"select column1 from (values (1.5)) v", []bool{false}},
		{"select a, b from t join (select 1.5 b) s on true", []bool{true, false}},
	}
	for _, c := range cases {
		tree, err := pg.Parse(c.sql)
		if err != nil {
			t.Fatal(err)
		}
		if got := resultTypmods(tree.Stmts[0].Stmt); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.sql, got, c.want)
		}
	}
}

// TestResultTypmodsNestedStars reads 60 levels of SELECT * FROM
// (subquery), which took time doubling with each level when each level
// read its subquery twice.
func TestResultTypmodsNestedStars(t *testing.T) {
	sql := "select n from " + strings.Repeat("(select * from ", 60) + "t" + strings.Repeat(") x", 60)
	tree, err := pg.Parse(sql)
	if err != nil {
		t.Fatal(err)
	}
	if keep := resultTypmods(tree.Stmts[0].Stmt); len(keep) != 1 || !keep[0] {
		t.Errorf("resultTypmods = %v, want [true]", keep)
	}
}
